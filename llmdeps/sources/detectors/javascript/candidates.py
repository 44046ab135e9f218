"""Candidate references: which literal is kept, identifier uses resolved late, one per literal.

The walker reports what it reads here; `settle` then resolves identifier uses through the file's
constants, adds the model constants no call used, turns config objects passed to an SDK call
into calls, and keeps the best-ranked candidate for each string literal (a call beats an env
default beats a catalogue entry beats a config key beats a bare constant).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.javascript.calls import SdkCall
from llmdeps.sources.detectors.javascript.lexer import Item, Tok
from llmdeps.sources.detectors.javascript.sdk import is_non_model_key, says_model, split_langchain
from llmdeps.sources.detectors.javascript.values import Constants, Hit, ValueHit
from llmdeps.sources.idshape import CONTAINER_IMAGES, model_like, slot_plausible
from llmdeps.sources.known import catalog_knows
from llmdeps.sources.localpath import local_path
from llmdeps.sources.names import family_like
from llmdeps.sources.providers import runtime_for_env_words, runtime_for_provider_value
from llmdeps.sources.urlquery import model_in_url

_KIND_RANK = {
    RefKind.CALL: 0,
    RefKind.ENV_DEFAULT: 1,
    RefKind.CATALOG: 2,
    RefKind.CONFIG: 3,
    RefKind.CONSTANT: 4,
}


_PROVIDER_ENDS = ("provider",)
_MODEL_ENDS = ("modelname", "modelid", "model")


def _known_id(value: str) -> bool:
    """A known family with a size, version or tag that the catalog knows (`llama3.1`, `gpt-4o`)."""
    return family_like(value) and catalog_knows(value)


def _pair_key(name: str, ends: tuple[str, ...]) -> str | None:
    """`EMBEDDING_PROVIDER` / `embeddingProvider` -> `embedding`; None when no end matches."""
    low = name.lower().replace("_", "")
    for end in ends:
        if low.endswith(end):
            return low[: -len(end)]
    return None


def _provider_pairs(constants: Constants) -> dict[str, Runtime]:
    """`const EMBEDDING_PROVIDER = 'huggingface'`: prefix -> the runtime it names, so the
    `EMBEDDING_MODEL` beside it takes that runtime."""
    out: dict[str, Runtime] = {}
    for const in constants:
        key = _pair_key(const.name, _PROVIDER_ENDS)
        if key is None:
            continue
        for hit in const.hits:
            runtime = runtime_for_provider_value(hit.tok.value)
            if runtime is not Runtime.UNKNOWN:
                out[key] = runtime
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """A model reference at one string literal, before the best one per literal is chosen."""

    tok: Tok
    model: str
    kind: RefKind
    runtime: Runtime
    context: str
    env_var: str | None
    base_url: str | None
    rank: tuple[int, int]
    """Lower wins: (0 if read in a call else 1, the kind's rank)."""
    root: str | None = None
    """The const holding the object this came from (`params` in `const params = {...}`)."""


@dataclass(frozen=True, slots=True)
class _Use:
    """An identifier in a model slot, resolved through the constants when the walk is done."""

    name: str
    offset: int
    kind: RefKind
    runtime: Runtime
    context: str
    strong: bool
    base_url: str | None = None


class Candidates:
    """Collects candidates during one walk; `settle` returns the references of the file."""

    def __init__(self) -> None:
        self._cands: list[Candidate] = []
        self._uses: list[_Use] = []
        self._passed: dict[str, SdkCall] = {}
        self._parameters: dict[str, list[str]] = {}
        """Function name -> its parameter names, in order."""
        self._local_calls: dict[str, list[list[list[Item]]]] = {}
        """Function name -> the argument lists it is called with (`run('llama3.1:8b')`)."""

    def emit(
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
        root: str | None = None,
    ) -> None:
        """One literal; kept when its value is an id (`strong` slot) or model-shaped. A LangChain
        `provider:` prefix names the runtime and stays in the model as written."""
        value, hinted = split_langchain(tok.value, infer=False)
        if runtime is Runtime.UNKNOWN:
            runtime = hinted
        is_path, names_model = local_path(value)
        if is_path:  # `'./models/llama-2-7b-chat.bin'`: weights on disk, where a model goes
            if not names_model:
                return
            kind, runtime = RefKind.LOCAL_FILE, Runtime.LOCAL
        else:
            shaped = slot_plausible(value) if strong else model_like(value)
            if not shaped or value.lower().split(":", 1)[0] in CONTAINER_IMAGES:
                return
        if env_var is not None:
            kind = RefKind.ENV_DEFAULT
        rank = (0 if from_call else 1, _KIND_RANK.get(kind, 5))
        cand = Candidate(tok, tok.value, kind, runtime, context, env_var, base_url, rank, root)
        self._cands.append(cand)

    def _emit_url_model(self, tok: Tok, model: str, runtime: Runtime, context: str) -> None:
        """The model a URL literal's query names (`?model=gpt-realtime`), at that literal."""
        if model_like(model) and model.lower().split(":", 1)[0] not in CONTAINER_IMAGES:
            kind, rank = RefKind.CALL, (1, _KIND_RANK.get(RefKind.CALL, 5))
            self._cands.append(Candidate(tok, model, kind, runtime, context, None, None, rank))

    def emit_env_default(self, tok: Tok, env_var: str, context: str) -> None:
        """`process.env.CHAT_MODEL ?? 'llama3'` anywhere (a return, an argument, an element): the
        env var's name says model. Ranked last, so a slot that also holds it names it."""
        if not model_like(tok.value) or tok.value.lower().split(":", 1)[0] in CONTAINER_IMAGES:
            return
        runtime = runtime_for_env_words(env_var)
        kind = RefKind.ENV_DEFAULT
        self._cands.append(Candidate(tok, tok.value, kind, runtime, context, env_var, None, (9, 9)))

    def emit_hits(
        self,
        hits: Sequence[ValueHit],
        kind: RefKind,
        runtime: Runtime,
        context: str,
        *,
        strong: bool,
        base_url: str | None = None,
        prefixed: bool = False,
        root: str | None = None,
    ) -> None:
        """What a value yields: its literals now, its identifiers when the walk is done."""
        from_call = kind is RefKind.CALL
        for h in hits:
            if isinstance(h, Hit):
                hinted = split_langchain(h.tok.value)[1] if prefixed else Runtime.UNKNOWN
                self.emit(
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
                self.defer(h, kind, runtime, context, strong=strong, base_url=base_url)

    def defer(
        self,
        ident: Tok,
        kind: RefKind,
        runtime: Runtime,
        context: str,
        *,
        strong: bool,
        base_url: str | None = None,
    ) -> None:
        """An identifier in a model slot: resolved through the constants in `settle`."""
        self._uses.append(_Use(ident.value, ident.start, kind, runtime, context, strong, base_url))

    def function(self, name: str, parameters: list[str]) -> None:
        """A function's parameters, for the calls of it by name (`_argument_hits`)."""
        self._parameters.setdefault(name, parameters)

    def local_call(self, name: str, args: list[list[Item]]) -> None:
        """`run('llama3.1:8b')`: a call of a function by its bare name."""
        self._local_calls.setdefault(name, []).append(args)

    def _argument_hits(self, use: _Use) -> list[Tok]:
        """`async function run(model) { ollama.chat({ model }) }` then `run('llama3.1:8b')`: the
        literals passed for the parameter that fills the slot."""
        function = use.context.rpartition(":")[0].rpartition(".")[2]
        params = self._parameters.get(function)
        if not params or use.name not in params:
            return []
        index = params.index(use.name)
        out: list[Tok] = []
        for args in self._local_calls.get(function, ()):
            arg = args[index] if index < len(args) else []
            if len(arg) == 1 and isinstance(arg[0], Tok) and arg[0].kind == "str":
                out.append(arg[0])
        return out

    def passed_to(self, name: str, call: SdkCall) -> None:
        """The object held by const `name` is an argument of (or spread into) `call`."""
        self._passed.setdefault(name, call)

    def settle(self, constants: Constants) -> list[Candidate]:
        """The best candidate of each literal, in file order."""
        used: set[int] = set()
        for use in self._uses:
            for tok in self._argument_hits(use):
                where = use.context
                self.emit(tok, use.kind, use.runtime, where, strong=use.strong, from_call=True)
            for hit in constants.resolve(use.name, use.offset):
                before = len(self._cands)
                self.emit(
                    hit.tok,
                    use.kind,
                    use.runtime,
                    hit.origin or use.context,  # the const's context, as the Python detector
                    strong=use.strong,
                    env_var=hit.env_var,
                    base_url=use.base_url,
                    from_call=use.kind is RefKind.CALL,
                )
                if len(self._cands) > before:
                    used.add(hit.tok.start)
        paired = _provider_pairs(constants)
        for const in constants:
            pair = _pair_key(const.name, _MODEL_ENDS)
            const_runtime = paired.get(pair or "", Runtime.UNKNOWN) if pair else Runtime.UNKNOWN
            for hit in const.hits:
                if hit.tok.start in used:
                    continue
                says = (
                    says_model(const.name)
                    or (hit.env_var is not None and says_model(hit.env_var))
                    or hit.via_model
                    or _known_id(hit.tok.value)  # `const WHISPER = "whisper-1"`: the id decides
                )
                if says and not is_non_model_key(const.name):
                    self.emit(
                        hit.tok,
                        RefKind.CONSTANT,
                        const_runtime,
                        const.context,
                        strong=False,
                        env_var=hit.env_var,
                    )
                elif hit.tok.kind == "str" and (param := model_in_url(hit.tok.value)):
                    # `const url = "wss://api.openai.com/v1/realtime?model=gpt-realtime"`
                    self._emit_url_model(hit.tok, param[1], const_runtime, const.context)
        for cand in list(self._cands):  # `const params = {model}; create(params)`: a call
            call = self._passed.get(cand.root or "")
            if call is not None and cand.kind in (RefKind.CONFIG, RefKind.ENV_DEFAULT):
                runtime = Runtime.GATEWAY if call.aisdk else call.runtime
                kind = RefKind.ENV_DEFAULT if cand.env_var else RefKind.CALL
                self._cands.append(
                    replace(
                        cand,
                        kind=kind,
                        runtime=runtime,
                        base_url=call.base_url,
                        rank=(0, _KIND_RANK[kind]),
                    )
                )
        best: dict[int, Candidate] = {}
        for cand in self._cands:
            have = best.get(cand.tok.start)
            if have is None or cand.rank < have.rank:
                best[cand.tok.start] = cand
        return [best[k] for k in sorted(best)]
