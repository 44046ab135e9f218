"""The names of one Python module and what they can hold: scopes, imports, definitions, values.

The reusable core of the Python detector (as bandit's `core/context.py` is for its plugins): the
visitor reports scopes, imports, assignments, classes and parameters here, and the rules ask it
what an expression can evaluate to. `Bindings.values` follows names through the module's scopes,
settings classes, instances, argparse namespaces and subscripts down to string literals.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind
from llmdeps.sources.secrets import clean_url, is_secret_name

MAX_DEPTH = 6
"""How many names a value is followed through before giving up."""
ARGPARSE_SCOPE = "#argparse"
"""The scope of command-line option defaults (`args.model` reads them)."""

_ENV_NAME = lazy_compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UPPER_ENV = lazy_compile(r"^[A-Z][A-Z0-9_]*$")
_ENV_FUNCS = frozenset({"getenv", "get", "setdefault", "config", "env", "str"})
_ENV_HELPER = lazy_compile(r"(?i)(?:^|_)(?:get_?)?env(?:iron)?(?:_|$)")
_FIELD_FUNCS = frozenset({"Field", "field", "Option", "Argument", "PrivateAttr", "attrib", "ib"})
_STR_HOLDERS = (
    ast.Constant,
    ast.Name,
    ast.Attribute,
    ast.IfExp,
    ast.BoolOp,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Dict,
)


# --- small readers of syntax -----------------------------------------------------------------


def literal_str(node: ast.AST | None) -> str | None:
    """The text of a string literal, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, *names: str) -> ast.expr | None:
    """The value of the first keyword argument of `call` named one of `names`."""
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def tail_name(expr: ast.AST | None) -> str:
    """`c` for `a.b.c` or `c`; "" for any other expression."""
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return str(getattr(expr, "id", ""))


def env_read(node: ast.Call) -> tuple[str, ast.expr | None] | None:
    """`os.getenv("X", "d")`, `os.environ.get("X", "d")`, decouple `config("X", default=)`:
    the variable's name and its default."""
    func = node.func
    method = tail_name(func)
    if not node.args:
        return None
    name = literal_str(node.args[0])
    first = node.args[0]
    if name is None and method == "getenv" and isinstance(first, ast.Name | ast.Attribute):
        # `os.getenv(OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME, "gpt-4o")`: the variable's name is a
        # constant; one whose own name says model still makes the default a model's
        held = first.id if isinstance(first, ast.Name) else first.attr
        return (held, node.args[1]) if len(node.args) > 1 else None
    if method not in _ENV_FUNCS:
        # a project's own helper: `env_or_def("MODEL", "./models/7B/x.bin")`, `get_env(...)`
        helper = _ENV_HELPER.search(method or "") and len(node.args) == 2
        if helper and name is not None and _UPPER_ENV.match(name):
            return name, node.args[1]
        return None
    if name is None or not _ENV_NAME.match(name):
        return None
    if method in ("get", "setdefault"):
        base = func.value if isinstance(func, ast.Attribute) else None
        if tail_name(base) != "environ":
            return None
    elif method in ("config", "env", "str"):
        if not _UPPER_ENV.match(name):
            return None
        if method == "str" and not (
            isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "env"
        ):
            return None
    default = node.args[1] if len(node.args) > 1 else keyword(node, "default")
    return name, default


def lookup_default(node: ast.Call) -> ast.expr | None:
    """The fallback of a lookup, what it evaluates to when the key is missing:
    `getattr(config, "model", "x")`, `settings.get("model", "x")`."""
    func = node.func
    if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) == 3:
        return node.args[2]
    if isinstance(func, ast.Attribute) and func.attr == "get" and len(node.args) == 2:
        return node.args[1]
    return None


def may_hold_str(expr: ast.expr) -> bool:
    """Can this assigned value evaluate to a string literal we track?"""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, _STR_HOLDERS):
        return True
    if isinstance(expr, ast.Call):
        method = tail_name(expr.func)
        return method in _ENV_FUNCS or method in _FIELD_FUNCS or lookup_default(expr) is not None
    return False


