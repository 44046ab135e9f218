"""Model references in configuration files: YAML, JSON(C), TOML, INI/cfg/conf.

Every format is read by its reader in `sources/parse/` into one positioned tree (`Node`), then one
walker looks for keys that carry a model (`model`, `*_model`, `modelName`, env keys naming MODEL)
and for LiteLLM proxy structure (`model_list`, fallbacks, model groups; REFERENCE.md section 5).
Only values under model keys are ever copied into a detection (plus scheme, host and port of a
sibling URL that points at Ollama): api keys, tokens and any other value are never read into
output. A file that does not parse is a warning plus a line-by-line fallback, so its `model: x`
lines are still found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlsplit

from llmdeps.model import (
    Detection,
    Fallback,
    FallbackStyle,
    Location,
    Reference,
    RefKind,
    Runtime,
    ScanWarning,
)
from llmdeps.sources.base import SourceFile
from llmdeps.sources.idshape import model_like, plausible
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.parse import ini, jsonpos, toml, yamlpos
from llmdeps.sources.parse.spans import LINE_BREAKS, YAML_LINE_BREAKS, Lines, Node, Parsed
from llmdeps.sources.providers import (
    is_litellm_url,
    is_ollama_url,
    is_provider_id,
    runtime_for_provider,
)
from llmdeps.sources.secrets import is_secret_name
from llmdeps.sources.testpaths import is_test_path

_MAX_DEPTH = 100
"""Nesting deeper than this is not walked (configs are shallow; this bounds recursion)."""
_MAX_VISITS = 100_000
"""Node visits per document beyond the nodes the file holds: YAML alias expansion (billion
laughs) stops here instead of hanging, while a large plain document is still walked in full."""

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


def _format_of(name: str) -> str | None:
    low = name.lower()
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
    if low.startswith(("docker-compose", "compose.")):
        return "yaml"
    return None


# --------------------------------------------------------------------------------------------
# Keys and values


_MODEL_KEYS = frozenset(
    {
        "model",
        "model_name",
        "model_id",
        "modelname",
        "modelid",
        "llm_model",
        "embedding_model",
        "chat_model",
        "default_model",
        "base_model",
        "model_tag",
        "llm",
        # Hugging Face training / adapter configs (axolotl, PEFT adapter_config.json)
        "model_name_or_path",
        "base_model_name_or_path",
        "pretrained_model_name_or_path",
    }
)
_CATALOG_KEYS = frozenset({"models", "model_list", "model_ids", "model_names"})
_ENV_PARENTS = frozenset({"environment", "env", "variables", "environment_variables", "env_vars"})
_ENV_NOT_MODEL = re.compile(
    r"(_PATH|_DIR|_DIRS|_FILE|_URL|_URI|_HOST|_CACHE|_HOME|_PORT|_ENDPOINT|_TIMEOUT|_SIZE|_COUNT"
    r"|_TEMPERATURE|_KEEP_ALIVE)$|^OLLAMA_MODELS$|^OLLAMA_MAX_LOADED_MODELS$"
)
# Subtrees that name things that are not model dependencies: package versions, prose, data sets,
# request examples, our own configuration.
_SKIP_SUBTREES = frozenset(
    {
        "dependencies",
        "devdependencies",
        "dev_dependencies",
        "peerdependencies",
        "peer_dependencies",
        "optionaldependencies",
        "optional_dependencies",
        "bundledependencies",
        "bundleddependencies",
        "dependency_groups",
        "resolutions",
        "overrides",
        "engines",
        "description",
        "descriptions",
        "summary",
        "help",
        "example",
        "examples",
        "dataset",
        "datasets",
        "dataset_name",
        "dataset_id",
        "model_index",
        "widget",
        "license",
        "keywords",
        "tags",
        "[tool.llmdeps]",
        "[tool.poetry.dependencies]",
        "[tool.poetry.dev_dependencies]",
        "[project.optional_dependencies]",
    }
)
_PROVIDER_KEYS = frozenset(
    {"provider", "llm_provider", "custom_llm_provider", "api_type", "type", "backend", "engine"}
)
_URL_KEYS = frozenset(
    {
        "api_base",
        "base_url",
        "baseurl",
        "host",
        "url",
        "endpoint",
        "api_url",
        "ollama_host",
        "ollama_base_url",
        "openai_api_base",
        "openai_base_url",
    }
)
_ENV_REF = re.compile(
    r"\$\{(?P<var>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|:=|-|=|:(?![?]))(?P<default>[^}]*))?\}"
)
_NAME_TEXT = re.compile(r"^[\w.:/@+*-]{1,200}$")
_WEIGHT_FILE = re.compile(r"\.(gguf|ggml|bin|safetensors|pt|pth|onnx)$", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=8192)
def _snake(key: str) -> str:
    return _CAMEL.sub("_", key).lower().replace("-", "_")


@lru_cache(maxsize=8192)
def _is_model_key(key: str) -> bool:
    if is_secret_name(key):
        return False
    s = _snake(key.rsplit(".", 1)[-1])  # VS Code style `continue.model`
    return s in _MODEL_KEYS or s.endswith(("_model", "_model_name", "_model_id"))


@lru_cache(maxsize=8192)
def _is_catalog_key(key: str) -> bool:
    if is_secret_name(key):
        return False
    s = _snake(key)
    return s in _CATALOG_KEYS or s.endswith("_models")


@lru_cache(maxsize=8192)
def _is_env_model_key(key: str) -> bool:
    """An environment variable whose name says it holds a model (`LLM_MODEL`, `OLLAMA_MODEL`)."""
    upper = key.upper()
    if "MODEL" not in upper or is_secret_name(key) or _ENV_NOT_MODEL.search(upper):
        return False
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", key) is not None


_PLAIN, _SKIP, _MODEL, _CATALOG, _ENV_SECTION = range(5)
_MAYBE_ROLE = re.compile(r"model|llm|env|variables|\[tool\.", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _key_role(key: str) -> int:
    """What the walker does with a key: descend, skip its subtree, read a model, a catalog, or
    an environment section. One cached call per distinct key."""
    if is_secret_name(key):
        return _SKIP
    if _MAYBE_ROLE.search(key) is None:
        return _SKIP if key.lower().replace("-", "_") in _SKIP_SUBTREES else _PLAIN
    snake = _snake(key)
    if snake in _SKIP_SUBTREES:
        return _SKIP
    if _is_model_key(key):
        return _MODEL
    if _is_catalog_key(key):
        return _CATALOG
    return _ENV_SECTION if snake in _ENV_PARENTS else _PLAIN


@dataclass(frozen=True, slots=True)
class _Value:
    model: str
    env_var: str | None


def _candidate(raw: str, *, strong: bool) -> _Value | None:
    """The model a config value names, if any: `${VAR:-default}` yields its default."""
    text = raw.strip()
    if text.startswith("os.environ/") or "{{" in text or "{%" in text:
        return None
    env_var = None
    match = _ENV_REF.search(text)
    if match:
        if match.group("op") is None:
            return None
        env_var = match.group("var")
        text = text[: match.start()] + match.group("default") + text[match.end() :]
    if "$" in text or text == "*" or text.endswith("/*") or _WEIGHT_FILE.search(text):
        return None
    ok = plausible(text) if strong else model_like(text)
    return _Value(text, env_var) if ok else None


def _runtime_of_value(model: str) -> Runtime:
    head = re.split(r"[/]", model, maxsplit=1)
    if len(head) == 2:
        return runtime_for_provider(head[0])
    return Runtime.UNKNOWN


def _ollama_base_url(raw: str) -> str | None:
    """Scheme, host and port of an Ollama-looking URL; never userinfo, path or query."""
    if not is_ollama_url(raw) or raw.startswith("os.environ/"):
        return None
    try:
        parts = urlsplit(raw if "://" in raw else f"http://{raw}")
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host or not re.fullmatch(r"[A-Za-z0-9.-]+", host):
        return None
    scheme = parts.scheme if parts.scheme in ("http", "https") else "http"
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"


# --------------------------------------------------------------------------------------------
# Lexical fallback for files that do not parse


_LEXICAL = re.compile(
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
            if not (_is_model_key(key) or _is_env_model_key(key)):
                continue
            raw = m.group("value")
            column = m.start("value") + 1
            if raw[0] == '"':
                raw = jsonpos.decode_string(raw)
            elif raw[0] == "'":
                raw = raw[1:-1]
            found = _candidate(raw, strong=False)
            if found is None:
                continue
            if found.env_var:
                at = text.find(found.model, column - 1)
                column = at + 1 if at >= 0 else column
            yield Reference(
                model=found.model,
                location=Location(file.path, number, column, key),
                kind=RefKind.ENV_DEFAULT if found.env_var else RefKind.CONFIG,
                runtime=_runtime_of_value(found.model),
                detector=name,
                env_var=found.env_var,
            )


# --------------------------------------------------------------------------------------------
# The walker


Path = tuple[str | int, ...]
_Groups = dict[str, list[tuple[Node, Reference, bool]]]
"""model_name -> (position, reference, is a deployment model rather than a base_model)."""


_EMBEDDED = (".yaml", ".yml", ".json")
_TESTABLE = frozenset({RefKind.CONFIG, RefKind.CATALOG, RefKind.ENV_DEFAULT})
def _context(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _text(node: Node | None) -> str | None:
    return None if node is None else node.value


@dataclass
class _Walk:
    """One document's walk: collects detections, spends a visit budget, bounds depth."""

    file: SourceFile
    lines: Lines
    detector: str
    prefix: Path = ()
    out: list[Detection] = field(default_factory=list)
    visits: int = 0
    exhausted: bool = False
    seen: set[tuple[str, int, int, str, str]] = field(default_factory=set)
    budget: int = _MAX_VISITS
    nested: bool = False
    """Walking a config embedded in another file's string: no further embedding."""
    test: bool = False
    """The file is a test fixture: its model ids are kind TEST."""
    too_deep: bool = False
    sibling_hints: dict[int, tuple[list[tuple[str, Node, Node]], Runtime, str | None]] = field(
        default_factory=dict
    )

    # -- helpers -------------------------------------------------------------------------------

    def spend(self) -> bool:
        self.visits += 1
        if self.visits > self.budget:
            self.exhausted = True
        return not self.exhausted

    def pairs(self, node: Node | None) -> list[tuple[str, Node, Node]]:
        """(key, key node, value) of a mapping; YAML merge keys (`<<: *base`) are expanded once."""
        if node is None or node.pairs is None:
            return []
        out: list[tuple[str, Node, Node]] = []
        taken = {key.value for key, _value in node.pairs if key.value != "<<"}
        for key, value in node.pairs:
            if key.value == "<<":
                merged = value.items if value.items is not None else [value]
                for base in merged:
                    for k, v in base.pairs or ():
                        if k.value is not None and k.value not in taken and self.spend():
                            taken.add(k.value)  # explicit keys and earlier merges win
                            out.append((k.value, k, v))
            elif key.value is not None:
                out.append((key.value, key, value))
        return out

    def get(self, node: Node | None, key: str) -> Node | None:
        for k, _kn, v in self.pairs(node):
            if k == key:
                return v
        return None

    def column_of(self, node: Node, model: str) -> int:
        at = self.lines.line(node.line).find(model, node.column - 1)
        return at + 1 if at >= 0 else node.column

    def reference(
        self,
        node: Node,
        value: _Value,
        path: Path,
        *,
        kind: RefKind = RefKind.CONFIG,
        runtime: Runtime = Runtime.UNKNOWN,
        env_var: str | None = None,
        group: str | None = None,
        base_url: str | None = None,
        locate: bool = False,
    ) -> Reference:
        column = self.column_of(node, value.model) if (locate or value.env_var) else node.column
        if value.env_var:
            kind = RefKind.ENV_DEFAULT
        return Reference(
            model=value.model,
            location=Location(self.file.path, node.line, column, _context(self.prefix + path)),
            kind=kind,
            runtime=runtime if runtime is not Runtime.UNKNOWN else _runtime_of_value(value.model),
            detector=self.detector,
            env_var=value.env_var or env_var,
            group=group,
            base_url=base_url,
        )

    def emit(self, item: Detection) -> None:
        if isinstance(item, Reference) and self.test and item.kind in _TESTABLE:
            item = replace(item, kind=RefKind.TEST)
        if isinstance(item, Reference):
            loc = item.location
            key = (item.model, loc.line, loc.column, loc.context, item.kind.value)
            if key in self.seen:
                return
            self.seen.add(key)
        self.out.append(item)

    def hints(
        self, siblings: list[tuple[str, Node, Node]], path: Path
    ) -> tuple[Runtime, str | None]:
        """Runtime hint from sibling keys (`provider: ollama`, `api_base: ...:11434`) or parents.

        The sibling part is computed once per mapping (a map of many model keys stays linear).
        """
        cached = self.sibling_hints.get(id(siblings))
        if cached is None or cached[0] is not siblings:
            runtime, base_url = Runtime.UNKNOWN, None
            for key, _kn, value in siblings:
                s = _snake(key)
                text = value.value
                if text is None or is_secret_name(key):
                    continue
                if s in _PROVIDER_KEYS and runtime is Runtime.UNKNOWN:
                    runtime = runtime_for_provider(text)
                elif s in _URL_KEYS and base_url is None:
                    base_url = _ollama_base_url(text.strip())
                    if runtime is Runtime.UNKNOWN and is_litellm_url(text):
                        runtime = Runtime.LITELLM  # a LiteLLM proxy: the model may be a group
            if base_url and runtime is Runtime.UNKNOWN:
                runtime = Runtime.OLLAMA
            cached = (siblings, runtime, base_url)
            self.sibling_hints[id(siblings)] = cached
        _siblings, runtime, base_url = cached
        if runtime is Runtime.UNKNOWN:
            for part in reversed(path[-3:]):
                if isinstance(part, str) and is_provider_id(_snake(part)):
                    runtime = runtime_for_provider(_snake(part))
                    break
        return runtime, base_url

    # -- generic walk --------------------------------------------------------------------------

    def walk(
        self, node: Node, path: Path, depth: int, skip: frozenset[Path] = frozenset()
    ) -> None:
        if depth > _MAX_DEPTH:
            self.too_deep = True
            return
        if not self.spend():
            return
        if node.items is not None:
            for index, item in enumerate(node.items):
                self.walk(item, (*path, index), depth + 1, skip)
            return
        if node.pairs is None:
            return
        siblings = self.pairs(node)
        if {"pk", "fields"} <= {key for key, _kn, _v in siblings}:
            return  # a Django fixture row: `model` is an app label (`auth.user`)
        parent = path[-1] if path else None
        envish = isinstance(parent, str) and _key_role(parent) == _ENV_SECTION
        for key, _kn, value in siblings:
            role = _key_role(key)
            if role == _SKIP or (skip and (*path, key) in skip):
                continue
            if envish:
                if _is_env_model_key(key) or role == _MODEL:
                    self.model_value(value, (*path, key), siblings, depth, env_var=key)
            elif role == _MODEL:
                self.model_value(value, (*path, key), siblings, depth)
            elif role == _CATALOG and value.items is not None:
                self.catalog(value, (*path, key), siblings, depth)
            elif role == _CATALOG and value.pairs is not None:
                self.catalog_keys(value, (*path, key), siblings, depth)
            elif role == _ENV_SECTION and value.items is not None:
                self.env_list(value, (*path, key), depth)
            elif value.pairs is not None or value.items is not None:
                self.walk(value, (*path, key), depth + 1, skip)
            elif value.value and not self.nested and key.lower().endswith(_EMBEDDED):
                self.embedded(value, (*path, key), key)

    def embedded(self, value: Node, path: Path, key: str) -> None:
        """A config file inside a YAML literal block: a Kubernetes ConfigMap holding the LiteLLM
        proxy's `config.yaml: |`. Its lines map one to one onto the file's lines."""
        assert value.value is not None
        if "model" not in value.value.lower() or not self.lines.line(value.line)[
            value.column - 1 :
        ].startswith("|"):
            return
        first = value.line + 1
        while first <= self.lines.count() and not self.lines.line(first).strip():
            first += 1
        raw = self.lines.line(first)
        indent = len(raw) - len(raw.lstrip(" "))
        inner = SourceFile(self.file.path, value.value, key)
        outer = _context(self.prefix + path)
        for item in _scan_text(inner, _format_of(key) or "yaml", self.detector, nested=True):
            if isinstance(item, ScanWarning):
                self.emit(replace(item, reason=f"{item.reason} (block at line {value.line})"))
                continue
            loc = item.location
            line, column = loc.line + value.line, loc.column + indent
            text = self.lines.line(line)
            if column > len(text) + 1 or (
                isinstance(item, Reference) and item.model not in text
            ):  # an indentation indicator or folding moved it: point at the block instead
                line, column = value.line, value.column
            moved = Location(loc.path, line, column, f"{outer}:{loc.context}")
            self.emit(replace(item, location=moved))

    def model_value(
        self,
        value: Node,
        path: Path,
        siblings: list[tuple[str, Node, Node]],
        depth: int,
        *,
        env_var: str | None = None,
    ) -> None:
        if value.items is not None:
            self.catalog(value, path, siblings, depth)
            return
        if value.pairs is not None:
            inner = self.model_in_mapping(value, path, env_var)
            if inner is None:
                self.walk(value, path, depth + 1)
                return
            value, path, siblings = inner
        if value.value is None:
            return
        runtime, base_url = self.hints(siblings, path)
        # next to a LiteLLM proxy URL the value may be a model group (`triage`): any id shape
        found = _candidate(value.value, strong=runtime is Runtime.LITELLM)
        if found is None:
            return
        if runtime is Runtime.UNKNOWN and env_var and "OLLAMA" in env_var.upper():
            runtime = Runtime.OLLAMA
        self.emit(
            self.reference(value, found, path, runtime=runtime, env_var=env_var, base_url=base_url)
        )

    def model_in_mapping(
        self, value: Node, path: Path, env_var: str | None
    ) -> tuple[Node, Path, list[tuple[str, Node, Node]]] | None:
        """The scalar that names the model when a model key holds a mapping, if one does:
        GitLab `{value: x}`, action input `{default: x}` (a JSON-schema property has a `type`
        and is no dependency), `{provider: openai, name: x}` (MLflow gateway and others)."""
        siblings = self.pairs(value)
        keys = {key: node for key, _kn, node in siblings}
        if env_var:
            choices: tuple[str, ...] = ("value",)
        elif "type" in keys:
            return None
        else:
            choices = ("default", "name", "id")
        for key in choices:
            node = keys.get(key)
            if node is not None and node.value is not None:
                if _candidate(node.value, strong=False) is None:
                    return None  # `name: "Llama 3.1 8B"` is a title: look inside instead
                return node, (*path, key) if key != "value" else path, siblings
        return None

    def catalog(
        self,
        value: Node,
        path: Path,
        siblings: list[tuple[str, Node, Node]],
        depth: int,
        kind: RefKind = RefKind.CATALOG,
    ) -> None:
        runtime, base_url = self.hints(siblings, path)
        for index, item in enumerate(value.items or ()):
            if not self.spend():
                return
            if item.value is not None:
                found = _candidate(item.value, strong=False)
                if found is not None:
                    ref = self.reference(item, found, (*path, index), kind=kind, runtime=runtime)
                    self.emit(replace(ref, base_url=base_url))
            elif item.pairs is not None or item.items is not None:
                self.walk(item, (*path, index), depth + 1)

    def catalog_keys(
        self, value: Node, path: Path, siblings: list[tuple[str, Node, Node]], depth: int
    ) -> None:
        """`models: {"llama3.1:8b": {...}}`: the keys are the catalog."""
        runtime, _base = self.hints(siblings, path)
        ollama = any(isinstance(p, str) and "ollama" in p.lower() for p in path)
        for key, key_node, inner in self.pairs(value):
            if ollama and key in ("pull", "run", "create") and inner.items is not None:
                # the ollama-helm chart: `ollama.models.pull: [llama3.2]` pulls at start-up
                self.catalog(inner, (*path, key), [], depth + 1, kind=RefKind.PULL)
                continue
            if key in ("default", "available", "allowed", "enabled", "list") and inner.items:
                # LibreChat `models: {default: [llama3.1:8b], fetch: false}`
                self.catalog(inner, (*path, key), siblings, depth + 1)
                continue
            found = None if is_secret_name(key) else _candidate(key, strong=False)
            if found is not None and found.env_var is None:
                self.emit(
                    self.reference(
                        key_node, found, (*path, key), kind=RefKind.CATALOG, runtime=runtime
                    )
                )
            self.walk(inner, (*path, key), depth + 1)

    def env_list(self, value: Node, path: Path, depth: int) -> None:
        """compose `environment: [LLM_MODEL=x]`, Kubernetes `env: [{name: X, value: y}]`."""
        for index, item in enumerate(value.items or ()):
            if not self.spend():
                return
            if item.value is not None and "=" in item.value:
                name, _eq, raw = item.value.partition("=")
                name = name.strip()
                if not _is_env_model_key(name):
                    continue
                found = _candidate(raw.strip(), strong=False)
                if found is not None:
                    self.emit(
                        self.reference(
                            item,
                            found,
                            (*path, name),
                            env_var=name,
                            runtime=Runtime.OLLAMA if "OLLAMA" in name.upper() else Runtime.UNKNOWN,
                            locate=True,
                        )
                    )
            elif item.pairs is not None:
                var = _text(self.get(item, "name"))
                target = self.get(item, "value")
                if var and target is not None and target.value is not None:
                    if _is_env_model_key(var):
                        found = _candidate(target.value, strong=False)
                        if found is not None:
                            self.emit(self.reference(target, found, (*path, var), env_var=var))
                    continue
                self.walk(item, (*path, index), depth + 1)

    # -- LiteLLM proxy config ------------------------------------------------------------------

    def litellm(self, root: Node) -> frozenset[Path]:
        """model_list deployments, groups, aliases and fallbacks; returns the paths it handled."""
        handled: set[Path] = set()
        model_list = self.get(root, "model_list")
        groups: _Groups = {}
        if model_list is not None and model_list.items is not None:
            handled.add(("model_list",))
            for index, deployment in enumerate(model_list.items):
                if self.spend():
                    self.deployment(deployment, index, groups)
        for group, members in groups.items():
            deployments = [(node, ref) for node, ref, deployed in members if deployed]
            models = list(dict.fromkeys(ref.model for _n, ref in deployments))
            if len(deployments) > 1:
                first = deployments[0][0]
                self.emit(
                    Fallback(
                        Location(
                            self.file.path,
                            first.line,
                            first.column,
                            _context((*self.prefix, "model_list", group)),
                        ),
                        group,
                        tuple(models),
                        FallbackStyle.MODEL_GROUP,
                    )
                )
        for section in ("router_settings", "litellm_settings"):
            settings = self.get(root, section)
            if settings is None or settings.pairs is None:
                continue
            for key, _kn, value in self.pairs(settings):
                path: Path = (section, key)
                if key in ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks"):
                    handled.add(path)
                    self.fallbacks(value, path)
                elif key == "default_fallbacks":
                    handled.add(path)
                    targets = self.names(value)
                    if targets:
                        self.emit(
                            Fallback(
                                self.location(value, path), "*", targets, FallbackStyle.DEFAULT
                            )
                        )
                elif key == "model_group_alias":
                    handled.add(path)
                    self.aliases(value, path, groups)
        return frozenset(handled)

    def location(self, node: Node, path: Path) -> Location:
        return Location(self.file.path, node.line, node.column, _context(self.prefix + path))

    def names(self, value: Node) -> tuple[str, ...]:
        """Group names or model ids as written in a fallback list."""
        nodes = value.items if value.items is not None else [value]
        out = []
        for node in nodes:
            text = node.value
            if text and _NAME_TEXT.match(text) and not text.startswith("os.environ/"):
                out.append(text)
        return tuple(out)

    def deployment(self, deployment: Node, index: int, groups: _Groups) -> None:
        name_node = self.get(deployment, "model_name")
        group = _text(name_node)
        if group is not None and not _NAME_TEXT.match(group):
            group = None
        params = self.get(deployment, "litellm_params")
        siblings = self.pairs(params)
        _runtime, base_url = self.hints(siblings, ())
        model = self.get(params, "model")
        if model is not None and model.value is not None:
            found = _candidate(model.value, strong=True)
            if found is not None:
                ref = self.reference(
                    model,
                    found,
                    ("model_list", index, "litellm_params", "model"),
                    runtime=Runtime.LITELLM,
                    group=group,
                    base_url=base_url,
                )
                self.emit(ref)
                if group is not None and group != "*":
                    groups.setdefault(group, []).append((name_node or model, ref, True))
        base = self.get(self.get(deployment, "model_info"), "base_model")
        if base is not None and base.value is not None:
            found = _candidate(base.value, strong=True)
            if found is not None:
                ref = self.reference(
                    base,
                    found,
                    ("model_list", index, "model_info", "base_model"),
                    runtime=Runtime.LITELLM,
                    group=group,
                )
                self.emit(ref)
                if group is not None and group != "*":
                    groups.setdefault(group, []).append((base, ref, False))

    def fallbacks(self, value: Node, path: Path) -> None:
        for index, item in enumerate(value.items or ()):
            for primary, key_node, targets in self.pairs(item):
                names = self.names(targets)
                if names and _NAME_TEXT.match(primary):
                    self.emit(
                        Fallback(
                            self.location(key_node, (*path, index)),
                            primary,
                            names,
                            FallbackStyle.LITELLM_CONFIG,
                        )
                    )

    def aliases(self, value: Node, path: Path, groups: _Groups) -> None:
        """`model_group_alias: {"gpt-4": "gpt-4o"}`: calls to the alias reach the group."""
        for alias, _kn, target in self.pairs(value):
            group = _text(target) or _text(self.get(target, "model"))
            if not group or not _NAME_TEXT.match(alias):
                continue
            for _node, ref, _deployed in groups.get(group, ()):
                loc = self.location(target, (*path, alias))
                self.emit(replace(ref, location=loc, group=alias))


