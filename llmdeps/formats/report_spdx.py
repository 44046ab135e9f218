"""`llmdeps report --format spdx`: SPDX 3.0.1 JSON-LD with the AI profile (issue 14, item 6).

One `SpdxDocument` holding one `software_Sbom` (type `analyzed`) whose root is the repository
(a `software_Package`, purpose `application`). Each model is an `ai_AIPackage`: name, version,
supplier (an `Organization` for the vendor, `suppliedBy`), `ai_typeOfModel` (from the task, and
the GGUF architecture when an install gave one), `verifiedUsing` sha256 hashes of its installed
artifacts, a `hasDeclaredLicense` relationship to a `simplelicensing_LicenseExpression` (an
SPDX id, or `LicenseRef-<id>` for a model licence SPDX does not list; none when unknown), and a
`descendantOf` relationship to each base model of another vendor it is a fine-tune or local
build of (from the GGUF header's base models, else its family). The middle layer, when the lock
has a `packages:` section, is one `software_Package` (purpose `library`) per package,
with its purl; the repository `dependsOn` its models and packages.

Deterministic: element ids are `urn:llmdeps:<lock uuid>:...`, lists are sorted, and the
document's `created` time is the `--date` given (a day, or a moment turned to UTC), else
1970-01-01T00:00:00Z (SPDX requires one; a clock would make two runs differ). The org report
(`ORG`) writes one document with a `software_Package` per repository.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote
from uuid import UUID, uuid5

from llmdeps import __version__
from llmdeps.analysis.org import OrgReport
from llmdeps.analysis.report import LOCK_NAMESPACE, Report
from llmdeps.formats import jsontext
from llmdeps.formats.text import alternatives_line, percent
from llmdeps.lazyre import lazy_compile
from llmdeps.lockfile.model import LockedModel, LockedPackage
from llmdeps.model import UNKNOWN_FAMILY, UNKNOWN_LICENSE, UNKNOWN_VENDOR
from llmdeps.rules.packages import purl

name = "spdx"

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
SPEC_VERSION = "3.0.1"
NO_DATE = "1970-01-01T00:00:00Z"
_CREATION = "_:creationinfo"
_HEX64 = lazy_compile(r"[0-9a-f]{64}")
_UNKNOWN = frozenset({"", UNKNOWN_VENDOR.casefold(), UNKNOWN_FAMILY, UNKNOWN_LICENSE})
_MODEL_TYPES = {
    "chat": "large language model",
    "completion": "large language model",
    "embedding": "embedding model",
    "rerank": "reranking model",
    "vision": "vision language model",
    "speech": "speech model",
    "image": "image generation model",
    "video": "video generation model",
}


def _known(value: str | None) -> bool:
    return value is not None and value.strip().casefold() not in _UNKNOWN


_DAY = lazy_compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = lazy_compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})"
)


def _created(date: str | None) -> str:
    """`--date` as the schema's DateTimeStamp (UTC, `Z`), when it is a real day or moment: a
    date the calendar has not (2026-02-30, 2026-13-01, non-ASCII digits) is no date."""
    text = (date or "").strip()
    try:
        if _DAY.fullmatch(text):
            return f"{_dt.date.fromisoformat(text).isoformat()}T00:00:00Z"
        if _MOMENT.fullmatch(text):
            moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            utc = moment.astimezone(_dt.UTC).replace(tzinfo=None)
            return utc.isoformat(timespec="seconds") + "Z"
    except (ValueError, OverflowError):
        pass
    return NO_DATE


def _license_expression(license_id: str) -> str | None:
    if not _known(license_id):
        return None
    from cyclonedx.spdx import fixup_id

    spdx = fixup_id(license_id)
    if spdx:
        return str(spdx)
    ref = re.sub(r"[^A-Za-z0-9.-]+", "-", license_id).strip("-")
    return f"LicenseRef-{ref}" if ref else None


def _digests(m: LockedModel) -> list[str]:
    found = set()
    for i in m.installs:
        for d in (i.digest, i.weights_digest):
            hex_ = (d or "").removeprefix("sha256:").removeprefix("sha256-").lower()
            if _HEX64.fullmatch(hex_):
                found.add(hex_)
    return sorted(found)


class _Builder:
    """Collects the graph's elements; every id is under one prefix."""

    def __init__(self, prefix: str, date: str | None) -> None:
        self.prefix = prefix
        self.graph: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.agent = self.id("agent", "llmdeps")
        self.created = _created(date)

    def id(self, *parts: str) -> str:
        return self.prefix + "/".join(quote(p, safe="") for p in parts)

    def add(self, element: dict[str, Any]) -> str:
        spdx_id: str = element["spdxId"]
        if spdx_id not in self.ids:
            self.ids.add(spdx_id)
            self.graph.append({**element, "creationInfo": _CREATION})
        return spdx_id

    def organization(self, vendor: str) -> str:
        return self.add({"type": "Organization", "spdxId": self.id("org", vendor), "name": vendor})

    def relationship(self, source: str, kind: str, targets: Sequence[str]) -> None:
        if targets:
            self.add(
                {
                    "type": "Relationship",
                    "spdxId": self.id("rel", kind, source.removeprefix(self.prefix)),
                    "from": source,
                    "relationshipType": kind,
                    "to": sorted(set(targets)),
                }
            )

    def license(self, source: str, license_id: str) -> None:
        expression = _license_expression(license_id)
        if expression is None:
            return
        lic = self.add(
            {
                "type": "simplelicensing_LicenseExpression",
                "spdxId": self.id("license", expression),
                "simplelicensing_licenseExpression": expression,
            }
        )
        self.relationship(source, "hasDeclaredLicense", [lic])

    def annotation(self, subject: str, statement: str) -> None:
        """What SPDX has no property for (workflows, concentration, alternatives), said once."""
        self.add(
            {
                "type": "Annotation",
                "spdxId": self.id("note", subject.removeprefix(self.prefix)),
                "annotationType": "other",
                "subject": subject,
                "statement": statement,
            }
        )

    def model(self, m: LockedModel, notes: dict[str, str] | None = None) -> str:
        types = [_MODEL_TYPES.get(m.task, m.task)] if _known(m.task) else []
        arch = next(
            (i.gguf.architecture for i in m.installs if i.gguf and i.gguf.architecture), None
        )
        if arch:
            types.append(arch)
        element: dict[str, Any] = {
            "type": "ai_AIPackage",
            "spdxId": self.id("model", m.id),
            "name": m.name,
            "software_primaryPurpose": "model",
            "ai_typeOfModel": sorted(set(types)),
            "comment": f"llmdeps id {m.id}; runtime {m.runtime.value}; pin {m.pin.value}; "
            f"lineage vendor {m.lineage_vendor}",
        }
        if m.version:
            element["software_packageVersion"] = m.version
        if _known(m.vendor):
            element["suppliedBy"] = self.organization(m.vendor)
        hashes = _digests(m)
        if hashes:
            element["verifiedUsing"] = [
                {"type": "Hash", "algorithm": "sha256", "hashValue": h} for h in hashes
            ]
        model_id = self.add(element)
        note = (notes or {}).get(m.id)
        if note:
            self.annotation(model_id, note)
        self.license(model_id, m.license)
        self.relationship(model_id, "descendantOf", self._bases(m))
        return model_id

    def _bases(self, m: LockedModel) -> list[str]:
        """Base models of another vendor this model descends from."""
        if not _known(m.lineage_vendor) or m.lineage_vendor.casefold() == m.vendor.casefold():
            return []
        names = {b.name for i in m.installs if i.gguf for b in i.gguf.base_models if b.name}
        if not names:
            family = m.family if _known(m.family) else None
            names = {family or f"{m.lineage_vendor} base model"}
        out = []
        for base in sorted(names):
            out.append(
                self.add(
                    {
                        "type": "ai_AIPackage",
                        "spdxId": self.id("base", base),
                        "name": base,
                        "software_primaryPurpose": "model",
                        "suppliedBy": self.organization(m.lineage_vendor),
                    }
                )
            )
        return out

    def package(self, p: LockedPackage) -> str:
        """A model-layer package of the lock as a software package, with its purl."""
        element: dict[str, Any] = {
            "type": "software_Package",
            "spdxId": self.id("package", p.ecosystem, p.name, p.version or ""),
            "name": p.name,
            "software_primaryPurpose": "library",
            "software_packageUrl": purl(p.ecosystem, p.name, p.version),
        }
        if p.version:
            element["software_packageVersion"] = p.version
        return self.add(element)

    def repository(
        self,
        repo_name: str,
        models: Iterable[LockedModel],
        packages: Iterable[LockedPackage],
        figures: str | None = None,
        notes: dict[str, str] | None = None,
    ) -> str:
        repo = self.add(
            {
                "type": "software_Package",
                "spdxId": self.id("repository", repo_name),
                "name": repo_name,
                "software_primaryPurpose": "application",
            }
        )
        if figures:
            self.annotation(repo, figures)
        uses = [self.model(m, notes) for m in sorted(models, key=lambda m: m.id)]
        uses += [self.package(p) for p in packages]
        self.relationship(repo, "dependsOn", uses)
        return repo

    def document(self, title: str, roots: Sequence[str]) -> str:
        elements = sorted(self.ids)
        sbom = self.add(
            {
                "type": "software_Sbom",
                "spdxId": self.id("sbom"),
                "name": title,
                "software_sbomType": ["analyzed"],
                "rootElement": list(roots),
                "element": elements,
                "profileConformance": ["core", "software", "ai", "simpleLicensing"],
            }
        )
        self.add(
            {
                "type": "SpdxDocument",
                "spdxId": self.id("document"),
                "name": title,
                "rootElement": [sbom],
                "element": sorted([*elements, sbom]),
                "profileConformance": ["core", "software", "ai", "simpleLicensing"],
            }
        )
        agent = {"type": "SoftwareAgent", "spdxId": self.agent, "name": f"llmdeps {__version__}"}
        self.add(agent)
        creation = {
            "type": "CreationInfo",
            "@id": _CREATION,
            "specVersion": SPEC_VERSION,
            "created": self.created,
            "createdBy": [self.agent],
        }
        graph = [creation, *sorted(self.graph, key=lambda e: (e["type"], e["spdxId"]))]
        out = {"@context": CONTEXT, "@graph": graph}
        return jsontext.dumps(out) + "\n"


