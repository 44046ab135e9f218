"""Every report format renders a factory lock; golden key lines; escaping; JSON schema; no ANSI."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from llmdeps.analysis.report import Report, build_report
from llmdeps.formats import REPORT_FORMATS, report_html, report_json, report_markdown, report_text
from llmdeps.lockfile.model import EMPTY_CONCENTRATION
from tests import factories as f
from tests.factories import LLAMA, FakeCatalog, four_workflows

ANSI = re.compile(r"\x1b\[")


def sample(date: str | None = None, without: str | None = None) -> Report:
    return build_report(four_workflows(), FakeCatalog(), without=without, date=date)


def empty() -> Report:
    lock = f.lock(models=(), workflows=(), references=(), fallbacks=(), install_sources=())
    return build_report(
        replace(lock, concentration=EMPTY_CONCENTRATION), FakeCatalog(), without=None, date=None
    )


@pytest.mark.parametrize("fmt", sorted(REPORT_FORMATS))
def test_every_format_renders_a_factory_lock(fmt: str) -> None:
    formatter = REPORT_FORMATS[fmt]
    assert formatter.name == fmt
    text = formatter.render(sample())
    assert text.endswith("\n")
    for needle in ("Meta", "OpenAI", "Alibaba", "triage", "gemma2:9b", "4688"):
        assert needle in text, (fmt, needle)
    assert not ANSI.search(text)
    assert formatter.render(sample()) == text  # deterministic
    assert "2026-12-01" not in text
    assert "2026-12-01" in formatter.render(sample(date="2026-12-01"))


@pytest.mark.parametrize("fmt", sorted(REPORT_FORMATS))
def test_every_format_renders_an_empty_lock(fmt: str) -> None:
    text = REPORT_FORMATS[fmt].render(empty())
    assert text.endswith("\n") and not ANSI.search(text)


def test_report_formats_are_exhaustive() -> None:
    # --format choices come from REPORT_FORMATS: every module listed has a unique name.
    assert {"text", "markdown", "json"} <= set(REPORT_FORMATS)
    assert all(REPORT_FORMATS[k].name == k for k in REPORT_FORMATS)


def test_text_golden_lines() -> None:
    text = report_text.render(sample())
    lines = text.splitlines()
    assert lines[0] == "llmdeps report (llmdeps 0.1.0, lock schema 1)"
    assert "top vendor       Meta (62.5% of workflows)" in lines
    assert "1. [high]   HHI 4688: highly concentrated (above 2500)." in lines
    assert (
        "3. [medium] 1 of 4 workflows depends only on Meta models; 1 more uses Meta next to other vendors"
        in lines
    )
    assert "            with no fallback; 1 falls back to another vendor." in lines
    assert (
        "openai/gpt-4o-2024-08-06  OpenAI            proprietary     no    pinned            2"
        in lines
    )
    bars = {line.split()[0]: line for line in lines if "█" in line}
    assert bars["Meta"].startswith("Meta     " + "█" * 25 + " ")
    assert bars["Meta"].endswith("62.5%  2.5 workflows")
    assert bars["OpenAI"].startswith("OpenAI   " + "█" * 5 + " ")
    assert "Vendor exit: without Meta (the top vendor)" in lines
    assert "frozen (3): keeps working on open weights that will get no new releases" in lines
    assert (
        "  summaries keeps working on Meta's open weights llama3.1:8b (still downloadable), which "
        "will get no" in lines
    )
    assert "unaffected (1): uses no model of this vendor" in lines
    assert "  search (high) keeps working: it uses no Meta model." in lines
    at = lines.index("  llama3.2:3b (chat, 3B) ->")
    assert lines[at + 1] == "    gemma2:9b: Google, Gemma terms; 9B; ollama pull gemma2:9b"
    assert lines[at + 2].endswith("ollama pull qwen2.5:7b; already used here")
    matrix = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("triage ")}
    assert matrix["triage"] == ["critical", "●", "·", "○", "yes"]
    assert all(len(line) <= 100 for line in lines)
    assert all(line == line.rstrip() for line in lines)


def test_text_without_a_vendor_as_asked() -> None:
    text = report_text.render(sample(without="alibaba"))
    assert "Vendor exit: without Alibaba (as asked)" in text
    assert "frozen (1): keeps working on open weights that will get no new releases" in text
    assert "  search (high) keeps working on Alibaba's open weights qwen2.5:7b" in text


def test_text_does_not_interpret_markup_in_model_ids() -> None:
    odd = "ollama/[bold]x[/bold]:latest"
    lock = four_workflows()
    lock = replace(lock, models=(*lock.models, f.model(odd, workflows=())))
    text = report_text.render(build_report(lock, FakeCatalog(), without=None, date=None))
    assert "[bold]x[/bold]" in text


def test_markdown_golden_lines() -> None:
    md = report_markdown.render(sample())
    lines = md.splitlines()
    assert lines[0] == "# LLM dependency report"
    assert "| top vendor | Meta (62.5% of workflows) |" in lines
    assert any(line.startswith("How to read this: HHI") for line in lines)
    assert (
        "2. **medium**: 3 models float: a vendor can change what they run without a code change."
        in lines
    )
    assert (
        "| `openai/gpt-4o-2024-08-06` | OpenAI | OpenAI | proprietary | no | pinned | chat | reports, triage |"
        in lines
    )
    assert "| workflow | criticality | Meta | Alibaba | OpenAI | configurable |" in lines
    assert "| triage | critical | uses |  | fallback | yes |" in lines
    assert "- **frozen** (3): keeps working on open weights that will get no new releases." in lines
    assert "  - search (high) keeps working: it uses no Meta model." in lines
    at = lines.index("- llama3.1:8b (chat, 8B) ->")
    assert lines[at + 1 : at + 4] == [
        "  - gemma2:9b: Google, Gemma terms; 9B; ollama pull gemma2:9b",
        "  - qwen2.5:7b: Alibaba, Apache-2.0; 7B; ollama pull qwen2.5:7b; already used here",
        "  - mistral:7b: Mistral AI, Apache-2.0; 7B; ollama pull mistral:7b",
    ]
    fence = lines.index("```text")
    assert lines[fence + 1].startswith("Meta     ██████████████████▊ ")
    assert lines[fence + 4] == "```"


def test_markdown_escapes_pipes_in_table_cells() -> None:
    piped = "huggingface/org/a|b"
    lock = four_workflows()
    lock = replace(
        lock,
        models=(*lock.models, f.model(piped, vendor="x|y", family="a|b", workflows=("w|1",))),
    )
    md = report_markdown.render(build_report(lock, FakeCatalog(), without=None, date=None))
    row = next(line for line in md.splitlines() if "org/a" in line and line.startswith("|"))
    assert "`huggingface/org/a\\|b`" in row and "x\\|y" in row and "w\\|1" in row
    # Every table row still has exactly the header's number of unescaped cell separators.
    assert len(re.findall(r"(?<!\\)\|", row)) == 9


def test_markdown_cell_helpers() -> None:
    assert report_markdown.cell("a|b\nc") == "a\\|b c"
    assert report_markdown.cell("back\\slash") == "back\\\\slash"
    assert report_markdown.inline("x`y") == "``x`y``"
    assert report_markdown.inline("") == ""


def test_json_parses_with_schema_version_and_sorted_keys() -> None:
    text = report_json.render(sample())
    doc = json.loads(text)
    assert doc["schema_version"] == 1
    assert doc["date"] is None
    assert list(doc) == sorted(doc)
    assert json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
    assert doc["summary"]["top_vendor"] == "Meta" and doc["summary"]["hhi"] == 4688
    assert [s["vendor"] for s in doc["vendor_shares"]["by_workflows"]] == [
        "Meta",
        "Alibaba",
        "OpenAI",
    ]
    assert doc["risks"][0] == {
        "code": "hhi",
        "sentence": "HHI 4688: highly concentrated (above 2500).",
        "severity": "high",
        "size": 0.4688,
        "subjects": [],
    }
    models = {m["id"]: m for m in doc["models"]}
    assert models[LLAMA]["pin"] == "floating" and models[LLAMA]["open_weights"] is True
    triage = next(w for w in doc["matrix"]["workflows"] if w["name"] == "triage")
    assert triage["cells"] == {"Alibaba": "none", "Meta": "primary", "OpenAI": "fallback"}
    sim = doc["exit_simulation"]
    assert sim["vendor"] == "Meta" and sim["requested"] is False
    assert {w["workflow"]: w["status"] for w in sim["workflows"]} == {
        "reports": "frozen",
        "search": "unaffected",
        "summaries": "frozen",
        "triage": "frozen",
    }
    assert sim["statuses"]["frozen"] == 3 and sim["statuses"]["lost"] == 0
    assert sim["lost"] == [] and sim["unaffected"] == ["reports", "search", "summaries", "triage"]
    alt = doc["alternatives"][0]
    assert alt["model_id"] == LLAMA
    assert [a["ollama_tag"] for a in alt["alternatives"]] == [
        "gemma2:9b",
        "qwen2.5:7b",
        "mistral:7b",
    ]
    assert alt["alternatives"][0]["license"] == "gemma"


def test_json_documents_every_top_level_field() -> None:
    doc = json.loads(report_json.render(sample()))
    assert report_json.__doc__ is not None
    for key in doc:
        assert f"`{key}`" in report_json.__doc__, key
    for section in ("summary", "models", "matrix", "exit_simulation", "alternatives", "risks"):
        value = doc[section]
        first = value[0] if isinstance(value, list) else value
        for key in first:
            assert key in report_json.__doc__, (section, key)
    for key in doc["matrix"]["workflows"][0]:
        assert key in report_json.__doc__, key
    assert json.loads(report_json.render(empty()))["exit_simulation"] is None


def test_html_is_self_contained_and_escaped() -> None:
    hostile = "ollama/<script>alert(1)</script>:latest"
    lock = four_workflows()
    lock = replace(
        lock, models=(*lock.models, f.model(hostile, vendor='Evil "&" Co', workflows=("w<1>",)))
    )
    page = report_html.render(build_report(lock, FakeCatalog(), without=None, date=None))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Evil &quot;&amp;&quot; Co" in page and "w&lt;1&gt;" in page
    for fetch in ("src=", "href=", "<link", "url(", "@import", "https:"):
        assert fetch not in page, fetch
    assert "<svg" in page and page.count('fill="#0969da"') == 3  # one bar per vendor
    assert '<td class="fallback">fallback</td>' in page


def test_text_ignores_the_terminal_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = report_text.render(sample())
    for name, value in (
        ("FORCE_COLOR", "1"),
        ("TERM", "xterm-256color"),
        ("COLUMNS", "40"),
        ("TTY_COMPATIBLE", "1"),
    ):
        monkeypatch.setenv(name, value)
    assert report_text.render(sample()) == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert report_text.render(sample()) == plain
