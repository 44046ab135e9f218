"""ScanResult + catalog + config -> Inventory: each reference identified and given its workflow,
each model with the installs that match it. No analysis: workflows and concentration come later.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pathspec

from llmdeps.catalog import Catalog
from llmdeps.catalog.declared import declare
from llmdeps.config import Config, WorkflowSpec
from llmdeps.lockfile.model import (
    Lock,
    LockedFallback,
    LockedInstall,
    LockedModel,
    LockedReference,
)
from llmdeps.model import (
    UNKNOWN_FAMILY,
    UNKNOWN_LICENSE,
    UNKNOWN_VENDOR,
    Install,
    InstallLocation,
    ModelId,
    ModelIdentity,
    PinStatus,
    Reference,
    RefKind,
    Runtime,
    ScanResult,
    Vendor,
)
from llmdeps.sources.providers import is_ollama_url
from llmdeps.sources.sourceurl import model_source

ROOT = "(root)"
"""The workflow of files at the top of the repository."""


@dataclass(frozen=True, slots=True)
class ResolvedReference:
    """A reference as the scan saw it (with its position), resolved to the model it names."""

    reference: Reference
    identity: ModelIdentity
    group: str | None
    """The proxy group it is called through or serves under (LiteLLM `model_name`)."""
    workflow: str

    @property
    def locked(self) -> LockedReference:
        """What the lock records of it: no line, no column."""
        ref, loc = self.reference, self.reference.location
        return LockedReference(
            path=loc.path,
            context=loc.context,
            model=ref.model,
            model_id=self.identity.canonical_id,
            kind=ref.kind,
            runtime=ref.runtime,
            workflow=self.workflow,
            env_var=ref.env_var,
            revision=ref.revision,
            group=self.group,
        )


@dataclass(frozen=True, slots=True)
class Inventory:
    """What the repository depends on, before any analysis: the lock without its workflows and
    concentration, plus every reference with its position."""

    scan: ScanResult
    resolved: tuple[ResolvedReference, ...]
    """Every reference in scan order, a call to a proxy group once per deployment; test
    placeholders left out."""
    references: tuple[LockedReference, ...]
    """The references as the lock records them: distinct, sorted."""
    fallbacks: tuple[LockedFallback, ...]
    models: tuple[LockedModel, ...]
    """Sorted by id, with their installs and what those say about lineage and licence."""
    unreferenced_installs: tuple[LockedInstall, ...]
    install_sources: tuple[str, ...]
    """The servers and stores the installs come from."""
    package_workflows: Mapping[str, str] = field(default_factory=dict)
    """Manifest or lock file -> the workflow its directory belongs to."""

    def model_map(self) -> dict[ModelId, LockedModel]:
        """The models by id."""
        return {m.id: m for m in self.models}


@functools.lru_cache(maxsize=64)
def _specs(
    workflows: tuple[WorkflowSpec, ...],
) -> tuple[tuple[WorkflowSpec, pathspec.GitIgnoreSpec], ...]:
    return tuple((w, pathspec.GitIgnoreSpec.from_lines(w.paths)) for w in workflows)


def _configured(path: str, config: Config) -> WorkflowSpec | None:
    for spec, matcher in _specs(config.workflows):
        if matcher.match_file(path):
            return spec
    return None


def _ci_name(path: str) -> str | None:
    parts = path.split("/")
    if (
        len(parts) == 3
        and parts[:2] == [".github", "workflows"]
        and parts[2].endswith((".yml", ".yaml"))
    ):
        return "ci:" + parts[2].rsplit(".", 1)[0]
    if path in (".gitlab-ci.yml", ".gitlab-ci.yaml"):
        return "ci:gitlab"
    return None


def default_group(path: str) -> tuple[str, str]:
    """(workflow name, the directory or file it stands for) without config."""
    ci = _ci_name(path)
    if ci:
        return ci, path
    parts = path.split("/")
    if len(parts) == 1:
        return ROOT, path
    if parts[0] == "src" and len(parts) >= 3:
        return parts[1], f"src/{parts[1]}/"
    return parts[0], f"{parts[0]}/"


def assign_workflow(path: str, config: Config) -> str:
    """The workflow a file belongs to: configured globs in config order, else the default group."""
    spec = _configured(path, config)
    return spec.name if spec else default_group(path)[0]


def _runtime_hint(ref: Reference) -> Runtime:
    """An OpenAI-compatible client pointed at Ollama is an Ollama dependency (REFERENCE.md 1.6)."""
    if ref.base_url and is_ollama_url(ref.base_url):
        return Runtime.OLLAMA
    return ref.runtime


def identify(ref: Reference, catalog: Catalog) -> ModelIdentity:
    """What the catalog says about the model a reference names."""
    if ref.kind is RefKind.LOCAL_FILE:
        local = ModelIdentity(
            canonical_id=ModelId(f"local/{ref.model}"),
            runtime=Runtime.LOCAL,
            name=ref.model,
            version=None,
            vendor=UNKNOWN_VENDOR,
            lineage_vendor=UNKNOWN_VENDOR,
            family=UNKNOWN_FAMILY,
            license=UNKNOWN_LICENSE,
            open_weights=True,
            pin=PinStatus.LOCAL,
            known=False,
        )
        if ref.downloaded_from:  # a folder a visible download step filled: the hub id's facts
            hub = catalog.identify(ref.downloaded_from, Runtime.HUGGINGFACE, None)
            if hub.known:
                local = replace(
                    local,
                    vendor=hub.vendor,
                    lineage_vendor=hub.lineage_vendor,
                    family=hub.family,
                    license=hub.license,
                    task=hub.task,
                    parameters_b=hub.parameters_b,
                    source=hub.source,
                )
        return local
    return catalog.identify(ref.model, _runtime_hint(ref), ref.revision)


def _locked_install(install: Install, catalog: Catalog) -> LockedInstall:
    return LockedInstall(
        source=install.location.lock_text(),
        name=install.name,
        digest=install.digest,
        weights_digest=install.weights_digest,
        size=install.size,
        format=install.format,
        family=install.family,
        parameter_size=install.parameter_size,
        quantization=install.quantization,
        license_id=install.license_id,
        lineage_vendor=install.lineage_vendor or artifact_vendor(install, catalog),
        gguf=install.gguf,
        revision=install.revision,
        refs=install.refs,
        files=install.files,
        server=install.server,
        served_from=install.served_from,
        context_length=install.context_length,
    )


def artifact_vendor(install: Install, catalog: Catalog) -> Vendor | None:
    """The base model's vendor as the weights say: GGUF base_model.N, then organization."""
    gguf = install.gguf
    if gguf is None:
        return None
    candidates: list[str] = []
    for base in gguf.base_models:
        candidates += [x for x in (base.organization, base.repo_url, base.name) if x]
    candidates += [x for x in (gguf.organization,) if x]
    for candidate in candidates:
        org = candidate.rstrip("/").split("/")[-2] if "/" in candidate else candidate
        vendor = catalog.vendor_for_organization(org)
        if vendor:
            return vendor
    return None


