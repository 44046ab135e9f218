"""The walk over the bracket tree: scopes, declarations, objects, arrays and calls.

The walker decides what each bracket is (a call's arguments, an object literal, a block, an
array) and in which context its contents are read; `calls` says which calls are model calls,
`values` what an expression yields and what a name resolves to, and `candidates` collects what is
found. Context: the enclosing functions, classes, object methods and module-level consts joined
by `.`, then `:` and the callee's last name, the key path or the const name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.javascript.bindings import Bindings
from llmdeps.sources.detectors.javascript.calls import SdkCall, factory_call, http_call, sdk_call
from llmdeps.sources.detectors.javascript.candidates import Candidate, Candidates
from llmdeps.sources.detectors.javascript.lexer import MAX_DEPTH, Group, Item, Tok, build_tree, lex
from llmdeps.sources.detectors.javascript.matchers import matcher_names, says_trait
from llmdeps.sources.detectors.javascript.relevance import holds_mark, relevant_offsets
from llmdeps.sources.detectors.javascript.sdk import (
    ASSERTS,
    CATALOG_SKIP_KEYS,
    HTTP_CALLEES,
    LANGCHAIN_INIT,
    PROVIDER_HINT_KEYS,
    REGISTRY_METHODS,
    STRONG_KEYS,
    is_non_model_key,
    names_model,
    plural,
    split_langchain,
)
from llmdeps.sources.detectors.javascript.syntax import (
    array_position,
    at,
    block_name,
    callee,
    expr_end,
    is_group,
    is_id,
    is_op,
    is_str,
    object_position,
    split,
    strip_casts,
    value_ends,
)
from llmdeps.sources.detectors.javascript.values import Constants, Hit, env_name, value_hits
from llmdeps.sources.names import ENTRY_ID_KEYS
from llmdeps.sources.providers import is_provider_id, runtime_for_provider_value, runtime_in_name
from llmdeps.sources.secrets import is_secret_name, looks_like_secret

_Role = Literal["block", "class", "object", "array", "paren", "expr"]
"""What a sequence is: statements (of a block or class body), object entries, array elements,
or a parenthesised / argument / value expression."""


@dataclass(frozen=True, slots=True)
class _Ctx:
    """How a sequence of items is read."""

    scope: tuple[str, ...] = ()
    role: _Role = "block"
    keypath: str | None = None
    catalog: bool = False
    call: SdkCall | None = None
    """The SDK call whose argument object is being read."""
    provider: Runtime = Runtime.UNKNOWN
    """A sibling `provider: 'ollama'` key of the object being read."""
    top: bool = False
    """The module's own statements (not a function or callback body)."""


_SET_ENV = frozenset({"stubEnv", "setEnv", "setenv"})
_DECLARE = frozenset({"const", "let", "var"})
_ASSIGN = frozenset({"="})
_CLASS_ASSIGN = frozenset({"=", "?", "!", ":"})
_TEST_FUNCS = frozenset({"it", "test", "describe"})
_MODEL_ID_KEYS = frozenset({"modelId", "model_id", "modelID"})
"""Keys that make an object a model record (its id beside its description)."""
_MODEL_HELPERS = frozenset({"model", "embedder", "languageModel", "textEmbeddingModel"})
_CONDITION_KEYS = frozenset({"show", "hide", "displayOptions", "visibleIf", "hideIf", "showIf"})
"""Keys of a form input's display conditions: the values under them are matched, never sent."""
_DISPLAY_KEYS = frozenset({"modelName", "model_name", "displayName", "display_name", "label"})
"""In a model record, the keys that hold what users read, not the id."""


_MEMBERSHIP = lazy_compile(r"\.(?:includes|has|indexOf|some|every|startsWith|find|findIndex)\(")
"""A file without a membership test has no array only matched against: no token pass."""
_RECORD_ID_KEYS = frozenset(
    {"hostedId", "hosted_id", "deploymentId", "deployment_id", "apiId", "api_id", "upstreamId"}
    | {"providerModelId", "provider_model_id", "baseModelId", "base_model_id", "remoteId"}
)
"""Keys of a model record (beside `modelId`) that hold the id under which it is served."""
_NOT_CHOICE_KEYS = frozenset({"type", "args", "parameters", "inputSchema", "execute", "handler"})
"""Keys of tool, action or route objects: an array of those is no list of model choices."""
_CHOICE_ID_KEYS = frozenset({"id", "value", "model", "modelId", "model_id", "hostedId", "key"})
_CHOICE_LABEL_KEYS = frozenset({"label", "name", "title", "displayName", "description"})


