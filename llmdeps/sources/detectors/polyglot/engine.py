"""Run a language's queries over one file and turn the captured literals into references."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node, Parser, QueryCursor

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Location, Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.polyglot.spec import LanguageSpec, Pattern
from llmdeps.sources.idshape import MODEL_NAMED_PROVIDERS, PROVIDER_WORDS
from llmdeps.sources.known import catalog_knows
from llmdeps.sources.names import (
    callee_says_model,
    family_like,
    module_path,
    name_says_model,
    says_trait,
    strong_ok,
    weak_ok,
)
from llmdeps.sources.providers import runtime_in_name
from llmdeps.sources.secrets import is_secret_name
from llmdeps.sources.testpaths import is_test_path
from llmdeps.sources.urlquery import model_in_url


def literal_text(node: Node, spec: LanguageSpec) -> str | None:
    """The plain text of a string literal, or None when it interpolates, escapes or is not one."""
    if node.type not in spec.strings:
        return _text(node) if node.child_count == 0 else None
    parts = list(node.named_children)
    if not parts:
        return ""
    if len(parts) != 1 or parts[0].type not in spec.contents:
        return None
    return _text(parts[0])


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _first_of_type(node: Node, wanted: str) -> Node | None:
    if node.type == wanted:
        return node
    for child in node.named_children:
        if (hit := _first_of_type(child, wanted)) is not None:
            return hit
    return None


def _tail(text: str) -> str:
    """`api.ChatRequest` -> `ChatRequest`; `&openai.F` -> `F`; `Foo::new` -> `new`."""
    for sep in ("::", "->", "."):
        text = text.rsplit(sep, 1)[-1]
    return text.strip("&*() ")


_PLACEHOLDER = lazy_compile(r"\$\{([\w.\-]{1,200}):-?([^${}\s]{1,200})\}")
"""`${key:default}` (Spring, MicroProfile) or `${KEY:-default}` (shell style)."""
_MODEL_TYPE = lazy_compile(r"(?:Model|LLM|Llm|Engine)s?(?:Name|Id|ID)?$")
_RESPONSE_TYPE = lazy_compile(r"(?:Response|Result|Reply|Job|Event|Chunk|Delta)s?$")
_MEMBERSHIP_AFTER = lazy_compile(
    rb"(?:\.freeze)?\s*\.\s*"
    rb"(?:include\?|member\?|includes|contains|Contains|containsKey|any\?)\s*\(?"
)
_MEMBERSHIP_BEFORE = lazy_compile(
    rb"(?:[Cc]ontains|in_array\([^,()]{0,30},)\s*\(?\s*(?:self::|static::)?$"
)
"""A membership test around a list or its name: Ruby `include?`, JS/Java `includes`/`contains`,
Go `slices.Contains(list, x)`, PHP `in_array($x, self::LIST)`."""
_TEST_SCOPE = lazy_compile(r"^(?:tests?|test_\w*|Test\w*)$|\w(?:Tests?|_test)$")


@dataclass(frozen=True, slots=True)
class _ListVerdict:
    catalogue: bool
    owner: str | None
    models: bool = False
    """Named for models and holding a model-shaped id: its bare model words are models too."""


class _FileScan:
    """One file's tree, its module name and SDK imports, and the literals already claimed."""

    def __init__(self, file: SourceFile, spec: LanguageSpec, detector: str) -> None:
        self.file = file
        self.spec = spec
        self.detector = detector
        self.source = file.text.encode("utf-8", "surrogatepass")
        self.root = Parser(spec.language).parse(self.source).root_node
        self.test = is_test_path(file.path)
        self.claimed: set[int] = set()
        self.lists: dict[int, _ListVerdict] = {}

    @functools.cached_property
    def module(self) -> str:
        """The package or namespace, else the file's module path (as the Python detector's).

        Read only once a reference is found: most files have none.
        """
        if self.spec.module is not None:
            for node in QueryCursor(self.spec.module).captures(self.root).get("name", []):
                return _text(node).replace("::", ".").replace("\\", ".")
        stem = self.file.path.rsplit(".", 1)[0]
        return module_path(stem + ".py")

    @functools.cached_property
    def imported(self) -> Runtime:
        """The runtime of the SDKs this file imports, when they agree on one."""
        if self.spec.imports is None:
            return Runtime.UNKNOWN
        found: set[Runtime] = set()
        for node in QueryCursor(self.spec.imports).captures(self.root).get("path", []):
            path = literal_text(node, self.spec) or _text(node)
            for fragment, runtime in self.spec.import_runtimes:
                if fragment in path:
                    found.add(runtime)
                    break
        return found.pop() if len(found) == 1 else Runtime.UNKNOWN

    def scope(self, node: Node) -> str:
        """`pkg.Type.Method`: the module plus every enclosing named scope, outermost first."""
        names: list[str] = []
        parent = node.parent
        while parent is not None:
            fields = self.spec.scopes.get(parent.type)
            if fields:
                names.extend(reversed([n for f in fields if (n := self._field_name(parent, f))]))
            parent = parent.parent
        return ".".join([self.module, *reversed(names)]) if self.module else ".".join(names[::-1])

    def _field_name(self, node: Node, field: str) -> str | None:
        """The text of a field; `receiver:type_identifier` takes that node type inside the field
        (`:identifier` inside the node itself)."""
        field, _, wanted = field.partition(":")
        child = node.child_by_field_name(field) if field else node
        if child is None:
            return None
        if wanted:
            child = _first_of_type(child, wanted)
            return _text(child) if child is not None else None
        return literal_text(child, self.spec) if child.type in self.spec.strings else _text(child)

    def list_verdict(self, node: Node) -> _ListVerdict:
        """Whether a list literal is a catalogue, and the name holding it: a name that says model
        (not a trait: `SUPPORT_EFFORT_MODELS` is matched against), or two or more elements, each a
        string (or a tuple led by one) naming a known family, outside test code."""
        if (known := self.lists.get(node.start_byte)) is None:
            known = self.lists[node.start_byte] = self._list_verdict(node)
        return known

    def _list_verdict(self, node: Node) -> _ListVerdict:
        owner, declared = self._holder(node)
        if owner is not None and (says_trait(owner) or is_secret_name(owner)):
            return _ListVerdict(False, owner)
        if self._matched_against(node, owner if declared else None):
            return _ListVerdict(False, owner)
        ids: list[str | None] = []
        described = True  # every tuple is `(id, "description", ...)`, not `(id, 2.5)` (a price)
        strings = self.spec.strings
        for child in node.named_children:
            if "comment" in child.type:
                continue
            parts = [child] if child.type in strings else child.named_children
            lead = parts[0] if parts else None
            ok = lead is not None and lead.type in strings
            ids.append(literal_text(lead, self.spec) or None if ok and lead is not None else None)
            described = described and all(p.type in strings for p in parts[1:])
        test = self.in_test(node)
        if owner is not None and name_says_model(owner) and (declared or not test):
            # a model-named list that holds a model besides bare words: `mistral` is one too
            return _ListVerdict(True, owner, any(weak_ok(x) for x in ids if x))
        known = len(ids) >= 2 and described and all(x and family_like(x) for x in ids)
        known = known and not test
        return _ListVerdict(known, owner)

    def _matched_against(self, node: Node, owner: str | None) -> bool:
        """A list only ever tested for membership, never offered or sent: `%w[a b].include?(id)`
        in place, or a named list whose every other mention in the file is such a test
        (`VISION_MODELS.include?(id)`, `slices.Contains(needingRaw, name)`)."""
        source = self.source
        if _MEMBERSHIP_AFTER.match(source, node.end_byte):
            return True
        if not owner or not owner.isidentifier():
            return False
        name = owner.encode()
        uses = [  # every mention but the declaration's own name, just before the list
            m.start()
            for m in re.finditer(rb"(?<![\w$@:])" + re.escape(name) + rb"(?![\w?!])", source)
            if not node.start_byte - len(name) - 200 < m.start() < node.start_byte
        ]
        if not uses:
            return False
        return all(
            _MEMBERSHIP_AFTER.match(source, at + len(name))
            or _MEMBERSHIP_BEFORE.search(source[max(0, at - 40) : at])
            for at in uses
        )

    def _holder(self, node: Node) -> tuple[str | None, bool]:
        """The name of the nearest declaration around `node` (True), else of the function or type
        around it (False)."""
        parent = node.parent
        while parent is not None:
            field = self.spec.declarations.get(parent.type)
            if field is not None and (name := self._field_name(parent, field)):
                return name.lstrip(":$@&*"), True
            for field in self.spec.scopes.get(parent.type, ())[-1:]:
                if name := self._field_name(parent, field):
                    return name, False
            parent = parent.parent
        return None, False

    def in_test(self, node: Node) -> bool:
        """Inside a scope named as a test (`mod tests`, `fn test_x`, `func TestX`, `FooTest`)."""
        parent = node.parent
        while parent is not None:
            for field in self.spec.scopes.get(parent.type, ()):
                name = self._field_name(parent, field) or ""
                if _TEST_SCOPE.search(name):
                    return True
            parent = parent.parent
        return False

    def in_expectation(self, node: Node) -> bool:
        """Inside the arguments of a mock expectation (`.with(...)`, `.and_return(...)`)."""
        if not self.spec.expectations:
            return False
        parent = node.parent
        while parent is not None:
            method = parent.child_by_field_name("method")
            if method is not None and _text(method) in self.spec.expectations:
                return True
            parent = parent.parent
        return False

    def in_response(self, node: Node) -> bool:
        """Inside a struct literal whose type is a reply (`FineTuningJob{...}`,
        `[]openai.CompletionResponse{{...}}`): the nearest such literal decides."""
        parent = node.parent
        while parent is not None:
            field = self.spec.literals.get(parent.type)
            if field is not None:
                typ = parent.child_by_field_name(field)
                return typ is not None and bool(_RESPONSE_TYPE.search(_tail(_text(typ))))
            parent = parent.parent
        return False

    def model_owner(self, node: Node) -> str | None:
        """The name of the declaration around `node` that says model (`var defaultModels`)."""
        parent = node.parent
        while parent is not None:
            field = self.spec.declarations.get(parent.type)
            if field is not None:
                name = self._field_name(parent, field)
                if name is not None and name_says_model(name):
                    return name
            parent = parent.parent
        return None


