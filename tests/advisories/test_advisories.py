"""OSV records: the shipped ones validate against the OSV schema; ranges are evaluated as OSV
says; a folder (plain, osv-scanner's `all.zip` layouts) adds records, bad files are warnings."""

from __future__ import annotations

import json
import os
import zipfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from llmdeps import advisories
from llmdeps.advisories import AdvisoryDb, load, parse_record, shipped
from llmdeps.errors import UsageError
from llmdeps.sources.packages.base import Ecosystem

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "osv-schema.json"


@cache
def osv_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text())
    return schema


def _local_schema() -> dict[str, Any]:
    """The vendored schema predates the `x_` prefix local databases use (osv-schema 1.7)."""
    local: dict[str, Any] = json.loads(json.dumps(osv_schema()))
    pattern = local["$defs"]["prefix"]["pattern"]
    local["$defs"]["prefix"]["pattern"] = "^(x_[A-Za-z0-9]+|" + pattern[2:]
    return local


def _shipped_files() -> list[Any]:
    folder = resources.files("llmdeps.advisories")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)


def test_every_shipped_advisory_validates_against_the_osv_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(osv_schema())
    strict = jsonschema.Draft202012Validator(osv_schema())
    local = jsonschema.Draft202012Validator(_local_schema())
    files = _shipped_files()
    assert len(files) >= 6
    for f in files:
        record = json.loads(f.read_text("utf-8"))
        (local if record["id"].startswith("x_") else strict).validate(record)
        assert f.name == record["id"] + ".json"
    ids = {json.loads(f.read_text("utf-8"))["id"] for f in files}
    assert {"MAL-2026-2144", "MAL-2026-3608", "MAL-2026-3432", "MAL-2026-3511"} <= ids
    assert "MAL-2026-3512" in ids


def test_the_schema_rejects_what_it_should() -> None:
    validator = jsonschema.Draft202012Validator(osv_schema())
    for bad in (
        {"id": "LLMDEPS-0001", "modified": "2026-01-01T00:00:00Z"},  # no known prefix
        {"id": "MAL-2026-1", "modified": "2026-01-01"},  # not a timestamp
        {"id": "MAL-2026-1"},  # no modified
    ):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


def test_shipped_facts_match_the_reference() -> None:
    by_id = {a.id: a for a in shipped()}
    litellm = by_id["MAL-2026-2144"]
    assert litellm.versions == ("1.82.7", "1.82.8")
    assert set(litellm.aliases) == {"PYSEC-2026-2", "GHSA-92x9-889m-jgmw"}
    assert by_id["MAL-2026-3608"].versions == ("2.4.6",)
    npm = by_id["MAL-2026-3432"]
    assert npm.versions == ("2.2.2", "2.2.3", "2.2.4") and not npm.every_version
    assert by_id["x_LLMDEPS-2024-0001"].versions == ("8.3.41", "8.3.42", "8.3.45", "8.3.46")


def test_exact_hits_and_the_every_version_range_apart() -> None:
    db = load()
    assert [h.advisory.id for h in db.hits(Ecosystem.PYPI, "LiteLLM", "1.82.8")] == [
        "MAL-2026-2144"
    ]
    assert db.hits(Ecosystem.PYPI, "litellm", "1.82.6") == ()
    (exact,) = db.hits(Ecosystem.NPM, "@mistralai/mistralai", "2.2.3")
    assert exact.exact
    (apart,) = db.hits(Ecosystem.NPM, "@mistralai/mistralai", "1.0.0")
    assert not apart.exact
    assert db.hits(Ecosystem.PYPI, "ultralytics", "8.3.43") == ()


def _record(rid: str, name: str, **affected: object) -> dict[str, object]:
    return {
        "id": rid,
        "modified": "2026-11-01T00:00:00Z",
        "summary": f"{rid} summary",
        "affected": [{"package": {"ecosystem": "PyPI", "name": name}, **affected}],
    }


