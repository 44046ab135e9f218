"""Every detector, listed explicitly (not discovered): a new source is one file plus one line."""

from __future__ import annotations

from llmdeps.sources.base import Detector
from llmdeps.sources.detectors.config import ConfigDetector
from llmdeps.sources.detectors.dotenv import DotenvDetector
from llmdeps.sources.detectors.javascript import JavaScriptDetector
from llmdeps.sources.detectors.modelfile import ModelfileDetector
from llmdeps.sources.detectors.notebook import NotebookDetector
from llmdeps.sources.detectors.python import PythonDetector
from llmdeps.sources.detectors.shell import ShellDetector

DETECTORS: tuple[Detector, ...] = (
    PythonDetector(),
    NotebookDetector(),
    JavaScriptDetector(),
    ConfigDetector(),
    DotenvDetector(),
    ShellDetector(),
    ModelfileDetector(),
)


def detectors_for(path: str, name: str) -> tuple[Detector, ...]:
    """The detectors that want this file, by path alone."""
    return tuple(d for d in DETECTORS if d.wants(path, name))


DETECTOR_BY_NAME: dict[str, Detector] = {d.name: d for d in DETECTORS}
"""For worker processes, which are sent the names the walker's side already chose."""
