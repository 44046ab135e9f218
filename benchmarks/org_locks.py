"""Synthetic, honest locks for the org report's benchmark and tests (issue 14, item 3).

`write_locks(directory, count, vendors=V, seed=S)` writes `count` repositories, each a directory
holding an `llmdeps.lock` whose derived figures are recomputed from its facts (so the report's
integrity check finds nothing): 4 to 9 models from `vendors` lineage vendors, 3 to 9 workflows,
2 to 5 references per workflow, some with a cross-vendor fallback. Same seed, same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from llmdeps.analysis.derived import rederive
from llmdeps.lockfile import dump
from llmdeps.lockfile.model import (
    EMPTY_CONCENTRATION,
    Lock,
    LockedFallback,
    LockedModel,
    LockedReference,
    WorkflowInfo,
)
from llmdeps.model import FallbackStyle, ModelId, PinStatus, RefKind, Runtime, Vendor


def _model(i: int, vendor: str) -> LockedModel:
    slug = vendor.lower().replace(" ", "-")
    return LockedModel(
        id=ModelId(f"ollama/{slug}-model-{i}:7b"),
        runtime=Runtime.OLLAMA,
        name=f"{slug}-model-{i}",
        version="7b",
        pin=PinStatus.PINNED if i % 3 else PinStatus.FLOATING,
        vendor=Vendor(vendor),
        lineage_vendor=Vendor(vendor),
        family=f"{slug}-family",
        license="apache-2.0" if i % 2 else "proprietary",
        open_weights=bool(i % 2),
        task="chat",
        parameters_b=7.0,
        workflows=(),
    )


def make_lock(rng: random.Random, vendors: int) -> Lock:
    """One repository's lock with honest derived figures."""
    names = [f"Vendor {chr(65 + v % 26)}{v // 26 or ''}" for v in range(vendors)]
    # A few vendors dominate, as in a real organisation.
    weights = [1.0 / (1 + v) for v in range(vendors)]
    chosen = [rng.choices(names, weights)[0] for _ in range(rng.randint(4, 9))]
    models = {}
    for v in chosen:
        m = _model(rng.randint(0, 11), v)
        models[m.id] = m
    ids = sorted(models)
    refs: list[LockedReference] = []
    fallbacks: list[LockedFallback] = []
    workflows: list[WorkflowInfo] = []
    for w in range(rng.randint(3, 9)):
        wf = f"workflow-{w}"
        for r in range(rng.randint(2, 5)):
            mid = rng.choice(ids)
            refs.append(
                LockedReference(
                    path=f"{wf}/llm_{r}.py",
                    context=f"{wf}.llm_{r}:chat",
                    model=mid.split("/", 1)[1],
                    model_id=mid,
                    kind=RefKind.CALL,
                    runtime=Runtime.OLLAMA,
                    workflow=wf,
                )
            )
        if rng.random() < 0.3:
            target = rng.choice(ids)
            fallbacks.append(
                LockedFallback(
                    f"{wf}/router.py",
                    f"{wf}.router:fallbacks",
                    refs[-1].model,
                    (target.split("/", 1)[1],),
                    FallbackStyle.LITELLM_CALL,
                    wf,
                )
            )
        workflows.append(
            WorkflowInfo(wf, (f"{wf}/**",), (), (), False, False, False, criticality=None)
        )
    lock = Lock(
        tool_version="0.1.0",
        models=tuple(models[i] for i in ids),
        workflows=tuple(workflows),
        references=tuple(sorted(refs, key=lambda r: (r.path, r.context, r.model_id))),
        fallbacks=tuple(fallbacks),
        concentration=EMPTY_CONCENTRATION,
    )
    return rederive(lock)


def write_locks(directory: Path, count: int, *, vendors: int = 12, seed: int = 14) -> list[Path]:
    """`count` repositories `repo-0000` ... under `directory`; their directories."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        repo = directory / f"repo-{i:04d}"
        repo.mkdir(parents=True, exist_ok=True)
        (repo / "llmdeps.lock").write_text(dump(make_lock(rng, vendors)), encoding="utf-8")
        out.append(repo)
    return out
