"""`llmdeps report --format cyclonedx`: the lock as a CycloneDX 1.6 ML-BOM (JSON).

Built with cyclonedx-python-lib (imported inside `render`, so the CLI starts as fast as before) and
valid against the 1.6 JSON schema (`tests/formats/test_report_cyclonedx.py` runs the strict
validator). What goes where:

* `metadata.component`: the repository, an `application` (bom-ref `repository`). It depends on every
  workflow (and on any model no workflow names).
* One `machine-learning-model` component per lock model, bom-ref `model:<canonical id>`:
  `group`/`name`/`version` from the id (Ollama: namespace as group, `library` for official models,
  tag as version; Hugging Face: org as group, revision as version); `manufacturer` is the vendor
  (left out when unknown); `supplier` is where the model comes from: the Ollama registry, Hugging
  Face, or the API vendor (left out for self-hosted runtimes and for `ollama create` builds).
* `hashes`: the SHA-256 manifest digest of each Ollama install, and the SHA-256 of each weights
  file whose digest is known (a Hugging Face cache's LFS blob name). The manifest digest names the
  artifact exactly as Ollama does (`/api/tags`, `ollama pull`), and covers the weights layer by
  reference along with template, parameters and licence. The weights digest goes in a property,
  `llmdeps:install:<source>:weights`: a fine-tune built on the same blob shares it (the demo's
  `grant-writer` and `llama3.1:8b`), so it does not name one model, and CycloneDX has only one
  `hashes` list per component.
* `licenses`: SPDX ids (`apache-2.0` -> `Apache-2.0`) as `id`, model licences (`llama3.1`, `gemma`,
  `proprietary`) as `name`; none when the licence is unknown.
* `purl`: `pkg:huggingface/<org>/<name>@<revision>` when the lock has a Hugging Face revision (in
  the id, or the one snapshot installed; the purl spec lowercases it); Ollama and API models have
  no purl type, so none.
* `pedigree.ancestors`: when the lineage vendor is known and differs from the vendor (a fine-tune or
  a local build), one ancestor per GGUF base model (or one naming the lineage vendor's family),
  with that vendor as manufacturer.
* `properties` (`llmdeps:` names): `pin`, `runtime`, `lineage_vendor`, `open_weights` (true, false,
  unknown), `workflows`, `task`, `family`, `parameters_b`, `known`, `installed`, `alternative` (the
  report's open-weight suggestions), and per install `install:<source>` (`<name>@sha256:<digest>`),
  `install:<source>:weights`, `install:<source>:quantization`, `install:<source>:revision` and
  `:refs` (a Hugging Face snapshot), `:server` and `:served_from` (an OpenAI-compatible server),
  `install:<source>:file:<path>` (each weights file's SHA-256).
* `modelCard.modelParameters`: `task` (`text-generation` for chat, code and reasoning models,
  `feature-extraction` for embeddings, ...) and `architectureFamily` (the GGUF architecture when
  installed, else the family). The library has no modelCard yet, so it is added to the JSON after
  serialising.
* One `application` component per workflow, bom-ref `workflow:<name>`, with properties `owner`,
  `criticality`, `weight`, `configurable`, `has_fallback`, `cross_vendor_fallback`, `vendors`,
  `switchable` (when true), and the vendor exit's `exit_status` and `exit_sentence` (issue 10);
  `dependencies` runs workflow -> its models.
* `metadata.properties`: the report's figures (`hhi`, `top_vendor`, `top_share`, `portability`,
  `exit_vendor`, `date`).

Rendered from the Report alone: it carries the lock's models and workflows as locked, the models
an `ollama create` builds, and the lock's id. Deterministic: `serialNumber` is that id, the uuid5
of the lock's dumped text (the same lock is the same BOM), every component has an explicit
bom-ref, and lists are sorted. There is no `timestamp` unless `--date` is an ISO date (then it is
that date, midnight UTC): the lock records no time, and a clock would make two renders of one lock
differ.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol

from llmdeps import __version__
from llmdeps.analysis.exit import WorkflowExit
from llmdeps.analysis.report import ModelAlternatives, Report
from llmdeps.formats import jsontext
from llmdeps.formats.cyclonedx_packages import package_components, refs, vulnerabilities
from llmdeps.lazyre import lazy_compile
from llmdeps.lockfile.model import LockedModel, WorkflowInfo
from llmdeps.model import UNKNOWN_FAMILY, UNKNOWN_LICENSE, UNKNOWN_VENDOR, ModelId, Runtime

if TYPE_CHECKING:
    from datetime import datetime

    from cyclonedx.model import Property
    from cyclonedx.model.component import Component
    from cyclonedx.model.contact import OrganizationalEntity

name = "cyclonedx"

_PLACEHOLDERS = frozenset({"", UNKNOWN_VENDOR, UNKNOWN_FAMILY, UNKNOWN_LICENSE})
"""Vendor, family and licence texts that stand for "the catalog does not know"."""
_UNKNOWN_BOOL = "unknown"  # a yes/no the lock leaves open (None)

_HEX64 = lazy_compile(r"[0-9a-f]{64}")

_TASKS = {
    "chat": "text-generation",
    "code": "text-generation",
    "reasoning": "text-generation",
    "embedding": "feature-extraction",
    "rerank": "text-ranking",
    "moderation": "text-classification",
    "vision": "image-text-to-text",
    "image": "text-to-image",
    "video": "text-to-video",
    "audio": "automatic-speech-recognition",
}
"""Catalog task -> Hugging Face pipeline tag, the vocabulary ML-BOM examples use for `task`."""

_API_SUPPLIERS = {
    Runtime.OPENAI: ("OpenAI", "https://openai.com"),
    Runtime.ANTHROPIC: ("Anthropic", "https://www.anthropic.com"),
    Runtime.GOOGLE: ("Google", "https://ai.google.dev"),
    Runtime.VERTEX: ("Google Cloud", "https://cloud.google.com/vertex-ai"),
    Runtime.BEDROCK: ("Amazon Web Services", "https://aws.amazon.com/bedrock"),
    Runtime.AZURE: ("Microsoft Azure", "https://azure.microsoft.com"),
    Runtime.GROQ: ("Groq", "https://groq.com"),
    Runtime.MISTRAL: ("Mistral AI", "https://mistral.ai"),
    Runtime.COHERE: ("Cohere", "https://cohere.com"),
    Runtime.XAI: ("xAI", "https://x.ai"),
    Runtime.DEEPSEEK: ("DeepSeek", "https://www.deepseek.com"),
    Runtime.OPENROUTER: ("OpenRouter", "https://openrouter.ai"),
    Runtime.TOGETHER: ("Together AI", "https://www.together.ai"),
    Runtime.HUGGINGFACE: ("Hugging Face", "https://huggingface.co"),
    Runtime.OLLAMA: ("Ollama registry", "https://ollama.com"),
}


def _known(value: str | None) -> bool:
    return value is not None and value.strip().casefold() not in _PLACEHOLDERS


def split_name(m: LockedModel) -> tuple[str | None, str, str | None]:
    """(group, name, version) for a model: namespace, bare name, tag or revision."""
    group, _, bare = m.name.rpartition("/")
    if not group and m.runtime is Runtime.OLLAMA:
        group = "library"
    return group or None, bare or m.name, m.version


def _digest(value: str | None) -> str | None:
    if value is None:
        return None
    hex_ = value.removeprefix("sha256:").removeprefix("sha256-").lower()
    return hex_ if _HEX64.fullmatch(hex_) else None


def _content_hashes(m: LockedModel) -> list[str]:
    """The SHA-256 digests that name the model's content: an Ollama install's manifest digest
    (it covers the weights layer), else each weights file's own digest (a Hugging Face LFS blob).
    An LM Studio file's or a served model's digest is of what was read about it, not of its
    bytes: a property, never a hash."""
    out: list[str] = []
    for i in m.installs:
        if m.runtime is Runtime.OLLAMA and not i.server:
            out.append(i.digest)
        out += [f.sha256 for f in i.files if f.sha256]
    return out


def _org(name_: str, url: str | None = None) -> OrganizationalEntity:
    from cyclonedx.model import XsUri
    from cyclonedx.model.contact import OrganizationalEntity

    return OrganizationalEntity(name=name_, urls=[XsUri(url)] if url else None)


class ModelContext(Protocol):
    """What a model's component needs from its report (a Report, or one org repository's)."""

    @property
    def local_builds(self) -> tuple[ModelId, ...]:
        """Ids an `ollama create` builds: no registry supplies them."""
        ...

    @property
    def alternatives(self) -> tuple[ModelAlternatives, ...]:
        """Suggested alternatives, listed as properties of their model."""
        ...


def _supplier(m: LockedModel, report: ModelContext) -> OrganizationalEntity | None:
    group, _, _ = split_name(m)
    if m.runtime is Runtime.OLLAMA:
        if group == "hf.co":
            return _org(*_API_SUPPLIERS[Runtime.HUGGINGFACE])
        if m.id in report.local_builds:
            return None
    found = _API_SUPPLIERS.get(m.runtime)
    return _org(*found) if found else None


def _bool(value: bool | None) -> str:
    return _UNKNOWN_BOOL if value is None else str(value).lower()


def _model_properties(m: LockedModel, report: ModelContext) -> list[Property]:
    from cyclonedx.model import Property

    props = [
        ("llmdeps:pin", m.pin.value),
        ("llmdeps:runtime", m.runtime.value),
        ("llmdeps:lineage_vendor", m.lineage_vendor),
        ("llmdeps:open_weights", _bool(m.open_weights)),
        ("llmdeps:workflows", ", ".join(sorted(m.workflows))),
        ("llmdeps:task", m.task),
        ("llmdeps:family", m.family),
        ("llmdeps:known", _bool(m.known)),
        ("llmdeps:installed", _bool(m.installed)),
    ]
    if m.parameters_b is not None:
        props.append(("llmdeps:parameters_b", f"{m.parameters_b:g}"))
    for i in m.installs:
        key = f"llmdeps:install:{i.source}"
        props.append((key, f"{i.name}@sha256:{i.digest}"))
        if i.weights_digest:
            props.append((f"{key}:weights", f"sha256:{i.weights_digest}"))
        if i.quantization:
            props.append((f"{key}:quantization", i.quantization))
        if i.revision:
            props.append((f"{key}:revision", i.revision))
        if i.refs:
            props.append((f"{key}:refs", ", ".join(i.refs)))
        if i.server:
            props.append((f"{key}:server", i.server))
        if i.served_from:
            props.append((f"{key}:served_from", i.served_from))
        for f in i.files:
            if f.sha256:
                props.append((f"{key}:file:{f.path}", f"sha256:{f.sha256}"))
    for group in report.alternatives:
        if group.model_id == m.id:
            for a in group.alternatives:
                props.append(("llmdeps:alternative", f"{a.name} ({a.vendor}, {a.license})"))
    return [Property(name=k, value=v) for k, v in props]


def _ancestors(m: LockedModel) -> list[Component]:
    """The base models of another vendor this one descends from (a fine-tune, a local build)."""
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri
    from cyclonedx.model.component import Component, ComponentType

    if not _known(m.lineage_vendor) or m.lineage_vendor.casefold() == m.vendor.casefold():
        return []
    bases: dict[str, str | None] = {}
    for i in m.installs:
        for b in i.gguf.base_models if i.gguf else ():
            if b.name:
                bases.setdefault(b.name, b.repo_url)
    if not bases:
        family = m.family if _known(m.family) else None
        family = family or next((i.family for i in m.installs if _known(i.family)), None)
        bases[family or f"{m.lineage_vendor} base model"] = None
    return [
        Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            bom_ref=f"model:{m.id}:base:{n}",
            name=base,
            manufacturer=_org(m.lineage_vendor),
            external_references=(
                [ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(url))]
                if url
                else None
            ),
        )
        for n, (base, url) in enumerate(sorted(bases.items()))
    ]


def model_component(m: LockedModel, report: ModelContext) -> Component:
    """The CycloneDX component of one model (bom-ref `model:ID`)."""
    from cyclonedx.contrib.license.factories import LicenseFactory
    from cyclonedx.model import (
        ExternalReference,
        ExternalReferenceType,
        HashAlgorithm,
        HashType,
        XsUri,
    )
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from packageurl import PackageURL

    group, bare, version = split_name(m)
    revisions = sorted({i.revision for i in m.installs if i.revision})
    if m.runtime is Runtime.HUGGINGFACE and not version and len(revisions) == 1:
        version = revisions[0]  # the one snapshot installed: what the purl pins
    digests = sorted({d for d in (_digest(x) for x in _content_hashes(m)) if d})
    purl = None
    refs = []
    if m.runtime is Runtime.HUGGINGFACE and group:
        if version:
            purl = PackageURL(type="huggingface", namespace=group, name=bare, version=version)
        refs.append(f"https://huggingface.co/{group}/{bare}")
    elif (
        m.runtime is Runtime.OLLAMA
        and group
        and group != "hf.co"
        and "/" not in group
        and m.id not in report.local_builds
    ):
        refs.append(f"https://ollama.com/{group}/{bare}")
    ancestors = _ancestors(m)
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{m.id}",
        group=group,
        name=bare,
        version=version,
        manufacturer=_org(m.vendor) if _known(m.vendor) else None,
        supplier=_supplier(m, report),
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=d) for d in digests],
        licenses=[LicenseFactory().make_from_string(m.license)] if _known(m.license) else None,
        purl=purl,
        external_references=[
            ExternalReference(type=ExternalReferenceType.DISTRIBUTION, url=XsUri(u)) for u in refs
        ],
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        properties=_model_properties(m, report),
    )


def model_card(m: LockedModel) -> dict[str, Any]:
    """The CycloneDX `modelCard` of a model: task and architecture family."""
    params: dict[str, str] = {"task": _TASKS.get(m.task, m.task)}
    arch = next((i.gguf.architecture for i in m.installs if i.gguf and i.gguf.architecture), None)
    arch = arch or next((i.family for i in m.installs if _known(i.family)), None)
    arch = arch or (m.family if _known(m.family) else None)
    if arch:
        params["architectureFamily"] = arch
    return {"bom-ref": f"model:{m.id}:card", "modelParameters": params}


def _workflow_component(w: WorkflowInfo, exit: WorkflowExit | None) -> Component:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType

    props = [
        ("llmdeps:configurable", _bool(w.configurable)),
        ("llmdeps:has_fallback", _bool(w.has_fallback)),
        ("llmdeps:cross_vendor_fallback", _bool(w.cross_vendor_fallback)),
        ("llmdeps:weight", f"{w.weight:g}"),
        ("llmdeps:vendors", ", ".join(w.vendors)),
    ]
    if w.owner:
        props.append(("llmdeps:owner", w.owner))
    if w.criticality:
        props.append(("llmdeps:criticality", w.criticality))
    if w.switchable:
        props.append(("llmdeps:switchable", "true"))
    if exit is not None:
        props.append(("llmdeps:exit_status", exit.status.value))
        props.append(("llmdeps:exit_sentence", exit.sentence))
    return Component(
        type=ComponentType.APPLICATION,
        bom_ref=f"workflow:{w.name}",
        name=w.name,
        properties=[Property(name=k, value=v) for k, v in props],
    )


def _timestamp(date: str | None) -> datetime | None:
    from datetime import UTC, datetime

    if not date:
        return None
    try:
        when = datetime.fromisoformat(date.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _report_properties(report: Report) -> list[Property]:
    from cyclonedx.model import Property

    s = report.summary
    props = [
        ("llmdeps:hhi", str(s.hhi)),
        ("llmdeps:top_share", f"{round(s.top_share, 4):g}"),
        ("llmdeps:portability", f"{round(s.portability, 4):g}"),
        ("llmdeps:lock_tool_version", report.tool_version),
    ]
    if s.top_vendor:
        props.append(("llmdeps:top_vendor", s.top_vendor))
    if report.exit:
        props.append(("llmdeps:exit_vendor", report.exit.vendor))
    if report.date:
        props.append(("llmdeps:date", report.date))
    return [Property(name=k, value=v) for k, v in props]


def render(report: Report) -> str:
    """The lock behind the report as CycloneDX 1.6 JSON."""
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output import make_outputter
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import OutputFormat, SchemaVersion

    models = {m.id: model_component(m, report) for m in report.locked_models}
    exits = {e.workflow: e for e in report.exit.workflows} if report.exit else {}
    workflows = {
        w.name: _workflow_component(w, exits.get(w.name)) for w in report.locked_workflows
    }
    root = Component(type=ComponentType.APPLICATION, bom_ref="repository", name="repository")
    tool = Component(
        type=ComponentType.APPLICATION,
        bom_ref="tool:llmdeps",
        name="llmdeps",
        version=__version__,
    )
    metadata = BomMetaData(component=root, properties=_report_properties(report))
    metadata.tools.components.add(tool)
    packages, package_uses = package_components(report)
    bom = Bom(
        serial_number=report.lock_uuid,
        metadata=metadata,
        components=[*models.values(), *workflows.values(), *packages.values()],
        vulnerabilities=vulnerabilities(report, packages),
    )
    in_workflow: set[str] = set()
    for w in report.locked_workflows:
        uses = [models[mid] for mid in sorted(set(w.models)) if mid in models]
        in_workflow.update(mid for mid in w.models)
        uses += refs(packages, package_uses.get(w.name, ()))
        bom.register_dependency(workflows[w.name], uses)
    direct = [c for mid, c in models.items() if mid not in in_workflow]
    direct += refs(packages, package_uses.get("", ()))
    bom.register_dependency(root, [*workflows.values(), *direct])

    outputter = make_outputter(bom, OutputFormat.JSON, SchemaVersion.V1_6)
    assert isinstance(outputter, JsonV1Dot6)
    doc: dict[str, Any] = json.loads(outputter.output_as_string())
    stamp = _timestamp(report.date)
    if stamp is None:
        doc["metadata"].pop("timestamp", None)
    else:
        doc["metadata"]["timestamp"] = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    cards = {f"model:{m.id}": model_card(m) for m in report.locked_models}
    for component in doc.get("components", ()):
        card = cards.get(component.get("bom-ref"))
        if card is not None:
            component["modelCard"] = card
    return jsontext.dumps(doc) + "\n"
