"""The lock verified, not trusted: its cross-references resolve and its derived figures are what
its facts give (`analysis/derived.py`). A lock edited by hand or cut short is `lock-inconsistent`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from llmdeps.analysis.derived import rederive
from llmdeps.lockfile.codec import to_data
from llmdeps.lockfile.model import Lock, WorkflowInfo
from llmdeps.model import Finding, ModelId, Severity
from llmdeps.printable import escape_controls
from llmdeps.rules.base import CheckContext, Rule, RuleId
from llmdeps.sources.secrets import looks_like_secret, strip_credentials

FIX = "regenerate it with `llmdeps scan`; do not edit the lock by hand"
LIMIT = 50
"""Findings shown at most; a lock cut short can disagree everywhere, and one more line says so."""

RULES: tuple[Rule, ...] = (
    Rule(
        RuleId.LOCK_INCONSISTENT,
        "llmdeps.lock contradicts itself",
        "llmdeps.lock names a model or workflow it does not list, or its derived figures "
        "(concentration, workflow vendors, fallbacks, portability, model workflows) differ from "
        "what its models, references and fallbacks give: it was edited by hand or cut short, and "
        "its figures cannot be trusted.",
        FIX,
        Severity.ERROR,
        ("llm", "supply-chain", "lockfile", "integrity"),
        "very-high",
    ),
)

_DERIVED_FIELDS = (
    "models",
    "vendors",
    "configurable",
    "has_fallback",
    "cross_vendor_fallback",
    "fallback_vendors",
)
_CONCENTRATION_FIELDS = (
    "top_vendor",
    "top_share",
    "hhi",
    "portability",
    "by_workflows",
    "by_references",
)


def _show(text: str) -> str:
    """A name from the lock fit for a message: no credentials, no control characters."""
    if looks_like_secret(text):
        return "(a value that looks like a credential)"
    return escape_controls(strip_credentials(text))


def _names(values: Iterable[str]) -> str:
    return "[" + ", ".join(_show(v) for v in values) + "]"


def _finding(message: str, model: ModelId | None = None, context: str | None = None) -> Finding:
    shown_model = model if model is None or _show(model) == model else None
    return Finding(RuleId.LOCK_INCONSISTENT, message, model=shown_model, fix=FIX, context=context)


def _twice(kind: str, names: Iterable[str], context: str) -> Iterator[Finding]:
    for name, count in sorted(Counter(names).items()):
        if count > 1:
            yield _finding(f"{kind} {_show(name)} is listed {count} times", context=context)


def _cross_references(lock: Lock) -> Iterator[Finding]:
    models = {m.id for m in lock.models}
    workflows = {w.name for w in lock.workflows}
    yield from _twice("model", (m.id for m in lock.models), "models")
    yield from _twice("workflow", (w.name for w in lock.workflows), "workflows")
    missing_models = sorted({r.model_id for r in lock.references} - models)
    for model_id in missing_models:
        yield _finding(
            f"a reference names model {_show(model_id)}, which the lock does not list",
            context="references",
        )
    for name in sorted({r.workflow for r in lock.references} - workflows):
        yield _finding(
            f"a reference belongs to workflow {_show(name)}, which the lock does not list",
            context="references",
        )
    for m in lock.models:
        for name in m.workflows:
            if name not in workflows:
                yield _finding(
                    f"model {_show(m.id)} names workflow {_show(name)}, "
                    "which the lock does not list",
                    model=m.id,
                )
    for name in sorted({f.workflow for f in lock.fallbacks} - workflows):
        yield _finding(
            f"a fallback belongs to workflow {_show(name)}, which the lock does not list",
            context="fallbacks",
        )
    sources = set(lock.install_sources)
    installs = [i for m in lock.models for i in m.installs] + list(lock.unreferenced_installs)
    for source in sorted({i.source for i in installs} - sources):
        yield _finding(
            f"an install comes from {_show(source)}, which install_sources does not list",
            context="install_sources",
        )


def _workflow_figures(stored: WorkflowInfo, computed: WorkflowInfo) -> Iterator[Finding]:
    for name in _DERIVED_FIELDS:
        was, now = to_data(getattr(stored, name)), to_data(getattr(computed, name))
        if was != now:
            yield _finding(
                f"workflow {_show(stored.name)}: {name} is {_value(was)} in the lock, "
                f"its references and fallbacks give {_value(now)}",
                context="workflows",
            )


def _value(data: object) -> str:
    if isinstance(data, list):
        if data and isinstance(data[0], dict):  # vendor shares
            return "[" + ", ".join(f"{_show(str(d['vendor']))} {d['share']}" for d in data) + "]"
        return _names(str(v) for v in data)
    if isinstance(data, str):
        return _show(data)
    return str(data).lower() if isinstance(data, bool) else str(data)


def _derived(lock: Lock, fresh: Lock) -> Iterator[Finding]:
    stored = {w.name: w for w in lock.workflows}
    computed = {w.name: w for w in fresh.workflows}
    if stored.keys() != computed.keys():
        yield _finding(
            f"the lock lists {len(stored)} workflows {_names(sorted(stored))}, its references "
            f"name {len(computed)} {_names(sorted(computed))}",
            context="workflows",
        )
    for name in sorted(stored.keys() & computed.keys()):
        yield from _workflow_figures(stored[name], computed[name])
    for was, now in zip(lock.models, fresh.models, strict=True):
        if was.workflows != now.workflows:
            yield _finding(
                f"model {_show(was.id)}: workflows are {_names(was.workflows)} in the lock, "
                f"its references give {_names(now.workflows)}",
                model=was.id,
            )
    for name in _CONCENTRATION_FIELDS:
        was_value = to_data(getattr(lock.concentration, name))
        now_value = to_data(getattr(fresh.concentration, name))
        if was_value != now_value:
            yield _finding(
                f"concentration.{name} is {_value(was_value)} in the lock, its models and "
                f"references give {_value(now_value)}",
                context=f"concentration.{name}",
            )


def verify(lock: Lock, fresh: Lock | None = None) -> tuple[Finding, ...]:
    """Every way the lock contradicts itself, at most LIMIT of them (then one saying how many).
    `fresh` is `rederive(lock)` when the caller has it already."""
    fresh = rederive(lock) if fresh is None else fresh
    found = [*_cross_references(lock), *_derived(lock, fresh)]
    if len(found) <= LIMIT:
        return tuple(found)
    more = _finding(f"and {len(found) - LIMIT} more disagreements")
    return (*found[:LIMIT], more)


def check(ctx: CheckContext) -> tuple[Finding, ...]:
    """The lock-inconsistent findings of a check: the lock on disk against itself."""
    return verify(ctx.locked)
