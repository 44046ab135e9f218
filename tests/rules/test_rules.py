"""The rule registry: families run in a fixed order, rules listed once, findings located by data."""

from __future__ import annotations

from dataclasses import replace

from llmdeps import rules
from llmdeps.config import Config, Policy
from llmdeps.lockfile import dump
from llmdeps.model import (
    Finding,
    Install,
    InstallLocation,
    Location,
    ModelId,
    Reference,
    RefKind,
    Runtime,
    Severity,
)
from llmdeps.rules import RULES, CheckContext, RuleId
from llmdeps.rules.locate import locate
from llmdeps.rules.policy import HHI_KEY
from tests import factories

STORE = "store:examples/ollama-store"


def test_rules_are_listed_in_rule_id_order_once() -> None:
    assert [r.id for r in RULES] == list(RuleId)


def test_severity_order() -> None:
    assert [s.rank for s in (Severity.NOTE, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]
    assert Severity.ERROR.at_least(Severity.WARNING) and Severity.WARNING.at_least(Severity.WARNING)
    assert not Severity.NOTE.at_least(Severity.WARNING)


def test_families_report_lock_then_installs_then_policy() -> None:
    locked = factories.lock(fallbacks=())  # consistent: its fallback's workflow had no reference
    fresh = factories.lock(fallbacks=(), references=(factories.ref("app/other.py"),))
    store = InstallLocation.from_lock_text(STORE)
    moved = Install("llama3.1:8b", Runtime.OLLAMA, store, digest="c" * 64)
    ctx = CheckContext(locked, fresh, (moved,), (store,), Config(policy=Policy(max_hhi=5000)))
    found = [f.rule for f in rules.check(ctx)]
    assert found == [
        RuleId.LOCK_STALE,
        RuleId.LOCK_STALE,
        RuleId.DRIFT_DIGEST,
        RuleId.MAX_HHI,
    ]
    # no install source read in this run: drift is not judged
    unread = replace(ctx, installs=(), install_sources=())
    assert RuleId.DRIFT_DIGEST not in {f.rule for f in rules.check(unread)}


def test_locate_uses_the_finding_context_not_its_message() -> None:
    lock = factories.lock(
        references=(
            factories.ref(context="app.llm.first:chat"),
            factories.ref(context="app.llm.second:chat"),
        )
    )
    seen = [
        Reference(
            "llama3.1:8b",
            Location("app/llm.py", line, 5, context),
            RefKind.CALL,
            Runtime.OLLAMA,
            "python",
        )
        for line, context in ((3, "app.llm.first:chat"), (9, "app.llm.second:chat"))
    ]
    about_second = Finding(
        RuleId.LOCK_STALE,
        "new reference (the message names no context)",
        paths=("app/llm.py",),
        model=ModelId("ollama/llama3.1:8b"),
        workflow="app",
        context="app.llm.second:chat",
    )
    about_any = replace(about_second, context=None)
    hhi = Finding(RuleId.MAX_HHI, "Concentrated.", context=HHI_KEY)
    text = dump(lock)
    second, first, at_hhi = locate([about_second, about_any, hhi], seen, lock, text)
    assert (second.line, second.column) == (9, 5)
    assert (first.line, first.column) == (3, 5)
    assert at_hhi.line is not None and at_hhi.column == 3
    assert text.splitlines()[at_hhi.line - 1] == "  hhi: 10000"
