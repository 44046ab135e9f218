"""Scripts that are not shell: a shebang for another tool followed by YAML frontmatter
(mcphost's `#!/usr/bin/env -S mcphost script`, then `---` ... `---`, then a prompt).

The frontmatter is a config document (`model: "ollama/llama3.2"`); the text after it is prose.
`frontmatter` returns the file's text with every line outside the frontmatter blanked (line
numbers and columns are kept), or None when the file is an ordinary script.
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile

__all__ = ["frontmatter"]

_SHELLS = lazy_compile(r"(?:^|[/\s])(?:ba|z|k|da|c|tc|fi)?sh(?:\s|$)")
_MAX_LINES = 2000


def frontmatter(text: str) -> str | None:
    """The frontmatter of a non-shell script, in place, or None."""
    lines = text.split("\n", _MAX_LINES)
    if len(lines) < 3 or not lines[0].startswith("#!") or lines[1].rstrip() != "---":
        return None
    if _SHELLS.search(lines[0][2:]):
        return None  # a shell script whose second line happens to be `---`
    end = next((i for i in range(2, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None or end >= _MAX_LINES:
        return None
    kept = ["" if i < 2 or i >= end else line for i, line in enumerate(lines[: end + 1])]
    return "\n".join(kept) + "\n"
