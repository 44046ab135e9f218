"""`llmdeps report LOCK...`: the organisation's report (issue 14, item 3)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from typer.testing import CliRunner

from llmdeps import pipeline
from llmdeps.analysis.org import unique_names
from llmdeps.cli.app import app
from llmdeps.formats import ORG_FORMATS, REPORT_FORMATS
from llmdeps.formats.org_html import BAR_COLOUR, OTHERS_COLOUR
from llmdeps.formats.org_text import EXIT_LINES, TOP_MODELS, TOP_VENDORS, USED_IN_REPOSITORIES

TOP = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, str(TOP / "examples"))
ORG_EXAMPLE = _module(TOP / "examples" / "make_org_example.py", "make_org_example")
ORG_LOCKS = _module(TOP / "benchmarks" / "org_locks.py", "org_locks")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three demo variants of examples/org-report.md, scanned."""
    work = tmp_path_factory.mktemp("org")
    ORG_EXAMPLE.build(work, [sys.executable, "-m", "llmdeps"])
    return work


@pytest.fixture
def chdir_demos(demos: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(demos)
    return demos


def test_the_examples_are_current(chdir_demos: Path) -> None:
    for fmt, out in (("markdown", ORG_EXAMPLE.OUT_MD), ("html", ORG_EXAMPLE.OUT_HTML)):
        code, text, err = invoke("report", *ORG_EXAMPLE.VARIANTS, "--format", fmt)
        assert code == 0, err
        assert text == out.read_text(encoding="utf-8"), (
            "regenerate with: python examples/make_org_example.py"
        )


def test_every_single_report_format_has_an_org_format() -> None:
    assert set(ORG_FORMATS) == set(REPORT_FORMATS)


def test_two_locks_are_both_reported_not_the_second_winning(chdir_demos: Path) -> None:
    code, text, err = invoke(
        "report", "--lock", "demo/llmdeps.lock", "--lock", "demo-field/llmdeps.lock",
        "--format", "json",
    )
    assert code == 0, err
    doc = json.loads(text)
    assert [r["name"] for r in doc["repositories"]] == ["demo", "demo-field"]
    assert doc["summary"]["repositories"] == 2
    # a lock file as PATH and a --lock: two repositories as well
    code, text, _ = invoke("report", "demo/llmdeps.lock", "--lock", "demo-clinic/llmdeps.lock")
    assert code == 0
    assert "2 repositories" in text


def test_one_lock_file_as_path_is_the_single_report(chdir_demos: Path) -> None:
    code, by_file, _ = invoke("report", "demo/llmdeps.lock", "--format", "json")
    code2, by_dir, _ = invoke("report", "demo", "--format", "json")
    assert code == code2 == 0
    assert json.loads(by_file) == json.loads(by_dir)
    assert "matrix" in json.loads(by_file)


def test_org_figures_are_the_workflows_of_every_repository(chdir_demos: Path) -> None:
    code, text, _ = invoke("report", *ORG_EXAMPLE.VARIANTS, "--format", "json")
    assert code == 0
    doc = json.loads(text)
    counts: dict[str, float] = {}
    total = 0.0
    for name in ORG_EXAMPLE.VARIANTS:
        lock = yaml.safe_load((chdir_demos / name / "llmdeps.lock").read_text())
        for w in lock["workflows"]:
            vendors = w["vendors"] or ["unknown"]
            weight = w.get("weight", 1.0)
            total += weight
            for v in vendors:
                counts[v] = counts.get(v, 0.0) + weight / len(vendors)
    shares = {v: c / total for v, c in counts.items()}
    assert doc["summary"]["hhi"] == round(sum((s * 100) ** 2 for s in shares.values()))
    got = {s["vendor"]: s["share"] for s in doc["vendor_shares"]["by_workflows"]}
    assert got == {v: round(s, 4) for v, s in shares.items()}
    assert doc["summary"]["workflows"] == 24
    # where used: llama3.1 is in the two variants that kept it
    llama = next(m for m in doc["models"] if m["id"].endswith("llama3.1:8b"))
    assert [u["repository"] for u in llama["used_in"]] == ["demo", "demo-clinic"]


def test_a_tampered_lock_is_recomputed_and_named(chdir_demos: Path, tmp_path: Path) -> None:
    honest = invoke("report", *ORG_EXAMPLE.VARIANTS, "--format", "json")[1]
    for name in ORG_EXAMPLE.VARIANTS:
        shutil.copytree(chdir_demos / name, tmp_path / name, ignore=lambda *_: ["notebooks"])
    lock = tmp_path / "demo" / "llmdeps.lock"
    text = lock.read_text()
    lock.write_text(re.sub(r"hhi: \d+", "hhi: 1", text), encoding="utf-8")
    code, out, err = invoke(
        "report", *(str(tmp_path / n) for n in ORG_EXAMPLE.VARIANTS), "--format", "json"
    )
    assert code == 0
    assert "llmdeps.lock" in err and "warning" in err
    a, b = json.loads(honest), json.loads(out)
    for doc in (a, b):
        for r in doc["repositories"]:
            r["audited"].pop("lock_digest")
    assert a == b


def test_without_simulates_that_vendor_everywhere(chdir_demos: Path) -> None:
    code, text, _ = invoke("report", *ORG_EXAMPLE.VARIANTS, "--without", "anthropic", "-f", "json")
    assert code == 0
    ex = json.loads(text)["exit"]
    assert ex["vendor"] == "Anthropic" and ex["requested"] is True
    # demo and demo-field call Claude Haiku for escalation with no fallback; demo-clinic does not
    lost = {(h["repository"], h["workflow"]) for h in ex["lost"]}
    assert ("demo", "case-escalation") in lost and ("demo-field", "case-escalation") in lost
    assert not any(r == "demo-clinic" and w == "case-escalation" for r, w in lost)
    code, _, err = invoke("report", *ORG_EXAMPLE.VARIANTS, "--without", "Nobody")
    assert code == 2
    assert err.count("\n") == 1 and "Nobody" in err and "Anthropic" in err


def test_cyclonedx_is_one_valid_bom_with_a_component_per_repository(chdir_demos: Path) -> None:
    code, text, _ = invoke("report", *ORG_EXAMPLE.VARIANTS, "--format", "cyclonedx")
    assert code == 0
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    doc = json.loads(text)
    repos = [c for c in doc["components"] if c["bom-ref"].startswith("repository:")]
    assert [c["name"] for c in repos] == list(ORG_EXAMPLE.VARIANTS)
    models = [c for c in doc["components"] if c["type"] == "machine-learning-model"]
    assert len({c["bom-ref"] for c in models}) == len(models) == 9
    deps = {d["ref"]: d.get("dependsOn", []) for d in doc["dependencies"]}
    assert sorted(deps["organisation"]) == [f"repository:{n}" for n in ORG_EXAMPLE.VARIANTS]
    assert "model:ollama/qwen2.5:7b" in deps["repository:demo-field"]
    assert "model:ollama/qwen2.5:7b" not in deps["repository:demo"]
    again = invoke("report", *ORG_EXAMPLE.VARIANTS, "--format", "cyclonedx")[1]
    assert again == text


def test_long_inputs_get_an_others_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ORG_LOCKS.write_locks(tmp_path, 40, vendors=20, seed=3)
    monkeypatch.chdir(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    doc = json.loads(invoke("report", *names, "--format", "json")[1])
    vendors = len(doc["vendor_shares"]["by_workflows"])
    assert vendors > TOP_VENDORS and len(doc["models"]) > TOP_MODELS
    code, text, _ = invoke("report", *names)
    assert code == 0
    assert f"{vendors - TOP_VENDORS} others" in text
    assert f"{len(doc['models']) - TOP_MODELS} other models in" in text
    html = invoke("report", *names, "--format", "html")[1]
    assert html.count(f'fill="{OTHERS_COLOUR}"') == 2  # one others bar in each chart
    assert html.count(f'fill="{BAR_COLOUR}"') == TOP_VENDORS + TOP_MODELS
    md = invoke("report", *names, "--format", "markdown")[1]
    assert f"| {vendors - TOP_VENDORS} others |" in md
    # a model used everywhere names 10 repositories and counts the rest; the exit is capped too
    few = tmp_path / "few"
    ORG_LOCKS.write_locks(few, 30, vendors=2, seed=5)
    monkeypatch.chdir(few)
    names = sorted(p.name for p in few.iterdir())
    doc = json.loads(invoke("report", *names, "--format", "json")[1])
    text = invoke("report", *names)[1]
    widest = doc["models"][0]
    assert len(widest["used_in"]) > USED_IN_REPOSITORIES
    assert f"and {len(widest['used_in']) - USED_IN_REPOSITORIES} more repositories" in text
    hits = len(doc["exit"]["workflows"])
    assert hits > EXIT_LINES
    assert f"and {hits - EXIT_LINES} more workflows in" in text


def test_parallel_reading_equals_serial(tmp_path: Path) -> None:
    repos = ORG_LOCKS.write_locks(tmp_path, pipeline.ORG_PARALLEL_MIN_LOCKS + 6)
    serial = pipeline.org_report(pipeline.OrgReportOptions(tuple(repos), jobs=1))
    parallel = pipeline.org_report(pipeline.OrgReportOptions(tuple(repos), jobs=2))
    assert serial == parallel
    assert serial.summary.repositories == len(repos)


def test_bad_inputs_are_one_line_errors(chdir_demos: Path) -> None:
    code, _, err = invoke("report", "demo", "nowhere")
    assert code == 2 and "nowhere: no such file or directory" in err and err.count("\n") == 1
    code, _, err = invoke("report", "demo", "demo-field", "--scan")
    assert code == 2 and "--scan" in err
    code, _, err = invoke("report", "demo", "demo-field", "--format", "sarif")
    assert code == 2 and "choose one of" in err


def test_same_lock_twice_is_one_repository_and_names_are_unique(
    chdir_demos: Path, tmp_path: Path
) -> None:
    code, text, _ = invoke("report", "demo", "demo/llmdeps.lock", "demo-field", "-f", "json")
    assert code == 0 and json.loads(text)["summary"]["repositories"] == 2
    other = tmp_path / "x" / "demo"
    other.mkdir(parents=True)
    shutil.copy(chdir_demos / "demo-field" / "llmdeps.lock", other / "llmdeps.lock")
    doc = json.loads(invoke("report", "demo", str(other), "-f", "json")[1])
    assert [r["name"] for r in doc["repositories"]] == ["demo", "demo (2)"]
    assert unique_names(["a", "a", "a (2)"]) == ("a", "a (3)", "a (2)")


def test_html_escapes_names_and_fetches_nothing(tmp_path: Path) -> None:
    (repo,) = ORG_LOCKS.write_locks(tmp_path, 1)
    odd = tmp_path / '<b onload="x">repo'
    repo.rename(odd)
    (plain,) = ORG_LOCKS.write_locks(tmp_path / "more", 1, seed=9)
    code, html, _ = invoke("report", str(odd), str(plain), "--format", "html")
    assert code == 0
    assert "<b onload" not in html and "&lt;b onload=&quot;x&quot;&gt;repo" in html
    assert "<script" not in html.lower()
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 2


def test_a_broken_lock_among_many_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repos = ORG_LOCKS.write_locks(tmp_path, pipeline.ORG_PARALLEL_MIN_LOCKS + 6)
    (repos[40] / "llmdeps.lock").write_text("schema_version: 1\nmodels: [\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("report", *(r.name for r in repos), "--format", "json")
    assert code == 2 and out == ""
    assert err == (
        f"llmdeps: error: {repos[40].name}/llmdeps.lock:3: not valid YAML; "
        "regenerate it with `llmdeps scan`\n"
    )


def test_the_text_report_names_what_it_audited(chdir_demos: Path) -> None:
    code, text, _ = invoke("report", *ORG_EXAMPLE.VARIANTS)
    assert code == 0
    audited = text.split("\nAudited\n", 1)[1].splitlines()
    assert [line.split(",")[0].strip() for line in audited] == list(ORG_EXAMPLE.VARIANTS)
    assert all("lock llmdeps.lock sha256:" in line for line in audited)
