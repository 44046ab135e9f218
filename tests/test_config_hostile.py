"""Hostile configuration: every case is one ConfigError line, quickly, never a hang or traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from llmdeps.config import load_config
from llmdeps.errors import ConfigError

BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

CASES = {
    "yaml-bomb": (".llmdeps.yaml", BOMB, "unknown key"),
    "huge-integer": (".llmdeps.yaml", "policy:\n  max_hhi: " + "9" * 5000 + "\n", "invalid value"),
    "large-integer": (".llmdeps.yaml", "policy:\n  max_hhi: " + "9" * 400 + "\n", "max_hhi"),
    "deep-yaml": (".llmdeps.yaml", "[" * 20000 + "]" * 20000 + "\n", ""),
    "infinite-weight": (
        ".llmdeps.yaml",
        "criticality_weights: {high: .inf}\n",
        "criticality_weights.high: must be a finite number",
    ),
    "nan-threshold": (
        ".llmdeps.yaml",
        "policy: {max_vendor_share: .nan}\n",
        "policy.max_vendor_share: must be a finite number",
    ),
    "deep-toml": ("pyproject.toml", "[tool.llmdeps]\nx = " + "[" * 5000 + "]" * 5000 + "\n", ""),
    "huge-toml-integer": (
        "pyproject.toml",
        "[tool.llmdeps.policy]\nmax_hhi = " + "9" * 5000 + "\n",
        "invalid value",
    ),
    "long-dotted-header": (
        "pyproject.toml",
        "[tool.llmdeps." + ".".join(f'"k{i}"' for i in range(20000)) + "]\nx = 1\n",
        "unknown key",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_config_is_one_error_fast(tmp_path: Path, case: str) -> None:
    name, text, expected = CASES[case]
    (tmp_path / name).write_text(text)
    start = time.monotonic()
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert time.monotonic() - start < 5, "took too long"
    message = str(info.value)
    assert "\n" not in message and message.startswith(name)
    assert expected in message


def test_an_explicit_config_that_is_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "cfg.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(tmp_path, fifo)


def test_a_config_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("workflows: {}\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".llmdeps.yaml").symlink_to(outside)
    with pytest.raises(ConfigError, match="symlink out of the repository"):
        load_config(repo)


def test_a_config_symlink_inside_the_repository_is_read(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "llmdeps.yaml").write_text("policy: {max_hhi: 5000}\n")
    (tmp_path / ".llmdeps.yaml").symlink_to("conf/llmdeps.yaml")
    assert load_config(tmp_path).policy.max_hhi == 5000
