"""One pass over a parsed Python module: it feeds the bindings, the SDK calls and the fallback
rules, and records every position a model may stand in for the emitter to judge.

Two kinds of position: a `SlotUse` (an expression in a model slot of a call, a deployment, a
fallback target) and a `Seed` (a value under a name that may say model: a model-named key,
option or env read, an assert, a `parametrize` list, a fixture's return value).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, replace

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.python.astwalk import walk
from llmdeps.sources.detectors.python.bindings import (
    Bindings,
    Where,
    keyword,
    literal_str,
    may_hold_str,
    tail_name,
)
from llmdeps.sources.detectors.python.fallbacks import FallbackRules
from llmdeps.sources.detectors.python.names import family_like, name_says_model
from llmdeps.sources.detectors.python.sdk import ModelSlot, SdkCalls, SlotUse, may_carry
from llmdeps.sources.hubpath import hub_id_under_path_key, hub_path_key
from llmdeps.sources.names import mentions_model, model_class, names_the_slot, says_trait
from llmdeps.sources.providers import PROVIDER_KEYS, is_provider_id, runtime_for_provider_value
from llmdeps.sources.secrets import looks_like_secret

_OPTION_FUNCS = frozenset({"add_argument", "option", "Option", "argument"})
_PROMPT_FUNCS = frozenset({"ask", "prompt", "text", "select"})
"""rich `Prompt.ask("Model ID", default=...)`, `typer.prompt`, questionary: what a user is asked,
and the answer taken when they press enter."""
_OUTPUT_KEYS = frozenset({"generation", "generations", "completion_text", "output_text"})
"""Keys of a record holding a model's output: the model named beside them produced it."""


@dataclass(frozen=True, slots=True)
class Seed:
    """A value whose literals count as models when `says` (a name says model) or, in tests,
    when they name a model family."""

    expr: ast.expr
    where: Where
    context: str
    says: bool
    kind: RefKind
    runtime: Runtime | None = None
    """A sibling `provider` key names the runtime (`{"provider": "huggingface", "model": ...}`)."""
    family: bool = False
    """Counts only a value that names a known model family (a field `name` of a model class)."""


