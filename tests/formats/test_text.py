"""The presentation helpers the report formats share, and the licence labels they read."""

from __future__ import annotations

from llmdeps.catalog import license_labels
from llmdeps.formats.text import (
    bar,
    license_label,
    open_weights_label,
    percent,
    plural,
    size_label,
    vendor_label,
)
from llmdeps.model import Vendor


def test_license_labels_and_helpers() -> None:
    assert license_label("apache-2.0") == "Apache-2.0"
    assert license_label("gemma") == "Gemma terms"
    assert license_label("mnpl") == "Mistral Non-Production License"
    assert license_label("some-new-id") == "some-new-id"
    assert bar(1.0, 8) == "█" * 8 and bar(0.0, 8) == "" and bar(0.5625, 8) == "████▌"
    assert percent(0.625) == "62.5%" and percent(1.0) == "100%"
    assert plural(1, "workflow") == "1 workflow" and plural(2.5, "workflow") == "2.5 workflows"


def test_license_labels_are_catalog_data_matched_case_insensitively() -> None:
    labels = license_labels()
    assert len(labels) == 28  # + opt, bigscience-bloom-rail-1.0 (issue 9 det3)
    assert all(k == k.lower() and isinstance(v, str) and v for k, v in labels.items())
    assert labels["llama3.1"] == "Llama 3.1 Community"
    assert labels["proprietary"] == "proprietary"
    assert license_label("Apache-2.0") == "Apache-2.0"
    assert license_label("LLAMA3.1") == "Llama 3.1 Community"


def test_small_labels() -> None:
    assert vendor_label(Vendor("Meta"), Vendor("Meta")) == "Meta"
    assert vendor_label(Vendor("Nous Research"), Vendor("Meta")) == "Nous Research (Meta lineage)"
    assert [open_weights_label(v) for v in (True, False, None)] == ["yes", "no", "?"]
    assert size_label(8.0) == "8B" and size_label(0.5) == "0.5B" and size_label(None) == ""
