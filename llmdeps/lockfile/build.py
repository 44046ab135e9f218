"""Inventory + analysis -> Lock: the inventory's records and the analysis' figures, put together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llmdeps import __version__
from llmdeps.lockfile.model import Concentration, Lock, WorkflowInfo

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
    )