def _keys(obj: Group) -> set[str]:
    out: set[str] = set()
    for entry in split(obj.items):
        key = at(entry, 0)
        if isinstance(key, Tok) and key.kind in ("id", "str") and is_op(at(entry, 1), ":"):
            out.add(key.value)
    return out


def _names_itself(obj: Group, name: str) -> bool:
    """`sonar: { id: "sonar", ... }`: the entry's id repeats its bare key, so the key is an id."""
    for entry in split(obj.items):
        key, value = at(entry, 0), at(entry, 2)
        if isinstance(key, Tok) and key.value in ENTRY_ID_KEYS and is_op(at(entry, 1), ":"):
            return isinstance(value, Tok) and value.kind == "str" and value.value == name
    return False


def _choice_list(elems: list[list[Item]]) -> bool:
    """`[{ id: 'gpt-4o', name: 'GPT-4o' }, ...]`, `[{ value: 'llama3.1:8b', label: ... }]`: an
    array of objects that each carry an id and a label is a list of choices, a catalogue (its
    values must still look like models to count)."""
    objs = [e[0] for e in elems if len(e) == 1 and isinstance(e[0], Group) and e[0].kind == "{"]
    if not objs or len(objs) != len([e for e in elems if e]):
        return False
    for obj in objs:
        keys = _keys(obj)
        if not (keys & _CHOICE_ID_KEYS and keys & _CHOICE_LABEL_KEYS) or keys & _NOT_CHOICE_KEYS:
            return False
        for entry in split(obj.items):
            key, value = at(entry, 0), at(entry, 2)
            if (
                isinstance(key, Tok)
                and key.value in _CHOICE_ID_KEYS
                and isinstance(value, Tok)
                and value.kind == "str"
                and is_provider_id(value.value)
            ):
                return False  # `[{ id: 'xai', displayName: 'xAI' }, ...]`: providers, not models
    return True


def _plain_str(value: list[Item]) -> bool:
    """One string literal that does not look like a secret."""
    tok = value[0] if len(value) == 1 else None
    return isinstance(tok, Tok) and tok.kind == "str" and not looks_like_secret(tok.value)


def _model_type(items: list[Item]) -> bool:
    """A declared type that is one model type: `LLM`, `ChatModel[]`, `Array<ModelInfo>` (not
    `Record<LLMID, Limits>`, whose values are something else)."""
    ids = [
        t.value
        for t in items
        if isinstance(t, Tok) and t.kind == "id" and t.value not in ("Array", "ReadonlyArray")
    ]
    return len(ids) == 1 and names_model(ids[0])


def _schema_default(value: list[Item]) -> tuple[Tok, bool] | None:
    """The string `default:` of an object that describes a parameter (`{ param: 'model',
    default: 'x' }`), and whether the object names the parameter `model` itself."""
    if len(value) != 1 or not is_group(value[0], "{"):
        return None
    obj = value[0]
    assert isinstance(obj, Group)
    found: Tok | None = None
    param = False
    for entry in split(obj.items):
        key, colon, item = at(entry, 0), at(entry, 1), at(entry, 2)
        if not (isinstance(key, Tok) and is_op(colon, ":") and len(entry) == 3):
            continue
        if key.value == "default" and isinstance(item, Tok) and item.kind == "str":
            found = item
        elif key.value == "param" and isinstance(item, Tok) and item.kind == "str":
            param = item.value == "model"
    return (found, param) if found is not None else None


