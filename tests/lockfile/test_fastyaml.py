"""The lock's linear-time YAML writer and reader give PyYAML's bytes and PyYAML's data, and hand
anything outside their shape to PyYAML (integrity issue, item 5)."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.errors import LockfileError
from llmdeps.lockfile import codec, dump, fastyaml, load
from llmdeps.model import RefKind
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_lock import build  # noqa: E402

DEMO = Path(__file__).resolve().parents[2] / "inventory.example.yaml"
OPTIONS: dict[str, Any] = dict(
    sort_keys=False, default_flow_style=False, allow_unicode=False, width=4096, indent=2
)


class _PurePython(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _pyyaml_bytes(data: object, dumper: type) -> str:
    text: str = yaml.dump(data, Dumper=dumper, **OPTIONS)
    return text


def _assert_same_as_pyyaml(text: str) -> None:
    """The text read by the fast reader and by both PyYAML loaders is the same data, and the
    fast writer, libyaml's emitter and PyYAML's pure-Python emitter write it back byte for
    byte."""
    body = text.split("\n", 3)[3] if text.startswith("#") else text
    fast = fastyaml.parse(text, codec._yaml_load, codec._resolve)
    assert fast is not None, "the lock's own layout must take the fast path"
    assert fast == yaml.load(text, Loader=yaml.SafeLoader)
    assert fast == yaml.load(text, Loader=yaml.CSafeLoader)
    emitted = fastyaml.emit(fast, codec._yaml_dump, codec._resolve)
    assert emitted == body
    assert _pyyaml_bytes(fast, _PurePython) == body
    assert _pyyaml_bytes(fast, codec._Dumper) == body


def test_the_demo_lock_is_pyyaml_bytes_both_ways() -> None:
    text = DEMO.read_text(encoding="utf-8")
    _assert_same_as_pyyaml(text)
    assert dump(load(text)) == text


@pytest.mark.parametrize("references", [0, 1, 2500])
def test_generated_locks_are_pyyaml_bytes_both_ways(references: int) -> None:
    text = dump(build(references, models=40, workflows=30))
    _assert_same_as_pyyaml(text)
    assert dump(load(text)) == text


_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ab/._-: #'\"\\@!&*%{}[],?|>=~0123456789eE+")),
        st.characters(exclude_categories=["Cs"]),  # lone surrogates are escaped on purpose
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(
    path=_TEXT.filter(bool),
    context=_TEXT,
    model=_TEXT.filter(bool),
    workflow=_TEXT,
    env_var=st.none() | _TEXT,
    kind=st.sampled_from(list(RefKind)),
)
def test_any_strings_round_trip_through_the_fast_codec(
    path: str, context: str, model: str, workflow: str, env_var: str | None, kind: RefKind
) -> None:
    lock = factories.lock(
        references=(
            factories.ref(
                path=path,
                context=context,
                model=model,
                kind=kind,
                workflow=workflow,
                env_var=env_var,
            ),
        )
    )
    text = dump(lock)
    data = codec.to_dict(lock)
    assert text == codec.HEADER + _pyyaml_bytes(data, codec._Dumper)
    assert text == codec.HEADER + _pyyaml_bytes(data, _PurePython)
    fast = fastyaml.parse(text, codec._yaml_load, codec._resolve)
    assert fast is None or fast == yaml.load(text, Loader=codec._SafeLoader)
    assert load(text) == lock


@settings(max_examples=100, deadline=None)
@given(scalar=st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans()))
def test_any_scalar_value_is_written_as_pyyaml_writes_it(scalar: object) -> None:
    data = {"a": scalar, "b": [scalar, {"c": scalar}], "d": {}, "e": []}
    emitted = fastyaml.emit(data, codec._yaml_dump, codec._resolve)
    assert emitted is None or emitted == _pyyaml_bytes(data, codec._Dumper)


def _mutations(text: str, rng: random.Random) -> list[str]:
    lines = text.split("\n")
    out = []
    pieces = [
        " ",
        "  ",
        "-",
        "- ",
        ":",
        ": ",
        "#",
        " #x",
        "'",
        '"',
        "&a ",
        "*a",
        "!!str ",
        "{",
        "[",
        "\t",
        "---",
        "...",
        "? ",
        "0o7",
        "0x1f",
        "1_000",
        "1:30",
        "2001-12-14",
        "yes",
        "~",
        "null",
        ".inf",
        "=",
        "<<",
        "|",
        ">",
        "%YAML 1.1",
        "\\",
        "\r",
        "\x85",
        "é",
    ]
    for _ in range(400):
        copy = list(lines)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(copy))
            line = copy[i]
            choice = rng.randrange(5)
            piece = rng.choice(pieces)
            if choice == 0:
                at = rng.randint(0, len(line))
                copy[i] = line[:at] + piece + line[at:]
            elif choice == 1 and line:
                at = rng.randrange(len(line))
                copy[i] = line[:at] + line[at + 1 :]
            elif choice == 2:
                copy.insert(i, copy[rng.randrange(len(copy))])
            elif choice == 3:
                del copy[i]
            else:
                copy[i] = line.rstrip() + " " + piece
        out.append("\n".join(copy))
    return out


def test_mutated_locks_read_as_pyyaml_reads_them_or_go_to_pyyaml() -> None:
    """Whatever the text, the fast reader gives PyYAML's answer or none (then PyYAML reads)."""
    rng = random.Random(11)
    base = dump(build(30, models=5, workflows=4))
    taken = 0
    for text in _mutations(base, rng) + _mutations(DEMO.read_text(encoding="utf-8"), rng):
        fast = fastyaml.parse(text, codec._yaml_load, codec._resolve)
        try:
            expected = yaml.load(text, Loader=codec._SafeLoader)
        except yaml.YAMLError:
            assert fast is None, text
            continue
        if fast is not None:
            taken += 1
            assert fast == expected, text
    assert taken > 50  # the fast path is exercised, not only refused


