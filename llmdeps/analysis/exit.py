"""The vendor exit simulation: what happens to each workflow if one lineage vendor goes away.

A vendor that exits does two different things to the models it made (issue 10):

* its hosted-only models (open weights: no or unknown) stop: the API is withdrawn;
* its open-weight models keep working wherever they are installed, pullable or served by a host,
  but no successor will come: they are frozen.

Each workflow gets one status, read in this order (README: "Vendor exit"):

* `unaffected`: it neither calls nor offers a model of the vendor (it may lose a fallback);
* `switchable`: its models are runtime options across several lineage vendors and some option of
  another vendor remains: users pick another model, nothing stops;
* `lost`: a hosted model of the vendor it calls is withdrawn with no fallback to another vendor,
  and nothing else it calls keeps working;
* `api-withdrawn`: the same, but other models it calls keep working: part of it stops;
* `degraded`: every withdrawn model has a declared fallback to another vendor that takes over;
* `frozen`: every model of the vendor it uses is open weights: it keeps working, with no future
  releases; the sentence says whether they are installed here and locked by digest.

Which models a workflow calls, offers or only falls back to is the lock's `uses` (computed by
`workflows.model_uses` through the one fallback resolver). Without `--without`, the simulated
vendor is the top vendor by workflows (else the one with the most models). A vendor the lock
does not hold but the catalog knows is simulated too: every workflow is unaffected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from llmdeps.analysis.fallbacks import FallbackResolver
from llmdeps.errors import UsageError
from llmdeps.lockfile.model import Lock, LockedModel, WorkflowInfo
from llmdeps.model import (
    UNKNOWN_VENDOR,
    ModelId,
    ModelUse,
    PinStatus,
    Runtime,
    Vendor,
    display_name,
)


class ExitStatus(StrEnum):
    """What a vendor's exit does to one workflow, worst first."""

    LOST = "lost"
    API_WITHDRAWN = "api-withdrawn"
    DEGRADED = "degraded"
    FROZEN = "frozen"
    SWITCHABLE = "switchable"
    UNAFFECTED = "unaffected"


STATUS_MEANING: Mapping[ExitStatus, str] = {
    ExitStatus.LOST: "stops working: a hosted model it calls is withdrawn and nothing takes over",
    ExitStatus.API_WITHDRAWN: "partly stops: a hosted model it calls is withdrawn, the rest runs",
    ExitStatus.DEGRADED: "keeps working on a fallback from another vendor",
    ExitStatus.FROZEN: "keeps working on open weights that will get no new releases",
    ExitStatus.SWITCHABLE: "keeps working: users pick a model of another vendor it offers",
    ExitStatus.UNAFFECTED: "uses no model of this vendor",
}
"""One line per status, the same in every format (the legend of the exit section)."""

_SELF_HOSTED = frozenset(
    {Runtime.OLLAMA, Runtime.LOCAL, Runtime.LMSTUDIO, Runtime.VLLM, Runtime.HUGGINGFACE}
)
"""Runtimes where the team runs the weights itself; the others serve them as a hosted API."""


@dataclass(frozen=True, slots=True)
class WorkflowExit:
    """What one workflow keeps and loses when a vendor exits."""

    workflow: str
    criticality: str | None
    status: ExitStatus
    sentence: str
    """The outcome in one plain sentence a non-engineer understands."""
    withdrawn: tuple[ModelId, ...] = ()
    """The vendor's hosted-only models it calls or offers: they stop."""
    frozen: tuple[ModelId, ...] = ()
    """The vendor's open-weight models it calls or offers: they keep working, no successors."""
    installed: tuple[ModelId, ...] = ()
    """Of `frozen`, those installed where the scan read installs."""
    digest_locked: tuple[ModelId, ...] = ()
    """Of `frozen`, those the lock pins by id or by installed digest."""
    fallback: tuple[ModelId, ...] = ()
    """Models of other vendors its declared fallbacks reach for a withdrawn model."""
    options: tuple[ModelId, ...] = ()
    """Switchable: the options of other vendors that remain."""
    remaining: tuple[ModelId, ...] = ()
    """Models of other vendors it calls or offers, which keep working."""
    lost_fallbacks: tuple[ModelId, ...] = ()
    """The vendor's models it used only as fallbacks: it runs, with less cover."""