class ModuleVisitor(ast.NodeVisitor):
    """Walks one module once; the facts it gathers are read by the emitter afterwards."""

    def __init__(self, module: str) -> None:
        self.bindings = Bindings(module)
        self.sdk = SdkCalls(self.bindings)
        self.fallbacks = FallbackRules(self.bindings, self.sdk)
        self.uses: list[SlotUse] = []
        self.seeds: list[Seed] = []
        self.downloads: dict[str, str] = {}
        """Local folder (normalised) -> the hub id a download call writes there."""
        self._in_fixture = 0
        self._narrowed: dict[str, list[ast.expr]] = {}
        """`if llm_name in ["gpt-4", "gpt-4o"]:` in force: the values the name can hold here."""
        self._assigned: tuple[ast.expr | None, str] | None = None
        """The value being assigned and its target's name (`MODELS = [...]`)."""
        self._parameters: dict[str, tuple[list[str], int]] = {}
        """Module-level function name -> its parameters in order, and how many are positional."""
        self._local_calls: list[tuple[str, ast.Call, Where]] = []
        """Calls of a bare name (`run("llama3.1:8b")`), where they are."""

    # --- traversal: a lean dispatcher (NodeVisitor's per-node getattr dominates otherwise) -----

    def visit(self, node: ast.AST) -> None:
        kind = type(node)
        if kind in _LEAVES:
            return
        method = _DISPATCH.get(kind)
        if method is not None:
            method(self, node)
        else:
            self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def _seed(
        self,
        expr: ast.expr,
        name: str,
        says: bool,
        kind: RefKind,
        runtime: Runtime | None = None,
        family: bool = False,
    ) -> None:
        b = self.bindings
        self.seeds.append(Seed(expr, b.where(), b.context(name), says, kind, runtime, family))

    # --- imports and bindings ----------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        self.bindings.add_import(node)
        self.sdk.note_import(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.bindings.add_import(node)
        self.sdk.note_import(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assign(node.targets, node.value)
        self._literal_choices(node.targets[0], node.value)
        self._visit_value(node, node.targets[0])

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assign([node.target], node.value)
        self._literal_choices(node.target, node.annotation)
        self._visit_value(node, node.target)

    def _literal_choices(self, target: ast.expr, value: ast.expr | None) -> None:
        """`AnthropicModel = Literal["claude-3-5-haiku-latest", ...]` (or `model:
        Literal[...]`): the ids a type lets through, offered as choices: a catalogue."""
        if not (isinstance(value, ast.Subscript) and tail_name(value.value) == "Literal"):
            return
        name = target.id if isinstance(target, ast.Name) else tail_name(target)
        if name and name_says_model(name) and not says_trait(name):
            self._seed(value.slice, name, True, RefKind.CATALOG)

    def _visit_value(self, node: ast.Assign | ast.AnnAssign, target: ast.expr) -> None:
        """Visit an assignment with its target's name at hand (a catalogue's context)."""
        outer = self._assigned
        name = target.id if isinstance(target, ast.Name) else None
        if isinstance(target, ast.Attribute):
            name = target.attr
        self._assigned = (node.value, name) if name else None
        self.generic_visit(node)
        self._assigned = outer

    def _assign(self, targets: list[ast.expr], value: ast.expr | None) -> None:
        if value is None:
            return
        b = self.bindings
        if may_hold_str(value):
            for target in targets:
                for name, scope in b.target_names(target):
                    b.define_assigned(name, value, scope)
                    if isinstance(value, ast.Call):
                        self._bind_call(target, name, value)
        elif isinstance(value, ast.Call):
            for target in targets:
                for name, _ in b.target_names(target):
                    self._bind_call(target, name, value)
        b.note_namespace(targets, value)
        for target in targets:
            self._attribute_slot(target, value)
            self._form_defaults(target, value)

    def _form_defaults(self, target: ast.expr, value: ast.expr) -> None:
        """`model: str = Field(default="x", metadata={"x_oap_ui_config": {"default": "x"}})`:
        the default a settings form pre-fills (and sends) for a model-named field."""
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            return
        field = tail_name(value.func)
        cls = self.bindings.where().cls
        default = keyword(value, "default")
        if cls is not None and default is not None and field.endswith(_FIELD_CALLS):
            # Django `model_name = models.CharField(default="dall-e-3")`, SQLAlchemy `Column`:
            # a field's default is the model a new row holds; `name` of a class that is a model
            # (khoj `ChatModel.name`) only when the value names a known family
            if name_says_model(target.id):
                self._seed(default, target.id, True, RefKind.CONSTANT)
            elif target.id in ("name", "id") and _MODEL_CLASS_WORD.search(cls.rsplit(".", 1)[-1]):
                self._seed(default, target.id, True, RefKind.CONSTANT, family=True)
        if field not in ("Field", "field") or not name_says_model(target.id):
            return
        for kw in value.keywords:
            if kw.arg not in _FIELD_METADATA:
                continue
            for sub in walk(kw.value):
                if isinstance(sub, ast.Dict):
                    for key, item in zip(sub.keys, sub.values, strict=True):
                        if literal_str(key) == "default":
                            self._seed(item, target.id, True, RefKind.CONFIG)

    def _attribute_slot(self, target: ast.expr, value: ast.expr) -> None:
        """`self.config.model = self.config.model or "x"`, `cfg.embedding_model = "x"`: a value
        stored into a model-named attribute of an object (`self.x` is a definition instead)."""
        if not isinstance(target, ast.Attribute) or not name_says_model(target.attr):
            return
        owner = target.value
        in_class = self.bindings.where().cls is not None
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and in_class:
            return
        if _RECORD_OWNER.search(tail_name(owner)):
            return  # `response.model = "gpt-4o-2024-08-06"`: what produced a (mocked) output
        self._seed(value, target.attr, True, RefKind.CONSTANT)

    def _bind_call(self, target: ast.expr, name: str, call: ast.Call) -> None:
        """`x = <call>`: x may now hold a client, a class instance or an LLM object."""
        key = name if isinstance(target, ast.Name) else f"self.{name}"
        self.sdk.bind_client(key, call)
        self.bindings.note_instance(key, call)
        if may_carry(call, tail_name(call.func)):
            self.fallbacks.bind_llm(key, call)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.bindings.define_loop(node)
        self._unpacked_pairs(node)
        self.generic_visit(node)

    def _unpacked_pairs(self, node: ast.For | ast.AsyncFor) -> None:
        """`for env_key, model_name in [("OPENAI_API_KEY", "gpt-4o"), ...]`: the column that a
        model-named loop variable takes is a list of models (aider's onboarding defaults)."""
        if not isinstance(node.target, ast.Tuple):
            return
        rows = self.bindings.resolve_node(node.iter)
        if not isinstance(rows, ast.List | ast.Tuple):
            return
        for i, name in enumerate(node.target.elts):
            if not isinstance(name, ast.Name) or not name_says_model(name.id):
                continue
            for row in rows.elts:
                if isinstance(row, ast.Tuple | ast.List) and len(row.elts) > i:
                    self._seed(row.elts[i], name.id, True, RefKind.CONSTANT)

    visit_AsyncFor = visit_For

    def visit_If(self, node: ast.If) -> None:
        """`if llm_name in ["gpt-4", "gpt-4o"]: ChatOpenAI(model_name=llm_name)` sends the
        matched id as it is: in the branch, a model slot holding the name holds the list's ids
        (a list only matched against, with no slot in the branch, stays a negative)."""
        narrowed = _membership(node.test)
        self.visit(node.test)
        outer = self._narrowed
        if narrowed is not None:
            self._narrowed = {**outer, narrowed[0]: narrowed[1]}
        for stmt in node.body:
            self.visit(stmt)
        self._narrowed = outer
        for stmt in node.orelse:
            self.visit(stmt)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        self.sdk.bind_with(node)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bindings.add_class(node)
        for deco in node.decorator_list:
            self.visit(deco)
        for base in node.bases:
            self.visit(base)
        self.bindings.enter(node.name, True)
        for stmt in node.body:
            self.visit(stmt)
        self.bindings.leave()

    def visit_Module(self, node: ast.Module) -> None:
        self.generic_visit(node)
        self.uses += list(self._arguments_of_slots())

    def _arguments_of_slots(self) -> Iterator[SlotUse]:
        """`def run(model): ollama.chat(model=model)` then `run("llama3.1:8b")`: a literal passed
        to a module-level function's parameter that reaches a model slot fills that slot."""
        by_function: dict[str, list[tuple[int, str, ModelSlot]]] = {}
        positional: dict[str, int] = {}
        for expr, where, slot in self.uses:
            params, positional[where.qual] = self._parameters.get(where.qual, ([], 0))
            if isinstance(expr, ast.Name) and expr.id in params:
                found = (params.index(expr.id), expr.id, slot)
                by_function.setdefault(where.qual, []).append(found)
        for name, call, where in self._local_calls:
            for index, param, slot in by_function.get(name, ()):
                by_position = index < positional[name] and index < len(call.args)
                arg = call.args[index] if by_position else keyword(call, param)
                if arg is not None and not isinstance(arg, ast.Starred):
                    yield arg, where, replace(slot, context=self.bindings.context(name))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if not self.bindings.where().qual:
            args = node.args
            ordered = [a.arg for a in (*args.posonlyargs, *args.args)]
            keywords = [a.arg for a in args.kwonlyargs]
            self._parameters[node.name] = (ordered + keywords, len(ordered))
        fixture = False
        for deco in node.decorator_list:
            self.visit(deco)
            target = deco.func if isinstance(deco, ast.Call) else deco
            if (self.bindings.canonical(target) or "").endswith("fixture"):
                fixture = True
        args = node.args
        for default in [*args.defaults, *[d for d in args.kw_defaults if d is not None]]:
            self.visit(default)
        if node.returns is not None:
            self.visit(node.returns)
        self.bindings.enter(node.name, False)
        self.bindings.define_parameters(args)
        self._in_fixture += fixture
        for stmt in node.body:
            self.visit(stmt)
        self._in_fixture -= fixture
        self.bindings.leave()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.generic_visit(node)

    # --- test code ---------------------------------------------------------------------------

    def visit_Return(self, node: ast.Return) -> None:
        owner = self.bindings.innermost() or ""
        says = name_says_model(owner)
        if self._in_fixture and node.value is not None:
            self._seed(node.value, "return", says, RefKind.TEST)
        elif says and node.value is not None and not says_trait(owner):
            # `def list_models(): return {"openai": [...]}`, `def default_model(): return "x"`
            value = node.value
            kind = RefKind.CATALOG if isinstance(value, _CONTAINERS) else RefKind.CONSTANT
            self._seed(value, "return", True, kind)
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        strings: list[ast.Constant] = []
        says = False
        for sub in walk(node.test):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                strings.append(sub)
            elif isinstance(sub, ast.Name):
                says = says or name_says_model(sub.id)
            elif isinstance(sub, ast.Attribute):
                says = says or name_says_model(sub.attr)
            elif isinstance(sub, ast.Subscript):
                key = literal_str(sub.slice)
                says = says or (key is not None and name_says_model(key))
        for sub in strings:
            self._seed(sub, "assert", says, RefKind.TEST)
        self.generic_visit(node)

    # --- values under model names ------------------------------------------------------------

    def visit_Dict(self, node: ast.Dict) -> None:
        keys = [literal_str(k) for k in node.keys]
        self._catalog_dict(node, keys)
        deployment = "litellm_params" in keys  # model_name there is a group, not a model
        if _OUTPUT_KEYS.intersection(keys):
            # `{"generation": "Madrid", "model_name": "org/name"}`: a record of what a model
            # produced (sample data, results), not a request to one
            self.generic_visit(node)
            return
        runtime = None
        for name, value in zip(keys, node.values, strict=False):
            provider = literal_str(value) if name in PROVIDER_KEYS else None
            if provider and runtime_for_provider_value(provider) is not Runtime.UNKNOWN:
                runtime = runtime_for_provider_value(provider)
        for name, value in zip(keys, node.values, strict=False):
            if deployment and name == "model_name":
                continue
            if isinstance(value, ast.Call) and name and self._choice_widget(value, name):
                continue
            if name and value is not None and name_says_model(name):
                self._seed(value, name, True, RefKind.CONSTANT, runtime)
            elif name and hub_path_key(name) and hub_id_under_path_key(literal_str(value) or ""):
                # `{"checkpoint_path": "routellm/mf_gpt4_augmented"}`: a hub id, not a folder
                self._seed(value, name, True, RefKind.CONFIG, runtime)
        self.generic_visit(node)

    def visit_List(self, node: ast.List | ast.Tuple) -> None:
        """`[{"id": "gpt-4o", "name": "GPT-4o"}, ...]`: a list of choices is a catalogue."""
        entries = [e for e in node.elts if isinstance(e, ast.Dict)]
        assigned = self._assigned
        name = assigned[1] if assigned is not None and assigned[0] is node else "choices"
        if entries and name_says_model(name):
            # `model_list = [{"name": ..., "url": "https://huggingface.co/.../x.llamafile"}]`:
            # the files a model chooser downloads (the emitter keeps only Hub file URLs)
            for entry in entries:
                for key, item in zip(entry.keys, entry.values, strict=True):
                    if literal_str(key) in _DOWNLOAD_KEYS:
                        self._seed(item, name, True, RefKind.CATALOG)
        if entries and len(entries) == len(node.elts):
            ids: list[ast.expr] = []
            for entry in entries:
                keys = [literal_str(k) for k in entry.keys]
                found = _choice_id(entry, keys)
                if found is None:
                    ids = []
                    break
                ids.append(found)
            # under a name that says model any model-shaped id counts; elsewhere (a list of
            # users, of items) only ids of a known family with a size or version
            says = name_says_model(name) or name_says_model(self.bindings.innermost() or "")
            for value in ids:
                if says or family_like(literal_str(value) or ""):
                    self._seed(value, name, True, RefKind.CATALOG)
        self.generic_visit(node)

    visit_Tuple = visit_List

    def _catalog_dict(self, node: ast.Dict, keys: list[str | None]) -> None:
        """Catalogues in any shape: an OpenAI-style model entry `{"id": ..., "owned_by": ...}`
        (an app serving its own `/v1/models`), and provider -> ids `{"openai": ["gpt-4o"]}`."""
        if "id" in keys and ("owned_by" in keys or _is_model_object(node, keys)):
            value = node.values[keys.index("id")]
            self._seed(value, "id", True, RefKind.CATALOG)
            return
        if len(keys) < 1 or not all(k and is_provider_id(k) for k in keys):
            return
        lists = [v for v in node.values if isinstance(v, ast.List | ast.Tuple | ast.Set)]
        if len(lists) != len(node.values):
            return
        for key, value in zip(keys, node.values, strict=True):
            runtime = runtime_for_provider_value(key or "")
            known = None if runtime is Runtime.UNKNOWN else runtime
            self._seed(value, key or "models", True, RefKind.CATALOG, known)

    # --- calls -------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        if node.args or node.keywords:
            self._call(node)
            if isinstance(node.func, ast.Name):
                self._local_calls.append((node.func.id, node, self.bindings.where()))
        self.generic_visit(node)

    def _call(self, node: ast.Call) -> None:
        method = tail_name(node.func)
        if method in _OPTION_FUNCS:
            self._option(node, method)
            return
        if method in _PROMPT_FUNCS and node.args and (default := keyword(node, "default")):
            label = literal_str(node.args[0])
            if label and name_says_model(label) and len(label) <= 60:
                self._seed(default, label, True, RefKind.CONSTANT)  # `Prompt.ask("Model ID", ...)`
                return
        env = self.bindings.env_read(node)
        if env is not None:
            env_name, default = env
            if default is not None and name_says_model(env_name):
                self._seed(node, env_name, True, RefKind.CONSTANT)
            return
        if method in _SETENV and len(node.args) >= 2:
            # `monkeypatch.setenv("LLM_MODEL", "llama3.1:8b")`: a test pinned to a model
            set_name = literal_str(node.args[0])
            if set_name and name_says_model(set_name):
                self._seed(node.args[1], set_name, True, RefKind.CONSTANT)
            return
        if method == "parametrize" and len(node.args) >= 2:
            says = name_says_model(literal_str(node.args[0]) or "")
            self._seed(node.args[1], "parametrize", says, RefKind.TEST)
            return
        if method == "get" and len(node.args) == 2 and self._model_lookup(node):
            return
        if self._choice_widget(node, None):
            return
        if method == "with_fallbacks":
            self.fallbacks.with_fallbacks(node)
            return
        if method in _REGISTER_FUNCS and self._registered_models(node):
            return
        if method in _DOWNLOADS:
            self._download(node)
        if not may_carry(node, method):
            self._model_named_keywords(node, method)
            return
        b = self.bindings
        where = b.where()
        context = b.context(method or "call")
        call = self.sdk.read(node, method, context)
        if call is None:
            return
        for expr, slot in call.slots:
            self.uses.append((expr, where, slot))
            if isinstance(expr, ast.Name) and expr.id in self._narrowed:
                self.uses += [(e, where, slot) for e in self._narrowed[expr.id]]
        target = call.target
        if not target.strong:
            return
        if method == "Router" and target.sdk == "litellm":
            self.uses += self.fallbacks.router(node, where, context)
        fallbacks = keyword(node, "fallbacks")
        if fallbacks is not None and target.runtime is Runtime.LITELLM:
            self.uses += self.fallbacks.call_fallbacks(node, call.model, fallbacks, where, context)

    def _model_lookup(self, node: ast.Call) -> bool:
        """`config.get("Model", "embed-english-v3.0")`, `config.get("Model", {"value": "x"})`:
        what a lookup of a model-named key falls back to (a form field's preset value)."""
        key = literal_str(node.args[0])
        if key is None or len(key) > 60 or not name_says_model(key):
            return False
        default = node.args[1]
        if isinstance(default, ast.Dict):
            pairs = zip(default.keys, default.values, strict=True)
            default = next((v for k, v in pairs if literal_str(k) in _PRESET_KEYS), default)
        self._seed(default, key, True, RefKind.CONSTANT)
        return True

    def _choice_widget(self, node: ast.Call, label: str | None) -> bool:
        """A form or UI widget for choosing a model: Chainlit `Select(id="Model", values=[...])`,
        Verba `{"Model": InputConfig(value="x", values=[...])}`. Its choices are a catalogue,
        its preset value a constant; `label` is the key the widget is stored under."""
        names = [label] if label else []
        names += [literal_str(kw.value) or "" for kw in node.keywords if kw.arg in _WIDGET_IDS]
        if not any(n and len(n) <= 60 and name_says_model(n) for n in names):
            return False
        found = False
        for kw in node.keywords:
            if kw.arg in _WIDGET_CHOICES and isinstance(kw.value, _CONTAINERS):
                self._seed(kw.value, kw.arg, True, RefKind.CATALOG)
                found = True
            elif kw.arg in _PRESET_KEYS:
                self._seed(kw.value, kw.arg, True, RefKind.CONSTANT)
                found = True
        return found

    def _registered_models(self, node: ast.Call) -> bool:
        """A plugin hook registering model objects (simonw/llm's `register_models`):
        `register(Chat("gpt-4o"), AsyncChat("gpt-4o"), aliases=("4o",))`. The id is the first
        string the class is built with; with two (`OpenAIEmbeddingModel("3-small-512",
        "text-embedding-3-small", 512)`) the first is the local name, the second the API id.
        Only in a hook whose name (or the registering call's) says model; aliases never count."""
        owner = self.bindings.innermost() or ""
        if not (name_says_model(owner) or name_says_model(tail_name(node.func) or "")):
            return False
        found = False
        for arg in node.args:
            if not isinstance(arg, ast.Call):
                continue
            cls = tail_name(arg.func) or ""
            if not cls[:1].isupper():
                continue
            strings = [a for a in arg.args[:2] if literal_str(a) is not None]
            if not strings:
                continue
            value = strings[1] if len(strings) == 2 else strings[0]
            self._seed(value, cls, True, RefKind.CATALOG)
            found = True
        return found

    def _download(self, node: ast.Call) -> None:
        """`snapshot_download("BAAI/bge-m3", local_dir="models/bge-m3")`: what lands where."""
        b = self.bindings
        folder = literal_str(b.resolve_node(keyword(node, "local_dir")))
        repo = keyword(node, "repo_id")
        if repo is None and node.args:
            repo = node.args[0]
        repo_id = literal_str(b.resolve_node(repo))
        if folder and repo_id and not looks_like_secret(repo_id):
            self.downloads[local_key(folder)] = repo_id

    def _model_named_keywords(self, node: ast.Call, method: str) -> None:
        """No model-bearing slot: only model-named keywords of an unknown call can matter."""
        weak = None
        # Agno's `OpenAIChat(id="gpt-4o")`: a model class's `id` is its model
        model_id = model_class(method)
        for kw in node.keywords:
            if kw.arg and (name_says_model(kw.arg) or (model_id and kw.arg == "id")):
                weak = weak or ModelSlot(
                    self.sdk.hint(), self.bindings.context(method or "call"), False
                )
                self.uses.append((kw.value, self.bindings.where(), weak))

    def _option(self, node: ast.Call, method: str) -> None:
        """argparse `add_argument`, click `option`, typer `Option`: a model-named default."""
        flags = [s for s in (literal_str(a) for a in node.args) if s]
        dest = literal_str(keyword(node, "dest"))
        longs = [f for f in flags if f.startswith("--")]
        name = dest or (longs[0] if longs else (flags[0] if flags else ""))
        default = keyword(node, "default")
        if default is None and method == "Option" and flags and not flags[0].startswith("-"):
            default = node.args[0] if literal_str(node.args[0]) else None
        if not name or default is None:
            return
        bare = name.lstrip("-").replace("-", "_")
        hub_id = mentions_model(bare) and hub_id_under_path_key(literal_str(default) or "")
        if not (name_says_model(bare) or names_the_slot(bare) or hub_id):
            return  # `--model-uri` defaulting to `org/name`, `--tokenizer`: a hub repo
        self.bindings.define_option(bare, default, longs[0] if longs else name)
        self._seed(default, bare, True, RefKind.CONSTANT)


_CONTAINERS = (ast.List, ast.Tuple, ast.Set, ast.Dict)
_RECORD_OWNER = lazy_compile(r"(?i)response|result|completion|chunk|output|message|event|usage")
"""Objects that record what a model produced: their `model` names the producer."""


def _membership(test: ast.expr) -> tuple[str, list[ast.expr]] | None:
    """`name in ["a", "b"]` (a literal list, tuple or set): the name and the listed values."""
    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)):
        return None
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.In):
        return None
    values = test.comparators[0]
    if not isinstance(values, ast.List | ast.Tuple | ast.Set):
        return None
    return test.left.id, list(values.elts)