def _form_field_default(entries: list[list[Item]]) -> Tok | None:
    """`{ label: 'Model Name', name: 'modelName', type: 'options', default: 'gpt-4o-mini' }`: a
    form input for choosing a model (Flowise, n8n node properties); its `default` is preselected
    and sent when the user picks nothing."""
    named = default = None
    for entry in entries:
        key, item = at(entry, 0), at(entry, 2)
        if not (len(entry) == 3 and isinstance(key, Tok) and is_op(entry[1], ":") and is_str(item)):
            continue
        assert isinstance(item, Tok)
        if key.value in ("name", "id", "key") and len(item.value) <= 60 and names_model(item.value):
            named = item
        elif key.value == "default" and not looks_like_secret(item.value):
            default = item
    return default if named is not None else None


def _parameter_names(params: Group) -> list[str]:
    """`(model: string, prompt = 'hi', ...rest)`: each parameter's name ('' for a pattern)."""
    names = []
    for param in split(params.items):
        first = at(param, 0)
        names.append(first.value if isinstance(first, Tok) and first.kind == "id" else "")
    return names


def _context(scope: tuple[str, ...], tail: str) -> str:
    return ".".join(scope) + ":" + tail if scope else tail


def _join(keypath: str | None, key: str) -> str:
    if not keypath:
        return key
    if key.startswith("["):
        return keypath + key
    return f"{keypath}.{key}"


def find_candidates(text: str) -> list[Candidate]:
    """Every model reference of one source, in file order, one per string literal."""
    toks = lex(text)
    matchers = matcher_names(toks) if _MEMBERSHIP.search(text) else set()
    faults: list[int] = []
    tree = build_tree(toks, faults)
    # the relevance rules read brackets flat: only where they pair up as in the tree
    marks = None if faults else relevant_offsets(toks)
    walker = _Walker(Bindings.read(toks), matchers, marks, env_reads="env" in text)
    walker.walk(tree, _Ctx(top=True))
    return walker.found.settle(walker.constants)


