"""Inventory + analysis -> Lock: the inventory's records and the analysis' figures, put together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llmdeps import __version__
from llmdeps.lockfile.model import Concentration, Lock, LockedPackage, WorkflowInfo
from llmdeps.sources.packages import role_of

if TYPE_CHECKING:
    from llmdeps.inventory import Inventory


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the analysis adds to an inventory in the lock."""

    workflows: tuple[WorkflowInfo, ...]
    concentration: Concentration


def lock_from(inventory: Inventory, analysis: Analysis) -> Lock:
    """The lock of an inventory (whose installs already account for the prior lock's)."""
    return Lock(
        tool_version=__version__,
        models=inventory.models,
        workflows=analysis.workflows,
        references=inventory.references,
        fallbacks=inventory.fallbacks,
        concentration=analysis.concentration,
        unreferenced_installs=inventory.unreferenced_installs,
        install_sources=inventory.install_sources,
        packages=locked_packages(inventory, analysis.workflows),
    )


def locked_packages(
    inventory: Inventory, workflows: tuple[WorkflowInfo, ...]
) -> tuple[LockedPackage, ...]:
    """The scan's packages as the lock records them: distinct, sorted, no lines; each given the
    workflow its file belongs to when that is one of the lock's workflows."""
    names = {w.name for w in workflows}
    out = set()
    for p in inventory.scan.packages:
        workflow = inventory.package_workflows.get(p.path)
        out.add(
            LockedPackage(
                ecosystem=p.ecosystem.value,
                name=p.name,
                file=p.path,
                key=p.key,
                role=role_of(p.ecosystem, p.name) or "unknown",
                spec=p.spec,
                version=p.version,
                pinned=p.pinned,
                hashed=p.hashed,
                locked=p.locked,
                workflow=workflow if workflow in names else None,
            )
        )
    return tuple(sorted(out, key=package_key))


def package_key(p: LockedPackage) -> tuple[str, str, str, str, str, str]:
    """The lock's order of packages."""
    return (p.file, p.key, p.ecosystem, p.name, p.version or "", p.spec or "")
