"""The published JSON Schemas in schemas/ (issue 14, item 7): every output validates against its
schema with jsonschema, the schemas are valid 2020-12 schemas versioned like their outputs, and
they are open where the lock is still growing (other sections may come) and strict elsewhere."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.formats import check_json, diff_json, org_json, report_json, scan_json
from llmdeps.lockfile import dump, to_dict
from llmdeps.lockfile.model import SCHEMA_VERSION as LOCK_SCHEMA_VERSION
from llmdeps.model import FallbackStyle, PinStatus, RefKind, Severity
from tests import factories
from tests.conftest import MakeRepo

TOP = Path(__file__).resolve().parent.parent
SCHEMAS = TOP / "schemas"
runner = CliRunner()
VERSIONS = {
    "lock": LOCK_SCHEMA_VERSION,
    "scan": scan_json.SCHEMA_VERSION,
    "check": 1,
    "report": report_json.SCHEMA_VERSION,
    "org-report": org_json.SCHEMA_VERSION,
    "diff": diff_json.SCHEMA_VERSION,
}


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    return data


def validate(name: str, doc: object) -> None:
    validator = jsonschema.Draft202012Validator(schema(name))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("schemas")
    shutil.copytree(TOP / "examples" / "demo", work / "demo")
    shutil.copytree(TOP / "examples" / "ollama-store", work / "ollama-store")
    result = runner.invoke(
        app, ["scan", str(work / "demo"), "--ollama-models", str(work / "ollama-store"), "-q"]
    )
    assert result.exit_code == 0, result.stderr
    return work / "demo"


def test_every_schema_is_valid_and_versioned() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(
        f"{n}.schema.json" for n in VERSIONS
    )
    for name, version in VERSIONS.items():
        s = schema(name)
        jsonschema.Draft202012Validator.check_schema(s)
        assert s["$id"] == f"urn:llmdeps:schema:{name}:{version}"
        assert s["properties"]["schema_version"] == {
            "const": version,
            "description": s["properties"]["schema_version"]["description"],
        }
        assert "strict" in s["description"].lower() or "open" in s["description"].lower()


def _enums(node: object) -> list[list[str]]:
    found: list[list[str]] = []
    if isinstance(node, dict):
        if "enum" in node:
            found.append(node["enum"])
        for v in node.values():
            found += _enums(v)
    elif isinstance(node, list):
        for v in node:
            found += _enums(v)
    return found


@pytest.mark.parametrize("enum", [PinStatus, RefKind, FallbackStyle, Severity])
def test_schema_enums_are_the_code_enums(enum: type[StrEnum]) -> None:
    values = [e.value for e in enum]
    everywhere = [e for name in VERSIONS for e in _enums(schema(name))]
    assert values in everywhere


def test_locks_validate(demo: Path, tmp_path: Path) -> None:
    validate("lock", yaml.safe_load((demo / "llmdeps.lock").read_text()))
    validate("lock", yaml.safe_load((TOP / "inventory.example.yaml").read_text()))
    for lock in (factories.lock(), factories.four_workflows()):
        validate("lock", yaml.safe_load(dump(lock)))
    spec = importlib.util.spec_from_file_location("org_locks", TOP / "benchmarks" / "org_locks.py")
    assert spec and spec.loader
    org_locks = importlib.util.module_from_spec(spec)
    sys.modules["org_locks"] = org_locks
    spec.loader.exec_module(org_locks)
    for repo in org_locks.write_locks(tmp_path, 5):
        validate("lock", yaml.safe_load((repo / "llmdeps.lock").read_text()))


def test_the_lock_schema_is_open_where_the_lock_grows() -> None:
    data = to_dict(factories.lock())
    # a section and fields other helpers add in parallel (packages, install pins, semantics)
    data["packages"] = [{"name": "openai", "ecosystem": "pypi", "version": "1.51.0"}]
    models = data["models"]
    assert isinstance(models, list)
    models[0]["pinned_by"] = "digest"
    references = data["references"]
    assert isinstance(references, list)
    references[0]["semantics"] = "default"
    validate("lock", json.loads(json.dumps(data)))
    # ... and strict where it is settled
    data["concentration"] = {**data["concentration"], "gini": 0.4}  # type: ignore[dict-item]
    with pytest.raises(AssertionError):
        validate("lock", json.loads(json.dumps(data)))


def test_scan_json_validates(demo: Path, make_repo: MakeRepo) -> None:
    validate("scan", json.loads(invoke("scan", str(demo), "--format", "json", "--no-ollama")))
    repo = make_repo({"app.py": 'import openai\nopenai.chat.completions.create(model="gpt-4o")\n'})
    validate("scan", json.loads(invoke("scan", str(repo), "--format", "json", "--no-ollama")))


def test_check_json_validates_with_findings_and_suppressions(make_repo: MakeRepo) -> None:
    repo = make_repo({"app.py": 'import openai\nopenai.chat.completions.create(model="gpt-4o")\n'})
    invoke("scan", str(repo), "--no-ollama", "-q")
    (repo / "more.py").write_text(
        'import anthropic\nanthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest")\n'
    )
    doc = json.loads(invoke("check", str(repo), "--no-ollama", "--format", "json"))
    assert doc["findings"]
    validate("check", doc)
    rule = doc["findings"][0]["rule"]
    (repo / ".llmdeps.yaml").write_text(
        f"ignore:\n  - rule: {rule}\n    reason: accepted\n    until: 2999-01-01\n"
    )
    doc = json.loads(invoke("check", str(repo), "--no-ollama", "--format", "json"))
    assert any("suppressed" in f for f in doc["findings"])
    validate("check", doc)
    assert check_json.name == "json"


def test_report_json_validates(demo: Path) -> None:
    validate("report", json.loads(invoke("report", str(demo), "--format", "json")))
    validate(
        "report",
        json.loads(
            invoke("report", str(demo), "--lock", str(TOP / "inventory.example.yaml"), "-f", "json")
        ),
    )
    doc = json.loads(invoke("report", str(demo), "--format", "json", "--date", "2026-12-01"))
    doc["surprise"] = 1
    with pytest.raises(AssertionError):
        validate("report", doc)


def test_org_report_json_validates(demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(TOP / "inventory.example.yaml", other / "llmdeps.lock")
    doc = json.loads(invoke("report", str(demo), str(other), "--format", "json"))
    validate("org-report", doc)
    doc = json.loads(invoke("report", str(demo), str(other), "-f", "json", "--without", "Meta"))
    # Meta's models are open weights: its exit freezes workflows, it stops none
    assert {w["status"] for w in doc["exit"]["workflows"]} >= {"frozen"}
    validate("org-report", doc)
    doc = json.loads(invoke("report", str(demo), str(other), "-f", "json", "--without", "Anthropic"))
    assert doc["exit"]["lost"] and doc["exit"]["statuses"]["lost"]
    validate("org-report", doc)


def test_diff_json_validates(demo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.lock"
    shutil.copy(demo / "llmdeps.lock", old)
    validate("diff", json.loads(invoke("diff", str(old), str(demo / "llmdeps.lock"), "-f", "json")))
    new = tmp_path / "new.lock"
    new.write_text(dump(factories.four_workflows()), encoding="utf-8")
    doc = json.loads(invoke("diff", str(old), str(new), "--format", "json"))
    assert doc["changes"]
    validate("diff", doc)