# --- what the bindings hold ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Where:
    """A position in the module's scopes, as a name lookup from there needs it."""

    chain: tuple[str, ...]
    """Scopes searched for a bare name: enclosing functions innermost first, then the module."""
    cls: str | None
    """The enclosing class (for `self.x`)."""
    scope: str
    qual: str = ""
    """Dotted scope inside the module (`Cls.method`), the key of definitions made here."""


@dataclass(slots=True)
class Definition:
    """A name bound to an expression: an assignment, a parameter default, an option default."""

    expr: ast.expr
    where: Where
    context: str
    name: str
    env_var: str | None = None


@dataclass(eq=False, slots=True)
class Literal:
    """A string literal some expression evaluates to; one per literal node of the module."""

    value: str
    node: ast.Constant
    context: str
    """`module.scope:name` of the first definition or use that reached it."""
    kind: RefKind
    """Refined as the literal is judged: a catalog entry, a test value."""
    env_var: str | None = None
    """The environment variable or option that configures it."""


class Bindings:
    """Scopes, imports, definitions and classes of one module, and the values of its names."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.aliases: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.settings_classes: dict[str, str] = {}
        """Qualified name of each settings class -> its env prefix."""
        self.instances: dict[str, str] = {}
        """Variable (`s`, `self.s`) -> the qualified name of the class it holds an instance of."""
        self.namespaces: set[str] = set()
        """Variables that hold `parse_args()`: their attributes are option defaults."""
        self.defs: dict[tuple[str, str], list[Definition]] = {}
        """(qualified scope, name) -> its definitions, in source order."""
        self.literals: dict[int, Literal] = {}
        """id of a string constant node -> its `Literal`, in the order values reached them."""
        self._scopes: list[tuple[str, bool]] = []
        self._where: Where | None = None
        self._memo: dict[int, list[Literal]] = {}

    # --- scopes ------------------------------------------------------------------------------

    def enter(self, name: str, is_class: bool) -> None:
        """Enter a class or function body."""
        self._scopes.append((name, is_class))
        self._where = None

    def leave(self) -> None:
        """Leave the innermost class or function body."""
        self._scopes.pop()
        self._where = None

    def where(self) -> Where:
        """The current position (computed once per scope)."""
        if self._where is None:
            self._where = self._compute_where()
        return self._where

    def _compute_where(self) -> Where:
        names = [s for s, _ in self._scopes]
        scope = ".".join([self.module, *names]) if self.module else ".".join(names)
        chain: list[str] = []
        cls: str | None = None
        for i in range(len(self._scopes), 0, -1):
            qual = ".".join(s for s, _ in self._scopes[:i])
            if self._scopes[i - 1][1]:
                cls = cls or qual
                continue
            chain.append(qual)
        chain.append("")
        return Where(tuple(chain), cls, scope, ".".join(names))

    def context(self, name: str) -> str:
        """`module.scope:name`: where a definition or use is, without a line number."""
        return f"{self.where().scope or self.module}:{name}"

    def innermost(self) -> str | None:
        """The name of the innermost function or class, None at module level."""
        return self._scopes[-1][0] if self._scopes else None

    def in_class_body(self) -> bool:
        """Directly inside a class body (not in one of its methods)."""
        return bool(self._scopes) and self._scopes[-1][1]

    # --- imports -----------------------------------------------------------------------------

    def add_import(self, node: ast.Import | ast.ImportFrom) -> None:
        """Record the local names an import binds and the dotted names they stand for."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    self.aliases[top] = top
            return
        base = ("." * node.level) + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                continue
            full = f"{base}.{alias.name}" if base else alias.name
            self.aliases[alias.asname or alias.name] = full

    def canonical(self, expr: ast.expr) -> str | None:
        """`oa.OpenAI` after `import openai as oa` -> `openai.OpenAI`; None if not a dotted name."""
        if isinstance(expr, ast.Name):
            return self.aliases.get(expr.id, expr.id)
        if isinstance(expr, ast.Attribute):
            base = self.canonical(expr.value)
            return f"{base}.{expr.attr}" if base else None
        return None

    # --- definitions -------------------------------------------------------------------------

    def define(
        self, name: str, expr: ast.expr, *, scope: str | None = None, env_var: str | None = None
    ) -> None:
        """Bind `name` to `expr` in the current scope (or in `scope`)."""
        key = (self.where().qual if scope is None else scope, name)
        d = Definition(expr, self.where(), self.context(name), name, env_var)
        self.defs.setdefault(key, []).append(d)

    def define_assigned(self, name: str, value: ast.expr, scope: str | None) -> None:
        """Bind an assignment target; a settings class field is configured by its env var."""
        env_var = None
        if scope is None and self.in_class_body():
            env_var = self._settings_env(name, value)
        self.define(name, value, scope=scope, env_var=env_var)

    def target_names(self, target: ast.expr) -> Iterator[tuple[str, str | None]]:
        """(name, scope override) for each assignment target we track."""
        if isinstance(target, ast.Name):
            yield target.id, None
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id in ("self", "cls")
        ):
            cls = self.where().cls
            if cls is not None:
                yield target.attr, cls
        elif isinstance(target, ast.Subscript):
            key = literal_str(target.slice)
            if key and _ENV_NAME.match(key):
                yield key, None

    def define_loop(self, node: ast.For | ast.AsyncFor) -> None:
        """`for model in CANDIDATES: ollama.pull(model)`: the loop variable ranges over the list."""
        if isinstance(node.target, ast.Name) and isinstance(
            node.iter, ast.Name | ast.List | ast.Tuple | ast.Set
        ):
            self.define(node.target.id, node.iter)

    def define_parameters(self, args: ast.arguments) -> None:
        """Bind each parameter that has a default to it (call inside the function's scope)."""
        positional = [*args.posonlyargs, *args.args]
        first = len(positional) - len(args.defaults)
        pairs = list(zip(positional[first:], args.defaults, strict=True))
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if d is not None:
                pairs.append((a, d))
        for arg, default in pairs:
            self.define(arg.arg, default)

    def define_option(self, name: str, default: ast.expr, env_var: str) -> None:
        """A command-line option's default, read back as `args.<name>`."""
        self.define(name, default, scope=ARGPARSE_SCOPE, env_var=env_var)

    def note_namespace(self, targets: list[ast.expr], value: ast.expr) -> None:
        """`args = parser.parse_args()`: `args.x` is an option default from here on."""
        func = value.func if isinstance(value, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in ("parse_args", "parse_known_args"):
            for target in targets:
                if isinstance(target, ast.Name):
                    self.namespaces.add(target.id)
                elif isinstance(target, ast.Tuple) and target.elts:
                    first = target.elts[0]
                    if isinstance(first, ast.Name):
                        self.namespaces.add(first.id)

    def note_instance(self, key: str, call: ast.Call) -> None:
        """`s = Settings()`: `s.x` reads the class's definitions."""
        func = call.func
        cls_name = func.id if isinstance(func, ast.Name) else None
        if cls_name and cls_name in self.classes:
            self.instances[key] = self.classes[cls_name]

    # --- classes -----------------------------------------------------------------------------

    def add_class(self, node: ast.ClassDef) -> None:
        """Record a class (before its body is entered), and its env prefix if it is settings."""
        qual = ".".join([self.where().qual, node.name]) if self._scopes else node.name
        self.classes[node.name] = qual
        for base in node.bases:
            base_name = tail_name(base)
            if base_name == "BaseSettings" or base_name in self._settings_class_names():
                self.settings_classes[qual] = self._env_prefix(node)

    def _settings_class_names(self) -> set[str]:
        return {q.rsplit(".", 1)[-1] for q in self.settings_classes}

    def _env_prefix(self, node: ast.ClassDef) -> str:
        for stmt in node.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
                value = stmt.value
                if isinstance(target, ast.Name) and target.id == "model_config":
                    if isinstance(value, ast.Call):
                        prefix = literal_str(keyword(value, "env_prefix"))
                        if prefix is not None:
                            return prefix
                    if isinstance(value, ast.Dict):
                        for k, v in zip(value.keys, value.values, strict=False):
                            if literal_str(k) == "env_prefix" and literal_str(v) is not None:
                                return literal_str(v) or ""
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for inner in stmt.body:
                    if (
                        isinstance(inner, ast.Assign)
                        and isinstance(inner.targets[0], ast.Name)
                        and inner.targets[0].id == "env_prefix"
                        and literal_str(inner.value) is not None
                    ):
                        return literal_str(inner.value) or ""
        return ""

    def _settings_env(self, name: str, value: ast.expr) -> str | None:
        prefix = self.settings_classes.get(self.where().qual)
        if prefix is None:
            return None
        if isinstance(value, ast.Call):
            for kw in ("validation_alias", "alias", "env"):
                alias = literal_str(keyword(value, kw))
                if alias and _ENV_NAME.match(alias):
                    return alias.upper()
        return f"{prefix}{name}".upper()

    # --- values ------------------------------------------------------------------------------

    def literal(
        self, node: ast.Constant, context: str, kind: RefKind, env_var: str | None
    ) -> Literal:
        """The one `Literal` of a string constant; a later env var fills in a missing one."""
        found = self.literals.get(id(node))
        if found is None:
            found = Literal(str(node.value), node, context, kind, env_var)
            self.literals[id(node)] = found
        elif env_var and not found.env_var:
            found.env_var = env_var
        return found

    def values(
        self,
        expr: ast.expr | None,
        where: Where,
        context: str,
        env_var: str | None = None,
        depth: int = 0,
    ) -> list[Literal]:
        """Every string literal an expression can evaluate to, through names in this module."""
        if expr is None or depth > MAX_DEPTH:
            return []
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                kind = RefKind.ENV_DEFAULT if env_var else RefKind.CONSTANT
                return [self.literal(expr, context, kind, env_var)]
            return []
        if isinstance(expr, ast.Call):
            env = self.env_read(expr)
            if env is not None:
                if is_secret_name(env[0]):
                    return []
                return self.values(env[1], where, context, env[0], depth + 1)
            if tail_name(expr.func) in _FIELD_FUNCS:
                default = keyword(expr, "default")
                if default is None and expr.args:
                    default = expr.args[0]
                return self.values(default, where, context, env_var, depth + 1)
            return self.values(lookup_default(expr), where, context, env_var, depth + 1)
        if isinstance(expr, ast.IfExp):
            return [
                *self.values(expr.body, where, context, env_var, depth + 1),
                *self.values(expr.orelse, where, context, env_var, depth + 1),
            ]
        if isinstance(expr, ast.BoolOp):
            out: list[Literal] = []
            for value in expr.values:
                env = self.env_read(value) if isinstance(value, ast.Call) else None
                if env is not None and isinstance(expr.op, ast.Or):
                    # `os.getenv("X") or "default"`: the default is X's
                    env_var = env_var or env[0]
                out += self.values(value, where, context, env_var, depth + 1)
            return out
        if isinstance(expr, ast.Name):
            for scope in where.chain:
                defs = self.defs.get((scope, expr.id))
                if defs:
                    return self._defs_values(defs, depth)
            return []
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name | ast.Call):
            return self._defs_values(self._attribute_defs(expr, where), depth)
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            return self._subscript_values(expr.value.id, expr.slice, where, depth)
        return []

    def _subscript_values(
        self, name: str, key: ast.expr, where: Where, depth: int
    ) -> list[Literal]:
        """`MODELS["fast"]` / `CANDIDATES[0]`: the one entry of a dict or list bound to a name."""
        for scope in where.chain:
            defs = self.defs.get((scope, name))
            if not defs:
                continue
            value = defs[-1].expr
            lits = self.definition_values(defs[-1], depth + 1)
            if isinstance(value, ast.Dict) and literal_str(key) is not None:
                for k, v in zip(value.keys, value.values, strict=False):
                    if literal_str(k) == literal_str(key) and isinstance(v, ast.Constant):
                        return [lit for lit in lits if lit.node is v] or self.values(
                            v, where, defs[-1].context, None, depth + 1
                        )
            elif isinstance(value, ast.List | ast.Tuple) and isinstance(key, ast.Constant):
                index = key.value
                if isinstance(index, int) and -len(value.elts) <= index < len(value.elts):
                    elt = value.elts[index]
                    return [lit for lit in lits if lit.node is elt]
            return []
        return []

    def _attribute_defs(self, expr: ast.Attribute, where: Where) -> list[Definition]:
        """`self.x`, `Settings.x`, `settings.x`, `Settings().x`, `args.x`: the definitions read."""
        base = expr.value
        cls: str | None = None
        if isinstance(base, ast.Name):
            if base.id in ("self", "cls"):
                cls = where.cls
            elif base.id in self.classes:
                cls = self.classes[base.id]
            elif base.id in self.instances:
                cls = self.instances[base.id]
            elif base.id in self.namespaces:
                return self.defs.get((ARGPARSE_SCOPE, expr.attr), [])
        elif isinstance(base, ast.Call) and isinstance(base.func, ast.Name):
            cls = self.classes.get(base.func.id)
        if cls is None:
            return []
        return self.defs.get((cls, expr.attr), [])

    def _defs_values(self, defs: Iterable[Definition], depth: int) -> list[Literal]:
        out: list[Literal] = []
        for d in defs:
            out += self.definition_values(d, depth + 1)
        return out

    def definition_values(self, d: Definition, depth: int = 0) -> list[Literal]:
        """The literals a definition binds its name to (each definition resolved once)."""
        key = id(d)
        found = self._memo.get(key)
        if found is None:
            self._memo[key] = []  # a cycle (`a = b; b = a`) resolves to nothing
            found = self._memo[key] = self._definition_values(d, depth)
        return found

    def _definition_values(self, d: Definition, depth: int) -> list[Literal]:
        expr = d.expr
        if isinstance(expr, ast.List | ast.Tuple | ast.Set):
            lits = []
            for elt in expr.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    lit = self.literal(elt, d.context, RefKind.CATALOG, d.env_var)
                    lit.kind = RefKind.CATALOG
                    lits.append(lit)
            return lits
        if isinstance(expr, ast.Dict):
            return []
        lits = self.values(expr, d.where, d.context, None, depth)
        for lit in lits:
            if d.env_var and not lit.env_var:
                # `add_argument("--model", default=DEFAULT)`: the constant is configurable too
                lit.env_var = d.env_var
        return lits

    def env_read(self, node: ast.Call) -> tuple[str, ast.expr | None] | None:
        """`env_read`, with a variable name held in a module constant resolved
        (`os.getenv(DEFAULT_MODEL_ENV, "gpt-4o")` reads `DEFAULT_MODEL_ENV`'s value)."""
        env = env_read(node)
        if env is not None and isinstance(node.args[0], ast.Name):
            return literal_str(self.resolve_node(node.args[0])) or env[0], env[1]
        return env

    def resolve_node(self, expr: ast.expr | None) -> ast.expr | None:
        """A module-level name bound to a literal: `Router(model_list=MODEL_LIST)`."""
        depth = 0
        while isinstance(expr, ast.Name) and depth < MAX_DEPTH:
            defs = self.defs.get(("", expr.id)) or self.defs.get((self.where().qual, expr.id))
            if not defs:
                return expr
            expr = defs[-1].expr
            depth += 1
        return expr

    def url(self, expr: ast.expr | None) -> str | None:
        """The URL an expression names (a literal, a module constant, an env default), cleaned."""
        if expr is None:
            return None
        if isinstance(expr, ast.Name):
            for d in reversed(self.defs.get(("", expr.id), [])):
                return self.url(d.expr)
            return None
        text = literal_str(expr)
        if text is None and isinstance(expr, ast.Call):
            env = self.env_read(expr)
            if env is not None and env[1] is not None:
                text = literal_str(env[1])
        if text is None and isinstance(expr, ast.BoolOp):
            for value in expr.values:
                found = self.url(value)
                if found:
                    return found
        return clean_url(text) if text else None