def test_text_outside_the_shape_is_left_to_pyyaml() -> None:
    for text in (
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: [1, 2]\n",
        "a: 1 # note\n",
        "a: 017\n",
        "a: 1_000\n",
        "a: 1:30\n",
        "a: yes\n",
        "a: 2001-12-14\n",
        "a: b\n  c\n",
        "a:\n\tb: 1\n",
        "---\na: 1\n",
        "a: 1\na: 2\n",
        "a:\n",
        "- 1\n",
        "a: 'x\n  y'\n",
    ):
        assert fastyaml.parse(text, codec._yaml_load, codec._resolve) is None, text


def test_deep_nesting_is_refused_fast() -> None:
    deep = "".join(f"{'  ' * i}k:\n" for i in range(300)) + "  " * 300 + "k: 1\n"
    start = time.monotonic()
    assert fastyaml.parse(deep, codec._yaml_load, codec._resolve) is None
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(
    "text",
    [
        "schema_version: 1\ntool_version: '" + "''" * 500_000 + "x\n",
        'schema_version: 1\ntool_version: "' + "\\\\" * 500_000 + "\n",
        "schema_version: 1\ntool_version: a" + ": a" * 300_000 + "\n",
        "schema_version: 1\nmodels:\n" + "- a\n" * 300_000,
        "schema_version: 1\nmodels:\n" + "- a: 1\n  b: 2\n" * 20_000 + "  " * 100_000 + "x\n",
    ],
    ids=["quotes", "backslashes", "colons", "long-list", "long-then-deep"],
)
def test_hostile_lock_texts_are_read_in_bounded_time(text: str) -> None:
    """Each case is one error or one lock, in about linear time (bound generous for CI)."""
    start = time.monotonic()
    with pytest.raises(LockfileError):
        load(text)
    assert time.monotonic() - start < 20


@pytest.mark.parametrize("env_var", ["--model", "-m", "--model-name", "-1", "-0", "-2.5"])
def test_a_value_starting_with_a_dash_takes_the_fast_path(env_var: str) -> None:
    """A CLI flag as the env_var of a reference (`--model` read from argparse) is a plain
    scalar PyYAML reads as written; the fast reader reads it too, not the whole lock again."""
    lock = factories.lock(references=(factories.ref(env_var=env_var),))
    text = dump(lock)
    assert f"env_var: {env_var}\n" in text or f"env_var: '{env_var}'\n" in text
    fast = fastyaml.parse(text, codec._yaml_load, codec._resolve)
    assert fast is not None
    assert fast == yaml.load(text, Loader=yaml.SafeLoader)
    assert load(text) == lock


@pytest.mark.parametrize(
    "value",
    ["---", "- x", "-", "--", "-.inf", "-0x1f", "-1_000", "=", "<<", "+1", "+.inf", "==1.0"]
    + ["<2.0,>=1.0", "^1.2.3", "=1.0 #x", "$HOME", "- --model", "--a: b"],
)
def test_dash_values_outside_the_shape_are_left_to_pyyaml(value: str) -> None:
    text = f"a: {value}\nb: x\n"
    fast = fastyaml.parse(text, codec._yaml_load, codec._resolve)
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        assert fast is None
        return
    assert fast is None or fast == expected


@pytest.mark.parametrize("spec", ["==1.15.17", "<2", "^1.2.3", "~=0.4", "=1.0", "+local", "$x"])
def test_a_package_spec_takes_the_fast_path(spec: str) -> None:
    text = f"packages:\n- name: crewai\n  spec: {spec}\n  version: 1.15.17\n"
    fast = fastyaml.parse(text, codec._yaml_load, codec._resolve)
    assert fast is not None
    assert fast == yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader)


def test_a_large_lock_is_read_back_from_its_cached_form() -> None:
    from llmdeps.cachedir import default_dir

    text = dump(build(1500, models=40, workflows=30))
    assert len(text) >= codec.CACHED_LOCK_CHARS
    first = load(text)  # parses, stores the JSON form
    (entry,) = (default_dir() / "locks").glob("llmdeps.lock-*.json")
    assert load(text) == first  # read back from the entry
    entry.write_bytes(b'{"key": "other", "data": {}}')  # a foreign or damaged entry: a miss
    assert load(text) == first
    entry.write_bytes(b"\xff not json")
    assert load(text) == first
    edited = text.replace("workflow: wf0001", "workflow: wf0002", 1)
    assert load(edited) != first  # another text, another entry; the old one is gone
    assert len(list((default_dir() / "locks").glob("llmdeps.lock-*.json"))) == 1


def test_a_small_lock_is_never_cached() -> None:
    from llmdeps.cachedir import default_dir

    text = dump(build(3, models=2, workflows=2))
    assert len(text) < codec.CACHED_LOCK_CHARS
    assert load(text) == load(text)
    assert not (default_dir() / "locks").exists()