def _merge_artifact(model: LockedModel, installs: Sequence[LockedInstall]) -> LockedModel:
    """What the artifact says outranks the catalog's guess from the name; both are recorded."""
    vendors = sorted({i.lineage_vendor for i in installs if i.lineage_vendor})
    licenses = sorted({i.license_id for i in installs if i.license_id})
    changes: dict[str, object] = {}
    if len(vendors) == 1 and vendors[0] != model.lineage_vendor:
        changes.update(lineage_vendor=vendors[0], catalog_vendor=model.lineage_vendor)
    if len(licenses) == 1 and licenses[0] != model.license:
        changes.update(license=licenses[0], catalog_license=model.license)
    if installs and model.pin is PinStatus.FLOATING:
        changes["pin"] = PinStatus.DIGEST
    if installs and model.open_weights is None:
        changes["open_weights"] = True
    return replace(model, **changes) if changes else model  # type: ignore[arg-type]


def _installs_for(identity: ModelIdentity, installs: Iterable[Install]) -> list[Install]:
    """The installs of this model, as the source that found each one matches names."""
    from llmdeps.sources.registry import serves, source_of  # every detector: scans only

    wanted = identity.canonical_id.split("/", 1)[-1]
    hits = []
    for install in installs:
        source = source_of(install)
        if source is None or identity.runtime not in serves(source):
            continue
        if source.same_model(wanted, install):
            hits.append(install)
    return hits


def _judged(identity: ModelIdentity, runtimes_read: Iterable[Runtime]) -> bool:
    """Whether a source read in this run can say this model is not installed."""
    from llmdeps.sources.registry import native, sources_of_runtime

    return any(
        identity.runtime in native(source)
        for runtime in runtimes_read
        for source in sources_of_runtime(runtime)
    )


def resolve_groups(
    references: Sequence[Reference], catalog: Catalog
) -> list[tuple[Reference, ModelIdentity, str | None]]:
    """Identify each reference; a call that names a LiteLLM model group (`model="triage"` sent to
    the proxy) depends on every deployment of that group, so it resolves to each of them."""
    deployments: dict[str, list[Reference]] = defaultdict(list)
    for r in references:
        if r.group and r.group != "*":
            deployments[r.group].append(r)
    out: list[tuple[Reference, ModelIdentity, str | None]] = []
    for r in references:
        targets = deployments.get(r.model, []) if r.group is None else []
        expanded: list[tuple[Reference, ModelIdentity, str | None]] = [
            (r, identify(t, catalog), r.model) for t in targets if t.model != r.model
        ]
        resolved = expanded or [(r, identify(r, catalog), r.group)]
        out += [item for item in resolved if not is_placeholder(r, item[1])]
    return out