_DOWNLOAD_KEYS = frozenset({"url", "download_url", "uri", "link"})
_WIDGET_IDS = frozenset({"id", "label", "name", "key", "title"})
_WIDGET_CHOICES = frozenset({"values", "choices", "options", "items"})
_PRESET_KEYS = frozenset({"value", "default", "initial", "initial_value"})
_FIELD_METADATA = frozenset({"metadata", "json_schema_extra"})
_FIELD_CALLS = ("Field", "field", "Column", "column")
_MODEL_CLASS_WORD = lazy_compile(r"Model|LLM|Llm|Embedder|Encoder")
_DOWNLOADS = frozenset({"snapshot_download", "hf_hub_download"})
_SETENV = frozenset({"setenv", "putenv"})
_REGISTER_FUNCS = frozenset({"register", "register_model", "register_models"})


def local_key(folder: str) -> str:
    """`./models/bge-m3/` and `models/bge-m3` name the same folder."""
    key = folder.strip().replace("\\", "/").rstrip("/")
    while key.startswith("./"):
        key = key[2:]
    return key


_CHOICE_IDS = ("id", "value", "model", "model_id", "model_name")
_CHOICE_LABELS = frozenset({"label", "name", "title", "display_name", "displayName", "description"})
_NOT_CHOICES = frozenset({"type", "function", "parameters", "args", "handler", "owned_by"})


