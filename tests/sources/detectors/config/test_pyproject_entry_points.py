"""pyproject entry-point tables name console scripts (`llm = "llm.cli:cli"`), never models."""

from __future__ import annotations

from llmdeps.model import Reference
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config import ConfigDetector

TEXT = """\
[project]
name = "llm"

[project.scripts]
llm = "llm.cli:cli"

[project.entry-points.llm]
llm_gpt4all = "llm_gpt4all:plugin"

[tool.poetry.scripts]
llm-serve = "llm.serve:main"

[tool.myapp]
model = "llama3.1:8b"
"""


def refs(path: str) -> list[Reference]:
    name = path.rsplit("/", 1)[-1]
    found = ConfigDetector().scan(SourceFile(path=path, text=TEXT, name=name))
    return [d for d in found if isinstance(d, Reference)]


def test_entry_points_are_not_models_but_other_tables_still_are() -> None:
    assert [(r.model, r.location.line) for r in refs("pyproject.toml")] == [("llama3.1:8b", 14)]


def test_the_same_tables_in_another_toml_file_are_read_as_usual() -> None:
    # only pyproject.toml gives these tables their entry-point meaning
    assert "llama3.1:8b" in {r.model for r in refs("conf/app.toml")}