class _Walker:
    """One walk over one file's tree (recursive, at most `MAX_DEPTH` deep)."""

    def __init__(
        self,
        bindings: Bindings,
        matchers: set[str] | None = None,
        marks: list[int] | None = None,
        *,
        env_reads: bool = True,
    ) -> None:
        self.bindings = bindings
        self._marks = marks
        """Offsets of the tokens a reference can come from (`relevance`); None: walk all."""
        self._env_reads = env_reads
        """The file may read an environment variable (`env` occurs in it)."""
        self._matchers = matchers or set()
        """Array constants only ever matched against (`compatible.includes(m)`)."""
        self._typed: set[str] = set()
        """Constants whose declared type says model (`const GPT4: LLM = {...}`)."""
        self.constants = Constants()
        self.found = Candidates()
        self._http: SdkCall | None = None
        """The HTTP call (`fetch` to a chat endpoint) whose arguments are being walked."""

    # -- sequences ------------------------------------------------------------------------------

    def walk(self, items: list[Item], ctx: _Ctx, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        if self._env_reads:
            self._env_defaults(items, ctx)
        if ctx.role == "object":
            self._walk_object(items, ctx, depth)
            return
        if ctx.role == "array":
            self._walk_array(items, ctx, depth)
            return
        decl_at: dict[int, tuple[str, int]] = {}
        decl_names: set[int] = set()
        if ctx.role in ("block", "class", "paren", "expr"):
            self._declarations(items, ctx, decl_at, decl_names)
        # what can follow a name assigned to (`x = `; class fields `x?: T = `, `x!: T = `)
        assigns = _CLASS_ASSIGN if ctx.role == "class" else _ASSIGN
        last = len(items) - 1
        for k, it in enumerate(items):
            if isinstance(it, Tok):
                if it.kind == "id" and k not in decl_names:
                    if it.value == "return":
                        self._return(items, k, ctx)
                    elif k < last:
                        nxt = items[k + 1]
                        if type(nxt) is Tok and nxt.kind == "op" and nxt.value in assigns:
                            self._assignment(items, k, ctx)
                continue
            if self._marks is not None and not holds_mark(self._marks, it):
                continue
            decl = decl_at.get(k)
            # module-level const names scope what they hold; local result variables do not
            scope = ctx.scope + (decl[0],) if decl and ctx.top else ctx.scope
            self._group(items, k, it, ctx, scope, decl, depth)

    def _env_defaults(self, items: list[Item], ctx: _Ctx) -> None:
        """Every `process.env.X ?? 'id'` / `|| 'id'` of this sequence whose X says model."""
        for k, it in enumerate(items):
            if not is_op(it, "??", "||") or k < 2:
                continue
            lit, end = at(items, k + 1), at(items, k + 2)
            if not isinstance(lit, Tok) or lit.kind != "str":
                continue
            if end is not None and not is_op(end, ",", ";", ":", ")", "??", "||"):
                continue
            name = env_name(items[max(0, k - 3) : k])
            if name is not None and names_model(name):
                self.found.emit_env_default(lit, name, _context(ctx.scope, name))

    def _group(
        self,
        items: list[Item],
        k: int,
        g: Group,
        ctx: _Ctx,
        scope: tuple[str, ...],
        decl: tuple[str, int] | None,
        depth: int,
    ) -> None:
        root = decl is not None and decl[1] == k and g.kind in "{["
        if root and decl is not None:
            nxt = at(items, k + 1)
            root = (
                nxt is None
                or is_op(nxt, ";", ",")
                or is_id(nxt, "as", "satisfies")
                or (value_ends(g, nxt) if nxt is not None else False)
            )
        in_expr = ctx.role == "expr"
        if g.kind == "(":
            call = callee(items, k, ctx.role)
            if call is not None:
                self._call(call[0], call[1], g, scope, depth)
            else:
                body = k + 1
                while is_op(at(items, body), ":") or (
                    body > k + 1 and isinstance(at(items, body), Tok) and body < k + 12
                ):
                    body += 1  # skip a TS return type up to the body
                if is_group(at(items, body), "{"):  # parameters: scoped like the body
                    name, _ = block_name(items, body)
                    if name and (not scope or scope[-1] != name):
                        scope = scope + (name,)
                    if name:
                        self.found.function(name, _parameter_names(g))
                self.walk(g.items, _Ctx(scope, "paren"), depth + 1)
        elif g.kind == "{":
            if root and decl is not None:
                sub = _Ctx(ctx.scope, "object", decl[0], self._catalog_name(decl[0]))
                self.walk(g.items, sub, depth + 1)
            elif object_position(items, k, ctx.role):
                keypath = ctx.keypath if in_expr else None
                self.walk(
                    g.items, _Ctx(scope, "object", keypath, in_expr and ctx.catalog), depth + 1
                )
            elif is_id(at(items, k - 2), "enum") and is_id(at(items, k - 1)):
                enum = items[k - 1]  # `enum Models { Fast = 'gpt-4o-mini' }`
                assert isinstance(enum, Tok)
                sub = _Ctx(ctx.scope, "object", enum.value, names_model(enum.value))
                self.walk(g.items, sub, depth + 1)
            else:
                name, is_class = block_name(items, k)
                if name and (not scope or scope[-1] != name):
                    scope = scope + (name,)
                self.walk(g.items, _Ctx(scope, "class" if is_class else "block"), depth + 1)
        elif g.kind == "[":
            if root and decl is not None:
                sub = _Ctx(ctx.scope, "array", decl[0], self._catalog_name(decl[0]))
                self.walk(g.items, sub, depth + 1)
            elif array_position(items, k):
                keypath = ctx.keypath if in_expr else None
                self.walk(
                    g.items, _Ctx(scope, "array", keypath, in_expr and ctx.catalog), depth + 1
                )
            else:
                self.walk(g.items, _Ctx(scope, "paren"), depth + 1)
        else:
            self.walk(g.items, _Ctx(scope, "paren"), depth + 1)

    def _catalog_name(self, name: str) -> bool:
        """A constant that holds models offered or used: its name or declared type says model,
        and it is not a list only matched against (`NO_TOOLS_MODELS`, `x.includes(m)` only)."""
        if name in self._matchers or says_trait(name):
            return False
        return names_model(name) or name in self._typed

    # -- declarations and assignments -----------------------------------------------------------

    def _declarations(
        self,
        items: list[Item],
        ctx: _Ctx,
        decl_at: dict[int, tuple[str, int]],
        decl_names: set[int],
    ) -> None:
        """`const a = ..., b = ...`: record scalar constants; mark where each value sits."""
        n = len(items)
        starts = [
            k
            for k, it in enumerate(items)
            if type(it) is Tok and it.value in _DECLARE and it.kind == "id"
        ]
        k = 0
        for start in starts:
            if start < k:
                continue  # inside the declaration read before
            k = start + 1
            while k < n:
                name = items[k]
                j = k + 1
                if is_op(at(items, j), "!"):
                    j += 1
                if is_op(at(items, j), ":"):
                    typed = j
                    while j < n and not is_op(items[j], "=", ";") and j < k + 40:
                        j += 1
                    if isinstance(name, Tok) and _model_type(items[typed + 1 : j]):
                        self._typed.add(name.value)
                if not is_op(at(items, j), "="):
                    break
                vs = j + 1
                ve = expr_end(items, vs)
                if isinstance(name, Tok) and name.kind == "id":
                    decl_names.add(k)
                    for v in range(vs, ve):
                        decl_at[v] = (name.value, vs)
                    self.constants.define(name, items[vs:ve], _context(ctx.scope, name.value))
                # a statement ended by a new line (no `;`): the next one starts at `ve`
                k = ve + 1 if is_op(at(items, ve), ",", ";") else ve
                if not is_op(at(items, ve), ","):
                    break

    def _return(self, items: list[Item], k: int, ctx: _Ctx) -> None:
        """`function getModel() { return stored || 'gemma:2b' }`, `get defaultModel()`: what a
        function whose name says model returns is a model default."""
        if ctx.role != "block" or not ctx.scope:
            return
        owner = ctx.scope[-1].rsplit(".", 1)[-1]
        if not names_model(owner) or says_trait(owner):
            return
        value = items[k + 1 : expr_end(items, k + 1)]
        hits = [h for h in value_hits(list(value)) if isinstance(h, Hit)]
        context = _context(ctx.scope, "return")
        self.found.emit_hits(hits, RefKind.CONSTANT, Runtime.UNKNOWN, context, strong=False)

    def _assignment(self, items: list[Item], k: int, ctx: _Ctx) -> None:
        """`x.model = 'id'`, class fields `model = 'id'`, JSX attributes `model="id"`."""
        name = items[k]
        assert isinstance(name, Tok)
        j = k + 1
        if ctx.role == "class" and is_op(at(items, j), "?", "!"):
            j += 1
        if ctx.role == "class" and is_op(at(items, j), ":"):
            while j < len(items) and j < k + 30 and not is_op(items[j], "=", ";"):
                j += 1
        if not is_op(at(items, j), "=") or is_op(at(items, k + 1), "."):
            return
        if not names_model(name.value):
            return
        chain = [name.value]
        b = k - 1
        while is_op(at(items, b), ".", "?.") and is_id(at(items, b - 1)):
            prev = items[b - 1]
            assert isinstance(prev, Tok)
            chain.insert(0, prev.value)
            b -= 2
        if chain[0] == "this":
            chain = chain[1:]
        value = items[j + 1 : expr_end(items, j + 1)]
        if value and is_str(value[0]) and (is_op(at(value, 1), "/", ">") or is_id(at(value, 1))):
            value = value[:1]  # a JSX attribute: `<Chat model="gpt-4o" />`
        hits = [h for h in value_hits(list(value)) if isinstance(h, Hit)]
        context = _context(ctx.scope, ".".join(chain))
        self.found.emit_hits(hits, RefKind.CONSTANT, Runtime.UNKNOWN, context, strong=False)

    # -- objects and arrays ---------------------------------------------------------------------

    def _walk_object(self, items: list[Item], ctx: _Ctx, depth: int) -> None:
        entries = split(items)
        keys = {
            e[0].value
            for e in entries
            if len(e) > 1 and isinstance(e[0], Tok) and e[0].kind in ("id", "str")
            if is_op(e[1], ":")
        }
        record = bool(keys & _MODEL_ID_KEYS)
        if "default" in keys and (preset := _form_field_default(entries)) is not None:
            where = _context(ctx.scope, _join(ctx.keypath, "default"))
            self.found.emit(preset, RefKind.CONFIG, ctx.provider, where, strong=True)
        # `{ name: 'GPT-4', key: 'gpt-4' }` in a catalogue (Perplexica): `key` is the entry's
        # id beside its label, not a credential (a value shaped like a secret still is one)
        choice_key = ctx.catalog and "key" in keys and bool(keys & _CHOICE_LABEL_KEYS)
        id_keys = keys & ENTRY_ID_KEYS if ctx.catalog else frozenset()
        for entry in entries:
            key0 = at(entry, 0)
            if (
                len(entry) == 3
                and isinstance(key0, Tok)
                and key0.kind in ("id", "str")
                and key0.value in PROVIDER_HINT_KEYS
                and is_op(entry[1], ":")
                and is_str(entry[2])
            ):
                hint = entry[2]
                assert isinstance(hint, Tok)
                ctx = replace(ctx, provider=runtime_for_provider_value(hint.value))
        for entry in entries:
            if not entry:
                continue
            head = 0
            while is_id(at(entry, head), "async", "get", "set", "static") and len(entry) > head + 1:
                if is_op(at(entry, head + 1), ":", ",") or is_group(entry[head + 1], "("):
                    break
                head += 1
            key = at(entry, head)
            if is_op(key, "..."):
                spread = entry[head + 1 :]
                if ctx.call is not None and len(spread) == 1 and isinstance(spread[0], Tok):
                    self.found.passed_to(spread[0].value, ctx.call)
                self.walk(spread, _Ctx(ctx.scope, "expr"), depth + 1)
                continue
            key_name = (
                key.value if isinstance(key, Tok) and key.kind in ("id", "str", "num") else None
            )
            j = head + 1
            if is_op(at(entry, j), "?"):
                j += 1
            if key_name is not None and is_op(at(entry, j), ":", "="):
                assert isinstance(key, Tok)
                value = entry[j + 1 :]
                choice = choice_key and key_name == "key" and _plain_str(value)
                described = bool(id_keys) and key_name not in id_keys
                self._property(key, key_name, value, ctx, depth, record, choice, described)
            elif key_name is not None and len(entry) == head + 1 and key is not None:
                assert isinstance(key, Tok)
                if key.kind == "id":
                    self._property(key, key_name, [key], ctx, depth)
            elif key_name is not None and is_group(at(entry, j), "("):
                scope = ctx.scope + (_join(ctx.keypath, key_name),)
                self.walk(entry[j:], _Ctx(scope, "paren"), depth + 1)
            else:
                self.walk(entry, _Ctx(ctx.scope, "expr"), depth + 1)

    def _property(
        self,
        key: Tok,
        name: str,
        value: list[Item],
        ctx: _Ctx,
        depth: int,
        record: bool = False,
        choice: bool = False,
        described: bool = False,
    ) -> None:
        """`name: value` in an object: a model key, a catalogue entry, or something to walk.

        In a model record (an object with a `modelId` key) `modelName` is the display name
        (`"GPT-4o"`) and other `...Id` keys name the id too (chatbot-ui's `hostedId`). In a
        catalogue entry with an id key, a `described` key describes the entry."""
        if name in _CONDITION_KEYS and value and is_group(value[0], "{"):
            return  # `show: { modelName: ['gpt-4o'] }`: when a form input shows, matched against
        keypath = (
            _join(ctx.keypath, name) if key.kind != "str" else _join(ctx.keypath, f"[{name!r}]")
        )
        secret = bool(is_secret_name(name)) and not choice
        first = value[0] if value else None
        catalog = ctx.catalog or (
            names_model(name) and isinstance(first, Group) and (first.kind == "[" or plural(name))
        )
        call = ctx.call
        if not secret:
            parent = (ctx.keypath or "").rsplit(".", 1)[-1]
            is_model_key = (
                name in STRONG_KEYS
                or names_model(name)
                or (name == "id" and call is not None and call.id_key)
                or (
                    name in ("name", "id")
                    and names_model(parent)
                    and not says_trait(parent)
                    and not ctx.catalog
                )
            )
            display = record and name in _DISPLAY_KEYS
            if display:
                is_model_key = False
            elif record and not is_model_key and name in _RECORD_ID_KEYS:
                is_model_key = True  # chatbot-ui's `hostedId`: the id the host serves it under
            default = _schema_default(value) if is_model_key else None
            if default is not None:
                # `model: { param: 'model', required: true, default: 'gpt-3.5-turbo' }` (Portkey's
                # provider configs): a parameter schema whose default is sent when none is given
                tok, strong = default
                where = _context(ctx.scope, keypath)
                self.found.emit(tok, RefKind.CONFIG, ctx.provider, where, strong=strong)
            elif is_model_key:
                hits = value_hits(value)
                if call is not None:
                    runtime = call.runtime
                    if call.aisdk:
                        runtime = Runtime.GATEWAY
                    if ctx.provider is not Runtime.UNKNOWN:
                        runtime = ctx.provider  # `{ provider: 'xai', model: ... }` decides
                    self.found.emit_hits(
                        hits,
                        RefKind.CALL,
                        runtime,
                        _context(ctx.scope, call.tail),
                        strong=name in STRONG_KEYS,
                        base_url=call.base_url,
                        prefixed=call.prefixed,
                    )
                else:
                    kind = RefKind.CATALOG if ctx.catalog else RefKind.CONFIG
                    runtime = ctx.provider
                    if runtime is Runtime.UNKNOWN:
                        runtime = runtime_in_name(ctx.keypath or "")
                    root = re.split(r"[.\[]", ctx.keypath, maxsplit=1)[0] if ctx.keypath else None
                    self.found.emit_hits(
                        hits, kind, runtime, _context(ctx.scope, keypath), strong=False, root=root
                    )
            elif (
                ctx.catalog
                and not described
                and name not in CATALOG_SKIP_KEYS
                and not is_non_model_key(name)
                and not display
            ):
                hits = [h for h in value_hits(value) if isinstance(h, Hit)]
                self.found.emit_hits(
                    hits,
                    RefKind.CATALOG,
                    Runtime.UNKNOWN,
                    _context(ctx.scope, keypath),
                    strong=False,
                )
            if ctx.catalog and value and isinstance(value[0], Group) and (
                key.kind == "str" or _names_itself(value[0], key.value)
            ):
                self.found.emit(
                    key,
                    RefKind.CATALOG,
                    Runtime.UNKNOWN,
                    _context(ctx.scope, keypath),
                    strong=False,
                )
        is_function = any(is_op(it, "=>") for it in value) or is_id(
            at(value, 0), "function", "async"
        )
        scope = ctx.scope + (keypath,) if is_function else ctx.scope
        sub = _Ctx(scope, "expr", keypath, catalog and not secret)
        self.walk(value, sub, depth + 1)

    def _walk_array(self, items: list[Item], ctx: _Ctx, depth: int) -> None:
        elems = split(items)
        if not ctx.catalog and not is_non_model_key(ctx.keypath or "") and _choice_list(elems):
            ctx = replace(ctx, catalog=True)
        for n, elem in enumerate(elems):
            elem = strip_casts(elem)
            keypath = _join(ctx.keypath, f"[{n}]")
            if ctx.catalog and len(elem) == 1 and is_str(elem[0]):
                tok = elem[0]
                assert isinstance(tok, Tok)
                self.found.emit(
                    tok,
                    RefKind.CATALOG,
                    Runtime.UNKNOWN,
                    _context(ctx.scope, keypath),
                    strong=False,
                )
                continue
            self.walk(elem, _Ctx(ctx.scope, "expr", keypath, ctx.catalog), depth + 1)

    # -- calls ----------------------------------------------------------------------------------

    def _call(
        self, chain: list[str], is_new: bool, g: Group, scope: tuple[str, ...], depth: int
    ) -> None:
        """A call: its model arguments by the kind of call, then its arguments walked."""
        args = [strip_casts(a) for a in split(g.items)]
        last = chain[-1]
        context = _context(scope, last)
        if len(chain) == 1 and not is_new:
            self.found.local_call(last, args)
        factory = None if is_new else factory_call(chain, self.bindings)
        sdk = sdk_call(chain, is_new, self.bindings)
        http = self._http
        if sdk is None and not is_new and last in HTTP_CALLEES and args[0]:
            sdk = http_call(args[0], last)
            self._http = sdk
        elif sdk is None and chain == ["JSON", "stringify"] and http is not None:
            sdk = http  # fetch(url, { body: JSON.stringify({ model }) })
        if factory is not None and args[0]:
            hits = value_hits(args[0])
            self.found.emit_hits(
                hits,
                RefKind.CALL,
                factory.runtime,
                context,
                strong=factory.bound,
                base_url=factory.base_url,
            )
        elif (
            not is_new
            and args[0]
            and (
                last in LANGCHAIN_INIT
                or (
                    len(chain) == 2
                    and chain[0] in self.bindings.registries
                    and last in REGISTRY_METHODS
                )
            )
        ):
            for h in value_hits(args[0]):
                if isinstance(h, Hit):
                    runtime = split_langchain(h.tok.value)[1]
                    self.found.emit(
                        h.tok,
                        RefKind.CALL,
                        runtime,
                        context,
                        strong=True,
                        env_var=h.env_var,
                        from_call=True,
                    )
                else:
                    self.found.defer(h, RefKind.CALL, Runtime.UNKNOWN, context, strong=True)
        elif not is_new and last in _SET_ENV and len(args) >= 2 and len(args[0]) == 1:
            # `vi.stubEnv('LLM_MODEL', 'llama3.2:3b')`: a test pinned to a model
            name = args[0][0]
            if is_str(name) and isinstance(name, Tok) and names_model(name.value):
                hits = [h for h in value_hits(args[1]) if isinstance(h, Hit)]
                where = _context(scope, name.value)
                self.found.emit_hits(hits, RefKind.CONSTANT, Runtime.UNKNOWN, where, strong=False)
        elif not is_new and last == "each" and len(chain) >= 2 and chain[0] in _TEST_FUNCS:
            # `it.each(['gpt-4o', 'llama3.1:8b'])(...)`: the cases a test runs with
            for arg in args[:1]:
                if len(arg) == 1 and is_group(arg[0], "["):
                    table = arg[0]
                    assert isinstance(table, Group)
                    for elem in split(table.items):
                        for h in value_hits(strip_casts(elem)):
                            if isinstance(h, Hit):
                                self.found.emit(
                                    h.tok, RefKind.TEST, Runtime.UNKNOWN, context, strong=False
                                )
        elif not is_new and len(chain) >= 2 and last in _MODEL_HELPERS and args[0]:
            # Genkit `googleAI.model('gemini-2.5-flash')`, `openAI.embedder('x')`: a plugin's
            # helper naming one of its models (`mongoose.model('User')` is no model's shape)
            hits = [h for h in value_hits(args[0]) if isinstance(h, Hit)]
            runtime = runtime_in_name(chain[0])
            self.found.emit_hits(hits, RefKind.CALL, runtime, context, strong=False)
        elif not is_new and last in ASSERTS:
            for arg in args[:2]:
                for h in value_hits(arg):
                    if isinstance(h, Hit):
                        self.found.emit(h.tok, RefKind.TEST, Runtime.UNKNOWN, context, strong=False)
        elif (
            not is_new
            and last == "from_pretrained"
            or (
                chain == ["pipeline"]
                and len(args) >= 2
                and len(args[0]) == 1
                and is_str(args[0][0])
            )
        ):
            target = args[0] if last == "from_pretrained" else args[1]
            hits = [h for h in value_hits(target) if isinstance(h, Hit) and "/" in h.tok.value]
            self.found.emit_hits(hits, RefKind.CALL, Runtime.HUGGINGFACE, context, strong=True)
        for a_index, arg in enumerate(args):
            if sdk is not None and a_index <= 1 and len(arg) == 1 and is_id(arg[0]):
                ident = arg[0]
                assert isinstance(ident, Tok)
                self.found.passed_to(ident.value, sdk)
            if len(arg) == 1 and is_group(arg[0], "{"):
                obj = arg[0]
                assert isinstance(obj, Group)
                sub = _Ctx(scope, "object", None, False, sdk if a_index <= 1 else None)
                self.walk(obj.items, sub, depth + 1)
            else:
                self.walk(arg, _Ctx(scope, "expr"), depth + 1)
        self._http = http
