"""Every positive fixture of every detector passes that detector's keyword prefilter.

trufflehog's pattern (`pkg/detectors/openai/openai_test.go`): the keywords a detector declares
decide whether a file is decoded for it at all, so a test that finds a reference in text the
keywords would have skipped tests a path the scan never takes. This wraps each registered
detector's `scan` for every test in this package and fails such a test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from llmdeps.model import Detection, Fallback, Reference
from llmdeps.sources.base import SourceFile
from llmdeps.sources.read import wants_content
from llmdeps.sources.registry import DETECTORS


@pytest.fixture(autouse=True)
def keywords_admit_every_positive_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    for detector in DETECTORS:
        cls = type(detector)
        original = cls.scan

        def checked(
            self: object, file: SourceFile, _original: object = original
        ) -> Iterator[Detection]:
            found = list(_original(self, file))  # type: ignore[operator]
            if any(isinstance(d, Reference | Fallback) for d in found):
                assert wants_content(self, file.text.encode("utf-8", "surrogatepass")), (  # type: ignore[arg-type]
                    f"{getattr(self, 'name', type(self).__name__)} found references in {file.path} "
                    "although its keywords would never let the scan decode that text"
                )
            yield from found

        monkeypatch.setattr(cls, "scan", checked)
