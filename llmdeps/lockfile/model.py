"""The lock: the inventory as it is written to `llmdeps.lock` and read back by check and report.

Nothing here holds a line number or a timestamp: the lock changes only when a dependency does.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmdeps.model import (
    FallbackStyle,
    GgufInfo,
    ModelId,
    ModelUse,
    PinStatus,
    RefKind,
    Runtime,
    Vendor,
)

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class LockedReference:
    """A reference as the lock records it: file and stable context, no line."""

    path: str
    context: str
    model: str
    """As written in the source."""
    model_id: ModelId
    """Canonical id of the model it resolves to (key into Lock.models)."""
    kind: RefKind
    runtime: Runtime
    workflow: str
    env_var: str | None = None
    revision: str | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class LockedInstall:
    """Where a model is installed and the exact artifact there."""

    source: str
    name: str
    digest: str
    weights_digest: str | None = None
    size: int | None = None
    format: str | None = None
    family: str | None = None
    parameter_size: str | None = None
    quantization: str | None = None
    license_id: str | None = None
    lineage_vendor: Vendor | None = None
    gguf: GgufInfo | None = None


@dataclass(frozen=True, slots=True)
class LockedModel:
    """One model the project depends on (or has installed)."""

    id: ModelId
    runtime: Runtime
    name: str
    version: str | None
    pin: PinStatus
    vendor: Vendor
    lineage_vendor: Vendor
    family: str
    license: str
    open_weights: bool | None
    task: str
    parameters_b: float | None
    workflows: tuple[str, ...]
    installs: tuple[LockedInstall, ...] = ()
    installed: bool | None = None
    """True/False once Ollama installs were read for an Ollama model; None when not read."""
    catalog_vendor: Vendor | None = None
    """The catalog's guess when the artifact said otherwise (both are recorded)."""
    catalog_license: str | None = None
    known: bool = True


@dataclass(frozen=True, slots=True)
class LockedFallback:
    """A declared fallback, by file and context."""

    path: str
    context: str
    primary: str
    targets: tuple[str, ...]
    style: FallbackStyle
    workflow: str


@dataclass(frozen=True, slots=True)
class LockedPackage:
    """A model-layer package as one manifest or lock file declares it: no line number."""

    ecosystem: str
    """`PyPI`, `npm`, `Go` (as OSV spells them)."""
    name: str
    file: str
    key: str
    """Where in the file: `project.dependencies`, `packages.litellm`, `require`."""
    role: str
    """gateway, sdk, framework or runtime (`catalog/packages.yaml`)."""
    spec: str | None = None
    """As written in a manifest; none in a lock file."""
    version: str | None = None
    """Resolved by a lock file, or exactly pinned by the spec."""
    pinned: bool = False
    hashed: bool = False
    locked: bool = False
    """The version comes from a lock file."""
    workflow: str | None = None
    """The workflow the file belongs to, when it belongs to one of the lock's workflows."""


@dataclass(frozen=True, slots=True)
class WorkflowInfo:
    """A named job that depends on models."""

    name: str
    paths: tuple[str, ...]
    """Globs from config, or the default grouping's directory / CI file."""
    models: tuple[ModelId, ...]
    vendors: tuple[Vendor, ...]
    """Lineage vendors of its models, sorted."""
    configurable: bool
    """Every model choice can be changed without a code change (env var, config file)."""
    has_fallback: bool
    cross_vendor_fallback: bool
    """A fallback chain reaches a model of a different lineage vendor."""
    fallback_vendors: tuple[Vendor, ...] = ()
    owner: str | None = None
    criticality: str | None = None
    weight: float = 1.0
    uses: tuple[WorkflowModel, ...] = ()
    """How the workflow depends on each of its models (calls, fallback, option), by model id;
    empty in locks written before issue 10 (the report recomputes it from the references)."""
    switchable: bool = False
    """Its models are runtime options across several lineage vendors: losing one vendor removes
    options, it does not stop the workflow."""


@dataclass(frozen=True, slots=True)
class WorkflowModel:
    """One model of a workflow and how the workflow depends on it."""

    model: ModelId
    use: ModelUse


@dataclass(frozen=True, slots=True)
class VendorShare:
    """A lineage vendor's share of workflows or references."""

    vendor: Vendor
    share: float
    count: float


@dataclass(frozen=True, slots=True)
class Concentration:
    """Vendor concentration figures (see README: Metrics)."""

    by_workflows: tuple[VendorShare, ...]
    by_references: tuple[VendorShare, ...]
    top_vendor: Vendor | None
    top_share: float
    hhi: int
    """Herfindahl-Hirschman index over workflow-weighted vendor shares, 0..10000."""
    portability: float
    """Share of workflows that are configurable and have a cross-vendor fallback."""


EMPTY_CONCENTRATION = Concentration((), (), None, 0.0, 0, 0.0)


@dataclass(frozen=True, slots=True)
class Lock:
    """The whole inventory."""

    tool_version: str
    models: tuple[LockedModel, ...]
    workflows: tuple[WorkflowInfo, ...]
    references: tuple[LockedReference, ...]
    fallbacks: tuple[LockedFallback, ...]
    concentration: Concentration
    unreferenced_installs: tuple[LockedInstall, ...] = ()
    install_sources: tuple[str, ...] = ()
    """Ollama servers and stores that were read for this lock."""
    schema_version: int = SCHEMA_VERSION
    packages: tuple[LockedPackage, ...] = ()
    """The model layer's packages (gateways, SDKs, frameworks, runtimes), sorted by file, key,
    ecosystem and name."""

    def model(self, model_id: str) -> LockedModel | None:
        """The model with this canonical id, if any."""
        for m in self.models:
            if m.id == model_id:
                return m
        return None
