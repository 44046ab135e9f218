"""ScanResult + catalog -> Lock: identify each reference, group by model, attach installs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from llmdeps import __version__
from llmdeps.analysis.concentration import compute_concentration
from llmdeps.analysis.workflows import assign_workflow, build_workflows
from llmdeps.catalog import Catalog
from llmdeps.config import Config
from llmdeps.lockfile.model import Lock, LockedFallback, LockedInstall, LockedModel, LockedReference
from llmdeps.model import (
    Install,
    InstallLocation,
    ModelIdentity,
    PinStatus,
    Reference,
    RefKind,
    Runtime,
    ScanResult,
)
from llmdeps.sources.providers import is_ollama_url
from llmdeps.sources.registry import source_of


def _runtime_hint(ref: Reference) -> Runtime:
    """An OpenAI-compatible client pointed at Ollama is an Ollama dependency (REFERENCE.md 1.6)."""
    if ref.base_url and is_ollama_url(ref.base_url):
        return Runtime.OLLAMA
    return ref.runtime


def identify(ref: Reference, catalog: Catalog) -> ModelIdentity:
    """What the catalog says about the model a reference names."""
    if ref.kind is RefKind.LOCAL_FILE:
        return ModelIdentity(
            canonical_id=f"local/{ref.model}",
            runtime=Runtime.LOCAL,
            name=ref.model,
            version=None,
            vendor="unknown",
            lineage_vendor="unknown",
            family="unknown",
            license="unknown",
            open_weights=True,
            pin=PinStatus.LOCAL,
            known=False,
        )
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
    )


def artifact_vendor(install: Install, catalog: Catalog) -> str | None:
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
    wanted = identity.canonical_id.split("/", 1)[-1]
    hits = []
    for install in installs:
        if install.runtime is not identity.runtime:
            continue
        source = source_of(install)
        if source is not None and source.same_model(wanted, install):
            hits.append(install)
    return hits


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
    to a model: it pins nothing and is left out. A test pinned to a real model still counts."""
    return ref.kind is RefKind.TEST and not identity.known and identity.runtime is not Runtime.LOCAL


def build_lock(
    scan: ScanResult, catalog: Catalog, config: Config, prior: Lock | None = None
) -> Lock:
    """Turn what the sources found into the lock.

    Installs are machine state. When this run read no Ollama server or store and a `prior` lock
    recorded installs, that record stands for the models it knew (digest pins, artifact lineage),
    so a scan or check on a machine without Ollama neither wipes nor contradicts it.
    """
    carry = None
    if prior is not None and prior.install_sources and not scan.install_sources:
        carry = prior
    resolved = resolve_groups(scan.references, catalog)
    refs: set[LockedReference] = set()
    for ref, ident, group in resolved:
        loc = ref.location
        refs.add(
            LockedReference(
                path=loc.path,
                context=loc.context,
                model=ref.model,
                model_id=ident.canonical_id,
                kind=ref.kind,
                runtime=ref.runtime,
                workflow=assign_workflow(loc.path, config),
                env_var=ref.env_var,
                revision=ref.revision,
                group=group,
            )
        )
    identities = {ident.canonical_id: ident for _ref, ident, _group in resolved}
    references = tuple(sorted(refs, key=_locked_ref_key))
    by_model: dict[str, set[str]] = defaultdict(set)
    for r in references:
        by_model[r.model_id].add(r.workflow)
    read_any = bool(scan.install_sources)
    matched: set[tuple[InstallLocation, str]] = set()
    models: dict[str, LockedModel] = {}
    for ident in (identities[k] for k in sorted(identities)):
        hits = _installs_for(ident, scan.installs)
        matched.update((i.location, i.name) for i in hits)
        installs = tuple(
            sorted((_locked_install(i, catalog) for i in hits), key=lambda i: (i.source, i.name))
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
                bool(hits)
                if read_any and ident.runtime is Runtime.OLLAMA
                else (known.installed if known is not None else None)
            ),
            known=ident.known,
        )
        models[model.id] = _merge_artifact(model, installs)
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
    workflows = build_workflows(references, fallbacks, models, config)
    unreferenced = tuple(
        sorted(
            (
                _locked_install(i, catalog)
                for i in scan.installs
                if (i.location, i.name) not in matched
            ),
            key=lambda i: (i.source, i.name),
        )
    )
    sources = tuple(location.lock_text() for location in scan.install_sources)
    if carry is not None:
        unreferenced, sources = carry.unreferenced_installs, carry.install_sources
    return Lock(
        tool_version=__version__,
        models=tuple(models[k] for k in sorted(models)),
        workflows=workflows,
        references=references,
        fallbacks=fallbacks,
        concentration=compute_concentration(workflows, references, models),
        unreferenced_installs=unreferenced,
        install_sources=sources,
    )


def _locked_ref_key(r: LockedReference) -> tuple[str, str, str, str, str]:
    return (r.path, r.context, r.model, r.kind.value, r.model_id)