def scan_file(file: SourceFile, spec: LanguageSpec, detector: str) -> Iterator[Reference]:
    """The references one file's queries capture, in source order."""
    scan = _FileScan(file, spec, detector)
    found: list[Reference] = []
    for index, captures in QueryCursor(spec.query).matches(scan.root):
        pattern = spec.patterns[spec.entry_of[index]]
        ref = _reference(scan, pattern, {k: v[0] for k, v in captures.items() if v})
        if ref is not None:
            found.append(ref)
    found.sort(key=lambda r: (r.location.line, r.location.column))
    yield from found


def _reference(scan: _FileScan, pattern: Pattern, captures: dict[str, Node]) -> Reference | None:
    value_node = captures.get("value")
    if value_node is None or value_node.start_byte in scan.claimed:
        return None
    spec = scan.spec
    value = literal_text(value_node, spec)
    if not value or (pattern.callee and not family_like(value)):
        return None  # a positional string counts only when it names a known family
    name = _capture_text(captures.get("name"), spec)
    if pattern.placeholder:
        if (placeholder := _PLACEHOLDER.fullmatch(value)) is None:
            return None
        name, value = placeholder.group(1), placeholder.group(2)
    if pattern.url:
        if (param := model_in_url(value)) is None:
            return None
        name, value = param
    receiver = _capture_text(captures.get("receiver"), spec)
    type_text = _capture_text(captures.get("type"), spec)
    call_hit, type_hit = _sdk_hits(spec, name, receiver, type_text)
    typed = pattern.known and _type_says_model(_capture_text(captures.get("declared"), spec))
    if pattern.callee:
        sdk_call = call_hit is not None or type_hit is not None
        says = sdk_call or callee_says_model(name or "", receiver or type_text)
        if not says and not _test_fixture(scan, value_node, value, name, receiver):
            return None
    elif (
        name is not None
        and call_hit is None
        and not name_says_model(name)
        and not _family_call(pattern, name, receiver, value)
        and not (pattern.family and _test_fixture(scan, value_node, value, name, receiver))
        and not (pattern.kind is RefKind.ENV_DEFAULT and scan.model_owner(value_node))
        and not typed
        and not (pattern.known and family_like(value) and catalog_knows(value))
        and not (pattern.record and _record_id(name, type_text, value))
    ):
        return None
    if not name and "name" in captures and call_hit is None:
        return None  # a slot whose name is missing (error recovery of `="gpt-4o"`): no slot
    sdk = call_hit or type_hit
    if typed:
        sdk = sdk or Runtime.UNKNOWN  # `Canary SpeechModel = "canary-tts"`: the type decides
    if pattern.sdk and sdk is None:
        return None
    if type_hit is None and spec.literals and scan.in_response(value_node):
        return None
    if scan.in_expectation(value_node):
        return None  # `expect(client).to receive(:chat).with(parameters: {model: "x"})`
    name_node = captures.get("name")
    if name_node is not None and name_node.type in spec.strings and _reply_body(value_node, spec):
        return None  # `json!({"model": "gpt-4o", "usage": {...}})`: a mocked reply
    owner = scan.model_owner(value_node) if pattern.owner else None
    if pattern.owner and owner is None:
        return None
    if pattern.element and (list_node := captures.get("list")) is not None:
        verdict = scan.list_verdict(list_node)
        if not verdict.catalogue:
            return None
        owner = verdict.owner
        if verdict.models and value.lower() in MODEL_NAMED_PROVIDERS and value.isalnum():
            sdk = sdk or Runtime.UNKNOWN  # `["llama3.1:8b", "mistral"]` under `defaultModels`
    if not _value_ok(value, sdk):
        return None
    several = pattern.family and sdk is None and value_node.next_named_sibling is not None
    if several and not family_like(value):
        return None  # a helper's first of several arguments: only a known family counts
    scan.claimed.add(value_node.start_byte)
    runtime: Runtime = scan.imported
    if sdk is not None and sdk is not Runtime.UNKNOWN:
        runtime = sdk
    elif (named := _named_runtime(name, receiver, type_text)) is not None:
        runtime = named
    kind = RefKind.TEST if scan.test or scan.in_test(value_node) else pattern.kind
    tail = _tail(type_text) if type_text else (name or owner or "")
    location = Location(
        scan.file.path,
        value_node.start_point.row + 1,
        _column(scan.source, value_node),
        f"{scan.scope(value_node)}:{tail}" if tail else scan.scope(value_node),
    )
    env_var = name if pattern.kind is RefKind.ENV_DEFAULT else None
    return Reference(value, location, kind, runtime, scan.detector, env_var=env_var)


