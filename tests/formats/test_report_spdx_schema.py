"""`report --format spdx` against the SPDX 3.0.1 JSON schema (issue 14, item 6).

The schema (`tests/formats/spdx_schema.py` says where it comes from) is applied with jsonschema's
Draft 2020-12 validator to single-repository and organisation documents: the demo, a lock with
packages of every ecosystem, and the organisation of the examples as `llmdeps report A B C` gives
it. The AI fields are also checked by their types in the SPDX 3.0.1 model, with or without the
schema, so a machine without the schema still catches `ai_typeOfModel: 7`; both checks must
reject the broken forms below. The spdx-python-model round trip stays in test_report_spdx.py."""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.analysis.report import Report, build_report
from llmdeps.formats import report_spdx
from llmdeps.lockfile.model import LockedPackage
from llmdeps.model import GgufInfo, Runtime
from tests import factories
from tests.formats import spdx_schema
from tests.formats.test_report_spdx import demo_report, spdx_check

TOP = Path(__file__).resolve().parents[2]
SCHEMA = spdx_schema.load()
needs_schema = pytest.mark.skipif(SCHEMA is None, reason=spdx_schema.MISSING)

ID = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")  # an IRI (spdxId / a reference to one)
HEX64 = re.compile(r"^[0-9a-f]{64}$")
PRESENCE = {"yes", "no", "noAssertion"}
PURPOSES = {"model", "library", "application"}


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    assert SCHEMA is not None
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator().iter_errors(doc)]


def model_errors(doc: Any) -> list[str]:
    """The AI and software fields llmdeps writes, typed as the SPDX 3.0.1 model types them."""
    errors: list[str] = []
    if doc.get("@context") != spdx_schema.CONTEXT:
        errors.append("@context")
    graph = doc.get("@graph")
    if not isinstance(graph, list):
        return [*errors, "@graph is not a list"]
    ids = {e.get("spdxId") for e in graph if isinstance(e, dict)} | {
        e.get("@id") for e in graph if isinstance(e, dict)
    }
    types = {e.get("spdxId"): e.get("type") for e in graph if isinstance(e, dict)}

    def ref(e: dict[str, Any], key: str, *want: str) -> None:
        value = e.get(key)
        if not (isinstance(value, str) and ID.match(value) and value in ids):
            errors.append(f"{e.get('spdxId')}: {key} is not the id of an element: {value!r}")
        elif want and types.get(value) not in want:
            errors.append(f"{e.get('spdxId')}: {key} is a {types.get(value)}, not {want}")

    for e in graph:
        if not isinstance(e, dict) or not isinstance(e.get("type"), str):
            errors.append(f"not an element: {e!r}"[:200])
            continue
        where = e.get("spdxId", e.get("@id"))
        if e["type"] in ("ai_AIPackage", "software_Package"):
            for key in ("name", "software_packageVersion", "software_packageUrl"):
                if key in e and not (isinstance(e[key], str) and e[key]):
                    errors.append(f"{where}: {key} is not a non-empty string")
            if e.get("software_primaryPurpose") not in PURPOSES:
                errors.append(
                    f"{where}: software_primaryPurpose {e.get('software_primaryPurpose')!r}"
                )
            if "suppliedBy" in e:
                ref(e, "suppliedBy", "Organization", "Person", "SoftwareAgent", "Agent")
            hashes = e.get("verifiedUsing", [])
            if not isinstance(hashes, list) or not all(
                isinstance(h, dict)
                and h.get("type") == "Hash"
                and h.get("algorithm") == "sha256"
                and isinstance(h.get("hashValue"), str)
                and HEX64.match(h["hashValue"])
                for h in hashes
            ):
                errors.append(f"{where}: verifiedUsing is not a list of sha256 Hash objects")
        if e["type"] == "ai_AIPackage":
            kinds = e.get("ai_typeOfModel", [])
            if not (isinstance(kinds, list) and all(isinstance(k, str) and k for k in kinds)):
                errors.append(f"{where}: ai_typeOfModel is not a list of strings: {kinds!r}")
            for key in ("ai_autonomyType", "ai_useSensitivePersonalInformation"):
                if key in e and e[key] not in PRESENCE:
                    errors.append(f"{where}: {key} is not a PresenceType")
        if e["type"] == "Relationship":
            ref(e, "from")
            to = e.get("to")
            if not (isinstance(to, list) and to):
                errors.append(f"{where}: to is not a non-empty list")
            else:
                for target in to:
                    if target not in ids:
                        errors.append(f"{where}: to {target!r} is not an element")
    return errors


def packages_report() -> Report:
    return replace(
        demo_report(),
        locked_packages=(
            LockedPackage(
                "PyPI", "openai", "requirements.txt", "openai", "sdk", "==1.51.0", "1.51.0", True
            ),
            LockedPackage(
                "PyPI", "litellm", "uv.lock", "package.litellm", "gateway", version="1.50.2"
            ),
            LockedPackage(
                "npm", "@mistralai/mistralai", "package.json", "dependencies", "sdk", "^2.2.0"
            ),
            LockedPackage(
                "crates.io", "async-openai", "Cargo.lock", "package", "sdk", "", "0.25.0"
            ),
            LockedPackage(
                "Go", "github.com/sashabaranov/go-openai", "go.mod", "require", "sdk", "v1.32.0"
            ),
        ),
    )


