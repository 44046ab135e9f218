"""The workflow matrix drawn without Rich is the table Rich draws, line for line."""

import random
from dataclasses import dataclass
from io import StringIO
from typing import Any, cast

from rich.console import Console

from llmdeps.analysis.matrix import Cell
from llmdeps.formats import report_text


@dataclass
class _Workflow:
    name: str
    criticality: str | None
    cells: tuple[Cell, ...]
    configurable: bool


@dataclass
class _Report:
    matrix_vendors: tuple[str, ...]
    workflows: list[_Workflow]


def _console() -> tuple[Console, StringIO]:
    out = StringIO()
    console = Console(
        file=out,
        width=report_text.WIDTH,
        color_system=None,
        highlight=False,
        emoji=False,
        markup=False,
        force_terminal=False,
    )
    return console, out


def _lines(draw: Any, report: _Report) -> list[str]:
    console, out = _console()
    draw(console, cast(Any, report))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def _random_report(rng: random.Random) -> _Report:
    vendors = tuple(
        rng.sample(
            ["OpenAI", "Meta", "Z", "Mistral AI", "Alibaba", "xAI", "DeepSeek", "Google"],
            rng.randint(1, 6),
        )
    )
    names = [
        "src/app.py:main",
        "agents/triage.py:route",
        "w",
        "notebooks/eval.ipynb",
        "services/billing/summarise.py:Summariser.run",
        ".github/workflows/ci.yml:test",
    ]
    workflows = [
        _Workflow(
            rng.choice(names) + str(i),
            rng.choice([None, "high", "low", "critical"]),
            tuple(rng.choice(list(Cell)) for _ in vendors),
            rng.random() < 0.5,
        )
        for i in range(rng.randint(1, 30))
    ]
    return _Report(vendors, workflows)


def test_fast_matrix_is_the_rich_table_for_many_shapes():
    rng = random.Random(15)
    fast_paths = 0
    for _ in range(200):
        report = _random_report(rng)
        fast = _lines(report_text._matrix, report)
        console, out = _console()
        rich = _lines(
            lambda c, r: (
                report_text._heading(c, "Workflows x vendors"),
                report_text._rich_matrix(c, r),
            ),
            report,
        )
        assert fast[: len(rich)] == rich
        assert fast[len(rich)].startswith("● calls or offers")
        widths = report_text._fitting_table(
            ("workflow", "criticality", *report.matrix_vendors, "configurable"),
            [
                (w.name, w.criticality or "", *("x" for _ in w.cells), "no")
                for w in report.workflows
            ],
            report_text.WIDTH,
            centered=range(2, 2 + len(report.matrix_vendors)),
        )
        fast_paths += widths is not None
    assert 50 < fast_paths < 200  # both the direct lines and Rich's shrinking were compared


def test_wide_characters_and_long_names_are_left_to_rich():
    header = ("workflow", "criticality", "OpenAI", "configurable")
    assert report_text._fitting_table(header, [("日本語", "", "●", "no")], 100, range(2, 3)) is None
    assert report_text._fitting_table(header, [("a" * 90, "", "●", "no")], 100, range(2, 3)) is None
    lines = report_text._fitting_table(
        header, [("app.py:main", "high", "●", "yes")], 100, range(2, 3)
    )
    assert lines == [
        "workflow     criticality  OpenAI  configurable",
        "─" * 46,
        "app.py:main  high           ●     yes",
    ]


def test_an_indented_line_is_the_line_rich_pads():
    rng = random.Random(7)
    words = ["summarise", "falls", "back", "to", "gpt-4o", "日本", "·", "workflow", "a" * 40]
    for _ in range(300):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 16)))
        fast_console, fast_out = _console()
        report_text._print_indented(fast_console, line)
        rich_console, rich_out = _console()
        rich_console.print(report_text.Padding(report_text.Text(line), (0, 0, 0, 2)))
        fast = [x.rstrip() for x in fast_out.getvalue().splitlines()]
        rich = [x.rstrip() for x in rich_out.getvalue().splitlines()]
        assert fast == rich, line


def _models_report(rng: random.Random) -> Any:
    from types import SimpleNamespace

    from llmdeps.model import PinStatus, Vendor

    vendors = ["Meta", "OpenAI", "Meta", "OpenAI", "Nous Research", "Alibaba Cloud Intelligence"]
    models = [
        SimpleNamespace(
            id=rng.choice(["openai/gpt-4o", "ollama/llama3.1:8b", "hf/" + "x" * 60, "a"]) + str(i),
            vendor=Vendor(rng.choice(vendors)),
            lineage_vendor=Vendor(rng.choice(vendors)),
            license=rng.choice(["unknown", "apache-2.0", "mit", "llama3.1 community license"]),
            open_weights=rng.choice([None, True, False]),
            pin=rng.choice(list(PinStatus)),
            workflows=tuple(range(rng.randint(0, 120))),
        )
        for i in range(rng.randint(1, 6))
    ]
    return SimpleNamespace(models=models)


def test_the_models_table_is_the_rich_table():
    rng = random.Random(3)
    fast_paths = 0
    for _ in range(150):
        report = _models_report(rng)
        fast = _lines(report_text._models, report)
        real = report_text._fitting_table
        report_text._fitting_table = lambda *a, **k: None  # type: ignore[assignment]
        try:
            rich = _lines(report_text._models, report)
        finally:
            report_text._fitting_table = real  # type: ignore[assignment]
        assert fast == rich
        fast_paths += all(
            len(report_text.vendor_label(m.vendor, m.lineage_vendor)) <= 24
            and len(report_text.license_label(m.license)) <= 14
            for m in report.models
        )
    assert 10 < fast_paths < 150
