"""Shape of the explain truth set: every entry complete, sourced, unique, held-out part spread."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from llmdeps.model import PinStatus, Runtime

HERE = Path(__file__).parent
REQUIRED = (
    "id",
    "vendor",
    "lineage_vendor",
    "pin",
    "license",
    "open_weights",
    "source",
    "held_out",
)
OPTIONAL = ("runtime_hint", "license_note", "note")


def _models() -> list[dict[str, Any]]:
    doc = yaml.safe_load((HERE / "model_ids.yaml").read_text(encoding="utf-8"))
    models: list[dict[str, Any]] = doc["models"]
    return models


def _non_models() -> list[dict[str, Any]]:
    doc = yaml.safe_load((HERE / "non_models.yaml").read_text(encoding="utf-8"))
    non_models: list[dict[str, Any]] = doc["non_models"]
    return non_models


def test_sizes_meet_the_issue() -> None:
    assert len(_models()) >= 300
    assert len(_non_models()) >= 40


def _problems(entry: dict[str, Any]) -> list[str]:
    checks = {
        "fields": set(REQUIRED) <= set(entry) <= set(REQUIRED) | set(OPTIONAL),
        "source": bool(re.match(r"https://\S+$", str(entry.get("source")))),
        "pin": entry.get("pin") in {p.value for p in PinStatus},
        "runtime_hint": entry.get("runtime_hint", "unknown") in {r.value for r in Runtime},
        "open_weights": isinstance(entry.get("open_weights"), bool),
        "held_out": isinstance(entry.get("held_out"), bool),
        "license": bool(re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", str(entry.get("license")))),
    }
    return [name for name, ok in checks.items() if not ok]


def test_every_entry_is_complete_and_sourced() -> None:
    bad = {e.get("id"): p for e in _models() if (p := _problems(e))}
    assert bad == {}


def test_ids_are_unique() -> None:
    ids = [e["id"] for e in _models()] + [n["id"] for n in _non_models()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_held_out_is_about_a_fifth_and_spread_over_vendors() -> None:
    models = _models()
    held = [e for e in models if e["held_out"]]
    assert 0.15 <= len(held) / len(models) <= 0.25
    assert len({e["vendor"] for e in held}) >= 10


def test_every_non_model_says_why() -> None:
    for entry in _non_models():
        assert set(entry) == {"id", "why"} and entry["why"].strip()
