"""Load one language's detection data (`languages/<name>.yaml`) and compile its tree-sitter queries.

The per-language knowledge is data, not code: which file extensions, which node types open a scope,
and tree-sitter query patterns whose captures name the model slot. Capture names the engine reads:

* `@value`: the string literal that may hold a model id (required);
* `@name`: the slot's name (a struct field, keyword, method, constant or flag name; for an
  `env-default` pattern the env var) which must say model;
* `@receiver`: what a call is made on (`ollama` in `ollama.WithModel`), for the SDK table;
* `@type`: the struct or class being built (`api.ChatRequest`), for the SDK table;
* `@list`: for an `element` pattern, the list literal `@value` is an element of;
* `@declared`: for a `known` pattern, the constant's declared type.

Captures starting with `_` serve predicates only. Patterns are tried in file order; the first that
claims a literal wins.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from tree_sitter import Language, Query

from llmdeps.model import RefKind, Runtime


@dataclass(frozen=True, slots=True)
class Pattern:
    """One query entry: what a match means."""

    kind: RefKind
    owner: bool
    """The match counts only inside a declaration whose name says model (a catalogue)."""
    sdk: bool
    """The match counts only when its call or type is in the SDK table."""
    count: int
    """How many tree-sitter patterns the entry's query holds (they are compiled together)."""
    family: bool = False
    """Outside the SDK tables, a value followed by more arguments counts only when it names a
    known family with a size, version or tag."""
    callee: bool = False
    """A positional argument of a call whose method, or constructed type, says model, chat,
    completion, embedding or generation (`client.exec_chat("gpt-4o", req)`, `ModelIden::new(kind,
    "gpt-4o")`): outside the SDK tables it must name a known family with a size or version."""
    placeholder: bool = False
    """`@value` is a `${key:default}` property placeholder: `key` is the slot's name, `default`
    the value (Spring's `@Value("${app.model:gpt-4o}")`)."""
    element: bool = False
    """An element of the list captured `@list`: a catalogue when the declaration holding it says
    model, or when every element names a known family (outside test code)."""
    known: bool = False
    """A constant whose name does not say model still counts when its declared type (`@declared`)
    does (`AdaSimilarity EmbeddingModel = "..."`), or when its value names a known family with a
    size, version or tag and is an id the catalog knows (`Whisper1 = "whisper-1"`,
    `LLAMA_3_1 = "llama3.1"`)."""
    url: bool = False
    """`@value` is a URL whose query names the model (`wss://.../realtime?model=gpt-realtime`):
    the parameter is the slot's name, its value the reference."""
    record: bool = False
    """`@name` is the `Name` or `Id` of a record whose type (`@type`) says model (`new
    ModelDefinition { Name = "anthropic.claude-v2" }`): counts when the value names a known
    family with a size, version or tag."""


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    """Everything the detector knows about one language, read from its YAML file."""

    name: str
    language: Language
    query: Query
    patterns: tuple[Pattern, ...]
    """In query order; pattern index -> entry via `entry_of`."""
    entry_of: tuple[int, ...]
    strings: frozenset[str]
    """Node types of string literals."""
    contents: frozenset[str]
    """Node types of a literal's plain text; a literal with any other named child is skipped."""
    scopes: dict[str, tuple[str, ...]]
    """Node type -> fields whose text names it (`method_declaration: [receiver, name]`)."""
    declarations: dict[str, str]
    """Node type -> field naming the declared thing, for `owner` patterns."""
    literals: dict[str, str]
    """Node type of a struct literal -> field naming its type: a model field in a literal of a
    response type (`openai.CompletionResponse{Model: "x"}`) is what a reply says, not a use."""
    module: Query | None
    """Captures `@name`: the package or namespace that prefixes every context."""
    imports: Query | None
    """Captures `@path`: imported module paths, looked up in `import_runtimes`."""
    import_runtimes: tuple[tuple[str, Runtime], ...]
    calls: dict[str, Runtime]
    """SDK calls (`ollama.WithModel`, `*.modelName`): a hit makes the slot strong."""
    types: dict[str, Runtime]
    """SDK request types (`api.ChatRequest`): a hit makes the slot strong."""
    expectations: frozenset[str] = frozenset()
    """Methods whose arguments a test expects rather than sends (RSpec `allow(x).to
    receive(:chat).with(parameters: {model: "x"})`): a value inside one is no reference."""


