"""The lockfile: deterministic text, exact round trip, atomic writes, clear errors."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.errors import LockfileError, OutputError
from llmdeps.lockfile import dump, load, read
from llmdeps.model import RefKind
from llmdeps.output import write_atomic
from tests import factories


def test_round_trip_is_exact() -> None:
    lock = factories.lock()
    assert load(dump(lock)) == lock


def test_dump_is_byte_identical_and_has_no_line_numbers() -> None:
    lock = factories.lock()
    text = dump(lock)
    assert text == dump(factories.lock())
    body = text.split("\n", 3)[3]  # after the header comment
    assert "line" not in body.replace("lineage", "") and "column" not in body
    assert text.startswith("# llmdeps.lock")
    assert text.index("\nschema_version: 2") < text.index("\nmodels:") < text.index("\nreferences:")


@settings(max_examples=40, deadline=None)
@given(
    path=st.text(min_size=1, max_size=40),
    context=st.text(max_size=40),
    model=st.text(min_size=1, max_size=40),
    kind=st.sampled_from(list(RefKind)),
)
def test_round_trip_any_strings(path: str, context: str, model: str, kind: RefKind) -> None:
    lock = factories.lock(
        references=(factories.ref(path=path, context=context, model=model, kind=kind),)
    )
    assert load(dump(lock)) == lock


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "schema_version: 99\n",
            "written by a newer llmdeps (lock schema 99, this llmdeps reads 2)",
        ),
        ("schema_version: 0\n", "schema_version 0 is not one this llmdeps reads (1, 2)"),
        ("- just a list\n", "not an llmdeps lock"),
        ("schema_version: 1\ntool_version: x\nmodels: [{id: 3}]\n", "models[0].id: expected str"),
        ("schema_version: 1\nbogus: true\n", "unknown key 'bogus'"),
        ("schema_version: 1\nmodels: [\n", "not valid YAML"),
    ],
)
def test_bad_locks_are_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(LockfileError, match=re.escape(message)):
        load(text, path="llmdeps.lock")


def test_read_missing_lock_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(LockfileError, match="create it with `llmdeps scan`"):
        read(tmp_path / "llmdeps.lock")


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "llmdeps.lock"
    target.write_text("old")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(os.listdir(tmp_path)) == ["llmdeps.lock"]


def test_write_atomic_into_missing_dir_is_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(tmp_path / "nope" / "llmdeps.lock", "x")


def test_lone_surrogates_from_a_server_are_escaped_not_a_crash() -> None:
    """JSON allows "\\udcff"; an Ollama server's family or GGUF basename may carry one."""
    from dataclasses import replace

    from tests import factories as f

    install = f.install(family="llama\udcff", quantization="Q4\u00e9\udcff")
    lock = f.lock(models=(f.model(installs=(install,)),))
    text = dump(lock)
    assert "llama\\udcff" in text
    again = load(text).models[0].installs[0]
    assert (again.family, again.quantization) == ("llama\\udcff", "Q4\u00e9\\udcff")
    assert replace(lock, models=()) == replace(load(text), models=())


def test_a_lock_from_a_newer_schema_is_refused_by_every_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from llmdeps.cli.app import app

    (tmp_path / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    newer = "schema_version: 99\ntool_version: 9.0.0\nmodels: []\nshape: of the future\n"
    lock = tmp_path / "llmdeps.lock"
    lock.write_text(newer)
    runner = CliRunner()
    for args in (["scan"], ["check"], ["report"]):
        result = runner.invoke(app, [*args, str(tmp_path), "--no-ollama"])
        assert result.exit_code == 2, (args, result.output)
        assert "written by llmdeps 9.0.0" in result.stderr and "upgrade llmdeps" in result.stderr
        assert lock.read_text() == newer, "a newer lock was overwritten"


def test_a_schema_1_lock_loads_and_is_written_as_2() -> None:
    """Locks written before `packages:`, install pins and `uses` existed still load; the new
    sections read as absent and the next write is schema 2."""
    text = "schema_version: 1\ntool_version: 0.1.0\nmodels: []\nworkflows: []\nreferences: []\n"
    lock = load(text + "fallbacks: []\n")
    assert lock.schema_version == 2 and lock.packages == ()
    assert "\nschema_version: 2\n" in "\n" + dump(lock)
