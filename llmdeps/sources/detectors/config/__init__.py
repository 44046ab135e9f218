"""Model references in configuration files: YAML, JSON(C), TOML, INI/cfg/conf, `.properties`.

Here: which files, which reader of `sources/parse/` for each format, and the line-by-line
fallback for a file that does not parse (a warning, and its `model: x` lines are still found).
Each document is walked by `walk.py` with the key roles of `keys.py` (`model`, `*_model`,
`modelName`, env keys naming MODEL) and the LiteLLM proxy semantics of `litellm.py`
(`model_list`, model groups, fallbacks; REFERENCE.md section 5). Only values under model keys are
ever copied into a detection (plus scheme, host and port of a sibling URL that points at Ollama):
api keys, tokens and any other value are never read into output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Location, Reference, RefKind, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config.kaito import is_kaito, read_presets
from llmdeps.sources.detectors.config.keys import (
    candidate,
    is_env_model_key,
    is_model_key,
    runtime_of_value,
)
from llmdeps.sources.detectors.config.litellm import is_proxy_config, read_proxy_config
from llmdeps.sources.detectors.config.operators import read_operator_model
from llmdeps.sources.detectors.config.walk import MAX_VISITS, Path, Walk
from llmdeps.sources.detectors.shell import ShellDetector
from llmdeps.sources.filenames import without_template_suffix
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.parse import ini, jsonpos, properties, toml, yamlpos
from llmdeps.sources.parse.spans import LINE_BREAKS, YAML_LINE_BREAKS, Lines, Parsed
from llmdeps.sources.testpaths import is_test_path

# --------------------------------------------------------------------------------------------
# Which files


_SKIP_NAMES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "pnpm-lock.yaml",
        "yarn.lock",
        "poetry.lock",
        "cargo.lock",
        "uv.lock",
        "pdm.lock",
        "pipfile.lock",
        "composer.lock",
        "gemfile.lock",
        "bun.lock",
        "llmdeps.lock",
        ".llmdeps.yaml",
        ".llmdeps.yml",
        "composer.json",
    }
)
_SKIP_PREFIXES = (
    "tsconfig",
    "jsconfig",
    ".eslintrc",
    "eslint.config",
    ".prettierrc",
    ".stylelintrc",
    ".babelrc",
)
_YAML_EXT = (".yaml", ".yml")
_JSON_EXT = (".json", ".jsonc")
_TOML_EXT = (".toml",)
_INI_EXT = (".ini", ".cfg", ".conf")
_PROPERTIES_EXT = (".properties",)


def _format_of(name: str) -> str | None:
    low = without_template_suffix(name.lower())
    if low in _SKIP_NAMES or low.startswith(_SKIP_PREFIXES):
        return None
    if low.endswith((".lock", "-lock.yaml", "-lock.json", ".lock.json", ".ipynb")):
        return None
    if low.endswith(_YAML_EXT):
        return "yaml"
    if low.endswith(_JSON_EXT):
        return "json"
    if low.endswith(_TOML_EXT):
        return "toml"
    if low.endswith(_INI_EXT):
        return "ini"
    if low.endswith(_PROPERTIES_EXT):
        return "properties"
    if low.startswith(("docker-compose", "compose.")):
        return "yaml"
    if low.endswith(".prompt"):
        return "frontmatter"  # Dotprompt (Genkit): `---\nmodel: googleai/gemini-2.5-flash\n---`
    return None


_FRONT_MATTER = lazy_compile(r"\A---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*(?:\r?\n|\Z)")


def _front_matter(file: SourceFile) -> SourceFile | None:
    """The YAML front matter of a prompt file, at its own lines; the template body is text."""
    found = _FRONT_MATTER.match(file.text)
    return replace(file, text=found.group()) if found is not None else None


# --------------------------------------------------------------------------------------------
# Lexical fallback for files that do not parse


_LEXICAL = lazy_compile(
    r"""(?<![\w.$-])(?P<q>["']?)(?P<key>[A-Za-z_][\w.-]*)(?P=q)[ \t]*[:=][ \t]*"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,#;}\]]+)"""
)


def _lexical(file: SourceFile, lines: Lines, first_line: int, name: str) -> Iterator[Reference]:
    """`model: x`, `"model": "x"`, `- LLM_MODEL=x` line by line, from `first_line` on."""
    for number in range(max(first_line, 1), lines.count() + 1):
        text = lines.line(number)
        stripped = text.lstrip()
        if stripped.startswith(("#", "//", ";")):
            continue
        for m in _LEXICAL.finditer(text):
            key = m.group("key")
            if not (is_model_key(key) or is_env_model_key(key)):
                continue
            raw = m.group("value")
            column = m.start("value") + 1
            if raw[0] == '"':
                raw = jsonpos.decode_string(raw)
            elif raw[0] == "'":
                raw = raw[1:-1]
            found = candidate(raw, strong=False)
            if found is None:
                continue
            if found.env_var:
                at = text.find(found.model, column - 1)
                column = at + 1 if at >= 0 else column
            yield Reference(
                model=found.model,
                location=Location(file.path, number, column, key),
                kind=RefKind.ENV_DEFAULT if found.env_var else RefKind.CONFIG,
                runtime=runtime_of_value(found.model),
                detector=name,
                env_var=found.env_var,
            )


# --------------------------------------------------------------------------------------------
# The detector


_SHELL = ShellDetector()
"""Compose and CI files: their command lines are the shell detector's to read."""

_READERS: dict[str, Callable[[str, Lines], Parsed]] = {
    "yaml": yamlpos.read,
    "json": jsonpos.read,
    "toml": toml.read,
    "ini": ini.read,
    "properties": properties.read,
}


def _json_may_refer(file: SourceFile, lines: Lines, name: str) -> bool:
    """Fast path for large JSON data: the C parser and a walk without positions decide
    whether the positional reader is needed at all (most big JSON files name no model)."""
    if len(file.text) < 65536:
        return True
    try:
        tree = jsonpos.plain_tree(json.loads(file.text))
    except (ValueError, RecursionError):
        return True  # JSONC, broken or deep: the lenient reader decides
    walk = Walk(file, lines, name, _embedded_scanner(name), budget=10**9)
    skip = read_proxy_config(walk, tree) if is_proxy_config(walk, tree) else frozenset()
    walk.walk(tree, (), 0, skip)
    return bool(walk.out) or walk.too_deep


def _embedded_scanner(name: str) -> Callable[[SourceFile], Iterator[Detection]]:
    """How a walk scans a config held in one of its strings: by the string's key, as a file."""
    return lambda inner: _scan_text(inner, _format_of(inner.name) or "yaml", name)


def _scan_text(file: SourceFile, fmt: str, name: str) -> Iterator[Detection]:
    """Parse one config text and walk it; a broken file gives a warning and the line fallback."""
    text = file.text
    lines = Lines(text, YAML_LINE_BREAKS if fmt == "yaml" else LINE_BREAKS)
    if fmt == "json" and not _json_may_refer(file, lines, name):
        return
    parsed = _READERS[fmt](text, lines)
    docs, error = parsed.documents, parsed.error
    # only YAML aliases can make a walk longer than the file
    budget = 2 * parsed.nodes + MAX_VISITS if fmt == "yaml" else 10**9
    exhausted = deep = False
    found: set[tuple[str, int, int]] = set()
    scan_embedded = _embedded_scanner(name)
    for index, doc in enumerate(docs):
        prefix: Path = (f"doc{index}",) if index else ()
        walk = Walk(
            file,
            lines,
            name,
            scan_embedded,
            prefix=prefix,
            budget=budget,
            test=is_test_path(file.path),
            commands=not _SHELL.wants(file.path, file.name),
        )
        skip = read_proxy_config(walk, doc) if is_proxy_config(walk, doc) else frozenset()
        walk.walk(doc, (), 0, skip)
        if is_kaito(walk, doc):
            read_presets(walk, doc)
        read_operator_model(walk, doc)
        exhausted = exhausted or walk.exhausted
        deep = deep or walk.too_deep
        for item in walk.out:
            if isinstance(item, Reference):
                found.add((item.model, item.location.line, item.location.column))
            yield item
    if exhausted:
        yield ScanWarning(file.path, f"{fmt.upper()} document too large to analyse fully")
    if deep:
        yield ScanWarning(file.path, f"{fmt.upper()} nesting too deep to analyse fully")
    if error is not None:
        # a Helm or Jinja template is not YAML until rendered: read it line by line, quietly
        templated = "{{" in text or "{%" in text
        if error > 0 and not templated:
            yield ScanWarning(file.path, f"{fmt.upper()} parse error at line {error}")
        test = is_test_path(file.path)
        for ref in _lexical(file, lines, parsed.last_line + 1, name):
            if (ref.model, ref.location.line, ref.location.column) not in found:
                yield replace(ref, kind=RefKind.TEST) if test else ref


class ConfigDetector:
    """Model keys in YAML/JSON/TOML/INI, LiteLLM proxy configs, compose and CI environments."""

    name = "config"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """Config files by extension (and compose files), never lock files or our own config."""
        return _format_of(name) is not None

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """Yield the references and fallbacks of one config file; never raises on bad input."""
        fmt = _format_of(file.name) or "yaml"
        if fmt == "frontmatter":
            front = _front_matter(file)
            if front is None:
                return
            file, fmt = front, "yaml"
        try:
            yield from _scan_text(file, fmt, self.name)
        except RecursionError:
            yield ScanWarning(file.path, f"{fmt.upper()} nesting too deep to analyse")
