"""The middle layer in the CycloneDX ML-BOM: each model-layer package as a `library` component
with its purl (`pkg:pypi/litellm@1.82.6`, `pkg:npm/%40mistralai/mistralai@2.2.3`,
`pkg:golang/github.com/ollama/ollama@v0.5.0`), bom-ref `package:<purl>`, and the workflows whose
manifests declare it depending on it (a manifest that belongs to no workflow: the repository).

Properties (`llmdeps:` names): `role`, `files`, `specs` (as written), `pinned`, `hashed`,
`locked`, `advisories` (ids of the advisories the version is in). Each advisory a locked version
is in is a `vulnerabilities[]` entry (source OSV, aliases as references, the fixed versions as
the recommendation) that `affects` those components.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from llmdeps.analysis.report import Report
from llmdeps.lockfile.model import LockedPackage
from llmdeps.rules.packages import purl

if TYPE_CHECKING:
    from cyclonedx.model.component import Component
    from cyclonedx.model.vulnerability import Vulnerability


def _bool(value: bool) -> str:
    return "true" if value else "false"


def package_components(report: Report) -> tuple[dict[str, Component], dict[str, list[str]]]:
    """bom-ref -> component, and workflow name (or "" for the repository) -> bom-refs it uses."""
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType
    from packageurl import PackageURL

    groups: dict[str, list[LockedPackage]] = {}
    for p in report.locked_packages:
        groups.setdefault(purl(p.ecosystem, p.name, p.version), []).append(p)
    hits = {(row.ecosystem, row.name): set(row.advisories) for row in report.middle_layer.rows}
    components: dict[str, Component] = {}
    uses: dict[str, list[str]] = {}
    for url in sorted(groups):
        entries = groups[url]
        first = entries[0]
        ref = f"package:{url}"
        advisories = sorted(hits.get((first.ecosystem, first.name), set()))
        props = [
            ("llmdeps:role", first.role),
            ("llmdeps:files", ", ".join(sorted({p.file for p in entries}))),
            ("llmdeps:pinned", _bool(all(p.pinned or p.locked for p in entries))),
            ("llmdeps:hashed", _bool(any(p.hashed for p in entries))),
            ("llmdeps:locked", _bool(any(p.locked for p in entries))),
        ]
        specs = sorted({p.spec for p in entries if p.spec})
        if specs:
            props.append(("llmdeps:specs", "; ".join(specs)))
        if advisories and first.version:
            props.append(("llmdeps:advisories", ", ".join(advisories)))
        group, name = _split(first)
        components[ref] = Component(
            type=ComponentType.LIBRARY,
            bom_ref=ref,
            group=group,
            name=name,
            version=first.version,
            purl=PackageURL.from_string(url),
            properties=[Property(name=k, value=v) for k, v in props],
        )
        for workflow in sorted({p.workflow or "" for p in entries}):
            uses.setdefault(workflow, []).append(ref)
    return components, uses


def vulnerabilities(report: Report, components: dict[str, Component]) -> list[Vulnerability]:
    """One `vulnerabilities[]` entry per advisory a locked version is in, affecting those
    package components (bom-ref `advisory:<id>`); environments are machine state, not the BOM."""
    from cyclonedx.model import Property
    from cyclonedx.model.vulnerability import (
        BomTarget,
        Vulnerability,
        VulnerabilityReference,
        VulnerabilitySource,
    )

    by_id: dict[str, list[str]] = {}
    hits = {}
    for hit in report.middle_layer.hits:
        ref = f"package:{hit.purl}"
        if ref in components:
            by_id.setdefault(hit.advisory, []).append(ref)
            hits[hit.advisory] = hit
    out = []
    for advisory in sorted(by_id):
        hit = hits[advisory]
        out.append(
            Vulnerability(
                bom_ref=f"advisory:{advisory}",
                id=advisory,
                source=VulnerabilitySource(name="OSV"),
                references=[
                    VulnerabilityReference(id=alias, source=VulnerabilitySource(name="OSV"))
                    for alias in hit.aliases
                ],
                description=hit.summary,
                recommendation=hit.fixed,
                affects=[BomTarget(ref=ref) for ref in sorted(set(by_id[advisory]))],
                properties=[Property(name="llmdeps:rule", value="compromised-package")],
            )
        )
    return out


def _split(p: LockedPackage) -> tuple[str | None, str]:
    """npm `@scope/name` and Go `host/path/name` keep their prefix as the group."""
    if p.ecosystem == "npm" and p.name.startswith("@") and "/" in p.name:
        scope, _, name = p.name.partition("/")
        return scope, name
    if p.ecosystem == "Go" and "/" in p.name:
        prefix, _, name = p.name.rpartition("/")
        return prefix, name
    return None, p.name


def refs(components: dict[str, Component], wanted: Iterable[str]) -> list[Component]:
    """The components of these bom-refs, in order."""
    return [components[r] for r in wanted if r in components]