def _db(*records: dict[str, object]) -> AdvisoryDb:
    return AdvisoryDb([a for r in records for a in parse_record(r, "test")])


def test_ranges_are_evaluated_in_version_order() -> None:
    events = [
        {"introduced": "1.2"},
        {"fixed": "1.4"},
        {"introduced": "2.0"},
        {"last_affected": "2.1"},
    ]
    db = _db(
        _record("GHSA-1111-2222-3333", "openai", ranges=[{"type": "ECOSYSTEM", "events": events}])
    )
    inside = [
        v
        for v in ("1.1", "1.2", "1.3.9", "1.4", "1.9", "2.0", "2.1", "2.1.1")
        if db.hits(Ecosystem.PYPI, "openai", v)
    ]
    assert inside == ["1.2", "1.3.9", "2.0", "2.1"]
    (advisory,) = db.for_package(Ecosystem.PYPI, "openai")
    assert advisory.fixed == ("1.4",) and advisory.fixed_text() == "fixed in 1.4"
    limit = _db(
        _record(
            "GHSA-1111-2222-4444",
            "openai",
            ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"limit": "1.0"}]}],
        )
    )
    assert limit.hits(Ecosystem.PYPI, "openai", "0.9") and not limit.hits(
        Ecosystem.PYPI, "openai", "1.0"
    )


def test_a_whole_malicious_package_hits_every_version_and_every_spec() -> None:
    db = _db(
        _record(
            "MAL-2026-9999",
            "openai",
            ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
        )
    )
    (hit,) = db.hits(Ecosystem.PYPI, "openai", "1.0")
    assert hit.exact
    ((advisory, versions),) = db.admitted(Ecosystem.PYPI, "openai", ">=1")
    assert advisory.id == "MAL-2026-9999" and versions == ()


def test_specs_that_admit_a_bad_version() -> None:
    db = load()
    ((advisory, bad),) = db.admitted(Ecosystem.PYPI, "litellm", ">=1.80")
    assert advisory.id == "MAL-2026-2144" and bad == ("1.82.7", "1.82.8")
    assert db.admitted(Ecosystem.PYPI, "litellm", ">=1.80,!=1.82.7,!=1.82.8") == ()
    assert db.admitted(Ecosystem.PYPI, "litellm", "<1.82.7") == ()
    ((_, npm_bad),) = db.admitted(Ecosystem.NPM, "@mistralai/mistralai", "^2.2.0")
    assert npm_bad == ("2.2.2", "2.2.3", "2.2.4")
    assert db.admitted(Ecosystem.NPM, "@mistralai/mistralai", "~2.1.0") == ()


def test_withdrawn_and_other_packages_are_left_out() -> None:
    assert (
        parse_record(
            {
                **_record("GHSA-aaaa-aaaa-aaaa", "openai", versions=["1"]),
                "withdrawn": "2026-01-01T00:00:00Z",
            },
            "t",
        )
        == []
    )
    assert parse_record(_record("GHSA-aaaa-aaaa-aaab", "requests", versions=["2.0"]), "t") == []


def _write(folder: Path, name: str, data: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data))