def _test_fixture(
    scan: _FileScan, node: Node, value: str, name: str | None, receiver: str | None
) -> bool:
    """In test code, a model the catalog knows handed to a helper (`ollamaPull("gemma3:270m")`,
    `integrationTestCase("api-show-model", "llama3.2", ...)`): the test runs against it. An
    assertion's expected value (`assert.Equal(t, "deepseek-r1", got)`) is no dependency."""
    if not (family_like(value) and catalog_knows(value)) or not (scan.test or scan.in_test(node)):
        return False  # the cached value tests first: `in_test` walks the node's parents
    return not any(_ASSERTING.match(word or "") for word in (name, receiver))


_ASSERTING = lazy_compile(
    r"(?i)(?:assert|expect|require|should|must|verify|check|equal|eq\b|not|contains|match|is_?"
    r"|t?run\b|errorf|fatalf|logf|printf|sprintf|fprintf|format|log|describe|context|it\b)"
)
"""Calls whose string arguments are expectations, names or messages, not what a test runs."""


def _record_id(name: str, type_text: str | None, value: str) -> bool:
    """`Name = "anthropic.claude-v2"` in `new ModelDefinition { ... }`: a model record's id."""
    if name.lower() not in _RECORD_FIELDS or not type_text:
        return False
    return "Model" in _tail(type_text) and family_like(value)