def _choice_id(entry: ast.Dict, keys: list[str | None]) -> ast.expr | None:
    """The id of one `{id|value: ..., label|name: ...}` choice, None when it is no choice (a
    tool, a provider, an OpenAI model entry read elsewhere)."""
    present = {k for k in keys if k}
    if present & _NOT_CHOICES or not present & _CHOICE_LABELS:
        return None
    for name in _CHOICE_IDS:
        if name in present:
            value = entry.values[keys.index(name)]
            text = literal_str(value)
            if text is None or is_provider_id(text):
                return None
            return value
    return None


def _is_model_object(node: ast.Dict, keys: list[str | None]) -> bool:
    """`{"id": ..., "object": "model"}`: an entry of an OpenAI-style model list."""
    return literal_str(node.values[keys.index("object")]) == "model" if "object" in keys else False


_LEAVES = frozenset(
    {ast.Constant, ast.Name, ast.Load, ast.Store, ast.Del, ast.Pass, ast.Break, ast.Continue}
    | {type(op) for op in (ast.Add(), ast.Sub(), ast.Mult(), ast.Div(), ast.Mod(), ast.Pow())}
    | {ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn}
    | {ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd, ast.Invert, ast.FloorDiv, ast.MatMult}
    | {ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift}
)
_DISPATCH = {
    getattr(ast, name[len("visit_") :]): method
    for name, method in vars(ModuleVisitor).items()
    if name.startswith("visit_") and hasattr(ast, name[len("visit_") :])
}
