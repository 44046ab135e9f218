"""`report --format spdx`: SPDX 3.0.1 JSON-LD with the AI profile (issue 14, item 6).

Checked by the SPDX project's own 3.0.1 model bindings (spdx-python-model, generated from the
SPDX SHACL model): the document is read back with its JSON-LD deserializer, which checks every
class, property, type, vocabulary value and reference, and written again with its serializer,
which checks the required properties and their counts."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from spdx_python_model import v3_0_1 as spdx

from llmdeps.analysis.org import OrgRepoInput, build_org_report
from llmdeps.analysis.report import Audited, Report, build_report
from llmdeps.catalog import Catalog
from llmdeps.formats import ORG_FORMATS, report_spdx
from llmdeps.lockfile import read
from llmdeps.lockfile.model import LockedPackage

TOP = Path(__file__).resolve().parents[2]


def demo_report(date: str | None = None) -> Report:
    report = build_report(
        read(TOP / "inventory.example.yaml"), Catalog.load(), without=None, date=date
    )
    return replace(report, audited=Audited("demo", "llmdeps.lock", "sha256:" + "0" * 64))


def spdx_check(text: str) -> Any:
    """The document read back and written again by the SPDX 3.0.1 bindings (raises if invalid)."""
    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(text.encode("utf-8")), objects)
    spdx.JSONLDSerializer().write(objects, io.BytesIO())
    return objects


def graph(text: str) -> dict[str, dict[str, Any]]:
    doc = json.loads(text)
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    out: dict[str, dict[str, Any]] = {}
    for e in doc["@graph"]:
        key = e.get("spdxId") or e["@id"]
        assert key not in out, key
        out[key] = e
    return out


def test_demo_is_valid_spdx_3_0_1_with_ai_packages() -> None:
    report = demo_report()
    text = report_spdx.render(report)
    objects = spdx_check(text)
    ai = list(objects.foreach_type(spdx.ai_AIPackage))
    names = {p.name for p in ai}
    assert {m.name for m in report.locked_models} <= names
    g = graph(text)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in g.values():
        by_type.setdefault(e["type"], []).append(e)
    models = [e for e in by_type["ai_AIPackage"] if ":model/" in e["spdxId"]]
    assert len(models) == len(report.locked_models)
    for e in models:
        assert e["software_primaryPurpose"] == "model"
        assert e["ai_typeOfModel"]
    # supplier: an Organization element
    claude = next(e for e in models if e["name"].startswith("claude-3-5-haiku"))
    assert g[claude["suppliedBy"]] == {**g[claude["suppliedBy"]], "name": "Anthropic"}
    # hashes of the installed artifacts
    llama = next(e for e in models if e["name"] == "llama3.1")
    assert llama["verifiedUsing"] and all(
        h["algorithm"] == "sha256" and len(h["hashValue"]) == 64 for h in llama["verifiedUsing"]
    )
    rels = by_type["Relationship"]
    licences = {
        g[r["from"]]["name"]: g[r["to"][0]]["simplelicensing_licenseExpression"]
        for r in rels
        if r["relationshipType"] == "hasDeclaredLicense"
    }
    assert licences["mistral"] == "Apache-2.0"
    assert licences["llama3.1"].startswith("LicenseRef-")
    # base model: the local build grant-writer descends from Meta's Llama 3.1
    base = [
        r
        for r in rels
        if r["relationshipType"] == "descendantOf" and g[r["from"]]["name"] == "grant-writer"
    ]
    assert base and "Llama" in g[base[0]["to"][0]]["name"]
    # every reference points at an element of the graph
    for e in g.values():
        for key in ("from", "suppliedBy", "creationInfo"):
            if key in e:
                assert e[key] in g
        for key in ("to", "rootElement", "element"):
            for target in e.get(key, ()):
                assert target in g, (key, target)
    (doc,) = by_type["SpdxDocument"]
    assert "ai" in doc["profileConformance"]


def test_deterministic_and_dated_only_when_asked() -> None:
    assert report_spdx.render(demo_report()) == report_spdx.render(demo_report())
    assert '"created": "1970-01-01T00:00:00Z"' in report_spdx.render(demo_report())
    dated = report_spdx.render(demo_report("2026-12-01"))
    assert '"created": "2026-12-01T00:00:00Z"' in dated
    spdx_check(dated)


def test_packages_of_the_lock_are_software_packages() -> None:
    report = replace(
        demo_report(),
        locked_packages=(
            LockedPackage(
                "PyPI",
                "openai",
                "requirements.txt",
                "openai",
                "sdk",
                "==1.51.0",
                "1.51.0",
                pinned=True,
            ),
            LockedPackage(
                "PyPI",
                "litellm",
                "uv.lock",
                "package.litellm",
                "gateway",
                version="1.50.2",
                locked=True,
            ),
            LockedPackage(
                "npm", "@mistralai/mistralai", "package.json", "dependencies", "sdk", "^2.2.0"
            ),
        ),
    )
    text = report_spdx.render(report)
    spdx_check(text)
    g = graph(text)
    libs = {e["name"]: e for e in g.values() if e.get("software_primaryPurpose") == "library"}
    assert set(libs) == {"openai", "litellm", "@mistralai/mistralai"}
    assert libs["openai"]["software_packageUrl"] == "pkg:pypi/openai@1.51.0"
    assert libs["@mistralai/mistralai"]["software_packageUrl"] == "pkg:npm/%40mistralai/mistralai"
    uses = next(e for e in g.values() if e.get("relationshipType") == "dependsOn")
    assert {libs["openai"]["spdxId"], libs["litellm"]["spdxId"]} <= set(uses["to"])


@pytest.mark.parametrize(
    "edit",
    [
        lambda e: e.update(relationshipType="isFriendOf") if e["type"] == "Relationship" else None,
        lambda e: e.update(software_primaryPurpose="toaster") if "name" in e else None,
        lambda e: e.pop("from") if e["type"] == "Relationship" else None,
        lambda e: e.pop("createdBy") if e["type"] == "CreationInfo" else None,
        lambda e: e.update(created="yesterday") if e["type"] == "CreationInfo" else None,
    ],
)
def test_the_validator_rejects_a_broken_document(edit: Any) -> None:
    doc = json.loads(report_spdx.render(demo_report()))
    for e in doc["@graph"]:
        edit(e)
    with pytest.raises((ValueError, TypeError, KeyError)):
        spdx_check(json.dumps(doc))


def test_org_spdx_has_a_package_per_repository() -> None:
    lock = read(TOP / "inventory.example.yaml")
    repos = [
        OrgRepoInput(n, Audited(n, "llmdeps.lock", "sha256:" + c * 64), lock)
        for n, c in (("a", "1"), ("b", "2"))
    ]
    text = ORG_FORMATS["spdx"].render(build_org_report(repos, without=None, date=None))
    spdx_check(text)
    g = graph(text)
    apps = sorted(
        e["name"] for e in g.values() if e.get("software_primaryPurpose") == "application"
    )
    assert apps == ["a", "b"]
    models = [e for e in g.values() if e["type"] == "ai_AIPackage" and ":model/" in e["spdxId"]]
    assert len(models) == len(lock.models)  # one element per model, shared by both


def test_org_spdx_lists_each_repository_s_packages() -> None:
    lock = read(TOP / "inventory.example.yaml")
    audited = Audited("a", "llmdeps.lock", "sha256:" + "1" * 64)
    report = build_org_report([OrgRepoInput("a", audited, lock)], without=None, date=None)
    (repo,) = report.repositories
    with_packages = replace(
        report,
        repositories=(
            replace(
                repo,
                packages=(
                    LockedPackage(
                        "PyPI", "httpx", "uv.lock", "package.httpx", "sdk", version="0.27.2"
                    ),
                ),
            ),
        ),
    )
    text = ORG_FORMATS["spdx"].render(with_packages)
    spdx_check(text)
    libs = [e for e in graph(text).values() if e.get("software_primaryPurpose") == "library"]
    assert [(e["name"], e["software_packageVersion"]) for e in libs] == [("httpx", "0.27.2")]
