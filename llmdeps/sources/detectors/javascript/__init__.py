"""JavaScript and TypeScript: model ids in SDK calls, AI SDK factories, constants, catalogues.

No full JS parser: a small lexer (strings, template literals, comments, regex literals, brackets)
feeds a bracket tree, and patterns are matched on that tree. What is found:

* object properties `model: '...'` (`modelName`, `model_name`, `modelId`, `embeddingModel`, ...):
  kind `call` directly inside the argument object of a known SDK call (`client.chat.completions
  .create({...})`, `ollama.chat({...})`, `new ChatOpenAI({...})`, `generateText({...})`), else
  `config` (or `catalog` under a name that says model); `process.env.X ?? 'd'` / `|| 'd'` gives
  kind `env-default` with `env_var` X;
* AI SDK provider factories `openai('gpt-4o')`, `ollama('llama3')`, `openai.chat('...')`, factories
  bound by `const x = createOllama(...)`, and LangChain `initChatModel("openai:gpt-4o")`;
  plain strings in `generateText({ model: 'openai/gpt-4o' })` go through the AI Gateway;
* constants `const MODEL = 'gpt-4o-mini'` (the name says model/llm and the value looks like a
  model) and catalogues (`const MODELS = ['gpt-4o', ...]`, `{ fast: 'gpt-4o-mini' }`);
* simple constant propagation within the file: `const M = 'x'; create({ model: M })` is one
  reference, at the literal, of kind `call` with the call's runtime and the const's context (`M`,
  as the Python detector does); so is `const params = { model: 'x' }` passed to (or spread into)
  an SDK call (context `params.model`);
* raw HTTP calls to model endpoints: `fetch('http://localhost:11434/api/chat', { body:
  JSON.stringify({ model }) })`, `axios.post('.../v1/chat/completions', { model })`.

LangChain `provider:model` strings (`initChatModel('ollama:llama3:8b')`, `createAgent`) are split on
the first `:` when the prefix is a known provider: the model is `llama3:8b`, the runtime `ollama`.

Positions: 1-based line and column of the string literal's opening quote (as the Python detector
reports the literal node's start). Columns count characters (code points), not bytes.
Context: the enclosing functions, classes, object methods and module-level consts joined by `.`,
then `:` and the callee's last name (`translateSummary:ollama`, `Summarizer.run:generate`), the key
path (`config.llm.model`, `MODELS[1]`) or the const name (`SUMMARY_MODEL`). Locals inside
functions and callbacks never enter it, so renaming a result variable changes nothing.
Comments, JSX text, import specifiers, template literals with substitutions and display names are
never references; keys naming KEY/TOKEN/SECRET/PASSWORD/AUTH are never read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import re2

from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.idshape import CONTAINER_IMAGES, model_like, plausible
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.providers import (
    colon_prefix_runtime,
    runtime_for_url,
    runtime_in_name,
)
from llmdeps.sources.secrets import clean_url, is_secret_name
from llmdeps.sources.testpaths import is_test_path

_EXTENSIONS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")
_SKIP_SUFFIXES = (".d.ts", ".d.mts", ".d.cts", ".min.js", ".min.mjs", ".bundle.js", ".chunk.js")
_SKIP_DIRS = frozenset(
    {"dist", "build", ".next", ".nuxt", ".output", ".svelte-kit", "bundles", "coverage"}
)
_MAX_DEPTH = 120  # bracket nesting we follow; deeper content is skipped (never a crash)

# ---------------------------------------------------------------------------------------------
# Lexer


@dataclass(slots=True)
class Tok:
    """One token: kind is id, str, tpl (template with substitutions), num, op, regex, bad."""

    kind: str
    value: str
    start: int
    nl: bool  # a line break precedes it


@dataclass(slots=True)
class Group:
    """A bracketed group: `(`, `[`, `{` or a template substitution `${`."""

    open: Tok
    items: list[Tok | Group] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.open.value

    @property
    def nl(self) -> bool:
        return self.open.nl


Item = Tok | Group

_IDENT = re.compile(r"[A-Za-z_$\u00aa-\uffff][\w$\u00aa-\uffff]*")
_NUMBER = re.compile(r"\.?\d[\w.]*")
_FAST = re.compile(
    r"(?P<ws>[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+)"
    r"|(?P<id>[A-Za-z_$\u00aa-\uffff][\w$\u00aa-\uffff]*)"
    r"|(?P<str>'[^'\\\n\r]*'|\"[^\"\\\n\r]*\")"
)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\ufeff]+")
_OPS = re.compile(
    r"=>|\?\?=?|\?\.(?!\d)|\|\|=?|&&=?|===?|!==?|\.\.\.|<<=?|>>>?=?|[<>]=?|\*\*=?|\+\+|--"
    r"|[-+*/%&|^]=|."
)
_STR_STOP = {"'": re.compile(r"['\\\n\r]"), '"': re.compile(r'["\\\n\r]')}
_TPL_STOP = re.compile(r"`|\\|\$\{")
_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_HEX = re.compile(r"[0-9A-Fa-f]+")
_REGEX_AFTER_ID = frozenset(
    [
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    ]
)


def _escape(text: str, k: int) -> tuple[str, int]:
    """Decode the escape at text[k] == '\\'; return (chars, index after it)."""
    if k + 1 >= len(text):
        return "", k + 1
    c = text[k + 1]
    if c in _SIMPLE_ESC:
        return _SIMPLE_ESC[c], k + 2
    if c == "\r":
        return "", k + 3 if text.startswith("\n", k + 2) else k + 2
    if c in "\n\u2028\u2029":
        return "", k + 2
    if c == "x":
        digits = text[k + 2 : k + 4]
        if len(digits) == 2 and _HEX.fullmatch(digits):
            return chr(int(digits, 16)), k + 4
        return "x", k + 2
    if c == "u":
        if text.startswith("{", k + 2):
            end = text.find("}", k + 3)
            digits = text[k + 3 : end] if end > 0 else ""
            if (
                digits
                and len(digits) <= 6
                and _HEX.fullmatch(digits)
                and int(digits, 16) < 0x110000
            ):
                return chr(int(digits, 16)), end + 1
            return "u", k + 2
        digits = text[k + 2 : k + 6]
        if len(digits) == 4 and _HEX.fullmatch(digits):
            return chr(int(digits, 16)), k + 6
        return "u", k + 2
    return c, k + 2


def _scan_string(text: str, i: int) -> tuple[int, str | None]:
    """Scan a quoted string at text[i]; (end, value), value None when unterminated on its line."""
    stop = _STR_STOP[text[i]]
    parts: list[str] = []
    j = i + 1
    while True:
        m = stop.search(text, j)
        if m is None:
            return len(text), None
        k = m.start()
        parts.append(text[j:k])
        ch = text[k]
        if ch == text[i]:
            return k + 1, "".join(parts)
        if ch in "\n\r":
            return k, None
        esc, j = _escape(text, k)
        parts.append(esc)


def _scan_template(text: str, j: int) -> tuple[int, str, bool]:
    """Scan template text from j; (index after the stop, cooked text, True if it hit `${`)."""
    parts: list[str] = []
    while True:
        m = _TPL_STOP.search(text, j)
        if m is None:
            return len(text), "".join(parts), False
        k = m.start()
        parts.append(text[j:k])
        tok = m.group()
        if tok == "`":
            return k + 1, "".join(parts), False
        if tok == "${":
            return k + 2, "".join(parts), True
        esc, j = _escape(text, k)
        parts.append(esc)


def _regex_allowed(toks: list[Tok]) -> bool:
    if not toks:
        return True
    prev = toks[-1]
    if prev.kind in ("op", "open"):
        return True
    if prev.kind == "close":
        return prev.value == "}"
    if prev.kind == "id":
        return prev.value in _REGEX_AFTER_ID
    return False


def _scan_regex(text: str, i: int) -> int | None:
    """End of a regex literal starting at text[i] == '/', or None if it is not one."""
    j = i + 1
    in_class = False
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch in "\n\r":
            return None
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            j += 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            return j
        j += 1
    return None


def lex(text: str) -> list[Tok]:
    """Tokens of a JS/TS source; comments dropped; never raises."""
    toks: list[Tok] = []
    n = len(text)
    i = 0
    braces: list[str] = []
    nl = True
    if text.startswith("#!"):
        i = text.find("\n")
        i = n if i < 0 else i
    while i < n:
        fast = _FAST.match(text, i)  # the common tokens in one regex step
        if fast is not None:
            kind = fast.lastgroup
            if kind == "ws":
                if "\n" in fast.group() or "\u2028" in fast.group() or "\u2029" in fast.group():
                    nl = True
            elif kind == "id":
                toks.append(Tok("id", fast.group(), i, nl))
                nl = False
            else:
                toks.append(Tok("str", fast.group()[1:-1], i, nl))
                nl = False
            i = fast.end()
            continue
        c = text[i]
        if c in "\n\u2028\u2029":
            nl = True
            i += 1
            continue
        if c in " \t\r\f\v\u00a0\ufeff":
            m0 = _SPACE.match(text, i)
            i = m0.end() if m0 else i + 1
            continue
        if c.isspace():
            i += 1
            continue
        if c == "/" and i + 1 < n and text[i + 1] in "/*":
            if text[i + 1] == "/":
                j = text.find("\n", i)
                i = n if j < 0 else j
            else:
                j = text.find("*/", i + 2)
                end = n if j < 0 else j + 2
                if "\n" in text[i:end]:
                    nl = True
                i = end
            continue
        start = i
        if c in "'\"":
            end, value = _scan_string(text, i)
            toks.append(Tok("str" if value is not None else "bad", value or "", start, nl))
            i = end
        elif c == "`" or (c == "}" and braces and braces[-1] == "${"):
            if c == "}":
                braces.pop()
                toks.append(Tok("close", "}", start, nl))
                nl = False
            i, value, subst = _scan_template(text, i + 1)
            if c == "`" and not subst:
                toks.append(Tok("str", value, start, nl))
            else:
                toks.append(Tok("tpl", value, start, nl))  # a piece, never read as an id
                if subst:
                    toks.append(Tok("open", "${", i - 2, False))
                    braces.append("${")
        elif c in "([{":
            if c == "{":
                braces.append("{")
            toks.append(Tok("open", c, start, nl))
            i += 1
        elif c in ")]}":
            if c == "}" and braces:
                braces.pop()
            toks.append(Tok("close", c, start, nl))
            i += 1
        elif c == "/" and _regex_allowed(toks) and (end_rx := _scan_regex(text, i)) is not None:
            toks.append(Tok("regex", "", start, nl))
            i = end_rx
        elif (m := _IDENT.match(text, i)) is not None:
            toks.append(Tok("id", m.group(), start, nl))
            i = m.end()
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            m2 = _NUMBER.match(text, i)
            i = m2.end() if m2 else i + 1
            toks.append(Tok("num", text[start:i], start, nl))
        else:
            m3 = _OPS.match(text, i)
            op = m3.group() if m3 else c
            toks.append(Tok("op", op, start, nl))
            i += len(op)
        nl = False
    return toks


_MATCH = {")": "(", "]": "[", "}": "{"}


def build_tree(toks: Sequence[Tok]) -> list[Item]:
    """Nest tokens by brackets; stray closers are dropped, unclosed groups closed at the end."""
    root: list[Item] = []
    stack: list[Group] = []
    overflow = 0
    for t in toks:
        top = stack[-1].items if stack else root
        if t.kind == "open":
            if len(stack) >= _MAX_DEPTH:
                overflow += 1
                continue
            g = Group(t)
            top.append(g)
            stack.append(g)
        elif t.kind == "close":
            if overflow:
                overflow -= 1
                continue
            want = _MATCH[t.value]
            kinds = [g.kind for g in stack]
            if stack and (stack[-1].kind == want or (want == "{" and stack[-1].kind == "${")):
                stack.pop()
            elif want in kinds:
                while stack and stack[-1].kind != want:
                    stack.pop()
                stack.pop()
        else:
            top.append(t)
    return root


# ---------------------------------------------------------------------------------------------
# Vocabulary

_SAYS_MODEL = re.compile(r"(?i)model|llm")
_NOT_MODEL_KEY = re.compile(
    r"(?i)label|display|title|descr|provider|family|vendor|type|url|path|dir|file|icon|logo|"
    r"option|param|config|setting|price|cost|limit|count|size|max|min|temperature|timeout"
)
_STRONG_KEYS = frozenset(
    {
        "model",
        "modelName",
        "model_name",
        "modelId",
        "model_id",
        "embeddingModel",
        "embedding_model",
        "deployment",
        "deploymentName",
        "azureDeployment",
        "azureOpenAIApiDeploymentName",
    }
)
_CATALOG_SKIP_KEYS = frozenset(
    {"name", "label", "title", "description", "displayName", "display_name", "provider", "vendor"}
)
_CONTROL = frozenset(
    [
        "if",
        "for",
        "while",
        "switch",
        "catch",
        "with",
        "function",
        "return",
        "typeof",
        "void",
        "delete",
        "in",
        "of",
        "new",
        "await",
        "yield",
        "else",
        "do",
        "case",
        "throw",
        "import",
        "export",
        "class",
        "const",
        "let",
        "var",
        "super",
    ]
)
_AISDK_FUNCS = frozenset(
    [
        "generateText",
        "streamText",
        "generateObject",
        "streamObject",
        "embed",
        "embedMany",
        "generateImage",
        "experimental_generateImage",
        "generateSpeech",
        "experimental_generateSpeech",
        "transcribe",
        "experimental_transcribe",
        "wrapLanguageModel",
        "rerank",
    ]
)
_AISDK_CLASSES = frozenset({"Agent", "Experimental_Agent", "ToolLoopAgent"})
_OPENAI_RESOURCES = frozenset(
    [
        "jobs",
        "fineTuning",
        "completions",
        "responses",
        "embeddings",
        "messages",
        "moderations",
        "images",
        "speech",
        "transcriptions",
        "translations",
        "realtime",
        "assistants",
        "runs",
        "threads",
        "batches",
    ]
)
_OPENAI_METHODS = frozenset(
    {"generate", "edit", "createVariation"}
    | {"create", "stream", "parse", "createAndPoll", "runTools", "connect"}
)
_OLLAMA_METHODS = frozenset(
    ["chat", "generate", "embed", "embeddings", "pull", "push", "show", "create", "copy", "delete"]
)
_GOOGLE_METHODS = frozenset(
    [
        "generateContent",
        "generateContentStream",
        "embedContent",
        "batchEmbedContents",
        "countTokens",
        "generateImages",
        "getGenerativeModel",
    ]
)
_HF_METHODS = frozenset(
    [
        "textGeneration",
        "textGenerationStream",
        "chatCompletion",
        "chatCompletionStream",
        "featureExtraction",
        "summarization",
        "translation",
        "sentenceSimilarity",
        "textToImage",
    ]
)
_FACTORY_METHODS = frozenset(
    [
        "chat",
        "languageModel",
        "chatModel",
        "textEmbeddingModel",
        "textEmbedding",
        "embedding",
        "embeddingModel",
        "responses",
        "completion",
        "image",
        "imageModel",
        "transcription",
        "speech",
        "messages",
        "interactions",
        "video",
        "videoModel",
        "reranking",
        "rerankingModel",
        "translation",
        "transcriptionModel",
        "speechModel",
    ]
)
_REGISTRY_METHODS = frozenset(
    {
        "languageModel",
        "textEmbeddingModel",
        "embeddingModel",
        "imageModel",
        "transcriptionModel",
        "speechModel",
        "rerankingModel",
    }
)
_PROVIDER_FACTORIES = {
    "openai": Runtime.OPENAI,
    "anthropic": Runtime.ANTHROPIC,
    "google": Runtime.GOOGLE,
    "vertex": Runtime.VERTEX,
    "mistral": Runtime.MISTRAL,
    "groq": Runtime.GROQ,
    "azure": Runtime.AZURE,
    "bedrock": Runtime.BEDROCK,
    "ollama": Runtime.OLLAMA,
    "xai": Runtime.XAI,
    "deepseek": Runtime.DEEPSEEK,
    "cohere": Runtime.COHERE,
    "togetherai": Runtime.TOGETHER,
    "openrouter": Runtime.OPENROUTER,
}






def _says_model(name: str) -> bool:
    return bool(_SAYS_MODEL.search(name)) and not is_secret_name(name)


def _catalog_name(name: str) -> bool:
    return _says_model(name) and not _NOT_MODEL_KEY.search(name)


def _plural(name: str) -> bool:
    low = name.lower()
    return low.endswith(("s", "list", "catalog", "catalogue", "choices", "registry", "map"))


_NOT_PROVIDER_PACKAGES = frozenset(
    {
        "react",
        "vue",
        "svelte",
        "angular",
        "rsc",
        "ui-utils",
        "provider",
        "provider-utils",
        "mcp",
        "harness",
        "otel",
        "valibot",
        "langchain",
        "llamaindex",
        "devtools",
        "workflow",
        "solid",
    }
)


def _is_provider_module(module: str) -> bool:
    low = module.lower()
    if low.startswith("@ai-sdk/"):
        return low[len("@ai-sdk/") :].split("/", 1)[0] not in _NOT_PROVIDER_PACKAGES
    return "ai-provider" in low or "ai-sdk-" in low


def _clean_url(url: str) -> str | None:
    """A base URL fit for output (an absolute URL only): no credentials, query or fragment."""
    return clean_url(url) if "://" in url else None


# ---------------------------------------------------------------------------------------------
# Item helpers


def _is_op(it: Item | None, *values: str) -> bool:
    return isinstance(it, Tok) and it.kind == "op" and (not values or it.value in values)


def _is_id(it: Item | None, *values: str) -> bool:
    return isinstance(it, Tok) and it.kind == "id" and (not values or it.value in values)


def _is_str(it: Item | None) -> bool:
    return isinstance(it, Tok) and it.kind == "str"


def _is_group(it: Item | None, *kinds: str) -> bool:
    return isinstance(it, Group) and (not kinds or it.kind in kinds)


def _at(items: Sequence[Item], k: int) -> Item | None:
    return items[k] if 0 <= k < len(items) else None


def _split(items: Sequence[Item], sep: str = ",") -> list[list[Item]]:
    out: list[list[Item]] = [[]]
    for it in items:
        if _is_op(it, sep):
            out.append([])
        else:
            out[-1].append(it)
    return out


def _strip_casts(items: list[Item]) -> list[Item]:
    """Drop a trailing `as const` / `as T` / `satisfies T` / non-null `!`."""
    for k, it in enumerate(items):
        if k > 0 and _is_id(it, "as", "satisfies"):
            return items[:k]
    while items and _is_op(items[-1], "!"):
        items = items[:-1]
    return items


def _value_ends(prev: Item | None, cur: Item) -> bool:
    """Automatic semicolon insertion, roughly: a new line starts a statement after a value."""
    if not (isinstance(cur, Tok) and cur.nl and cur.kind in ("id", "str", "num", "tpl")):
        return False
    if isinstance(prev, Group):
        return True
    if isinstance(prev, Tok):
        if prev.kind == "id":
            return prev.value not in _CONTROL or prev.value in ("this", "super")
        return prev.kind in ("str", "num", "tpl", "regex")
    return False


def _after_return_type(items: Sequence[Item], k: int) -> bool:
    """`(...): Promise<T> {` : the `{` at k is a function body after a TS return type."""
    for j in range(k - 1, max(-1, k - 24), -1):
        it = items[j]
        if isinstance(it, Group):
            if it.kind == "(":
                return _is_op(_at(items, j + 1), ":")
            continue
        if it.kind == "op" and it.value not in (":", "<", ">", "|", "&", ".", ",", "?", "[", "]"):
            return False
        if it.kind not in ("op", "id", "str", "num"):
            return False
    return False


def _expr_end(items: Sequence[Item], s: int) -> int:
    k = s
    while k < len(items):
        it = items[k]
        if _is_op(it, ",", ";"):
            return k
        if k > s and _value_ends(items[k - 1], it):
            return k
        k += 1
    return k


# ---------------------------------------------------------------------------------------------
# Walker


@dataclass(frozen=True, slots=True)
class _Call:
    """An SDK call whose argument object names a model."""

    runtime: Runtime
    tail: str
    aisdk: bool = False
    base_url: str | None = None
    prefixed: bool = False
    """Model strings carry a LangChain `provider:` prefix (`createAgent({ model: 'openai:x' })`)."""


@dataclass(frozen=True, slots=True)
class _Ctx:
    scope: tuple[str, ...] = ()
    role: str = "block"  # block, class, object, array, args, paren, expr
    keypath: str | None = None
    catalog: bool = False
    call: _Call | None = None
    provider: Runtime = Runtime.UNKNOWN
    """A sibling `provider: 'ollama'` key of the object being read."""
    top: bool = False
    """The module's own statements (not a function or callback body)."""


