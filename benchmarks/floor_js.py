"""The floor for JS/TS trees: list the tree as llmdeps does, run RE2 over every file and a
tree-sitter parse over every JS/TS file (what a detector with a C parser front end cannot avoid).

    python benchmarks/floor_js.py TREE        # prints the RE2 hit count and the files parsed

Listing as the floor in speed_table.py (git ls-files, else os.walk without vendored folders);
files over 2 MiB are skipped as llmdeps skips them. Grammars: tree-sitter-typescript for .ts,
.mts, .cts (TSX for .tsx), tree-sitter-javascript (JSX included) for .js, .jsx, .mjs, .cjs.
Every file with those endings is parsed, also the type declarations and bundles llmdeps skips.
"""

from __future__ import annotations

import os
import subprocess
import sys

import re2
import tree_sitter_javascript
import tree_sitter_typescript
from speed_table import MODEL_PATTERN
from tree_sitter import Language, Parser

_SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
_MAX_BYTES = 2 * 1024 * 1024


def listing(root: str) -> list[str]:
    try:
        out = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        ).stdout
        names = out.decode("utf-8", "surrogateescape").split("\0")
        return [os.path.join(root, p) for p in names if p]
    except (OSError, subprocess.CalledProcessError):
        paths: list[str] = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in _SKIP]
            paths.extend(os.path.join(folder, f) for f in files)
        return paths


def parsers() -> dict[str, Parser]:
    ts = Parser(Language(tree_sitter_typescript.language_typescript()))
    tsx = Parser(Language(tree_sitter_typescript.language_tsx()))
    js = Parser(Language(tree_sitter_javascript.language()))
    by_ext = {".ts": ts, ".mts": ts, ".cts": ts, ".tsx": tsx}
    by_ext.update(dict.fromkeys((".js", ".jsx", ".mjs", ".cjs"), js))
    return by_ext


def main(root: str) -> None:
    rx = re2.compile(MODEL_PATTERN.encode())
    by_ext = parsers()
    hits = parsed = 0
    for p in listing(root):
        try:
            if not os.path.isfile(p) or os.path.islink(p) or os.path.getsize(p) > _MAX_BYTES:
                continue
            with open(p, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        hits += len(rx.findall(data))
        parser = by_ext.get(os.path.splitext(p)[1].lower())
        if parser is not None:
            parser.parse(data)
            parsed += 1
    print(hits, parsed)


if __name__ == "__main__":
    main(sys.argv[1])