@dataclass(frozen=True, slots=True)
class ExitSimulation:
    """What happens to each workflow if one vendor stops serving and releasing models."""

    vendor: Vendor
    requested: bool
    """True for --without, False when the top vendor was simulated by default."""
    models: tuple[ModelId, ...]
    """The lock's models of this lineage vendor."""
    workflows: tuple[WorkflowExit, ...]
    """Every workflow of the lock, sorted by name."""

    def with_status(self, status: ExitStatus) -> tuple[WorkflowExit, ...]:
        """The workflows that end in this status, by name."""
        return tuple(w for w in self.workflows if w.status is status)

    @property
    def stopped(self) -> tuple[WorkflowExit, ...]:
        """The workflows that stop wholly or in part (lost, api-withdrawn)."""
        return tuple(
            w for w in self.workflows if w.status in (ExitStatus.LOST, ExitStatus.API_WITHDRAWN)
        )


def exit_vendor(
    lock: Lock, without: str | None, spell: Callable[[str], str | None]
) -> Vendor | None:
    """The vendor to simulate: `without` as the lock or the catalog spells it, else the top vendor.

    `spell` names a vendor the lock does not hold (`xai` -> `xAI`) from the catalog's
    organisation spellings: its exit changes nothing, and the simulation says so. A name neither
    the lock nor the catalog knows raises UsageError listing the lock's vendors."""
    vendors = _lock_vendors(lock)
    if without is None:
        if lock.concentration.top_vendor:
            return lock.concentration.top_vendor
        counts = {v: sum(m.lineage_vendor == v for m in lock.models) for v in vendors}
        return min(counts, key=lambda v: (-counts[v], v)) if counts else None
    wanted = without.strip().casefold()
    for v in vendors:
        if v.casefold() == wanted:
            return v
    known = spell(without.strip())
    if known is None:
        # Neither the lock nor the catalog knows the name: most likely a typo.
        listed = ", ".join(vendors) if vendors else "none (the lock has no models)"
        raise UsageError(
            f"--without {without!r}: no model in the lock is from that vendor; "
            f"vendors in the lock: {listed}"
        )
    return Vendor(known)


def _lock_vendors(lock: Lock) -> list[Vendor]:
    found = {m.lineage_vendor for m in lock.models}
    for w in lock.workflows:
        found.update(w.vendors)
    found.update(s.vendor for s in lock.concentration.by_workflows)
    return sorted(found, key=str.lower)


def simulate(
    vendor: Vendor,
    requested: bool,
    lock: Lock,
    primaries: Mapping[str, tuple[ModelId, ...]],
    resolver: FallbackResolver,
) -> ExitSimulation:
    """The exit of `vendor`, workflow by workflow (sorted by name)."""
    models = {m.id: m for m in lock.models}
    out = [
        _workflow_exit(w, _uses(w, primaries[w.name]), vendor, models, resolver)
        for w in sorted(lock.workflows, key=lambda w: w.name)
    ]
    return ExitSimulation(
        vendor=vendor,
        requested=requested,
        models=tuple(sorted(m.id for m in lock.models if m.lineage_vendor == vendor)),
        workflows=tuple(out),
    )


