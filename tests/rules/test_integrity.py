"""lock-inconsistent: a lock edited by hand or cut short is caught; an honest lock never is."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps import pipeline
from llmdeps.analysis.derived import rederive
from llmdeps.cli.app import app
from llmdeps.errors import LockfileError
from llmdeps.lockfile import dump, load
from llmdeps.lockfile.model import Lock
from llmdeps.model import ModelId, Vendor
from llmdeps.rules import RULES, RuleId
from llmdeps.rules.integrity import FIX, LIMIT, verify
from llmdeps.sources.base import InstallOptions
from tests import factories

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
runner = CliRunner()


@pytest.fixture(scope="module")
def demo_lock() -> Lock:
    options = pipeline.ScanOptions(root=DEMO, installs=InstallOptions(enabled=False), jobs=1)
    return load(dump(pipeline.scan(options).lock))


def _messages(lock: Lock) -> list[str]:
    found = verify(lock)
    assert all(f.rule is RuleId.LOCK_INCONSISTENT and f.fix == FIX for f in found)
    return [f.message for f in found]


def test_the_rule_is_documented_and_reported_first() -> None:
    assert RULES[0].id is RuleId.LOCK_INCONSISTENT
    assert RULES[0].help and RULES[0].fix == FIX


def test_an_honest_lock_is_consistent_and_rederives_to_itself(demo_lock: Lock) -> None:
    assert demo_lock.workflows and demo_lock.fallbacks
    assert verify(demo_lock) == ()
    assert dump(rederive(demo_lock)) == dump(demo_lock)


def test_an_edited_concentration_is_caught(demo_lock: Lock) -> None:
    edited = replace(demo_lock, concentration=replace(demo_lock.concentration, top_share=0.9))
    messages = _messages(edited)
    assert len(messages) == 1 and "concentration.top_share is 0.9 in the lock" in messages[0]
    assert verify(edited)[0].context == "concentration.top_share"  # located in the lock file


def test_an_edited_workflow_share_is_caught(demo_lock: Lock) -> None:
    shares = demo_lock.concentration.by_workflows
    first = replace(shares[0], share=0.99)
    edited = replace(
        demo_lock,
        concentration=replace(demo_lock.concentration, by_workflows=(first, *shares[1:])),
    )
    assert any("concentration.by_workflows" in m for m in _messages(edited))


def test_an_edited_workflow_figure_is_caught(demo_lock: Lock) -> None:
    target = demo_lock.workflows[0]
    flipped = replace(target, cross_vendor_fallback=not target.cross_vendor_fallback)
    edited = replace(demo_lock, workflows=(flipped, *demo_lock.workflows[1:]))
    assert any(
        m.startswith(f"workflow {target.name}: cross_vendor_fallback is") for m in _messages(edited)
    )


def test_a_reference_to_a_missing_model_is_caught(demo_lock: Lock) -> None:
    edited = replace(demo_lock, models=demo_lock.models[1:])
    gone = demo_lock.models[0].id
    assert f"a reference names model {gone}, which the lock does not list" in _messages(edited)


def test_a_model_naming_a_missing_workflow_is_caught() -> None:
    lock = factories.lock(fallbacks=())
    assert verify(lock) == ()
    edited = replace(lock, models=(replace(lock.models[0], workflows=("app", "ghost")),))
    messages = _messages(edited)
    assert "model ollama/llama3.1:8b names workflow ghost, which the lock does not list" in messages
    assert any("workflows are [app, ghost] in the lock" in m for m in messages)


def test_fallback_and_install_source_cross_references() -> None:
    assert _messages(factories.lock()) == [
        "a fallback belongs to workflow litellm, which the lock does not list"
    ]
    unlisted = factories.lock(fallbacks=(), install_sources=())
    assert _messages(unlisted) == [
        "an install comes from store:examples/ollama-store, which install_sources does not list"
    ]


def test_names_are_escaped_and_credentials_withheld() -> None:
    secret = "sk-proj-" + "aB3dE5fG7hJ9kL1mN3pQ"
    lock = factories.lock(fallbacks=())
    ref = replace(lock.references[0], model_id=ModelId(f"openai/{secret}"), workflow="a\x1b[2Jb")
    messages = " ".join(_messages(replace(lock, references=(ref,))))
    assert secret not in messages and "looks like a credential" in messages
    assert "\x1b" not in messages and "a\\x1b[2Jb" in messages


@pytest.mark.parametrize("cut", [3000, None])
def test_a_lock_cut_short_is_never_passed(demo_lock: Lock, cut: int | None) -> None:
    text = dump(demo_lock)
    assert len(text) > 3000
    # 3000 bytes: mid-line, not valid YAML; None: every cut at a line end, mostly valid YAML
    ends = [3000] if cut else [i + 1 for i, c in enumerate(text[:-1]) if c == "\n"]
    for end in ends:
        try:
            short = load(text[:end])
        except LockfileError:
            continue  # refused with exit 2 by every command
        if not short.models and not short.references:
            continue  # cut before any fact: an empty lock, consistent; check calls it lock-stale
        assert verify(short), f"a lock cut at byte {end} passed"


def test_a_lock_without_its_workflows_is_caught(demo_lock: Lock) -> None:
    """The reported case: `workflows 0` beside `Meta 39.5%`."""
    messages = _messages(replace(demo_lock, workflows=()))
    named = len(rederive(demo_lock).workflows)
    assert any(
        m.startswith(f"the lock lists 0 workflows [], its references name {named} [")
        for m in messages
    )
    assert any(m.startswith("a reference belongs to workflow (root), which") for m in messages)


def _big_lock(references: int) -> Lock:
    models = tuple(
        factories.model(f"ollama/m{i}:8b", lineage_vendor=Vendor(f"V{i % 7}"))
        for i in range(references // 10)
    )
    refs = tuple(
        factories.ref(f"w{i % 50}/f{i}.py", f"ollama/m{i % len(models)}:8b", workflow=f"w{i % 50}")
        for i in range(references)
    )
    return rederive(factories.lock(models=models, references=refs, workflows=(), fallbacks=()))


def test_a_big_lock_is_verified_in_linear_time() -> None:
    lock = _big_lock(5000)
    start = time.perf_counter()
    assert verify(lock) == ()
    assert time.perf_counter() - start < 5  # generous: about 0.1 s
    many = replace(lock, models=lock.models[: len(lock.models) // 2])
    found = verify(many)
    assert len(found) == LIMIT + 1 and found[-1].message.startswith("and ")


def _repo_with_lock(tmp_path: Path, demo_lock: Lock) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "llmdeps.lock").write_text(dump(demo_lock), encoding="utf-8")
    return root


def test_check_fails_an_edited_lock(tmp_path: Path, demo_lock: Lock) -> None:
    edited = replace(demo_lock, concentration=replace(demo_lock.concentration, hhi=1))
    lock_file = tmp_path / "edited.lock"
    lock_file.write_text(dump(edited), encoding="utf-8")
    result = runner.invoke(app, ["check", str(DEMO), "--lock", str(lock_file), "--no-ollama"])
    assert result.exit_code == 1
    assert result.stdout.startswith("error: lock-inconsistent: concentration.hhi is 1 in the lock")


def test_report_shows_recomputed_figures_and_warns(tmp_path: Path, demo_lock: Lock) -> None:
    honest = tmp_path / "honest.lock"
    honest.write_text(dump(demo_lock), encoding="utf-8")
    edited = replace(demo_lock, concentration=replace(demo_lock.concentration, top_share=0.01))
    lock_file = tmp_path / "edited.lock"
    lock_file.write_text(dump(edited), encoding="utf-8")
    expected = runner.invoke(app, ["report", str(DEMO), "--lock", str(honest), "-f", "json"])
    assert expected.exit_code == 0 and expected.stderr == ""
    result = runner.invoke(app, ["report", str(DEMO), "--lock", str(lock_file), "-f", "json"])
    assert result.exit_code == 0
    # the same report but for what it audited (another lock file, another digest)
    shown, honest_doc = json.loads(result.stdout), json.loads(expected.stdout)
    assert shown.pop("audited")["lock_digest"] != honest_doc.pop("audited")["lock_digest"]
    assert shown == honest_doc
    assert "warning:" in result.stderr and "concentration.top_share is 0.01" in result.stderr
    assert FIX in result.stderr


def test_report_survives_a_reference_to_a_missing_model(tmp_path: Path, demo_lock: Lock) -> None:
    lock_file = tmp_path / "broken.lock"
    lock_file.write_text(dump(replace(demo_lock, models=demo_lock.models[1:])), encoding="utf-8")
    for fmt in ("text", "json", "markdown", "html", "cyclonedx"):
        result = runner.invoke(app, ["report", str(DEMO), "--lock", str(lock_file), "-f", fmt])
        assert result.exit_code == 0, (fmt, result.stderr, result.exception)
        assert "does not list" in result.stderr
