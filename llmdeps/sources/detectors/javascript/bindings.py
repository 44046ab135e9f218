"""What a module's names are bound to: imports, requires, provider factories and SDK clients.

One pass over the flat token stream, before the walk, so a call reads the same bindings wherever
it sits in the file (a client made at the bottom and used in a function above).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime
from llmdeps.sources.detectors.javascript.lexer import Tok
from llmdeps.sources.detectors.javascript.sdk import (
    OLLAMA_MODULES,
    PROVIDER_FACTORIES,
    URL_KEYS,
    base_url,
    is_provider_module,
)
from llmdeps.sources.providers import runtime_for_url, runtime_in_name

_CREATE = lazy_compile(r"create[A-Z]\w*")


@dataclass(slots=True)
class Bindings:
    """The module-level names that matter for model calls; `Bindings.read` fills it."""

    module_of: dict[str, str] = field(default_factory=dict)
    """Imported or required name -> its module (`ChatOpenAI` -> `@langchain/openai`)."""
    factories: dict[str, tuple[Runtime, str | None]] = field(default_factory=dict)
    """AI SDK provider instances, imported or made by `createX(...)` -> (runtime, base URL)."""
    clients: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """`const c = new X(...)` -> (class name `X`, base URL)."""
    ollama_clients: set[str] = field(default_factory=lambda: {"ollama"})
    """Names that are ollama-js clients (the default `ollama` export, `new Ollama(...)`)."""
    non_factories: set[str] = field(default_factory=set)
    """Names imported from other packages or bound to `new`: never an AI SDK factory."""
    registries: set[str] = field(default_factory=set)
    """Results of `createProviderRegistry(...)`."""

    @classmethod
    def read(cls, toks: list[Tok]) -> Bindings:
        """The bindings of one module, from its flat tokens."""
        bindings = cls()
        n = len(toks)
        for idx, t in enumerate(toks):
            if t.kind != "id":
                continue
            if t.value == "import" and idx + 1 < n and not _is_op(toks[idx + 1], "(", "."):
                bindings._import(toks, idx)
            elif t.value in ("const", "let", "var") and idx + 3 < n:
                name, eq = toks[idx + 1], toks[idx + 2]
                if name.kind == "id" and eq.kind == "op" and eq.value == "=":
                    bindings._binding(toks, idx + 3, name.value)
                elif name.kind == "open" and name.value == "{":
                    bindings._destructured_require(toks, idx + 1)
        return bindings

    def _import(self, toks: list[Tok], idx: int) -> None:
        """`import a, { b as c, type D } from 'm'` (a side-effect `import 'm'` binds nothing)."""
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
        self._imported(names, toks[k + 1].value)

    def _imported(self, names: list[str], module: str) -> None:
        for name in names:
            self.module_of[name] = module
            if name == "gateway" and module in ("ai", "@ai-sdk/gateway"):
                self.factories[name] = (Runtime.GATEWAY, None)
            elif is_provider_module(module):
                # provider instances (`openai`, `amazonBedrock`), not types or `createX` functions
                if name[:1].islower() and not name.startswith("create"):
                    runtime = runtime_in_name(module)
                    if runtime is Runtime.UNKNOWN:
                        runtime = PROVIDER_FACTORIES.get(name, Runtime.UNKNOWN)
                    self.factories[name] = (runtime, None)
            else:
                self.non_factories.add(name)
                if module in OLLAMA_MODULES:
                    self.ollama_clients.add(name)

    def _destructured_require(self, toks: list[Tok], k: int) -> None:
        """`const { a, b: c } = require('m')`."""
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
            self._imported(names, toks[j + 4].value)

    def _binding(self, toks: list[Tok], k: int, name: str) -> None:
        """`const name = [await] require(...) | new X(...) | createX(...)` at toks[k]."""
        if k < len(toks) and toks[k].kind == "id" and toks[k].value == "await":
            k += 1
        if k + 1 >= len(toks):
            return
        t = toks[k]
        if t.kind == "id" and t.value == "require" and k + 2 < len(toks):
            if toks[k + 2].kind == "str":
                self._imported([name], toks[k + 2].value)
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
        url = _url_in_args(toks, k + 1)
        if is_new:
            self.clients[name] = (t.value, url)
            self.non_factories.add(name)
            if t.value == "Ollama":
                self.ollama_clients.add(name)
        elif t.value == "createProviderRegistry":
            self.registries.add(name)
        elif _CREATE.fullmatch(t.value):
            runtime = runtime_in_name(t.value[6:])
            module = self.module_of.get(t.value)
            provider_module = module is not None and is_provider_module(module)
            if runtime is Runtime.UNKNOWN and not provider_module:
                return  # `createStore()`, `createClient()`: not a model factory
            url_runtime = runtime_for_url(url) if url else Runtime.UNKNOWN
            if url_runtime is not Runtime.UNKNOWN and runtime is not Runtime.OLLAMA:
                runtime = url_runtime
            self.factories[name] = (runtime, url)
            self.ollama_clients.discard(name)


def _is_op(t: Tok, *values: str) -> bool:
    return t.kind == "op" and t.value in values


def _url_in_args(toks: list[Tok], k: int) -> str | None:
    """The base URL option (`baseURL: 'http://...'`) in the call arguments opening at toks[k]."""
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
            and t.value in URL_KEYS
            and j + 1 < len(toks)
            and _is_op(toks[j + 1], ":")
        ):
            for u in toks[j + 2 : j + 12]:
                if u.kind == "str" and "://" in u.value:
                    return base_url(u.value)
                if u.kind == "op" and u.value == ",":
                    break
    return None
