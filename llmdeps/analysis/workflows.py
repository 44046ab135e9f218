"""Group references into workflows and say, per workflow, how easily it could change vendor.

Assignment (every reference and fallback belongs to exactly one workflow):

1. the first workflow in the config, in the order written, whose globs match the path
   (gitignore-style, `**` supported);
2. else a CI workflow file is its own workflow: `.github/workflows/nightly.yml` -> `ci:nightly`,
   `.gitlab-ci.yml` -> `ci:gitlab`;
3. else the top-level directory (`service/app.py` -> `service`); in a src layout the package
   (`src/pkg/mod.py` -> `pkg`);
4. files at the root -> `(root)`.

A workflow is configurable when every reference that picks its model can be switched without a
code change: an env var or setting overrides it, it stands in a config file, `.env` or Modelfile,
or it names a proxy group. Test references only follow the choice and do not count.

Which fallbacks protect a workflow, and what their names mean, is `analysis/fallbacks.py`'s job
(its docstring describes each style). Here they are judged by lineage vendor: a fallback is
cross-vendor when a target reaches a lineage vendor the primary does not have; a model group whose
deployments have different vendors is one too. `unknown` never counts as a different vendor: a
fallback nobody can identify is not proof of portability. A workflow has a cross-vendor fallback
when any of its fallbacks is cross-vendor.
"""

from __future__ import annotations

from collections import defaultdict

from llmdeps.analysis.fallbacks import FallbackResolver, is_default, proxy_group
from llmdeps.config import Config
from llmdeps.inventory import assign_workflow as assign_workflow
from llmdeps.inventory import default_group
from llmdeps.lockfile.model import (
    LockedFallback,
    LockedModel,
    LockedReference,
    WorkflowInfo,
    WorkflowModel,
)
from llmdeps.model import UNKNOWN_VENDOR, FallbackStyle, ModelId, ModelUse, RefKind, Vendor

# Reference kinds whose value a deployment can change without touching code.
_CONFIGURABLE_KINDS = frozenset(
    {RefKind.ENV, RefKind.CONFIG, RefKind.ENV_DEFAULT, RefKind.MODELFILE}
)
# Kinds that follow a model choice rather than make one: a test asserting a model name does not
# decide which model the workflow runs.
_NOT_A_CHOICE = frozenset({RefKind.TEST})
# Kinds a fallback target is written with when it is not a call of its own: a LiteLLM deployment
# entry, or a name written only in a fallbacks list.
_BACKUP_KINDS = frozenset({RefKind.CONFIG, RefKind.FALLBACK})


def model_uses(
    workflow: str, refs: list[LockedReference], resolver: FallbackResolver
) -> dict[ModelId, ModelUse]:
    """How the workflow depends on each model its references name (README: issue 10).

    * fallback: every reference to it is a fallback target, or a config entry or a name a declared
      fallback lists as a target (`.with_fallbacks([ChatOllama(model=...)])`), of a model another
      of the workflow's models falls back to;
    * option: some reference offers it as a runtime choice (`RefKind.CATALOG`: model lists,
      provider registries, settings enums);
    * calls: the rest. A workflow whose every model is fallback-only calls them all.
    """
    by_model: dict[ModelId, list[LockedReference]] = defaultdict(list)
    for r in refs:
        by_model[r.model_id].append(r)
    backups: set[ModelId] = set()
    for mid in by_model:
        backups |= resolver.backups(workflow, mid)
    uses: dict[ModelId, ModelUse] = {}
    for mid in sorted(by_model):
        mine = [r for r in by_model[mid] if r.kind not in _NOT_A_CHOICE] or by_model[mid]
        if all(r.kind is RefKind.FALLBACK for r in mine) or (
            mid in backups
            and all(r.kind in _BACKUP_KINDS or resolver.is_target(r) for r in mine)
        ):
            uses[mid] = ModelUse.FALLBACK
        elif any(r.kind is RefKind.CATALOG for r in mine):
            uses[mid] = ModelUse.OPTION
        else:
            uses[mid] = ModelUse.CALLS
    if uses and all(u is ModelUse.FALLBACK for u in uses.values()):
        return dict.fromkeys(uses, ModelUse.CALLS)
    return uses