def org_of_the_examples(tmp_path: Path) -> str:
    spec = importlib.util.spec_from_file_location(
        "make_org_example", TOP / "examples" / "make_org_example.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    llmdeps = [sys.executable, "-m", "llmdeps"]
    module.build(tmp_path, llmdeps)
    text: str = module.report(tmp_path, llmdeps, "spdx")
    return text


def documents(tmp_path: Path) -> dict[str, str]:
    return {
        "demo": report_spdx.render(demo_report()),
        "demo dated": report_spdx.render(demo_report("2026-12-01")),
        "packages": report_spdx.render(packages_report()),
        "org of the examples": org_of_the_examples(tmp_path),
    }


@needs_schema
def test_every_document_is_valid_against_the_spdx_3_0_1_schema(tmp_path: Path) -> None:
    for name, text in documents(tmp_path).items():
        doc = json.loads(text)
        assert schema_errors(doc) == [], name
        assert model_errors(doc) == [], name
        spdx_check(text)
        if name == "org of the examples":
            apps = {
                e["name"]
                for e in doc["@graph"]
                if e.get("software_primaryPurpose") == "application"
            }
            assert apps == {"demo", "demo-clinic", "demo-field"}


def test_the_ai_fields_have_their_model_types() -> None:
    for report in (demo_report(), packages_report()):
        doc = json.loads(report_spdx.render(report))
        assert model_errors(doc) == []
        models = [e for e in doc["@graph"] if e["type"] == "ai_AIPackage"]
        assert models and all(
            isinstance(e["ai_typeOfModel"], list) for e in models if "ai_typeOfModel" in e
        )
        assert any(e.get("verifiedUsing") for e in models)
        assert any(e.get("suppliedBy") for e in models)


def _first_model(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(e for e in doc["@graph"] if e["type"] == "ai_AIPackage" and key in e)


BROKEN: dict[str, Callable[[dict[str, Any]], None]] = {
    "typeOfModel an int": lambda d: _first_model(d, "ai_typeOfModel").update(ai_typeOfModel=7),
    "typeOfModel a string": lambda d: _first_model(d, "ai_typeOfModel").update(
        ai_typeOfModel="text-generation"
    ),
    "typeOfModel a list of ints": lambda d: _first_model(d, "ai_typeOfModel").update(
        ai_typeOfModel=[1, 2]
    ),
    "suppliedBy an object": lambda d: _first_model(d, "suppliedBy").update(
        suppliedBy={"type": "Organization"}
    ),
    "suppliedBy a name": lambda d: _first_model(d, "suppliedBy").update(suppliedBy="Anthropic"),
    "verifiedUsing a string": lambda d: _first_model(d, "verifiedUsing").update(
        verifiedUsing="sha256:" + "0" * 64
    ),
    "verifiedUsing a Hash of no known algorithm": lambda d: _first_model(d, "verifiedUsing").update(
        verifiedUsing=[{"type": "Hash", "algorithm": "sha999", "hashValue": "0" * 64}]
    ),
    "verifiedUsing without a hashValue": lambda d: _first_model(d, "verifiedUsing").update(
        verifiedUsing=[{"type": "Hash", "algorithm": "sha256"}]
    ),
    "primaryPurpose not in the vocabulary": lambda d: _first_model(d, "name").update(
        software_primaryPurpose="toaster"
    ),
    "autonomyType not a PresenceType": lambda d: _first_model(d, "name").update(
        ai_autonomyType=True
    ),
    "a relationship to nothing": lambda d: next(
        e for e in d["@graph"] if e["type"] == "Relationship"
    ).update(to=[]),
    "another context": lambda d: d.update(
        {"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"}
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_checks_reject_a_broken_ai_field(name: str) -> None:
    doc = json.loads(report_spdx.render(demo_report()))
    assert model_errors(doc) == []
    broken = copy.deepcopy(doc)
    BROKEN[name](broken)
    assert broken != doc
    assert model_errors(broken), name
    if SCHEMA is not None:
        assert schema_errors(doc) == []
        assert schema_errors(broken), name


@pytest.mark.parametrize(
    ("date", "created"),
    [
        ("2026-12-01", "2026-12-01T00:00:00Z"),
        ("2026-12-01T10:30:00Z", "2026-12-01T10:30:00Z"),
        ("2026-12-01T10:30:00+02:00", "2026-12-01T08:30:00Z"),
        ("2026-02-30", report_spdx.NO_DATE),
        ("2026-13-01", report_spdx.NO_DATE),
        ("2026-12-01T25:00:00Z", report_spdx.NO_DATE),
        ("\uff12\uff10\uff12\uff16-12-01", report_spdx.NO_DATE),
        ("0001-01-01T00:00:00+01:00", report_spdx.NO_DATE),
        ("Dec 1st", report_spdx.NO_DATE),
    ],
)
def test_created_is_a_utc_timestamp_of_a_real_date(date: str, created: str) -> None:
    """`--date` is free text for the other formats; SPDX's `created` must be a real UTC moment
    (2026-02-30 and non-ASCII digits used to pass through, rejected by both validators)."""
    text = report_spdx.render(demo_report(date))
    (info,) = [e for e in json.loads(text)["@graph"] if e["type"] == "CreationInfo"]
    assert info["created"] == created
    spdx_check(text)
    if SCHEMA is not None:
        assert schema_errors(json.loads(text)) == []


NAMES = st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and "/" not in t)
DIGESTS = st.one_of(st.none(), st.text(max_size=8), st.just("sha256:" + "ab" * 32))


@st.composite
def locks(draw: st.DrawFn) -> Any:
    models = []
    for i in range(draw(st.integers(1, 3))):
        name = draw(NAMES)
        installs = tuple(
            factories.install(
                name=name,
                digest=draw(DIGESTS),
                weights_digest=draw(DIGESTS),
                gguf=GgufInfo(architecture=draw(st.one_of(st.none(), NAMES))),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        models.append(
            factories.model(
                f"ollama/{name}{i}:{draw(NAMES)}",
                name=name,
                version=draw(st.one_of(st.none(), st.text(max_size=6))),
                vendor=draw(st.one_of(st.just("unknown"), NAMES)),
                lineage_vendor=draw(st.one_of(st.just("unknown"), NAMES)),
                family=draw(st.one_of(st.just("unknown"), NAMES)),
                license=draw(st.one_of(st.just("unknown"), st.just("apache-2.0"), NAMES)),
                task=draw(st.sampled_from(["chat", "embedding", "vision", "unknown", "x"])),
                runtime=Runtime.OLLAMA,
                installs=installs,
                installed=bool(installs),
            )
        )
    packages = tuple(
        LockedPackage(
            draw(st.sampled_from(["PyPI", "npm", "Go", "crates.io", "RubyGems", "??"])),
            draw(NAMES),
            "f",
            "k",
            "sdk",
            draw(st.one_of(st.none(), st.text(max_size=6))),
            draw(st.one_of(st.none(), st.text(max_size=6))),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return factories.lock(models=tuple(models), packages=packages)


@settings(max_examples=25)
@given(lock=locks(), date=st.one_of(st.none(), st.text(max_size=25)))
def test_any_lock_gives_a_valid_document(lock: Any, date: str | None) -> None:
    report = build_report(lock, factories.FakeCatalog(), without=None, date=date)
    text = report_spdx.render(report)
    doc = json.loads(text)
    assert model_errors(doc) == []
    spdx_check(text)
    if SCHEMA is not None:
        assert schema_errors(doc) == []


def test_a_package_of_a_registry_without_advisories_does_not_crash_the_report(
    tmp_path: Path,
) -> None:
    """A hand-edited lock may name any registry: `report` lists the package and asks no advisory
    database about it (it used to stop on `'crates.io' is not a valid Ecosystem`)."""
    from typer.testing import CliRunner

    from llmdeps.cli.app import app
    from llmdeps.lockfile import dump, read

    lock = replace(
        read(TOP / "inventory.example.yaml"),
        packages=(
            LockedPackage(
                "crates.io", "async-openai", "Cargo.lock", "package", "sdk", None, "0.25.0"
            ),
        ),
    )
    (tmp_path / "llmdeps.lock").write_text(dump(lock))
    for fmt in ("text", "spdx"):
        result = CliRunner().invoke(app, ["report", str(tmp_path), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "async-openai" in result.stdout
        if fmt == "spdx":
            doc = json.loads(result.stdout)
            assert model_errors(doc) == []
            (pkg,) = [e for e in doc["@graph"] if e.get("name") == "async-openai"]
            assert pkg["software_packageUrl"] == "pkg:cargo/async-openai@0.25.0"
            if SCHEMA is not None:
                assert schema_errors(doc) == []


def test_org_of_repositories_with_any_names_is_valid() -> None:
    """Repository names are what the user typed: spaces, slashes, `..`, tabs, `%41`, non-ASCII."""
    from llmdeps.analysis.org import OrgRepoInput, build_org_report
    from llmdeps.analysis.report import Audited
    from llmdeps.formats import ORG_FORMATS
    from llmdeps.lockfile import read

    lock = read(TOP / "inventory.example.yaml")
    names = ["my repo", "ünïcode", "a/b", "..", "x\ty", "C:\\r", "-", "%41"]
    repos = [
        OrgRepoInput(n, Audited(n, "llmdeps.lock", f"sha256:{i:064x}"), lock)
        for i, n in enumerate(names)
    ]
    text = ORG_FORMATS["spdx"].render(build_org_report(repos, without=None, date="2026-12-01"))
    doc = json.loads(text)
    assert model_errors(doc) == []
    spdx_check(text)
    apps = [e for e in doc["@graph"] if e.get("software_primaryPurpose") == "application"]
    assert sorted(e["name"] for e in apps) == sorted(names)
    assert len({e["spdxId"] for e in apps}) == len(names)
    if SCHEMA is not None:
        assert schema_errors(doc) == []