def _uses(w: WorkflowInfo, primary: tuple[ModelId, ...]) -> dict[ModelId, ModelUse]:
    """The lock's uses, or (a lock without them) its primary models as calls, others fallbacks."""
    recorded = {u.model: u.use for u in w.uses}
    if recorded:
        return recorded
    uses = dict.fromkeys(w.models, ModelUse.FALLBACK)
    uses.update(dict.fromkeys(primary, ModelUse.CALLS))
    return uses


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _names(ids: tuple[ModelId, ...] | list[ModelId]) -> str:
    shown = [display_name(m) for m in ids]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _workflow_exit(
    w: WorkflowInfo,
    uses: dict[ModelId, ModelUse],
    vendor: Vendor,
    models: Mapping[ModelId, LockedModel],
    resolver: FallbackResolver,
) -> WorkflowExit:
    used = sorted(m for m, u in uses.items() if u is not ModelUse.FALLBACK)
    mine = [m for m in used if resolver.vendor(m) == vendor]
    others = tuple(m for m in used if resolver.vendor(m) != vendor)
    backups = {m for m, u in uses.items() if u is ModelUse.FALLBACK}
    for m in used:
        backups |= resolver.reachable(w.name, m)
    lost_fallbacks = tuple(sorted(m for m in backups - set(used) if resolver.vendor(m) == vendor))
    template = WorkflowExit(w.name, w.criticality, ExitStatus.UNAFFECTED, "")
    name = f"{w.name} ({w.criticality})" if w.criticality else w.name
    if not mine:
        sentence = f"{name} keeps working: it uses no {vendor} model"
        if lost_fallbacks:
            sentence += f", but loses its fallback {_names(lost_fallbacks)}"
        return replace(
            template, sentence=sentence + ".", remaining=others, lost_fallbacks=lost_fallbacks
        )
    # Open weights served by the exiting vendor's own API stop with it (they could be run
    # elsewhere, which the sentence says); open weights run or hosted elsewhere are frozen.
    withdrawn = tuple(m for m in mine if not _runs_on(models.get(m), vendor))
    frozen = tuple(m for m in mine if _runs_on(models.get(m), vendor))
    installed = tuple(m for m in frozen if (lm := models.get(m)) and lm.installed)
    locked = tuple(m for m in frozen if (lm := models.get(m)) and lm.pin in _LOCKED)
    template = replace(
        template,
        withdrawn=withdrawn,
        frozen=frozen,
        installed=installed,
        digest_locked=locked,
        remaining=others,
        lost_fallbacks=lost_fallbacks,
    )
    options = tuple(
        m
        for m, u in sorted(uses.items())
        if u is ModelUse.OPTION and resolver.vendor(m) not in (vendor, UNKNOWN_VENDOR)
    )
    if w.switchable and options:
        dropped = _names(mine)
        vendors = sorted({resolver.vendor(m) for m in options}, key=str.lower)
        sentence = (
            f"{name} keeps working: users pick among {_count(len(options), 'model')} of "
            f"{_count(len(vendors), 'other vendor')} ({', '.join(vendors)}) and lose {dropped}"
        )
        defaults = [m for m in mine if uses[m] is ModelUse.CALLS]
        if defaults:
            sentence += f"; its default {_names(defaults)} must change to one of them"
        return replace(
            template, status=ExitStatus.SWITCHABLE, sentence=sentence + ".", options=options
        )
    gone = {vendor, UNKNOWN_VENDOR}
    covered: set[ModelId] = set()
    uncovered: list[ModelId] = []
    # The workflow analysis saw a cross-vendor fallback that the lock may not name by model.
    trusted = w.cross_vendor_fallback and bool(set(w.fallback_vendors) - gone)
    for m in withdrawn:
        # A fallback to a model nobody can identify is no proof of another vendor.
        reach = {t for t in resolver.reachable(w.name, m) if resolver.vendor(t) not in gone}
        covered |= reach
        if not reach:
            uncovered.append(m)
    if not covered and trusted:
        # No withdrawn model names its fallback: the workflow's cross-vendor one covers them.
        covered = {t for t in backups if resolver.vendor(t) not in gone}
        uncovered = []
    frozen_part = _frozen_clause(frozen, installed, locked, models, vendor) if frozen else ""
    if not withdrawn:
        sentence = f"{name} keeps working on {frozen_part}"
        return replace(template, status=ExitStatus.FROZEN, sentence=sentence + ".")
    if not uncovered:
        backup = f"its fallback {_names(sorted(covered))}" if covered else (
            f"its fallback to {', '.join(sorted(set(w.fallback_vendors) - gone))}"
        )
        sentence = (
            f"{name} keeps working: when {vendor} withdraws {_names(withdrawn)}, "
            f"{backup} takes over"
        )
        if frozen_part:
            sentence += f"; it also runs {frozen_part}"
        return replace(
            template,
            status=ExitStatus.DEGRADED,
            sentence=sentence + ".",
            fallback=tuple(sorted(covered)),
        )
    still = [*others, *frozen]
    if not still:
        sentence = (
            f"{name} stops working: {vendor} withdraws {_names(uncovered)}, which it calls, "
            f"and it has no fallback to another vendor{_self_hostable(uncovered, models)}"
        )
        return replace(template, status=ExitStatus.LOST, sentence=sentence + ".")
    verb = "keeps" if len(still) == 1 else "keep"
    sentence = (
        f"{name} partly stops: {vendor} withdraws {_names(uncovered)}, which it calls with no "
        f"fallback to another vendor{_self_hostable(uncovered, models)}; {_names(still)} {verb} "
        "working"
    )
    return replace(
        template,
        status=ExitStatus.API_WITHDRAWN,
        sentence=sentence + ".",
        fallback=tuple(sorted(covered)),
    )