def is_switchable(uses: dict[ModelId, ModelUse], resolver: FallbackResolver) -> bool:
    """True when the workflow's options span several known lineage vendors."""
    vendors = {resolver.vendor(m) for m, u in uses.items() if u is ModelUse.OPTION}
    return len(vendors - {UNKNOWN_VENDOR}) > 1


def _is_configurable(ref: LockedReference) -> bool:
    return ref.env_var is not None or ref.kind in _CONFIGURABLE_KINDS or ref.group is not None


def _configurable(refs: list[LockedReference]) -> bool:
    choices = [r for r in refs if r.kind not in _NOT_A_CHOICE] or refs
    return bool(choices) and all(_is_configurable(r) for r in choices)


def _reaches_other_vendor(primary: set[Vendor], targets: set[Vendor]) -> bool:
    return any(v != UNKNOWN_VENDOR and v not in primary for v in targets)


def _fallback_outcome(
    fb: LockedFallback, groups: set[str], vendors: set[Vendor], resolver: FallbackResolver
) -> tuple[bool, set[Vendor]]:
    """(cross-vendor, vendors the fallback reaches) for one fallback as seen by one workflow."""
    targets = resolver.vendors(fb.targets)
    if fb.style is FallbackStyle.MODEL_GROUP:
        # Several deployments behind one name: the router moves between them on failure.
        deployments = resolver.vendors((fb.primary,)) | targets
        known = deployments - {UNKNOWN_VENDOR}
        return len(known) > 1, deployments
    if is_default(fb):
        # default_fallbacks apply to every group without a specific entry (a specific entry wins).
        if not groups:
            return _reaches_other_vendor(vendors, targets), targets
        covered = resolver.under_default(groups)
        cross = any(_reaches_other_vendor(resolver.vendors((g,)), targets) for g in covered)
        return cross, targets
    primary = resolver.vendors((fb.primary,)) or vendors
    return _reaches_other_vendor(primary, targets), targets


def build_workflows(
    references: tuple[LockedReference, ...],
    fallbacks: tuple[LockedFallback, ...],
    models: dict[ModelId, LockedModel],
    config: Config,
) -> tuple[WorkflowInfo, ...]:
    """One WorkflowInfo per workflow that references a model, sorted by name."""
    resolver = FallbackResolver(references, models, fallbacks)
    by_workflow: dict[str, list[LockedReference]] = defaultdict(list)
    for r in references:
        by_workflow[r.workflow].append(r)
    specs = {w.name: w for w in config.workflows}
    out: list[WorkflowInfo] = []
    for name in sorted(by_workflow):
        refs = by_workflow[name]
        model_ids = sorted({r.model_id for r in refs})
        uses = model_uses(name, refs, resolver)
        # The vendors a workflow depends on are those it calls or offers, not its backups'.
        vendors = {resolver.vendor(m) for m in model_ids if uses[m] is not ModelUse.FALLBACK}
        groups = {g for r in refs if (g := proxy_group(r))}
        own = resolver.protecting(name, refs)
        cross = False
        reached: set[Vendor] = set()
        for fb in own:
            is_cross, fb_vendors = _fallback_outcome(fb, groups, vendors, resolver)
            cross = cross or is_cross
            reached |= fb_vendors
        spec = specs.get(name)
        criticality = spec.criticality if spec else None
        default_paths = tuple(sorted({default_group(r.path)[1] for r in refs}))
        paths = spec.paths if spec else default_paths
        out.append(
            WorkflowInfo(
                name=name,
                paths=paths,
                models=tuple(model_ids),
                vendors=tuple(sorted(vendors)),
                # A backup written in code does not make the choice of model a code change.
                configurable=_configurable(
                    [r for r in refs if uses[r.model_id] is not ModelUse.FALLBACK]
                ),
                has_fallback=bool(own),
                cross_vendor_fallback=cross,
                fallback_vendors=tuple(sorted(reached)),
                owner=spec.owner if spec else None,
                criticality=criticality,
                weight=config.criticality_weights.get(criticality, 1.0) if criticality else 1.0,
                uses=tuple(WorkflowModel(m, uses[m]) for m in model_ids),
                switchable=is_switchable(uses, resolver),
            )
        )
    return tuple(out)
