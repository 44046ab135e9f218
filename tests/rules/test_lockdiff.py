"""Lock vs fresh scan: code-level changes only; installs are machine state."""

from __future__ import annotations

from llmdeps.model import PinStatus, RefKind
from llmdeps.rules.lockdiff import diff_locks
from tests import factories


def test_identical_locks_have_no_findings() -> None:
    assert diff_locks(factories.lock(), factories.lock()) == ()


def test_missing_installs_on_a_ci_runner_are_not_stale() -> None:
    locked = factories.lock()
    # The same code scanned where no Ollama is readable: no installs, tag floats again.
    ci = factories.lock(models=(factories.model(),), install_sources=())
    assert diff_locks(locked, ci) == ()


def test_added_and_removed_models_and_references() -> None:
    old = factories.lock()
    gpt = factories.model(
        "openai/gpt-4o",
        runtime="openai",
        vendor="OpenAI",
        lineage_vendor="OpenAI",
        pin=PinStatus.FLOATING,
    )
    new_ref = factories.ref("app/classify.py", "openai/gpt-4o", context="app.classify:create")
    new = factories.lock(models=(*old.models, gpt), references=(*old.references, new_ref))
    findings = diff_locks(old, new)
    messages = [f.message for f in findings]
    assert messages == [
        "model openai/gpt-4o is used in the code but not in the lock",
        "new reference app/classify.py (app.classify:create): gpt-4o [call]",
    ]
    assert findings[0].paths == ("app/classify.py",)
    assert all(f.rule == "lock-stale" and f.fix and "llmdeps scan" in f.fix for f in findings)
    back = [f.message for f in diff_locks(new, old)]
    assert back == [
        "model openai/gpt-4o is in the lock but no longer used in the code",
        "reference gone: app/classify.py (app.classify:create): gpt-4o [call]",
    ]


def test_changed_reference_kind_is_reported() -> None:
    old = factories.lock()
    new = factories.lock(references=(factories.ref(kind=RefKind.ENV_DEFAULT),))
    messages = [f.message for f in diff_locks(old, new)]
    assert (
        "new reference app/llm.py (app.llm.summarize:chat): llama3.1:8b [env-default]" in messages
    )
    assert "reference gone: app/llm.py (app.llm.summarize:chat): llama3.1:8b [call]" in messages


def test_catalog_change_of_a_model_is_reported() -> None:
    old = factories.lock(models=(factories.model(),))
    new = factories.lock(models=(factories.model(license="apache-2.0"),))
    (finding,) = diff_locks(old, new)
    assert (
        finding.message == "model ollama/llama3.1:8b changed: license: 'llama3.1' -> 'apache-2.0'"
    )
