"""`llmdeps report LOCK... --format cyclonedx`: one CycloneDX 1.6 BOM for the organisation.

A component per repository (`application`, bom-ref `repository:NAME`, with its recomputed figures,
its lock digest and commit as properties) and a component per distinct model (bom-ref
`model:ID`, as the single-repository BOM writes it, `report_cyclonedx.model_component`). The
dependency graph says which repository uses which model; the metadata component is the
organisation, with its own figures. The serial number is a uuid5 of the locks' digests, so the
same locks always give the same BOM. No timestamp unless --date is given.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid5

from llmdeps import __version__
from llmdeps.analysis.org import OrgRepo, OrgReport
from llmdeps.analysis.report import LOCK_NAMESPACE
from llmdeps.formats import jsontext
from llmdeps.formats.report_cyclonedx import _timestamp, model_card, model_component
from llmdeps.lockfile.model import LockedModel
from llmdeps.model import ModelId

name = "cyclonedx"


def _repo_properties(r: OrgRepo) -> list[tuple[str, str]]:
    props = [
        ("llmdeps:hhi", str(r.hhi)),
        ("llmdeps:top_share", f"{round(r.top_share, 4):g}"),
        ("llmdeps:portability", f"{round(r.portability, 4):g}"),
        ("llmdeps:lock", r.audited.lock),
        ("llmdeps:lock_digest", r.audited.lock_digest),
        ("llmdeps:lock_tool_version", r.tool_version),
        ("llmdeps:workflows", ", ".join(w.name for w in r.workflows)),
    ]
    if r.top_vendor:
        props.append(("llmdeps:top_vendor", r.top_vendor))
    if r.audited.commit:
        props.append(("llmdeps:commit", r.audited.commit))
    return props


def render(report: OrgReport) -> str:
    """The organisation's repositories and models as one CycloneDX 1.6 JSON BOM."""
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output import make_outputter
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import OutputFormat, SchemaVersion

    owner: dict[ModelId, tuple[LockedModel, OrgRepo]] = {}
    for r in report.repositories:
        for m in r.locked_models:
            owner.setdefault(m.id, (m, r))
    models = {mid: model_component(m, r) for mid, (m, r) in sorted(owner.items())}
    repos = {
        r.name: Component(
            type=ComponentType.APPLICATION,
            bom_ref=f"repository:{r.name}",
            name=r.name,
            properties=[Property(name=k, value=v) for k, v in _repo_properties(r)],
        )
        for r in report.repositories
    }
    s = report.summary
    org_props = [
        ("llmdeps:repositories", str(s.repositories)),
        ("llmdeps:hhi", str(s.hhi)),
        ("llmdeps:top_share", f"{round(s.top_share, 4):g}"),
        ("llmdeps:portability", f"{round(s.portability, 4):g}"),
    ]
    if s.top_vendor:
        org_props.append(("llmdeps:top_vendor", s.top_vendor))
    if report.exit:
        org_props.append(("llmdeps:exit_vendor", report.exit.vendor))
        org_props += [("llmdeps:exit_hits", name_) for name_ in report.exit.repositories]
    root = Component(type=ComponentType.APPLICATION, bom_ref="organisation", name="organisation")
    tool = Component(
        type=ComponentType.APPLICATION, bom_ref="tool:llmdeps", name="llmdeps", version=__version__
    )
    metadata = BomMetaData(
        component=root, properties=[Property(name=k, value=v) for k, v in org_props]
    )
    metadata.tools.components.add(tool)
    digests = "\n".join(f"{r.name}\t{r.audited.lock_digest}" for r in report.repositories)
    bom = Bom(
        serial_number=uuid5(LOCK_NAMESPACE, "org\n" + digests),
        metadata=metadata,
        components=[*repos.values(), *models.values()],
    )
    for r in report.repositories:
        bom.register_dependency(repos[r.name], [models[m.id] for m in r.locked_models])
    bom.register_dependency(root, list(repos.values()))
    outputter = make_outputter(bom, OutputFormat.JSON, SchemaVersion.V1_6)
    assert isinstance(outputter, JsonV1Dot6)
    doc: dict[str, Any] = json.loads(outputter.output_as_string())
    stamp = _timestamp(report.date)
    if stamp is None:
        doc["metadata"].pop("timestamp", None)
    else:
        doc["metadata"]["timestamp"] = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    cards = {f"model:{mid}": model_card(m) for mid, (m, _) in owner.items()}
    for component in doc.get("components", ()):
        card = cards.get(component.get("bom-ref"))
        if card is not None:
            component["modelCard"] = card
    return jsontext.dumps(doc) + "\n"