# What a known family's id looks like before `family_like` is asked (quotes included): a letter,
# then no space or quote, and a digit, `-`, `:`, `.` or `/` somewhere. Added to every top-level
# pattern of a `callee` entry, so the many calls with a message or a key for a string are
# dropped inside tree-sitter and never reach Python.
_FAMILY_PREDICATE = r"""(#match? @value "^.?[A-Za-z][^\\s\"'`]{0,200}[-0-9:./][^\\s\"'`]*.?$")"""


def with_predicate(query: str, predicate: str) -> str:
    """`query` with `predicate` inside each top-level `( ... )` pattern, before its last paren."""
    out: list[str] = []
    depth = 0
    in_string = escaped = comment = False
    for char in query:
        if comment:
            comment = char != "\n"
        elif in_string:
            in_string = escaped or char != '"'
            escaped = not escaped and char == "\\"
        elif char == '"':
            in_string = True
        elif char == ";":
            comment = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                out.append(" " + predicate)
        out.append(char)
    return "".join(out)


def _grammar(ref: str) -> Language:
    module_name, _, attr = ref.partition(":")
    module = importlib.import_module(module_name)
    return Language(getattr(module, attr or "language")())


def _runtime_table(raw: dict[str, str] | None) -> dict[str, Runtime]:
    return {key: Runtime(value) for key, value in (raw or {}).items()}


def _load(name: str) -> LanguageSpec:
    text = resources.files(__package__).joinpath("languages", f"{name}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    language = _grammar(data["grammar"])
    patterns: list[Pattern] = []
    entry_of: list[int] = []
    sources: list[str] = []
    for entry in data["patterns"]:
        if entry.get("callee"):
            entry["query"] = with_predicate(entry["query"], _FAMILY_PREDICATE)
        count = Query(language, entry["query"]).pattern_count
        patterns.append(Pattern(
                RefKind(entry["kind"]), bool(entry.get("owner")), bool(entry.get("sdk")), count,
                bool(entry.get("family")), bool(entry.get("callee")),
                bool(entry.get("placeholder")), bool(entry.get("element")),
                bool(entry.get("known")), bool(entry.get("url")), bool(entry.get("record")),
            ))
        entry_of.extend([len(patterns) - 1] * count)
        sources.append(entry["query"])
    imports = data.get("imports") or {}
    return LanguageSpec(
        name=name,
        language=language,
        query=Query(language, "\n".join(sources)),
        patterns=tuple(patterns),
        entry_of=tuple(entry_of),
        strings=frozenset(data["strings"]),
        contents=frozenset(data["contents"]),
        scopes={k: tuple(v) for k, v in (data.get("scopes") or {}).items()},
        declarations=dict(data.get("declarations") or {}),
        literals=dict(data.get("literals") or {}),
        module=Query(language, data["module"]) if data.get("module") else None,
        imports=Query(language, imports["query"]) if imports else None,
        import_runtimes=tuple((k, Runtime(v)) for k, v in (imports.get("runtimes") or {}).items()),
        calls=_runtime_table(data.get("calls")),
        types=_runtime_table(data.get("types")),
        expectations=frozenset(data.get("expectations") or ()),
    )


@functools.cache
def spec(name: str) -> LanguageSpec:
    """One language's compiled spec, once per process (grammars and queries do not pickle)."""
    return _load(name)


EXTENSIONS: dict[str, str] = {
    ".go": "go",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".cs": "csharp",
    ".rs": "rust",
    ".rb": "ruby",
    ".php": "php",
}
"""File extension -> language file; kept here (not read from YAML) so `wants` loads no grammar."""
