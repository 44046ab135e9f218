"""`.pre-commit-hooks.yaml`: a manifest pre-commit accepts, whose entries are our console script."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit missing")
def test_pre_commit_validates_the_manifest() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hooks_run_the_installed_command_on_the_whole_repo() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    check = hooks["llmdeps-check"]
    assert check["entry"] == "llmdeps check" and check["language"] == "python"
    assert check["pass_filenames"] is False and check["always_run"] is True
    assert check["stages"] == ["pre-commit", "pre-push"]
    assert check["minimum_pre_commit_version"] == "3.2.0"
    assert hooks["llmdeps-scan"]["stages"] == ["manual"]
    for hook in hooks.values():
        assert hook["entry"].split()[0] in scripts
