"""The event-built YAML reader gives exactly what yaml.load gives (values or the error class)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.lockfile import dump, fastyaml
from tests.factories import lock

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _both(text: str) -> tuple[object, object]:
    def run(f: Any) -> object:
        try:
            return ("ok", f(text))
        except Exception as exc:  # the class is what must agree
            return ("error", type(exc))

    return run(lambda t: yaml.load(t, Loader=_Loader)), run(fastyaml.load)


CASES = [
    "a: 1\nb: [1, 2.5, true, ~, 0x1f, 1_000, yes, off, '1', \"x\", .inf, -.nan]\n",
    "a: &x {b: 1}\nc: *x\n",
    "",
    "- a\n- b: c\n  d: [e, {f: g}]\n",
    "{? [a]: 1}",
    "a: 1\n---\nb: 2\n",
    "a: !!str 1\nb: !!int '3'\n",
    "a: 1\na: 2\n",
    "<<: {a: 1}\nb: 2\n",
    "a: {<<: {b: 1}, c: 2}\n",
    "2020-01-01: x\nk: 2020-01-01 10:00:00\n",
    "a: [unclosed\n",
    "a: b: c\n",
    "? complex\n: value\nnull: 1\n1: one\n",
    "|\n  block\n  text\n",
]


def test_known_cases_agree() -> None:
    for text in CASES:
        ours, theirs = _both(text)
        assert ours == theirs, text


def test_every_lock_the_writer_emits_reads_back_the_same() -> None:
    text = dump(lock())
    assert fastyaml.load(text) == yaml.load(text, Loader=_Loader)
    example = Path(__file__).resolve().parents[2] / "inventory.example.yaml"
    data = example.read_text(encoding="utf-8")
    assert fastyaml.load(data) == yaml.load(data, Loader=_Loader)


_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)
)
_values = st.recursive(
    _scalar,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4),
    max_leaves=20,
)


@given(_values)
def test_any_dumped_value_agrees(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    ours, theirs = _both(text)
    assert ours == theirs


@given(st.text(alphabet="ab:-[]{}&*!<>?|'\"\n #,~01.", max_size=40))
def test_any_text_agrees(text: str) -> None:
    ours, theirs = _both(text)
    assert ours == theirs