def _packages(report: Report) -> tuple[LockedPackage, ...]:
    return report.locked_packages


def _figures(
    hhi: int, top: str | None, share: float, portability: float, workflows: Iterable[str]
) -> str:
    lead = f"top vendor {top} ({percent(share)} of workflows); " if top else ""
    return (
        f"llmdeps: HHI {hhi} of 10000; {lead}portability {percent(portability)}; "
        f"workflows: {'; '.join(workflows) or 'none'}"
    )


def render(report: Report) -> str:
    """The repository's models (and packages, when the lock lists them) as SPDX 3.0.1."""
    b = _Builder(f"urn:llmdeps:{report.lock_uuid}:", report.date)
    repo_name = report.audited.repository if report.audited else "repository"
    s = report.summary
    figures = _figures(
        s.hhi,
        s.top_vendor,
        s.top_share,
        s.portability,
        (f"{w.name} ({', '.join(w.vendors) or 'unknown'})" for w in report.locked_workflows),
    )
    notes: dict[str, str] = {
        a.model_id: f"open-weight alternatives: {alternatives_line(a)}"
        for a in report.alternatives
        if a.alternatives
    }
    root = b.repository(repo_name, report.locked_models, _packages(report), figures, notes)
    return b.document(f"LLM dependencies of {repo_name}", [root])


class _OrgSpdx:
    name = "spdx"

    def render(self, report: OrgReport) -> str:
        """Every repository's models as one SPDX 3.0.1 document, a package per repository."""
        digests = "\n".join(f"{r.name}\t{r.audited.lock_digest}" for r in report.repositories)
        uuid: UUID = uuid5(LOCK_NAMESPACE, "org\n" + digests)
        b = _Builder(f"urn:llmdeps:{uuid}:", report.date)
        roots = [
            b.repository(
                r.name,
                r.locked_models,
                r.packages,
                _figures(
                    r.hhi,
                    r.top_vendor,
                    r.top_share,
                    r.portability,
                    (f"{w.name} ({', '.join(w.vendors) or 'unknown'})" for w in r.workflows),
                ),
            )
            for r in report.repositories
        ]
        return b.document("LLM dependencies of the organisation", roots)


ORG = _OrgSpdx()