def test_folder_layouts_plain_and_osv_scanner_zip(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    _write(
        plain / "PyPI",
        "GHSA-aaaa-bbbb-0001.json",
        _record("GHSA-aaaa-bbbb-0001", "openai", versions=["1.51.0"]),
    )
    for layout in ("osv-scanner", "osv-scalibr"):
        target = tmp_path / "cache" / layout / "PyPI"
        target.mkdir(parents=True)
        with zipfile.ZipFile(target / "all.zip", "w") as archive:
            rid = f"GHSA-aaaa-bbbb-{layout[-4:]}"
            archive.writestr(
                f"{rid}.json", json.dumps(_record(rid, "anthropic", versions=["0.40.0"]))
            )
            archive.writestr(
                "MAL-0000-no-id.json",
                json.dumps(
                    {
                        "modified": "2026-11-01T00:00:00Z",
                        "affected": [{"package": {"ecosystem": "PyPI", "name": "anthropic"}}],
                    }
                ),
            )
    db = load([plain, tmp_path / "cache"])
    assert [h.advisory.id for h in db.hits(Ecosystem.PYPI, "openai", "1.51.0")] == [
        "GHSA-aaaa-bbbb-0001"
    ]
    assert len(db.hits(Ecosystem.PYPI, "anthropic", "0.40.0")) == 2
    assert len(db.warnings) == 2 and all("MAL-0000-no-id.json" in w for w in db.warnings)


def test_a_folder_record_replaces_the_shipped_one_of_its_id(tmp_path: Path) -> None:
    newer = _record("MAL-2026-2144", "litellm", versions=["1.82.7", "1.82.8", "1.82.9"])
    _write(tmp_path, "MAL-2026-2144.json", newer)
    db = load([tmp_path])
    assert db.hits(Ecosystem.PYPI, "litellm", "1.82.9")
    assert len(db.for_package(Ecosystem.PYPI, "litellm")) == 1


def test_hostile_folder_is_bounded_and_never_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "loop").symlink_to(folder)  # a symlink loop: not followed
    (folder / "link.json").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.json")
    (folder / "huge.json").write_bytes(b"[" * (advisories.MAX_RECORD_BYTES + 1))
    (folder / "deep.json").write_text("[" * 100_000)
    (folder / "bad.zip").write_bytes(b"PK not really")
    (folder / "list.json").write_text("[1, 2]")
    (folder / "ctrl\x1b[31m.json").write_text("{")
    monkeypatch.setattr(advisories, "MAX_WARNINGS", 50)
    db = load([folder])
    assert db.count == len(shipped())
    text = "\n".join(db.warnings)
    for name in ("fifo.json", "huge.json", "deep.json", "bad.zip", "list.json"):
        assert name in text
    assert "link.json" not in text and "\x1b" not in text


def test_warnings_are_capped(tmp_path: Path) -> None:
    for i in range(advisories.MAX_WARNINGS + 5):
        (tmp_path / f"bad{i:02}.json").write_text("{")
    db = load([tmp_path])
    assert len(db.warnings) == advisories.MAX_WARNINGS + 1
    assert "5 more files" in db.warnings[-1]


def test_a_folder_that_is_not_one_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load([tmp_path / "missing"])


def test_broken_records_of_other_packages_are_not_warned_about(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "MAL-0000-other.json",
        {"affected": [{"package": {"ecosystem": "PyPI", "name": "requests"}}]},
    )
    _write(
        tmp_path,
        "MAL-0000-sdk.json",
        {
            "affected": [
                {
                    "package": {"ecosystem": "npm", "name": "@anthropic-ai/sdk"},
                    "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
                }
            ]
        },
    )
    db = load([tmp_path])
    assert len(db.warnings) == 1 and "MAL-0000-sdk.json" in db.warnings[0]
    assert db.hits(Ecosystem.NPM, "@anthropic-ai/sdk", "0.40.0") == ()


def test_text_from_a_record_cannot_drive_a_terminal(tmp_path: Path) -> None:
    hostile = _record("GHSA-aaaa-bbbb-\x1b[2J", "openai", versions=["1.0\x1b[31m"])
    hostile["summary"] = "pwned\x1b]0;title\x07" + "x" * 5000
    hostile["aliases"] = ["CVE-\x1b[1m"]
    _write(tmp_path, "hostile.json", hostile)
    (advisory,) = load([tmp_path]).for_package(Ecosystem.PYPI, "openai")
    for text in (advisory.id, advisory.summary, *advisory.aliases, *advisory.versions):
        assert "\x1b" not in text and "\x07" not in text
    assert len(advisory.summary) <= 500
