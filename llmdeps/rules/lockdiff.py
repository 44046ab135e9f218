"""Compare the lock on disk with a fresh scan of the code: what was added, removed or changed.

Only what the code determines is compared here. Installs are machine state: a CI runner with no
Ollama must not see a stale lock; digests are compared by drift.py when installs were read.
"""

from __future__ import annotations

from dataclasses import replace

from llmdeps.lockfile.model import Lock, LockedModel, LockedReference
from llmdeps.model import Finding, PinStatus, Severity
from llmdeps.rules.base import CheckContext, Rule, RuleId

FIX = "run `llmdeps scan` and commit llmdeps.lock"

RULES: tuple[Rule, ...] = (
    Rule(
        RuleId.LOCK_STALE,
        "llmdeps.lock no longer matches the code",
        "A model, reference, fallback or workflow in the code differs from what llmdeps.lock "
        "records, so the lock no longer describes which models the repository depends on.",
        f"{FIX}; review the lock diff as a dependency change",
        Severity.ERROR,
        ("llm", "supply-chain", "lockfile"),
        "very-high",
    ),
)

# Model fields that come from the catalog and the code, not from what is installed.
_CODE_FIELDS = ("runtime", "name", "version", "family", "task", "workflows")


def _code_view(model: LockedModel) -> LockedModel:
    pin = PinStatus.FLOATING if model.pin is PinStatus.DIGEST else model.pin
    return replace(
        model,
        pin=pin,
        installs=(),
        installed=None,
        lineage_vendor=model.catalog_vendor or model.lineage_vendor,
        catalog_vendor=None,
        license=model.catalog_license or model.license,
        catalog_license=None,
        open_weights=None,
    )


def _ref_text(r: LockedReference) -> str:
    return f"{r.path} ({r.context}): {r.model} [{r.kind.value}]"


def diff_locks(old: Lock, new: Lock) -> tuple[Finding, ...]:
    """Findings for every code-level difference between the locked and the scanned inventory."""
    findings: list[Finding] = []
    old_models = {m.id: _code_view(m) for m in old.models}
    new_models = {m.id: _code_view(m) for m in new.models}
    for model_id in sorted(new_models.keys() - old_models.keys()):
        findings.append(
            Finding(
                RuleId.LOCK_STALE,
                f"model {model_id} is used in the code but not in the lock",
                model=model_id,
                fix=FIX,
                paths=tuple(sorted({r.path for r in new.references if r.model_id == model_id})),
            )
        )
    for model_id in sorted(old_models.keys() - new_models.keys()):
        findings.append(
            Finding(
                RuleId.LOCK_STALE,
                f"model {model_id} is in the lock but no longer used in the code",
                model=model_id,
                fix=FIX,
            )
        )
    for model_id in sorted(old_models.keys() & new_models.keys()):
        before, after = old_models[model_id], new_models[model_id]
        if before != after:
            changed = [
                f"{name}: {getattr(before, name)!r} -> {getattr(after, name)!r}"
                for name in ("pin", "vendor", "lineage_vendor", "license", *_CODE_FIELDS)
                if getattr(before, name) != getattr(after, name)
            ]
            findings.append(
                Finding(
                    RuleId.LOCK_STALE,
                    f"model {model_id} changed: {'; '.join(changed) or 'details'}",
                    model=model_id,
                    fix=FIX,
                )
            )
    old_refs, new_refs = set(old.references), set(new.references)
    for label, refs in (
        ("new reference", new_refs - old_refs),
        ("reference gone:", old_refs - new_refs),
    ):
        for ref in sorted(refs, key=_ref_text):
            findings.append(
                Finding(
                    RuleId.LOCK_STALE,
                    f"{label} {_ref_text(ref)}",
                    paths=(ref.path,),
                    model=ref.model_id,
                    workflow=ref.workflow,
                    fix=FIX,
                    context=ref.context,
                )
            )
    if set(old.fallbacks) != set(new.fallbacks):
        findings.append(
            Finding(
                RuleId.LOCK_STALE, "declared fallbacks changed", fix=FIX, severity=Severity.ERROR
            )
        )
    old_wf = {(w.name, w.models, w.configurable, w.cross_vendor_fallback) for w in old.workflows}
    new_wf = {(w.name, w.models, w.configurable, w.cross_vendor_fallback) for w in new.workflows}
    if old_wf != new_wf and not findings:
        findings.append(Finding(RuleId.LOCK_STALE, "workflows changed", fix=FIX))
    return tuple(findings)


def check(ctx: CheckContext) -> tuple[Finding, ...]:
    """The lock-stale findings of a check: the lock on disk against a fresh scan."""
    return diff_locks(ctx.locked, ctx.fresh)
