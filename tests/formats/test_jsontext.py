"""The fast indented JSON writer gives json.dumps' exact text, and fails where it fails."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.formats import jsontext

leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner) | st.tuples(inner, inner),
    max_leaves=40,
)


def reference(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(values)
def test_same_text_as_json_dumps(value: object) -> None:
    assert jsontext.dumps(value) == reference(value)


class Level(enum.IntEnum):
    HIGH = 3


class Word(enum.StrEnum):
    OPEN = "open"


def test_subclasses_of_int_and_str_and_special_floats() -> None:
    value = {"level": Level.HIGH, "word": Word.OPEN, "nan": math.nan, "inf": -math.inf, "é": "ü"}
    assert jsontext.dumps(value) == reference(value)


def test_keys_json_coerces_are_left_to_json() -> None:
    value = {"a": {2: "two", 1: "one"}, "b": {None: "none"}}
    assert jsontext.dumps(value) == reference(value)


def test_unserialisable_values_raise_type_error_as_json_does() -> None:
    with pytest.raises(TypeError):
        reference({"a": {1, 2}})
    with pytest.raises(TypeError):
        jsontext.dumps({"a": {1, 2}})