_RECORD_FIELDS = frozenset({"name", "id"})


def _family_call(pattern: Pattern, name: str, receiver: str | None, value: str) -> bool:
    """A `family` slot also takes a known family from a call that says chat or generate."""
    return pattern.family and callee_says_model(name, receiver) and family_like(value)


_REPLY_KEYS = frozenset(
    {"choices", "usage", "created", "created_at", "finish_reason", "done_reason"}
)
"""Keys only a model's reply carries: a body holding one is what a server answers, not a request."""


def _reply_body(value: Node, spec: LanguageSpec) -> bool:
    """The map or JSON body around a `"model": "x"` pair holds a key of a reply."""
    body = value.parent
    for _ in range(3):  # Go: literal_element < keyed_element < literal_value
        if body is None or body.named_child_count >= 3:
            break
        body = body.parent
    if body is None:
        return False
    for child in body.named_children:
        key = child
        for _ in range(3):  # a pair's key is its first descendant (Go's keyed_element)
            if key.type in spec.strings or not key.named_children:
                break
            key = key.named_children[0]
        if key.type in spec.strings and literal_text(key, spec) in _REPLY_KEYS:
            return True
    return False


def _type_says_model(declared: str | None) -> bool:
    """A constant's declared type that is a model (`EmbeddingModel`, `openai.ChatModel`,
    `ModelName`), not one that only starts with the word (`ModelMirrorPhase`, `ModelType`)."""
    tail = _tail(declared or "")
    return bool(_MODEL_TYPE.search(tail)) and name_says_model(tail)


