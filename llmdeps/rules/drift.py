"""Compare the installs recorded in the lock with what is installed now, per model and location.

Only locations read in this run *and* recorded in the lock are compared: a laptop with another
Ollama, or a CI runner with none, must not report drift for servers it never saw.

* `drift-digest` (error): the tag now names another manifest. When both sides know the weights
  layer, the message says whether only the tag moved (same weights: a new template, parameters or
  licence) or the weights themselves changed.
* `drift-missing` (error): a locked install is gone from a source that was read.
* `drift-new` (warning): a referenced model is now installed on a read source where the lock has
  no install of it. Nothing the lock promised changed, but the lock no longer describes the
  machine; `llmdeps scan` records it.

Installs nobody references (Lock.unreferenced_installs) are machine state, not dependencies, and
are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable

from llmdeps.lockfile.model import Lock, LockedInstall, LockedModel
from llmdeps.model import Finding, Install, InstallLocation, ModelId, Runtime, Severity
from llmdeps.rules.base import Rule, RuleId
from llmdeps.sources.registry import install_source, source_of

FIX = (
    "if the change is intended, run `llmdeps scan` and commit llmdeps.lock; "
    "otherwise restore the locked model on that host"
)

RULES: tuple[Rule, ...] = (
    Rule(
        RuleId.DRIFT_DIGEST,
        "An installed Ollama model is not the locked version",
        "The tag now names another manifest digest than the one in llmdeps.lock on that host or "
        "store; the message says whether the weights changed or only the tag moved.",
        FIX,
        Severity.ERROR,
        ("llm", "supply-chain", "drift"),
        "very-high",
    ),
    Rule(
        RuleId.DRIFT_MISSING,
        "A locked Ollama install is gone",
        "A model install recorded in llmdeps.lock is no longer present on an Ollama server or "
        "store that was read in this run.",
        "pull the model again (`ollama pull NAME`) and compare digests, or run `llmdeps scan` if "
        "it was removed on purpose",
        Severity.ERROR,
        ("llm", "supply-chain", "drift"),
        "very-high",
    ),
    Rule(
        RuleId.DRIFT_NEW,
        "A referenced model is installed but not locked there",
        "A model the code references is installed on an Ollama server or store where "
        "llmdeps.lock records no install of it; the lock no longer describes the machine.",
        "run `llmdeps scan` and commit llmdeps.lock to record the install and its digest",
        Severity.WARNING,
        ("llm", "supply-chain", "drift"),
        "high",
    ),
)


def _norm(digest: str) -> str:
    return digest.lower().removeprefix("sha256:").removeprefix("sha256-")


def short(digest: str | None) -> str:
    """The first 12 hex digits of a digest, without a `sha256:` prefix."""
    if not digest:
        return "unknown"
    return _norm(digest)[:12]


def _where(runtime: Runtime, location: InstallLocation) -> str:
    source = install_source(runtime, location.kind)
    label = source.label if source else f"the {runtime} {location.kind}"
    return f"{label} {location.where}"


def _key(item: tuple[tuple[InstallLocation, str], object]) -> tuple[str, str]:
    """Order by location as the lock spells it, then name: findings keep a stable order."""
    (location, name), _ = item
    return (location.lock_text(), name)


def _paths(lock: Lock, model_id: ModelId) -> tuple[str, ...]:
    return tuple(sorted({r.path for r in lock.references if r.model_id == model_id}))


def _weights_note(old: LockedInstall, new: Install) -> str:
    if not old.weights_digest or not new.weights_digest:
        return "it is not known whether the weights changed"
    if _norm(old.weights_digest) == _norm(new.weights_digest):
        return "tag moved, same weights: the template, parameters or licence changed"
    return (
        f"weights changed: {short(old.weights_digest)} -> {short(new.weights_digest)}; "
        "the model may answer differently"
    )


def _wanted(model: LockedModel) -> str:
    return model.id.split("/", 1)[1] if "/" in model.id else model.id


def _first(items: Iterable[str]) -> str | None:
    listed = sorted(items)
    return listed[0] if len(listed) == 1 else None


def compare_installs(
    locked: Lock, installs: tuple[Install, ...], read: tuple[InstallLocation, ...]
) -> list[Finding]:
    """Drift findings for every referenced model in every location read now and in the lock."""
    compared = set(read) & {InstallLocation.from_lock_text(s) for s in locked.install_sources}
    if not compared:
        return []
    current: dict[tuple[InstallLocation, str], Install] = {}
    for install in installs:
        if install.location in compared:
            current[(install.location, install.name)] = install
    findings: list[Finding] = []
    for model in sorted(locked.models, key=lambda m: m.id):
        paths = _paths(locked, model.id)
        workflow = _first(model.workflows)
        locked_here: dict[tuple[InstallLocation, str], LockedInstall] = {}
        for i in model.installs:
            location = InstallLocation.from_lock_text(i.source)
            if location in compared:
                locked_here[(location, i.name)] = i
        for (location, name), old in sorted(locked_here.items(), key=_key):
            where = _where(model.runtime, location)
            new = current.get((location, name))
            if new is None:
                findings.append(
                    Finding(
                        RuleId.DRIFT_MISSING,
                        f"{name} ({model.id}) is no longer installed on {where}; the "
                        f"lock recorded digest {short(old.digest)}.",
                        paths=paths,
                        workflow=workflow,
                        vendor=model.lineage_vendor,
                        model=model.id,
                        fix=f"run `ollama pull {name}` (then compare digests), or `llmdeps scan` "
                        "if it was removed on purpose",
                    )
                )
            elif _norm(new.digest) != _norm(old.digest):
                findings.append(
                    Finding(
                        RuleId.DRIFT_DIGEST,
                        f"{name} ({model.id}) on {where} is not the locked version: "
                        f"digest {short(old.digest)} in the lock, {short(new.digest)} now "
                        f"({_weights_note(old, new)}).",
                        paths=paths,
                        workflow=workflow,
                        vendor=model.lineage_vendor,
                        model=model.id,
                        fix=FIX,
                    )
                )
        wanted = _wanted(model)
        for (location, name), new in sorted(current.items(), key=_key):
            source = source_of(new)
            if (
                (location, name) in locked_here
                or new.runtime is not model.runtime
                or source is None
                or not source.same_model(wanted, new)
            ):
                continue
            findings.append(
                Finding(
                    RuleId.DRIFT_NEW,
                    f"{name} ({model.id}) is installed on {_where(model.runtime, location)} "
                    f"with digest {short(new.digest)}, but the lock has no install of it there.",
                    severity=Severity.WARNING,
                    paths=paths,
                    workflow=workflow,
                    vendor=model.lineage_vendor,
                    model=model.id,
                    fix="run `llmdeps scan` and commit llmdeps.lock to record it",
                )
            )
    return findings
