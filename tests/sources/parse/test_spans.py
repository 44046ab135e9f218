"""Lines: offset <-> line/column over every kind of line break."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from llmdeps.sources.parse.spans import LINE_BREAKS, YAML_LINE_BREAKS, Lines
from tests.sources.parse.properties import PROPERTY

_TEXT = st.text(alphabet=st.sampled_from(list("ab \t\r\n\x85\u2028\u2029é")), max_size=80)


def test_position_line_and_count() -> None:
    lines = Lines("ab\r\ncd\re\n")
    assert lines.count() == 4
    assert [lines.line(n) for n in range(0, 6)] == ["", "ab", "cd", "e", "", ""]
    assert lines.position(0) == (1, 1)
    assert lines.position(2) == (1, 3)  # the break belongs to the line it ends
    assert lines.position(4) == (2, 1)
    assert lines.position(9) == (4, 1)


def test_yaml_breaks_include_next_line_and_separators() -> None:
    assert Lines("a\x85b\u2028c", YAML_LINE_BREAKS).count() == 3
    assert Lines("a\x85b\u2028c", LINE_BREAKS).count() == 1


@PROPERTY
@given(text=_TEXT, yaml=st.booleans(), data=st.data())
def test_offset_is_the_inverse_of_position(text: str, yaml: bool, data: st.DataObject) -> None:
    lines = Lines(text, YAML_LINE_BREAKS if yaml else LINE_BREAKS)
    offset = data.draw(st.integers(0, len(text)))
    line, column = lines.position(offset)
    assert 1 <= line <= lines.count()
    assert 1 <= column <= len(lines.line(line)) + 1 or text[offset - 1 : offset + 1] == "\r\n"
    assert lines.offset(line, column) == offset
    assert "\n" not in lines.line(line) and "\r" not in lines.line(line)