def _value_ok(value: str, sdk: Runtime | None) -> bool:
    """Model-shaped; in a known SDK slot any id-shaped word, and for Ollama a bare library name
    that is also a provider word (`ollama.WithModel("mistral")` is the Mistral model)."""
    if sdk is None:
        return weak_ok(value)
    if sdk is Runtime.OLLAMA and value.lower() in PROVIDER_WORDS and value.isalnum():
        return True
    return strong_ok(value)


def _capture_text(node: Node | None, spec: LanguageSpec) -> str | None:
    if node is None:
        return None
    text = literal_text(node, spec) if node.type in spec.strings else _text(node)
    return text.lstrip(":$@&*").strip("'\"") if text else None


def _sdk_hits(
    spec: LanguageSpec, name: str | None, receiver: str | None, type_text: str | None
) -> tuple[Runtime | None, Runtime | None]:
    """The runtime of a known SDK call named `name`, and of a known request type."""
    call_hit = type_hit = None
    if type_text is not None:
        bare = type_text.lstrip("&*")
        type_hit = spec.types.get(bare) or spec.types.get(f"*.{_tail(bare)}")
    if name is not None:
        if receiver is not None:
            call_hit = spec.calls.get(f"{receiver}.{name}")
        call_hit = call_hit or spec.calls.get(f"*.{name}")
    return call_hit, type_hit


def _named_runtime(*names: str | None) -> Runtime | None:
    for text in names:
        if text:
            runtime = runtime_in_name(text)
            if runtime is not Runtime.UNKNOWN:
                return runtime
    return None


def _column(source: bytes, node: Node) -> int:
    """1-based column in characters (tree-sitter counts bytes)."""
    line_start = source.rfind(b"\n", 0, node.start_byte) + 1
    return len(source[line_start : node.start_byte].decode("utf-8", "replace")) + 1