def _is_litellm(walk: _Walk, root: Node) -> bool:
    model_list = walk.get(root, "model_list")
    if model_list is not None and model_list.items is not None:
        return any(walk.get(d, "litellm_params") is not None for d in model_list.items)
    return any(walk.get(root, s) is not None for s in ("router_settings", "litellm_settings"))


# --------------------------------------------------------------------------------------------
# The detector


_READERS: dict[str, Callable[[str, Lines], Parsed]] = {
    "yaml": yamlpos.read,
    "json": jsonpos.read,
    "toml": toml.read,
    "ini": ini.read,
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
    walk = _Walk(file, lines, name, budget=10**9)
    skip = walk.litellm(tree) if _is_litellm(walk, tree) else frozenset()
    walk.walk(tree, (), 0, skip)
    return bool(walk.out) or walk.too_deep


def _scan_text(
    file: SourceFile, fmt: str, name: str, *, nested: bool = False
) -> Iterator[Detection]:
    """Parse one config text and walk it; a broken file gives a warning and the line fallback."""
    text = file.text
    lines = Lines(text, YAML_LINE_BREAKS if fmt == "yaml" else LINE_BREAKS)
    if fmt == "json" and not _json_may_refer(file, lines, name):
        return
    parsed = _READERS[fmt](text, lines)
    docs, error = parsed.documents, parsed.error
    # only YAML aliases can make a walk longer than the file
    budget = 2 * parsed.nodes + _MAX_VISITS if fmt == "yaml" else 10**9
    exhausted = deep = False
    found: set[tuple[str, int, int]] = set()
    for index, doc in enumerate(docs):
        prefix: Path = (f"doc{index}",) if index else ()
        walk = _Walk(file, lines, name, prefix=prefix, budget=budget, test=is_test_path(file.path))
        skip = walk.litellm(doc) if _is_litellm(walk, doc) else frozenset()
        walk.walk(doc, (), 0, skip)
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
        try:
            yield from _scan_text(file, fmt, self.name)
        except RecursionError:
            yield ScanWarning(file.path, f"{fmt.upper()} nesting too deep to analyse")