def is_placeholder(ref: Reference, identity: ModelIdentity) -> bool:
    """A test naming an id the catalog does not know (`dummy`, `test/model`) talks to a mock, not
    to a model: it pins nothing and is left out. A test pinned to a real model still counts, and so
    does one that downloads a model by its source URL (`huggingface://org/repo/x.gguf`)."""
    if ref.kind is not RefKind.TEST or identity.known or identity.runtime is Runtime.LOCAL:
        return False
    return model_source(ref.model) is None


def _locked_ref_key(r: LockedReference) -> tuple[str, str, str, str, str]:
    return (r.path, r.context, r.model, r.kind.value, r.model_id)


def build_inventory(
    scan: ScanResult, catalog: Catalog, config: Config, prior: Lock | None = None
) -> Inventory:
    """Identify what the sources found, give each reference its workflow, match the installs.

    Installs are machine state. When this run read no Ollama server or store and a `prior` lock
    recorded installs, that record stands for the models it knew (digest pins, artifact lineage),
    so a scan or check on a machine without Ollama neither wipes nor contradicts it. It is applied
    here, before any analysis, because the lineage vendors the analysis counts depend on it.
    """
    carry = None
    if prior is not None and prior.install_sources and not scan.install_sources:
        carry = prior
    resolved = tuple(
        ResolvedReference(
            ref,
            # The team's own `models:` outrank the catalog; installed artifacts outrank both.
            declare(ident, ref.model, config.models, config.source) if config.models else ident,
            group,
            assign_workflow(ref.location.path, config),
        )
        for ref, ident, group in resolve_groups(scan.references, catalog)
    )
    references = tuple(sorted({r.locked for r in resolved}, key=_locked_ref_key))
    identities = {r.identity.canonical_id: r.identity for r in resolved}
    by_model: dict[str, set[str]] = defaultdict(set)
    for locked in references:
        by_model[locked.model_id].add(locked.workflow)
    read_any = bool(scan.install_sources)
    matched: set[tuple[InstallLocation, str]] = set()
    models: list[LockedModel] = []
    for ident in (identities[k] for k in sorted(identities)):
        hits = _installs_for(ident, scan.installs)
        matched.update((i.location, i.name) for i in hits)
        installs = tuple(
            sorted(
                (_locked_install(i, catalog) for i in hits),
                key=lambda i: (i.source, i.name, i.revision or ""),
            )
        )
        known = carry.model(ident.canonical_id) if carry is not None else None
        if known is not None:
            installs = known.installs
        model = LockedModel(
            id=ident.canonical_id,
            runtime=ident.runtime,
            name=ident.name,
            version=ident.version,
            pin=ident.pin,
            vendor=ident.vendor,
            lineage_vendor=ident.lineage_vendor,
            family=ident.family,
            license=ident.license,
            open_weights=ident.open_weights,
            task=ident.task,
            parameters_b=ident.parameters_b,
            workflows=tuple(sorted(by_model[ident.canonical_id])),
            installs=installs,
            installed=(
                True
                if hits
                else False
                if read_any and _judged(ident, scan.runtimes_read or (Runtime.OLLAMA,))
                else (known.installed if known is not None else None)
            ),
            known=ident.known,
        )
        models.append(_merge_artifact(model, installs))
    fallbacks = tuple(
        sorted(
            {
                LockedFallback(
                    path=f.location.path,
                    context=f.location.context,
                    primary=f.primary,
                    targets=f.targets,
                    style=f.style,
                    workflow=assign_workflow(f.location.path, config),
                )
                for f in scan.fallbacks
            },
            key=lambda f: (f.path, f.context, f.primary, f.style.value, f.targets),
        )
    )
    unreferenced = tuple(
        sorted(
            (
                _locked_install(i, catalog)
                for i in scan.installs
                if (i.location, i.name) not in matched
            ),
            key=lambda i: (i.source, i.name, i.revision or ""),
        )
    )
    sources = tuple(location.lock_text() for location in scan.install_sources)
    if carry is not None:
        unreferenced, sources = carry.unreferenced_installs, carry.install_sources
    return Inventory(
        scan=scan,
        resolved=resolved,
        references=references,
        fallbacks=fallbacks,
        models=tuple(models),
        unreferenced_installs=unreferenced,
        install_sources=sources,
        package_workflows={p.path: assign_workflow(p.path, config) for p in scan.packages},
    )