@dataclass(frozen=True, slots=True)
class _Hit:
    tok: Tok
    env_var: str | None
    origin: str | None = None
    """The context of the const that holds the literal (`MODEL`, `run:MODEL`)."""


@dataclass(slots=True)
class _Const:
    name: str
    offset: int
    context: str
    hits: list[_Hit]


@dataclass(frozen=True, slots=True)
class _Use:
    name: str
    offset: int
    kind: RefKind
    runtime: Runtime
    context: str
    strong: bool
    base_url: str | None = None


@dataclass(frozen=True, slots=True)
class _Cand:
    tok: Tok
    model: str
    kind: RefKind
    runtime: Runtime
    context: str
    env_var: str | None
    base_url: str | None
    rank: tuple[int, int]
    root: str | None = None
    """The const holding the object this came from (`params` in `const params = {...}`)."""


_KIND_RANK = {
    RefKind.CALL: 0,
    RefKind.ENV_DEFAULT: 1,
    RefKind.CATALOG: 2,
    RefKind.CONFIG: 3,
    RefKind.CONSTANT: 4,
}


def _ctx_str(scope: tuple[str, ...], tail: str) -> str:
    return ".".join(scope) + ":" + tail if scope else tail


def _join(keypath: str | None, key: str) -> str:
    if not keypath:
        return key
    if key.startswith("["):
        return keypath + key
    return f"{keypath}.{key}"


