"""The lock's derived figures recomputed from its facts: workflows, concentration, model workflows.

The facts are what the scan found (models, references, fallbacks, installs); everything else in
the lock follows from them with the analysis the scan uses. A workflow's declared attributes
(paths, owner, criticality, weight) come from the config, not the facts, so they are taken as the
lock records them: the lock alone is enough to recompute the rest, whatever the config is now.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from llmdeps.analysis.concentration import compute_concentration
from llmdeps.analysis.workflows import build_workflows
from llmdeps.config import Config
from llmdeps.lockfile.model import Lock, LockedModel, LockedReference, WorkflowInfo
from llmdeps.model import ModelId


def model_workflows(references: tuple[LockedReference, ...]) -> dict[ModelId, tuple[str, ...]]:
    """The workflows that reference each model, sorted (a model no reference names has none)."""
    by_model: dict[ModelId, set[str]] = defaultdict(set)
    for r in references:
        by_model[r.model_id].add(r.workflow)
    return {model_id: tuple(sorted(names)) for model_id, names in by_model.items()}


def _declared(computed: WorkflowInfo, stored: WorkflowInfo | None) -> WorkflowInfo:
    if stored is None:
        return computed
    return replace(
        computed,
        paths=stored.paths,
        owner=stored.owner,
        criticality=stored.criticality,
        weight=stored.weight,
    )


def rederive(lock: Lock) -> Lock:
    """The lock with every derived figure recomputed from its facts (equal to `lock` when honest).

    Facts are not repaired: a reference to a model the lock does not list stays, and counts as
    vendor `unknown`, as the scan would count it."""
    workflow_of = model_workflows(lock.references)
    models = tuple(replace(m, workflows=workflow_of.get(m.id, ())) for m in lock.models)
    by_id: dict[ModelId, LockedModel] = {m.id: m for m in models}
    stored = {w.name: w for w in lock.workflows}
    # No config: build_workflows gives default paths and weights, replaced by the declared ones.
    computed = build_workflows(lock.references, lock.fallbacks, by_id, Config())
    workflows = tuple(_declared(w, stored.get(w.name)) for w in computed)
    concentration = compute_concentration(workflows, lock.references, by_id)
    return replace(lock, models=models, workflows=workflows, concentration=concentration)
