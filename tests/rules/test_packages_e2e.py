"""The middle layer's done-means: each fixture repository makes `check` exit 1 with the right
rule in every check format, and exit 0 after the fix (issue 12)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.lockfile import read
from llmdeps.rules import RULES

runner = CliRunner()
APP = 'import litellm\nlitellm.completion(model="gpt-4o-2024-08-06")\n'
PAYLOAD_SHA = "71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238"
POETRY_LOCK = """\
[[package]]
name = "mistralai"
version = "{version}"
description = "Python Client SDK for the Mistral AI API."
optional = false
python-versions = ">=3.9"
groups = ["main"]
files = [
    {{file = "mistralai-{version}-py3-none-any.whl", hash = "sha256:{digest}"}},
]

[metadata]
lock-version = "2.1"
python-versions = "^3.11"
content-hash = "{digest}"
"""


def _poetry(root: Path, version: str) -> None:
    (root / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "app"\n[tool.poetry.dependencies]\npython = "^3.11"\n'
        'mistralai = "^2.4"\n'
    )
    digest = hashlib.sha256(version.encode()).hexdigest()
    (root / "poetry.lock").write_text(POETRY_LOCK.format(version=version, digest=digest))


def _npm(root: Path, version: str) -> None:
    (root / "package.json").write_text(
        json.dumps({"name": "web", "dependencies": {"@mistralai/mistralai": "^2.2.0"}})
    )
    lock = {
        "name": "web",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "web", "dependencies": {"@mistralai/mistralai": "^2.2.0"}},
            "node_modules/@mistralai/mistralai": {
                "version": version,
                "resolved": f"https://registry.npmjs.org/@mistralai/mistralai/-/mistralai-{version}.tgz",
                "integrity": "sha512-" + "A" * 86 + "==",
            },
        },
    }
    (root / "package-lock.json").write_text(json.dumps(lock, indent=2))


def _venv(root: Path, payload: bool) -> Path:
    site = root.parent / f"{root.name}-venv" / "lib" / "python3.12" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    dist = site / "litellm-1.82.6.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: litellm\nVersion: 1.82.6\n\nbody\n"
    )
    pth = site / "litellm_init.pth"
    if payload:
        pth.write_text("import os, base64; exec(base64.b64decode('cHJpbnQoMSk='))\n")
    elif pth.exists():
        pth.unlink()
    return site.parent.parent.parent


Case = tuple[Callable[[Path], list[str]], Callable[[Path], None], str, str]
"""(write the bad repo, returning extra check args; apply the fix; rule; advisory or package)."""


def _req_bad(root: Path) -> list[str]:
    (root / "requirements.txt").write_text("litellm==1.82.7\n")
    return []


def _req_fix(root: Path) -> None:
    (root / "requirements.txt").write_text("litellm==1.82.6\n")


def _poetry_bad(root: Path) -> list[str]:
    _poetry(root, "2.4.6")
    return []


def _npm_bad(root: Path) -> list[str]:
    _npm(root, "2.2.3")
    return []


def _spec_bad(root: Path) -> list[str]:
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = ["litellm>=1.82"]\n'
    )
    return ["--fail-on", "warning"]


def _spec_fix(root: Path) -> None:
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = ["litellm==1.83.0"]\n'
    )


def _venv_bad(root: Path) -> list[str]:
    (root / "requirements.txt").write_text("litellm==1.82.6\n")
    return ["--python-env", str(_venv(root, payload=True))]


CASES: dict[str, Case] = {
    "requirements": (_req_bad, _req_fix, "compromised-package", "MAL-2026-2144"),
    "poetry": (_poetry_bad, lambda r: _poetry(r, "2.4.5"), "compromised-package", "MAL-2026-3608"),
    "npm": (_npm_bad, lambda r: _npm(r, "2.2.1"), "compromised-package", "MAL-2026-3432"),
    "spec": (_spec_bad, _spec_fix, "spec-admits-compromised", "MAL-2026-2144"),
    "venv": (
        _venv_bad,
        lambda r: _venv(r, payload=False) and None,
        "compromised-package",
        "MAL-2026-2144",
    ),
}


def _check(root: Path, fmt: str, extra: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(root), "--no-ollama", "-f", fmt, *extra])
    return result.exit_code, result.stdout


def _scan(root: Path) -> None:
    result = runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_fails_with_the_rule_in_every_format_then_passes_after_the_fix(
    case: str, tmp_path: Path
) -> None:
    bad, fix, rule, advisory = CASES[case]
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(APP)
    extra = bad(root)
    _scan(root)
    for fmt in ("text", "json", "sarif", "github"):
        code, out = _check(root, fmt, extra)
        assert code == 1, (fmt, out)
        assert rule in out and advisory in out, (fmt, out)
    code, out = _check(root, "json", extra)
    found = [f for f in json.loads(out)["findings"] if f["rule"] == rule]
    assert found and found[0]["advisory"] == advisory
    assert "fix" in found[0] and found[0]["fix"]
    if case != "venv":
        assert found[0]["paths"]
    sarif = json.loads(_check(root, "sarif", extra)[1])
    ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == rule]
    assert results and ids[results[0]["ruleIndex"]] == rule
    assert results[0]["properties"]["advisory"] == advisory
    fix(root)
    code, out = _check(root, "text", extra)
    if case != "venv":  # the packages changed against the lock
        assert code == 1 and "lock-stale" in out, out
    _scan(root)
    code, out = _check(root, "text", extra)
    assert code == 0, out
    assert f"error: {rule}" not in out and f"warning: {rule}" not in out
    if case == "npm":  # MAL-2026-3432's `introduced: 0` range is reported apart, as a note
        assert "note: compromised-package" in out and "every-version range" in out


def test_finding_names_package_version_advisory_file_and_fixed_versions(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("litellm==1.82.7\n")
    _scan(tmp_path)
    code, out = _check(tmp_path, "json", [])
    (finding,) = [f for f in json.loads(out)["findings"] if f["rule"] == "compromised-package"]
    assert finding["package"] == "pkg:pypi/litellm@1.82.7"
    assert finding["paths"] == ["requirements.txt"]
    for text in ("litellm 1.82.7", "MAL-2026-2144", "requirements.txt", "affected: 1.82.7, 1.82.8"):
        assert text in finding["message"]


def test_lock_records_sorted_packages_without_lines(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    web = tmp_path / "web"
    web.mkdir()
    (web / "app.ts").write_text(
        'import OpenAI from "openai";\nnew OpenAI().chat.completions.create({model: "gpt-4o-2024-08-06"});\n'
    )
    _npm(web, "2.2.1")
    (tmp_path / "requirements.txt").write_text(
        "litellm==1.82.6 --hash=sha256:" + "ab" * 32 + "\nrequests==2.0\n"
    )
    _scan(tmp_path)
    lock = read(tmp_path / "llmdeps.lock")
    entries = [(p.file, p.name, p.version, p.locked, p.hashed, p.workflow) for p in lock.packages]
    assert entries == [
        ("requirements.txt", "litellm", "1.82.6", False, True, "(root)"),
        ("web/package-lock.json", "@mistralai/mistralai", "2.2.1", True, True, "web"),
        ("web/package.json", "@mistralai/mistralai", None, False, False, "web"),
    ]
    text = (tmp_path / "llmdeps.lock").read_text()
    assert "line" not in yaml.safe_load(text)["packages"][0]
    first = text
    _scan(tmp_path)
    assert (tmp_path / "llmdeps.lock").read_text() == first
    scan_json = runner.invoke(app, ["scan", str(tmp_path), "--no-ollama", "-f", "json", "-q"])
    packages = json.loads(scan_json.stdout)["packages"]
    assert [p["name"] for p in packages] == [
        "litellm",
        "@mistralai/mistralai",
        "@mistralai/mistralai",
    ]
    assert packages[0]["line"] == 1


def test_unpinned_middleware_is_an_error_with_the_policy(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("openai>=1.40\n")
    _scan(tmp_path)
    code, out = _check(tmp_path, "text", [])
    assert code == 0 and "warning: unpinned-middleware: sdk package openai >=1.40" in out
    (tmp_path / ".llmdeps.yaml").write_text("policy:\n  require_pinned_packages: true\n")
    code, out = _check(tmp_path, "text", [])
    assert code == 1 and "error: unpinned-middleware" in out
    (tmp_path / "requirements.txt").write_text("openai==1.51.0\n")
    _scan(tmp_path)
    assert _check(tmp_path, "text", [])[0] == 0


def test_advisories_folder_adds_records_and_bad_files_are_one_line_warnings(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements.txt").write_text("openai==1.51.0\n")
    _scan(repo)
    db = tmp_path / "osv" / "PyPI"
    db.mkdir(parents=True)
    record = {
        "id": "GHSA-aaaa-bbbb-cccc",
        "modified": "2026-11-01T00:00:00Z",
        "summary": "test record",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "OpenAI"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "1.50"}, {"fixed": "1.52.1"}]}
                ],
            }
        ],
    }
    (db / "GHSA-aaaa-bbbb-cccc.json").write_text(json.dumps(record))
    (db / "MAL-0000-no-id.json").write_text(json.dumps({**record, "id": ""}))
    (db / "broken.json").write_text("{not json")
    (db / "huge.json").write_bytes(b" " * (5 * 1024 * 1024))
    result = runner.invoke(
        app, ["check", str(repo), "--no-ollama", "--advisories", str(tmp_path / "osv")]
    )
    assert result.exit_code == 1, result.output
    assert "GHSA-aaaa-bbbb-cccc" in result.stdout and "fixed in 1.52.1" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "--advisories" in line]
    assert len(warnings) == 3 and all("\n" not in w for w in warnings)
    missing = runner.invoke(
        app, ["check", str(repo), "--no-ollama", "--advisories", str(tmp_path / "nope")]
    )
    assert missing.exit_code == 2


def test_report_middle_layer_in_every_format_and_valid_cyclonedx(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "requirements.txt").write_text("litellm==1.82.7\nopenai>=1\n")
    go = tmp_path / "svc"
    go.mkdir()
    (go / "go.mod").write_text(
        "module example.com/svc\n\ngo 1.22\n\nrequire github.com/ollama/ollama v0.5.1\n"
    )
    _scan(tmp_path)
    for fmt in ("text", "markdown", "html"):
        out = runner.invoke(app, ["report", str(tmp_path), "-f", fmt]).stdout
        assert "Middle layer" in out and "MAL-2026-2144" in out and "NOT pinned" in out, fmt
    doc = json.loads(runner.invoke(app, ["report", str(tmp_path), "-f", "json"]).stdout)
    assert doc["middle_layer"]["hits"][0]["advisory"] == "MAL-2026-2144"
    assert doc["middle_layer"]["unpinned"] == 1
    text = runner.invoke(app, ["report", str(tmp_path), "-f", "cyclonedx"]).stdout
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    libraries = {c["bom-ref"]: c for c in bom["components"] if c["type"] == "library"}
    assert set(libraries) == {
        "package:pkg:pypi/litellm@1.82.7",
        "package:pkg:pypi/openai",
        "package:pkg:golang/github.com/ollama/ollama@0.5.1",
    }
    assert libraries["package:pkg:pypi/litellm@1.82.7"]["purl"] == "pkg:pypi/litellm@1.82.7"
    edges = {d["ref"]: set(d.get("dependsOn", ())) for d in bom["dependencies"]}
    assert "package:pkg:pypi/litellm@1.82.7" in edges["workflow:(root)"]
    assert "package:pkg:golang/github.com/ollama/ollama@0.5.1" in edges["repository"]
    (vulnerability,) = bom["vulnerabilities"]
    assert vulnerability["id"] == "MAL-2026-2144"
    assert vulnerability["affects"] == [{"ref": "package:pkg:pypi/litellm@1.82.7"}]
    assert {r["id"] for r in vulnerability["references"]} == {"PYSEC-2026-2", "GHSA-92x9-889m-jgmw"}
    assert text == runner.invoke(app, ["report", str(tmp_path), "-f", "cyclonedx"]).stdout


def test_npm_purl_escapes_the_scope(tmp_path: Path) -> None:
    from llmdeps.rules.packages import purl

    assert purl("npm", "@mistralai/mistralai", "2.2.3") == "pkg:npm/%40mistralai/mistralai@2.2.3"


def test_every_package_rule_is_registered() -> None:
    ids = {r.id for r in RULES}
    assert {"compromised-package", "spec-admits-compromised", "unpinned-middleware"} <= ids


def test_payload_hash_is_the_reference_one() -> None:
    from llmdeps.sources.packages.environment import KNOWN_PAYLOADS

    assert KNOWN_PAYLOADS["litellm_init.pth"][1] == frozenset({PAYLOAD_SHA})


def test_report_shows_what_an_environment_holds(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "requirements.txt").write_text("litellm==1.82.6\n")
    _scan(root)
    venv = _venv(root, payload=True)
    site = next(venv.glob("lib/python*/site-packages"))
    dist = site / "litellm-1.82.8.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Name: litellm\nVersion: 1.82.8\n\n")
    out = runner.invoke(app, ["report", str(root), "--python-env", str(venv)]).stdout
    assert "litellm 1.82.8 (PyPI) in" in out and "litellm-1.82.8.dist-info" in out
    assert "payload:" in out and "litellm_init.pth" in out
    plain = runner.invoke(app, ["report", str(root)]).stdout
    assert "advisories hit" not in plain and "litellm 1.82.6" in plain


def test_policy_key_in_pyproject_and_its_type_is_checked(tmp_path: Path) -> None:
    from llmdeps.config import load_config
    from llmdeps.errors import ConfigError

    (tmp_path / "pyproject.toml").write_text(
        "[tool.llmdeps.policy]\nrequire_pinned_packages = true\n"
    )
    assert load_config(tmp_path, None).policy.require_pinned_packages is True
    (tmp_path / "pyproject.toml").write_text(
        '[tool.llmdeps.policy]\nrequire_pinned_packages = "yes"\n'
    )
    with pytest.raises(ConfigError):
        load_config(tmp_path, None)


def test_lock_stale_names_a_bump_in_a_pnpm_lock_as_a_change(tmp_path: Path) -> None:
    def pnpm(version: str) -> str:
        return (
            "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      openai:\n"
            f"        specifier: ^4.0.0\n        version: {version}\npackages:\n"
            f"  openai@{version}:\n    resolution: {{integrity: sha512-x}}\n"
        )

    (tmp_path / "pnpm-lock.yaml").write_text(pnpm("4.0.0"))
    _scan(tmp_path)
    (tmp_path / "pnpm-lock.yaml").write_text(pnpm("4.1.0"))
    code, out = _check(tmp_path, "text", [])
    assert code == 1
    assert "lock-stale: package openai changed: versions: 4.0.0 -> 4.1.0" in out
    assert "new package" not in out and "package gone" not in out


def test_scan_summary_counts_the_middle_layer_and_warns_of_a_compromised_pin(
    tmp_path: Path,
) -> None:
    (tmp_path / "requirements.txt").write_text("litellm==1.82.7\nopenai>=1\n")
    result = runner.invoke(app, ["scan", str(tmp_path), "--no-ollama"])
    assert result.exit_code == 0
    assert "middle layer: 2 packages in 1 manifests and lock files, 1 not pinned" in result.stderr
    assert "litellm 1.82.7 (PyPI) in requirements.txt is compromised (MAL-2026-2144)" in (
        result.stderr
    )


def test_a_compiled_requirements_file_resolves_its_input(tmp_path: Path) -> None:
    (tmp_path / "requirements.in").write_text("litellm>=1.80\n")
    (tmp_path / "requirements.txt").write_text("litellm==1.82.6 --hash=sha256:" + "cd" * 32 + "\n")
    _scan(tmp_path)
    code, out = _check(tmp_path, "text", ["--fail-on", "warning"])
    assert code == 0, out
    (tmp_path / "requirements.txt").unlink()
    _scan(tmp_path)
    code, out = _check(tmp_path, "text", ["--fail-on", "warning"])
    assert code == 1 and "spec-admits-compromised" in out and "unpinned-middleware" in out