class _Walker:
    def __init__(self, toks: list[Tok]) -> None:
        self.cands: list[_Cand] = []
        self.consts: dict[str, list[_Const]] = {}
        self.uses: list[_Use] = []
        self.factories: dict[str, tuple[Runtime, str | None]] = {}
        self.imported_factories: set[str] = set()
        self.ollama_clients: set[str] = {"ollama"}
        self.clients: dict[str, tuple[str, str | None]] = {}
        self.non_factories: set[str] = set()
        self.module_of: dict[str, str] = {}
        self.registries: set[str] = set()
        self.obj_uses: dict[str, tuple[_Call, str]] = {}
        self._http: _Call | None = None
        """The HTTP call (`fetch` to a chat endpoint) whose arguments are being walked."""
        self._prepass(toks)

    # -- pre-pass over flat tokens: imports, factory and client bindings -----------------------

    def _prepass(self, toks: list[Tok]) -> None:
        n = len(toks)
        for idx, t in enumerate(toks):
            if t.kind != "id":
                continue
            if t.value == "import" and idx + 1 < n and not _is_op(toks[idx + 1], "(", "."):
                self._import(toks, idx)
            elif t.value in ("const", "let", "var") and idx + 3 < n:
                name, eq = toks[idx + 1], toks[idx + 2]
                if name.kind == "id" and eq.kind == "op" and eq.value == "=":
                    self._binding(toks, idx + 3, name.value)
                elif name.kind == "open" and name.value == "{":
                    self._destructured_require(toks, idx + 1)

    def _import(self, toks: list[Tok], idx: int) -> None:
        names: list[str] = []
        k = idx + 1
        while k < len(toks) and k < idx + 200:
            t = toks[k]
            if t.kind == "id" and t.value == "from":
                break
            if t.kind == "str" or (t.kind == "op" and t.value == ";"):
                return
            if t.kind == "id" and t.value == "as" and names:
                names.pop()
            elif t.kind == "id" and t.value not in ("type", "typeof", "as"):
                names.append(t.value)
            k += 1
        if k + 1 >= len(toks) or toks[k + 1].kind != "str":
            return
        self._register_import(names, toks[k + 1].value)

    def _register_import(self, names: list[str], module: str) -> None:
        for name in names:
            self.module_of[name] = module
            if name == "gateway" and module in ("ai", "@ai-sdk/gateway"):
                self.factories[name] = (Runtime.GATEWAY, None)
                self.imported_factories.add(name)
            elif _is_provider_module(module):
                # provider instances (`openai`, `amazonBedrock`), not types or `createX` functions
                if name[:1].islower() and not name.startswith("create"):
                    runtime = runtime_in_name(module)
                    if runtime is Runtime.UNKNOWN:
                        runtime = _PROVIDER_FACTORIES.get(name, Runtime.UNKNOWN)
                    self.factories[name] = (runtime, None)
                    self.imported_factories.add(name)
            else:
                self.non_factories.add(name)
                if module in ("ollama", "ollama/browser"):
                    self.ollama_clients.add(name)

    def _destructured_require(self, toks: list[Tok], k: int) -> None:
        names: list[str] = []
        j = k + 1
        while j < len(toks) and j < k + 100 and toks[j].kind != "close":
            if toks[j].kind == "id":
                if _is_op(toks[j - 1], ":") and names:
                    names.pop()
                names.append(toks[j].value)
            j += 1
        if (
            j + 4 < len(toks)
            and _is_op(toks[j + 1], "=")
            and toks[j + 2].value == "require"
            and toks[j + 4].kind == "str"
        ):
            self._register_import(names, toks[j + 4].value)

    def _binding(self, toks: list[Tok], k: int, name: str) -> None:
        if k < len(toks) and toks[k].kind == "id" and toks[k].value == "await":
            k += 1
        if k + 1 >= len(toks):
            return
        t = toks[k]
        if t.kind == "id" and t.value == "require" and k + 2 < len(toks):
            if toks[k + 2].kind == "str":
                self._register_import([name], toks[k + 2].value)
            return
        is_new = t.kind == "id" and t.value == "new"
        if is_new:
            k += 1
            while k + 2 < len(toks) and _is_op(toks[k + 1], ".") and toks[k + 2].kind == "id":
                k += 2
            if k >= len(toks):
                return
            t = toks[k]
        if t.kind != "id" or k + 1 >= len(toks) or toks[k + 1].value != "(":
            return
        url = self._url_in_args(toks, k + 1)
        if is_new:
            self.clients[name] = (t.value, url)
            self.non_factories.add(name)
            if t.value == "Ollama":
                self.ollama_clients.add(name)
        elif t.value == "createProviderRegistry":
            self.registries.add(name)
        elif re.fullmatch(r"create[A-Z]\w*", t.value):
            runtime = runtime_in_name(t.value[6:])
            module = self.module_of.get(t.value)
            provider_module = module is not None and _is_provider_module(module)
            if runtime is Runtime.UNKNOWN and not provider_module:
                return  # `createStore()`, `createClient()`: not a model factory
            url_runtime = runtime_for_url(url) if url else Runtime.UNKNOWN
            if url_runtime is not Runtime.UNKNOWN and runtime is not Runtime.OLLAMA:
                runtime = url_runtime
            self.factories[name] = (runtime, url)
            self.imported_factories.add(name)
            self.ollama_clients.discard(name)

    @staticmethod
    def _url_in_args(toks: list[Tok], k: int) -> str | None:
        depth = 0
        for j in range(k, min(len(toks), k + 400)):
            t = toks[j]
            if t.kind == "open":
                depth += 1
            elif t.kind == "close":
                depth -= 1
                if depth <= 0:
                    return None
            elif (
                t.kind == "id"
                and t.value in ("baseURL", "baseUrl", "base_url", "host", "endpoint")
                and j + 1 < len(toks)
                and _is_op(toks[j + 1], ":")
            ):
                for u in toks[j + 2 : j + 12]:
                    if u.kind == "str" and "://" in u.value:
                        return _clean_url(u.value)
                    if u.kind == "op" and u.value == ",":
                        break
        return None

    # -- recording ------------------------------------------------------------------------------

    def _emit(
        self,
        tok: Tok,
        kind: RefKind,
        runtime: Runtime,
        context: str,
        *,
        strong: bool,
        env_var: str | None = None,
        base_url: str | None = None,
        from_call: bool = False,
        model: str | None = None,
        root: str | None = None,
    ) -> None:
        if model is None:
            value, hinted = _split_langchain(tok.value, infer=False)
            if runtime is Runtime.UNKNOWN:
                runtime = hinted
        else:
            value = model
        ok = plausible(value) if strong else model_like(value)
        if not ok or value.lower().split(":", 1)[0] in CONTAINER_IMAGES:
            return
        if env_var is not None:
            kind = RefKind.ENV_DEFAULT
        rank = (0 if from_call else 1, _KIND_RANK.get(kind, 5))
        cand = _Cand(tok, value, kind, runtime, context, env_var, base_url, rank, root)
        self.cands.append(cand)

    def _record_hits(
        self,
        hits: list[_Hit | Tok],
        kind: RefKind,
        runtime: Runtime,
        context: str,
        *,
        strong: bool,
        base_url: str | None = None,
        prefixed: bool = False,
        root: str | None = None,
    ) -> None:
        from_call = kind is RefKind.CALL
        for h in hits:
            if isinstance(h, _Hit):
                hinted = _split_langchain(h.tok.value)[1] if prefixed else Runtime.UNKNOWN
                self._emit(
                    h.tok,
                    kind,
                    hinted if hinted is not Runtime.UNKNOWN else runtime,
                    context,
                    strong=strong,
                    env_var=h.env_var,
                    base_url=base_url,
                    from_call=from_call,
                    root=root,
                )
            else:
                self.uses.append(_Use(h.value, h.start, kind, runtime, context, strong, base_url))

    # -- value expressions ----------------------------------------------------------------------

    @staticmethod
    def _env_name(items: Sequence[Item]) -> str | None:
        for k, it in enumerate(items):
            nxt = _at(items, k + 1)
            if _is_id(it, "env") and _is_op(nxt, ".", "?.") and _is_id(_at(items, k + 2)):
                name = items[k + 2]
                assert isinstance(name, Tok)
                return name.value
            if (
                _is_id(it, "env")
                and isinstance(nxt, Group)
                and nxt.kind == "["
                and len(nxt.items) == 1
                and isinstance(nxt.items[0], Tok)
                and nxt.items[0].kind == "str"
            ):
                return nxt.items[0].value
            if _is_id(it, "getenv", "getEnv") and isinstance(nxt, Group) and nxt.kind == "(":
                first = _at(nxt.items, 0)
                if isinstance(first, Tok) and first.kind == "str":
                    return first.value
        return None

    def _value_hits(self, items: list[Item]) -> list[_Hit | Tok]:
        """String literals and identifiers in result position of a value expression."""
        items = _strip_casts(items)
        if len(items) == 1 and _is_group(items[0], "("):
            inner = items[0]
            assert isinstance(inner, Group)
            items = inner.items
        env = self._env_name(items)
        out: list[_Hit | Tok] = []
        for k, it in enumerate(items):
            if not isinstance(it, Tok) or it.kind not in ("str", "id"):
                continue
            prev, nxt = _at(items, k - 1), _at(items, k + 1)
            if not (prev is None or _is_op(prev, "?", ":", "??", "||")):
                continue
            if not (nxt is None or _is_op(nxt, ":", "??", "||")):
                continue
            if it.kind == "id":
                if it.value in _CONTROL or it.value in ("true", "false", "null", "undefined"):
                    continue
                out.append(it)
            else:
                use_env = env if env and _is_op(prev, "??", "||") else None
                out.append(_Hit(it, use_env))
        return out

    # -- sequences ------------------------------------------------------------------------------

    def walk(self, items: list[Item], ctx: _Ctx, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            return
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
        for k, it in enumerate(items):
            if isinstance(it, Tok):
                if it.kind == "id" and k not in decl_names:
                    self._assignment(items, k, ctx)
                continue
            decl = decl_at.get(k)
            # module-level const names scope what they hold; local result variables do not
            scope = ctx.scope + (decl[0],) if decl and ctx.top else ctx.scope
            self._group(items, k, it, ctx, scope, decl, depth)

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
            nxt = _at(items, k + 1)
            root = (
                nxt is None
                or _is_op(nxt, ";", ",")
                or _is_id(nxt, "as", "satisfies")
                or (_value_ends(g, nxt) if nxt is not None else False)
            )
        in_expr = ctx.role == "expr"
        if g.kind == "(":
            call = self._callee(items, k, ctx)
            if call is not None:
                self._call(call[0], call[1], g, scope, depth)
            else:
                body = k + 1
                while _is_op(_at(items, body), ":") or (
                    body > k + 1 and isinstance(_at(items, body), Tok) and body < k + 12
                ):
                    body += 1  # skip a TS return type up to the body
                if _is_group(_at(items, body), "{"):  # parameters: scoped like the body
                    name, _ = self._block_name(items, body)
                    if name and (not scope or scope[-1] != name):
                        scope = scope + (name,)
                self.walk(g.items, _Ctx(scope, "paren"), depth + 1)
        elif g.kind == "{":
            if root and decl is not None:
                sub = _Ctx(ctx.scope, "object", decl[0], _catalog_name(decl[0]))
                self.walk(g.items, sub, depth + 1)
            elif self._object_position(items, k, ctx.role):
                keypath = ctx.keypath if in_expr else None
                self.walk(
                    g.items, _Ctx(scope, "object", keypath, in_expr and ctx.catalog), depth + 1
                )
            elif _is_id(_at(items, k - 2), "enum") and _is_id(_at(items, k - 1)):
                enum = items[k - 1]  # `enum Models { Fast = 'gpt-4o-mini' }`
                assert isinstance(enum, Tok)
                sub = _Ctx(ctx.scope, "object", enum.value, _catalog_name(enum.value))
                self.walk(g.items, sub, depth + 1)
            else:
                name, is_class = self._block_name(items, k)
                if name and (not scope or scope[-1] != name):
                    scope = scope + (name,)
                self.walk(g.items, _Ctx(scope, "class" if is_class else "block"), depth + 1)
        elif g.kind == "[":
            if root and decl is not None:
                sub = _Ctx(ctx.scope, "array", decl[0], _catalog_name(decl[0]))
                self.walk(g.items, sub, depth + 1)
            elif self._array_position(items, k):
                keypath = ctx.keypath if in_expr else None
                self.walk(
                    g.items, _Ctx(scope, "array", keypath, in_expr and ctx.catalog), depth + 1
                )
            else:
                self.walk(g.items, _Ctx(scope, "paren"), depth + 1)
        else:
            self.walk(g.items, _Ctx(scope, "paren"), depth + 1)

    @staticmethod
    def _object_position(items: Sequence[Item], k: int, role: str) -> bool:
        if k == 0:
            return role in ("args", "paren", "expr", "array")
        prev = items[k - 1]
        if isinstance(prev, Group):
            return False
        if prev.kind == "op":
            return prev.value != "=>" and not _after_return_type(items, k)
        if prev.kind == "id":
            return prev.value in ("return", "yield", "await", "in", "of", "case", "default")
        return False

    @staticmethod
    def _array_position(items: Sequence[Item], k: int) -> bool:
        if k == 0:
            return True
        prev = items[k - 1]
        if isinstance(prev, Group):
            return False
        if prev.kind == "op":
            return True
        if prev.kind == "id":
            return prev.value in _REGEX_AFTER_ID or prev.value == "default"
        return False

    @staticmethod
    def _block_name(items: Sequence[Item], k: int) -> tuple[str | None, bool]:
        """Name of the function, method or class whose body is the `{` at k."""
        for j in range(k - 1, max(-1, k - 16), -1):
            it = items[j]
            if isinstance(it, Group) and it.kind == "{":
                break
            if _is_op(it, ";", "=", "=>"):
                break
            if _is_id(it, "class"):
                name = _at(items, j + 1)
                if isinstance(name, Tok) and name.kind == "id" and name.value != "extends":
                    return name.value, True
                return None, True
        j = k - 1
        if _is_op(_at(items, j), "=>"):
            j -= 1
            p = j
            while p >= 0 and p > j - 20 and not _is_group(items[p], "("):
                if _is_op(items[p], "=", ",", ";", "=>"):
                    break
                p -= 1
            if _is_group(_at(items, p), "("):
                j = p
            j -= 1
            if _is_id(_at(items, j), "async"):
                j -= 1
            if _is_op(_at(items, j), "=", ":"):
                name = _at(items, j - 1)
                if isinstance(name, Tok) and name.kind in ("id", "str"):
                    return name.value, False
            return None, False
        p = j
        while p >= 0 and p > j - 20 and not _is_group(items[p], "("):
            it = items[p]
            if isinstance(it, Group) and it.kind == "{":
                return None, False
            if _is_op(it, "=", ",", ";", "=>") or (isinstance(it, Tok) and it.kind == "str"):
                return None, False
            p -= 1
        if not _is_group(_at(items, p), "("):
            return None, False
        n = p - 1
        if _is_op(_at(items, n), ">"):
            while n >= 0 and not _is_op(items[n], "<"):
                n -= 1
            n -= 1
        name = _at(items, n)
        if not isinstance(name, Tok) or name.kind not in ("id", "str"):
            return None, False
        if name.value == "function":
            before = _at(items, n - 1)
            if _is_op(before, "=", ":"):
                target = _at(items, n - 2)
                if isinstance(target, Tok) and target.kind in ("id", "str"):
                    return target.value, False
            return None, False
        if name.kind == "id" and name.value in _CONTROL:
            return None, False
        return name.value, False

    # -- declarations and assignments -----------------------------------------------------------

    def _declarations(
        self,
        items: list[Item],
        ctx: _Ctx,
        decl_at: dict[int, tuple[str, int]],
        decl_names: set[int],
    ) -> None:
        k = 0
        n = len(items)
        while k < n:
            if not _is_id(items[k], "const", "let", "var"):
                k += 1
                continue
            k += 1
            while k < n:
                name = items[k]
                j = k + 1
                if _is_op(_at(items, j), "!"):
                    j += 1
                if _is_op(_at(items, j), ":"):
                    while j < n and not _is_op(items[j], "=", ";") and j < k + 40:
                        j += 1
                if not _is_op(_at(items, j), "="):
                    break
                vs = j + 1
                ve = _expr_end(items, vs)
                if isinstance(name, Tok) and name.kind == "id":
                    decl_names.add(k)
                    for v in range(vs, ve):
                        decl_at[v] = (name.value, vs)
                    self._const(name, items[vs:ve], ctx)
                k = ve + 1
                if not _is_op(_at(items, ve), ","):
                    break
        return

    def _const(self, name: Tok, value: list[Item], ctx: _Ctx) -> None:
        value = _strip_casts(value)
        if _is_id(_at(value, 0), "await"):
            value = value[1:]
        if len(value) == 1 and _is_group(value[0], "{", "["):
            return
        hits = self._value_hits(value)
        if hits:
            context = _ctx_str(ctx.scope, name.value)
            lits = [replace(h, origin=context) for h in hits if isinstance(h, _Hit)]
            idents = [h for h in hits if isinstance(h, Tok)]
            const = _Const(name.value, name.start, context, lits)
            self.consts.setdefault(name.value, []).append(const)
            for ident in idents:  # an alias: `const M = OTHER` resolves through OTHER
                const.hits.extend(self._resolve(ident.value, ident.start, 0))

    def _resolve(self, name: str, offset: int, depth: int) -> list[_Hit]:
        defs = self.consts.get(name)
        if not defs or depth > 5:
            return []
        before = [d for d in defs if d.offset < offset]
        chosen = before[-1] if before else defs[0]
        return list(chosen.hits)

    def _assignment(self, items: list[Item], k: int, ctx: _Ctx) -> None:
        """`x.model = 'id'`, class fields `model = 'id'`, JSX attributes `model="id"`."""
        name = items[k]
        assert isinstance(name, Tok)
        j = k + 1
        if ctx.role == "class" and _is_op(_at(items, j), "?", "!"):
            j += 1
        if ctx.role == "class" and _is_op(_at(items, j), ":"):
            while j < len(items) and j < k + 30 and not _is_op(items[j], "=", ";"):
                j += 1
        if not _is_op(_at(items, j), "=") or _is_op(_at(items, k + 1), "."):
            return
        if not _says_model(name.value) or _NOT_MODEL_KEY.search(name.value):
            return
        chain = [name.value]
        b = k - 1
        while _is_op(_at(items, b), ".", "?.") and _is_id(_at(items, b - 1)):
            prev = items[b - 1]
            assert isinstance(prev, Tok)
            chain.insert(0, prev.value)
            b -= 2
        if chain[0] == "this":
            chain = chain[1:]
        value = items[j + 1 : _expr_end(items, j + 1)]
        if (
            value
            and _is_str(value[0])
            and (_is_op(_at(value, 1), "/", ">") or _is_id(_at(value, 1)))
        ):
            value = value[:1]  # a JSX attribute: `<Chat model="gpt-4o" />`
        hits = [h for h in self._value_hits(list(value)) if isinstance(h, _Hit)]
        context = _ctx_str(ctx.scope, ".".join(chain))
        self._record_hits(list(hits), RefKind.CONSTANT, Runtime.UNKNOWN, context, strong=False)

    # -- objects and arrays ---------------------------------------------------------------------

    def _walk_object(self, items: list[Item], ctx: _Ctx, depth: int) -> None:
        entries = _split(items)
        for entry in entries:
            if (
                len(entry) == 3
                and _is_id(entry[0], "provider", "runtime", "backend", "vendor")
                and _is_op(entry[1], ":")
                and _is_str(entry[2])
            ):
                hint = entry[2]
                assert isinstance(hint, Tok)
                ctx = replace(ctx, provider=runtime_in_name(hint.value))
        for entry in entries:
            if not entry:
                continue
            head = 0
            while (
                _is_id(_at(entry, head), "async", "get", "set", "static") and len(entry) > head + 1
            ):
                if _is_op(_at(entry, head + 1), ":", ",") or _is_group(entry[head + 1], "("):
                    break
                head += 1
            key = _at(entry, head)
            if _is_op(key, "..."):
                spread = entry[head + 1 :]
                if ctx.call is not None and len(spread) == 1 and isinstance(spread[0], Tok):
                    self.obj_uses.setdefault(
                        spread[0].value, (ctx.call, _ctx_str(ctx.scope, ctx.call.tail))
                    )
                self.walk(spread, _Ctx(ctx.scope, "expr"), depth + 1)
                continue
            key_name = (
                key.value if isinstance(key, Tok) and key.kind in ("id", "str", "num") else None
            )
            j = head + 1
            if _is_op(_at(entry, j), "?"):
                j += 1
            if key_name is not None and _is_op(_at(entry, j), ":", "="):
                assert isinstance(key, Tok)
                self._property(key, key_name, entry[j + 1 :], ctx, depth)
            elif key_name is not None and len(entry) == head + 1 and key is not None:
                assert isinstance(key, Tok)
                if key.kind == "id":
                    self._property(key, key_name, [key], ctx, depth)
            elif key_name is not None and _is_group(_at(entry, j), "("):
                scope = ctx.scope + (_join(ctx.keypath, key_name),)
                self.walk(entry[j:], _Ctx(scope, "paren"), depth + 1)
            else:
                self.walk(entry, _Ctx(ctx.scope, "expr"), depth + 1)

    def _property(self, key: Tok, name: str, value: list[Item], ctx: _Ctx, depth: int) -> None:
        keypath = (
            _join(ctx.keypath, name) if key.kind != "str" else _join(ctx.keypath, f"[{name!r}]")
        )
        secret = bool(is_secret_name(name))
        first = value[0] if value else None
        catalog = ctx.catalog or (
            _catalog_name(name)
            and isinstance(first, Group)
            and (first.kind == "[" or _plural(name))
        )
        call = ctx.call
        if not secret:
            parent = (ctx.keypath or "").rsplit(".", 1)[-1]
            is_model_key = (
                name in _STRONG_KEYS
                or (_says_model(name) and not _NOT_MODEL_KEY.search(name))
                or (name in ("name", "id") and _catalog_name(parent) and not ctx.catalog)
            )
            if is_model_key:
                hits = self._value_hits(value)
                if call is not None:
                    runtime = call.runtime
                    if call.aisdk:
                        runtime = Runtime.GATEWAY
                    self._record_hits(
                        hits,
                        RefKind.CALL,
                        runtime,
                        _ctx_str(ctx.scope, call.tail),
                        strong=name in _STRONG_KEYS,
                        base_url=call.base_url,
                        prefixed=call.prefixed,
                    )
                else:
                    kind = RefKind.CATALOG if ctx.catalog else RefKind.CONFIG
                    runtime = ctx.provider
                    if runtime is Runtime.UNKNOWN:
                        runtime = runtime_in_name(ctx.keypath or "")
                    root = re.split(r"[.\[]", ctx.keypath, maxsplit=1)[0] if ctx.keypath else None
                    self._record_hits(
                        hits, kind, runtime, _ctx_str(ctx.scope, keypath), strong=False, root=root
                    )
            elif ctx.catalog and name not in _CATALOG_SKIP_KEYS and not _NOT_MODEL_KEY.search(name):
                hits = [h for h in self._value_hits(value) if isinstance(h, _Hit)]
                self._record_hits(
                    list(hits),
                    RefKind.CATALOG,
                    Runtime.UNKNOWN,
                    _ctx_str(ctx.scope, keypath),
                    strong=False,
                )
            if ctx.catalog and key.kind == "str" and value and isinstance(value[0], Group):
                self._emit(
                    key,
                    RefKind.CATALOG,
                    Runtime.UNKNOWN,
                    _ctx_str(ctx.scope, keypath),
                    strong=False,
                )
        is_function = any(_is_op(it, "=>") for it in value) or _is_id(
            _at(value, 0), "function", "async"
        )
        scope = ctx.scope + (keypath,) if is_function else ctx.scope
        sub = _Ctx(scope, "expr", keypath, catalog and not secret)
        self.walk(value, sub, depth + 1)

    def _walk_array(self, items: list[Item], ctx: _Ctx, depth: int) -> None:
        for n, elem in enumerate(_split(items)):
            elem = _strip_casts(elem)
            keypath = _join(ctx.keypath, f"[{n}]")
            if ctx.catalog and len(elem) == 1 and _is_str(elem[0]):
                tok = elem[0]
                assert isinstance(tok, Tok)
                self._emit(
                    tok,
                    RefKind.CATALOG,
                    Runtime.UNKNOWN,
                    _ctx_str(ctx.scope, keypath),
                    strong=False,
                )
                continue
            self.walk(elem, _Ctx(ctx.scope, "expr", keypath, ctx.catalog), depth + 1)

    # -- calls ----------------------------------------------------------------------------------

    def _callee(self, items: list[Item], k: int, ctx: _Ctx) -> tuple[list[str], bool] | None:
        nxt = _at(items, k + 1)
        if _is_group(nxt, "{"):
            return None  # a definition: `name(...) { ... }`
        if ctx.role in ("class", "object") and _is_op(nxt, ":"):
            return None
        j = k - 1
        if _is_op(_at(items, j), "?."):
            j -= 1
        if _is_op(_at(items, j), ">"):
            b = j
            while b >= 0 and b > j - 12 and not _is_op(items[b], "<"):
                b -= 1
            if _is_op(_at(items, b), "<"):
                j = b - 1
        chain: list[str] = []
        while True:
            it = _at(items, j)
            if not (isinstance(it, Tok) and it.kind == "id"):
                if chain:
                    chain.insert(0, "")
                break
            chain.insert(0, it.value)
            if _is_op(_at(items, j - 1), ".", "?."):
                j -= 2
                continue
            j -= 1
            break
        if not chain or (len(chain) == 1 and chain[0] in _CONTROL):
            return None
        if _is_id(_at(items, j), "function"):
            return None
        if chain[0] == "":
            chain = chain[1:]
            if not chain:
                return None
        if chain[0] == "this" and len(chain) > 1:
            chain = chain[1:]
        return chain, _is_id(_at(items, j), "new")

    def _sdk(self, chain: list[str], is_new: bool) -> _Call | None:
        last = chain[-1]
        head = chain[0]
        recv = chain[:-1]
        if is_new:
            module = self.module_of.get(head, "")
            if module.startswith(("@langchain/", "langchain", "llamaindex", "@llamaindex/")):
                runtime = runtime_in_name(last)
                if runtime is Runtime.UNKNOWN:
                    runtime = runtime_in_name(module)
                return _Call(runtime, last)
            if "Realtime" in last:
                runtime = runtime_in_name(last)
                return _Call(Runtime.OPENAI if runtime is Runtime.UNKNOWN else runtime, last)
            if last in _AISDK_CLASSES:
                return _Call(Runtime.GATEWAY, last, aisdk=True)
            if (
                re.match(r"(Chat|Azure|Bedrock)[A-Z]", last)
                or last.endswith(("Embeddings", "Embedding", "LLM"))
                or last in ("OpenAI", "Ollama", "Anthropic", "Groq", "Mistral", "Gemini")
            ):
                return _Call(runtime_in_name(last), last)
            return None
        if last in ("createAgent", "createReactAgent") and not recv:
            return _Call(Runtime.UNKNOWN, last, prefixed=True)
        if last in _AISDK_FUNCS and (not recv or head == "ai"):
            return _Call(Runtime.GATEWAY, last, aisdk=True)
        ollama_js = head in self.ollama_clients and head not in self.factories
        if len(chain) == 2 and ollama_js and last in _OLLAMA_METHODS:
            return _Call(Runtime.OLLAMA, last)
        client, url = self.clients.get(head, ("", None))
        if last in _OPENAI_METHODS and _OPENAI_RESOURCES & set(recv):
            runtime = runtime_in_name(client or head)
            if url and (url_runtime := runtime_for_url(url)) is not Runtime.UNKNOWN:
                runtime = url_runtime
            if runtime is Runtime.UNKNOWN:
                is_messages = "messages" in recv and "chat" not in recv
                runtime = Runtime.ANTHROPIC if is_messages else Runtime.OPENAI
            return _Call(runtime, last, base_url=url)
        if last in ("complete", "stream") and recv and recv[-1] in ("chat", "fim", "agents"):
            return _Call(Runtime.MISTRAL, last, base_url=url)
        if last in _GOOGLE_METHODS:
            vertex = "vertex" in (client + head).lower()
            return _Call(Runtime.VERTEX if vertex else Runtime.GOOGLE, last)
        if last in _HF_METHODS and recv:
            return _Call(Runtime.HUGGINGFACE, last)
        cohere_method = last in ("chat", "chatStream", "embed", "rerank", "generate")
        if recv and cohere_method and runtime_in_name(client or head) is Runtime.COHERE:
            return _Call(Runtime.COHERE, last)
        return None

    def _factory(self, chain: list[str]) -> tuple[Runtime, bool, str | None] | None:
        """(runtime, strong, base_url) when the chain calls an AI SDK provider factory."""
        head = chain[0]
        if len(chain) > 2 or (len(chain) == 2 and chain[1] not in _FACTORY_METHODS):
            return None
        if head in self.factories:
            runtime, url = self.factories[head]
            if runtime is Runtime.UNKNOWN:
                runtime = _PROVIDER_FACTORIES.get(head, Runtime.UNKNOWN)
            return runtime, head in self.imported_factories, url
        if head in _PROVIDER_FACTORIES and head not in self.non_factories:
            if len(chain) == 2 and head in self.ollama_clients and chain[1] in _OLLAMA_METHODS:
                return None  # ollama-js: `ollama.chat(...)` takes an object
            return _PROVIDER_FACTORIES[head], False, None
        return None

    def _call(
        self, chain: list[str], is_new: bool, g: Group, scope: tuple[str, ...], depth: int
    ) -> None:
        args = [_strip_casts(a) for a in _split(g.items)]
        last = chain[-1]
        context = _ctx_str(scope, last)
        factory = None if is_new else self._factory(chain)
        sdk = self._sdk(chain, is_new)
        http = self._http
        if sdk is None and not is_new and last in _HTTP_CALLEES and args[0]:
            sdk = _http_target(args[0], last)
            self._http = sdk
        elif sdk is None and chain == ["JSON", "stringify"] and http is not None:
            sdk = http  # fetch(url, { body: JSON.stringify({ model }) })
        if factory is not None and args[0]:
            runtime, strong, url = factory
            hits = self._value_hits(args[0])
            self._record_hits(hits, RefKind.CALL, runtime, context, strong=strong, base_url=url)
        elif (
            not is_new
            and args[0]
            and (
                last in ("initChatModel", "init_chat_model")
                or (len(chain) == 2 and chain[0] in self.registries and last in _REGISTRY_METHODS)
            )
        ):
            for h in self._value_hits(args[0]):
                if isinstance(h, _Hit):
                    model, runtime = _split_langchain(h.tok.value)
                    self._emit(
                        h.tok,
                        RefKind.CALL,
                        runtime,
                        context,
                        strong=True,
                        env_var=h.env_var,
                        from_call=True,
                        model=model,
                    )
                else:
                    self.uses.append(
                        _Use(h.value, h.start, RefKind.CALL, Runtime.UNKNOWN, context, True)
                    )
        elif not is_new and last in _ASSERTS:
            for arg in args[:2]:
                for h in self._value_hits(arg):
                    if isinstance(h, _Hit):
                        self._emit(h.tok, RefKind.TEST, Runtime.UNKNOWN, context, strong=False)
        elif (
            not is_new
            and last == "from_pretrained"
            or (
                chain == ["pipeline"]
                and len(args) >= 2
                and len(args[0]) == 1
                and _is_str(args[0][0])
            )
        ):
            target = args[0] if last == "from_pretrained" else args[1]
            hits = [
                h for h in self._value_hits(target) if isinstance(h, _Hit) and "/" in h.tok.value
            ]
            self._record_hits(list(hits), RefKind.CALL, Runtime.HUGGINGFACE, context, strong=True)
        for a_index, arg in enumerate(args):
            if sdk is not None and a_index <= 1 and len(arg) == 1 and _is_id(arg[0]):
                ident = arg[0]
                assert isinstance(ident, Tok)
                self.obj_uses.setdefault(ident.value, (sdk, _ctx_str(scope, sdk.tail)))
            if len(arg) == 1 and _is_group(arg[0], "{"):
                obj = arg[0]
                assert isinstance(obj, Group)
                sub = _Ctx(scope, "object", None, False, sdk if a_index <= 1 else None)
                self.walk(obj.items, sub, depth + 1)
            else:
                self.walk(arg, _Ctx(scope, "expr"), depth + 1)
        self._http = http

    # -- results --------------------------------------------------------------------------------

    def finish(self) -> list[_Cand]:
        used: set[int] = set()
        for use in self.uses:
            for hit in self._resolve(use.name, use.offset, 0):
                before = len(self.cands)
                self._emit(
                    hit.tok,
                    use.kind,
                    use.runtime,
                    hit.origin or use.context,  # the const's context, as the Python detector
                    strong=use.strong,
                    env_var=hit.env_var,
                    base_url=use.base_url,
                    from_call=use.kind is RefKind.CALL,
                )
                if len(self.cands) > before:
                    used.add(hit.tok.start)
        for defs in self.consts.values():
            for const in defs:
                for hit in const.hits:
                    if hit.tok.start in used:
                        continue
                    says = _says_model(const.name) or (
                        hit.env_var is not None and _says_model(hit.env_var)
                    )
                    if says and not _NOT_MODEL_KEY.search(const.name):
                        self._emit(
                            hit.tok,
                            RefKind.CONSTANT,
                            Runtime.UNKNOWN,
                            const.context,
                            strong=False,
                            env_var=hit.env_var,
                        )
        for cand in list(self.cands):  # `const params = {model}; create(params)`: a call
            obj_use = self.obj_uses.get(cand.root or "")
            if obj_use is not None and cand.kind in (RefKind.CONFIG, RefKind.ENV_DEFAULT):
                call, _context = obj_use
                runtime = Runtime.GATEWAY if call.aisdk else call.runtime
                kind = RefKind.ENV_DEFAULT if cand.env_var else RefKind.CALL
                self.cands.append(
                    replace(
                        cand,
                        kind=kind,
                        runtime=runtime,
                        base_url=call.base_url,
                        rank=(0, _KIND_RANK[kind]),
                    )
                )
        best: dict[int, _Cand] = {}
        for cand in self.cands:
            have = best.get(cand.tok.start)
            if have is None or cand.rank < have.rank:
                best[cand.tok.start] = cand
        return [best[k] for k in sorted(best)]


_ASSERTS = frozenset(
    {
        "toBe",
        "toEqual",
        "toStrictEqual",
        "toContain",
        "toMatch",
        "equal",
        "strictEqual",
        "deepEqual",
        "toHaveBeenCalledWith",
        "toHaveProperty",
    }
)
_HTTP_CALLEES = frozenset({"fetch", "$fetch", "ofetch", "post", "request", "ky"})
_HTTP_PATH = re.compile(
    r"/api/(?:chat|generate|embed|embeddings)\b|/v1/(?:chat/completions|completions|embeddings"
    r"|messages|responses)\b|/chat/completions\b"
)


def _http_target(arg: Sequence[Item], callee: str) -> _Call | None:
    """A raw HTTP call to a model API (`fetch('http://localhost:11434/api/chat', ...)`)."""
    url = "".join(t.value for t in arg if isinstance(t, Tok) and t.kind in ("str", "tpl"))
    m = _HTTP_PATH.search(url)
    if m is None:
        return None
    low = url.lower()
    if m.group().startswith("/api/") or ":11434" in low or "ollama" in low:
        runtime = Runtime.OLLAMA
    elif "/v1/messages" in low or "anthropic" in low:
        runtime = Runtime.ANTHROPIC
    else:
        runtime = runtime_for_url(url)
        if runtime is Runtime.UNKNOWN and "openai.com" in low:
            runtime = Runtime.OPENAI
    return _Call(runtime, callee, base_url=_clean_url(url[: m.start()]))


def _split_langchain(value: str, *, infer: bool = True) -> tuple[str, Runtime]:
    """`openai:gpt-4o` -> (`gpt-4o`, openai); split on the first `:` for a known provider only."""
    prefix, sep, rest = value.partition(":")
    prefix = prefix.replace("-", "_")
    runtime = colon_prefix_runtime(prefix, pydantic_ai=False) if sep and rest else None
    if runtime is not None:
        return rest, runtime
    if not infer:
        return value, Runtime.UNKNOWN
    low = value.lower()
    if low.startswith(("gpt-", "o1", "o3", "o4", "chatgpt")):
        return value, Runtime.OPENAI
    if low.startswith("claude"):
        return value, Runtime.ANTHROPIC
    if low.startswith("gemini"):
        return value, Runtime.GOOGLE
    return value, Runtime.UNKNOWN


class JavaScriptDetector:
    """Model references in JavaScript and TypeScript sources."""

    name = "javascript"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """JS/TS sources, not type declarations, minified files or build output."""
        low = name.lower()
        if not low.endswith(_EXTENSIONS) or low.endswith(_SKIP_SUFFIXES):
            return False
        parts = path.split("/")[:-1]
        return not any(part in _SKIP_DIRS for part in parts)

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """Yield the references of one file; never raises on bad input."""
        if not may_reference(file.text):
            return
        try:
            cands = find_candidates(file.text)
        except RecursionError:
            yield ScanWarning(file.path, "javascript: nesting too deep to analyse")
            return
        line_starts = _line_starts(file.text)
        test = is_test_path(file.path)
        for c in cands:
            line = bisect.bisect_right(line_starts, c.tok.start)
            column = c.tok.start - line_starts[line - 1] + 1
            yield Reference(
                model=c.model,
                location=Location(file.path, line, column, c.context),
                kind=RefKind.TEST if test else c.kind,
                runtime=c.runtime,
                detector=self.name,
                env_var=c.env_var,
                base_url=c.base_url,
            )


# Every reference starts at a string literal. One that is not model-shaped on its own (an Azure
# deployment `'prod-chat'`, a proxy group) counts only in a slot: a name that says model, a known
# or bound provider factory, a model API path. A file with neither a slot nor a model-shaped
# literal holds no reference and is not lexed (most front-end code in a large tree). RE2: the
# alternation is linear there, and slow in `re`.
_SLOT = re2.compile(
    r"(?i:model|llm|deployment)\w*['\"]?\s*[:=(]"
    r"|\b(?:" + "|".join(sorted(_PROVIDER_FACTORIES)) + r")\b"
    r"|\bcreate[A-Z]\w*\s*\(|/api/|/v1/|chat/completions"
)
_LITERAL = re.compile(r"""["'`]([^"'`\\\s]{2,200})["'`]""")


def may_reference(text: str) -> bool:
    """Cheap pre-check before lexing: a model slot, or a model-shaped string literal."""
    if _SLOT.search(text):
        return True
    return any(model_like(value) for value in set(_LITERAL.findall(text)))


def find_candidates(text: str) -> list[_Cand]:
    """Every model reference of one source, in file order, one per string literal."""
    toks = lex(text)
    walker = _Walker(toks)
    walker.walk(build_tree(toks), _Ctx(top=True))
    return walker.finish()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    return starts