_LOCKED = (PinStatus.PINNED, PinStatus.DIGEST, PinStatus.LOCAL)


_OWN_API = {
    Runtime.OPENAI: "OpenAI",
    Runtime.ANTHROPIC: "Anthropic",
    Runtime.GOOGLE: "Google",
    Runtime.VERTEX: "Google",
    Runtime.MISTRAL: "Mistral AI",
    Runtime.COHERE: "Cohere",
    Runtime.XAI: "xAI",
    Runtime.DEEPSEEK: "DeepSeek",
}
"""Runtimes that are one vendor's own API."""


def _runs_on(model: LockedModel | None, vendor: Vendor) -> bool:
    """Open weights that keep running when `vendor` exits: not served by its own API."""
    if model is None or not model.open_weights:
        return False
    return _OWN_API.get(model.runtime, "").casefold() != vendor.casefold()


def _self_hostable(ids: list[ModelId], models: Mapping[ModelId, LockedModel]) -> str:
    open_ids = [m for m in ids if (lm := models.get(m)) is not None and lm.open_weights]
    if not open_ids:
        return ""
    verb = "is" if len(open_ids) == 1 else "are"
    return f" ({_names(open_ids)} {verb} open weights that could be run elsewhere)"


def _frozen_clause(
    frozen: tuple[ModelId, ...],
    installed: tuple[ModelId, ...],
    locked: tuple[ModelId, ...],
    models: Mapping[ModelId, LockedModel],
    vendor: Vendor,
) -> str:
    """`Meta's open weights llama3.1:8b (installed here and locked by digest), which will get no
    new releases from Meta`."""
    parts = []
    for m in frozen:
        lm = models.get(m)
        if m in installed:
            where = (
                "installed here and locked by digest"
                if lm is not None and lm.pin is PinStatus.DIGEST
                else "installed here and pinned"
                if m in locked
                else "installed here, not locked by digest"
            )
        elif lm is not None and lm.runtime not in _SELF_HOSTED:
            where = (
                f"served by {lm.runtime.value}, which may retire it; "
                "the weights can be run elsewhere"
            )
        elif lm is not None and lm.installed is False:
            where = "not installed here; it can still be pulled"
        else:
            where = "still downloadable"
        parts.append(f"{display_name(m)} ({where})")
    listing = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{vendor}'s open weights {listing}, which will get no new releases from {vendor}"
