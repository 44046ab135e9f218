"""The walk over one positioned config document: model keys, catalogs, environments, embedded
configs, with a visit budget and a depth bound (the tree may share nodes: YAML aliases)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial

from llmdeps.lazyre import lazy_compile
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
from llmdeps.sources.detectors.config import slots
from llmdeps.sources.detectors.config.keys import (
    PROVIDER_KEYS,
    URL_KEYS,
    Role,
    Value,
    candidate,
    is_deployment_key,
    is_env_model_key,
    key_role,
    ollama_base_url,
    runtime_of_value,
    snake,
)
from llmdeps.sources.detectors.shell.interpreter import Found
from llmdeps.sources.hubpath import hub_id_under_path_key, hub_path_key
from llmdeps.sources.idshape import PROVIDER_WORDS
from llmdeps.sources.parse.spans import Lines, Node
from llmdeps.sources.providers import is_litellm_url, is_provider_id, runtime_for_provider
from llmdeps.sources.secrets import is_secret_name

MAX_DEPTH = 100
"""Nesting deeper than this is not walked (configs are shallow; this bounds recursion)."""
MAX_VISITS = 100_000
"""Node visits per document beyond the nodes the file holds: YAML alias expansion (billion
laughs) stops here instead of hanging, while a large plain document is still walked in full."""

Path = tuple[str | int, ...]
"""Where a node sits in its document: keys and sequence indexes from the root."""
Pairs = list[tuple[str, Node, Node]]
"""(key, key node, value) of one mapping, merge keys expanded."""

_EMBEDDED = (".yaml", ".yml", ".json")
_CONFIG_BLOCK_KEYS = frozenset({"config_file", "config_yaml", "model_config", "configuration"})
"""Keys whose literal block may be a YAML document of its own (read quietly)."""
_ENTRY_POINT_TABLES = (
    "project.scripts",
    "project.gui-scripts",
    "project.entry-points",
    "tool.poetry.scripts",
    "tool.poetry.plugins",
)
"""pyproject tables of entry points: `name = "module:function"`, whatever the name says."""


def _entry_points(path: Path) -> bool:
    """The path lies in a pyproject entry-point table (`[project.scripts]` or nested keys)."""
    dotted = ".".join(str(part).strip("[]") for part in path if isinstance(part, str))
    return any(dotted == t or dotted.startswith(t + ".") for t in _ENTRY_POINT_TABLES)


_TESTABLE = frozenset({RefKind.CONFIG, RefKind.CATALOG, RefKind.ENV_DEFAULT})
# the roles looked up once: an enum member costs a descriptor call on 3.11, and this is per key
_SKIP, _MODEL, _CATALOG, _ENV_SECTION = Role.SKIP, Role.MODEL, Role.CATALOG, Role.ENV_SECTION
# Keys under which a storage URL (`s3://`, `oss://`, `host://`) is where a model's weights come from
_SOURCE_KEYS = frozenset({"uri", "url", "source", "source_uri", "storage_uri", "artifact_url"})
"""Keys of a model mapping that say where its weights come from."""
_SOURCE_PLACE = lazy_compile(r"model|source|weight|checkpoint|artifact", re.IGNORECASE)


def context(path: Path) -> str:
    """`("model_list", 0, "litellm_params")` -> `model_list[0].litellm_params`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def text_of(node: Node | None) -> str | None:
    """The string a node holds, if it is a string scalar."""
    return None if node is None else node.value


@dataclass
class Walk:
    """One document's walk: collects detections, spends a visit budget, bounds depth."""

    file: SourceFile
    lines: Lines
    detector: str
    scan_embedded: Callable[[SourceFile], Iterable[Detection]]
    """Scans a config held in a string (named like a file) of this one, in its own positions."""
    prefix: Path = ()
    out: list[Detection] = field(default_factory=list)
    visits: int = 0
    exhausted: bool = False
    seen: set[tuple[str, int, int, str, str]] = field(default_factory=set)
    budget: int = MAX_VISITS
    test: bool = False
    """The file is a test fixture: its model ids are kind TEST."""
    too_deep: bool = False
    sibling_hints: dict[int, tuple[Pairs, Runtime, str | None]] = field(default_factory=dict)
    commands: bool = True
    """Read container command lines (`command:`/`args:`); off where the shell detector reads
    them (compose and CI files)."""

    # -- helpers -------------------------------------------------------------------------------

    def spend(self) -> bool:
        """Count one visit; False once the budget is spent (the walk then stops)."""
        self.visits += 1
        if self.visits > self.budget:
            self.exhausted = True
        return not self.exhausted

    def pairs(self, node: Node | None) -> Pairs:
        """(key, key node, value) of a mapping; YAML merge keys (`<<: *base`) are expanded once."""
        if node is None or node.pairs is None:
            return []
        out: Pairs = []
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
        """The value of `key` in a mapping (the first one, merge keys included)."""
        for k, _kn, v in self.pairs(node):
            if k == key:
                return v
        return None

    def column_of(self, node: Node, model: str) -> int:
        """The column of `model` in the node's line (a default inside `${VAR:-model}`)."""
        at = self.lines.line(node.line).find(model, node.column - 1)
        return at + 1 if at >= 0 else node.column

    def reference(
        self,
        node: Node,
        value: Value,
        path: Path,
        *,
        kind: RefKind = RefKind.CONFIG,
        runtime: Runtime = Runtime.UNKNOWN,
        env_var: str | None = None,
        group: str | None = None,
        base_url: str | None = None,
        locate: bool = False,
    ) -> Reference:
        """A reference to the model `value` names, at `node`, with the walk's context."""
        column = self.column_of(node, value.model) if (locate or value.env_var) else node.column
        if value.env_var:
            kind = RefKind.ENV_DEFAULT
        return Reference(
            model=value.model,
            location=Location(self.file.path, node.line, column, context(self.prefix + path)),
            kind=kind,
            runtime=runtime if runtime is not Runtime.UNKNOWN else runtime_of_value(value.model),
            detector=self.detector,
            env_var=value.env_var or env_var,
            group=group,
            base_url=base_url,
        )

    def local_reference(
        self, node: Node, local: Value, path: Path, env_var: str | None
    ) -> Reference:
        """A model folder or weights file named in a model slot: a `local-file` reference."""
        ref = self.reference(
            node,
            Value(local.model, None),
            path,
            kind=RefKind.LOCAL_FILE,
            runtime=Runtime.LOCAL,
            locate=True,
        )
        return replace(ref, env_var=local.env_var or env_var)

    def emit(self, item: Detection) -> None:
        """Keep one detection (a reference once per position); test fixtures are kind TEST."""
        if isinstance(item, Reference) and self.test and item.kind in _TESTABLE:
            item = replace(item, kind=RefKind.TEST)
        if isinstance(item, Reference):
            loc = item.location
            key = (item.model, loc.line, loc.column, loc.context, item.kind.value)
            if key in self.seen:
                return
            self.seen.add(key)
        self.out.append(item)

    def hints(self, siblings: Pairs, path: Path) -> tuple[Runtime, str | None]:
        """Runtime hint from sibling keys (`provider: ollama`, `api_base: ...:11434`) or parents.

        The sibling part is computed once per mapping (a map of many model keys stays linear).
        """
        cached = self.sibling_hints.get(id(siblings))
        if cached is None or cached[0] is not siblings:
            runtime, base_url = Runtime.UNKNOWN, None
            for key, _kn, value in siblings:
                s = snake(key)
                text = value.value
                if text is None or is_secret_name(key):
                    continue
                if s in PROVIDER_KEYS and runtime is Runtime.UNKNOWN:
                    runtime = runtime_for_provider(text)
                elif s in URL_KEYS and base_url is None:
                    base_url = ollama_base_url(text.strip())
                    if runtime is Runtime.UNKNOWN and is_litellm_url(text):
                        runtime = Runtime.LITELLM  # a LiteLLM proxy: the model may be a group
            if base_url and runtime is Runtime.UNKNOWN:
                runtime = Runtime.OLLAMA
            cached = (siblings, runtime, base_url)
            self.sibling_hints[id(siblings)] = cached
        _siblings, runtime, base_url = cached
        if runtime is Runtime.UNKNOWN:
            runtime = _spring_ai_runtime(path)
        if runtime is Runtime.UNKNOWN:
            for part in reversed(path[-3:]):
                if isinstance(part, str) and is_provider_id(snake(part)):
                    runtime = runtime_for_provider(snake(part))
                    break
                if isinstance(part, str) and snake(part).startswith("azure_open"):
                    runtime = Runtime.AZURE  # Semantic Kernel's `AzureOpenAI:` section
                    break
        return runtime, base_url

    # -- generic walk --------------------------------------------------------------------------

    def walk(self, node: Node, path: Path, depth: int, skip: frozenset[Path] = frozenset()) -> None:
        """Look for model keys under `node`, except at the paths in `skip` (read already)."""
        if depth > MAX_DEPTH:
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
        if path and self.file.name == "pyproject.toml" and _entry_points(path):
            return  # `[project.scripts] llm = "llm.cli:cli"`: a console script, no model
        parent = path[-1] if path else None
        envish = isinstance(parent, str) and key_role(parent) is _ENV_SECTION
        if self.commands and not envish:
            self.command_line(siblings, path)
        lora = _lora_adapter(siblings)
        for key, _kn, value in siblings:
            role = key_role(key)
            if role is _SKIP or (skip and (*path, key) in skip):
                continue
            if lora is not None and snake(key) in lora:
                if lora[snake(key)]:
                    self.model_value(value, (*path, key), siblings, depth)
                continue
            if value.value is not None and role is not _MODEL and "\n" in value.value:
                self.modelfile(value, (*path, key))
            text = value.value
            if text is not None and "://" in text and self.scheme(value, (*path, key)):
                continue
            if self.commands and value.items is not None and snake(key) in slots.EXTRA_ARG_KEYS:
                self.found_args(partial(slots.extra_args, self.file.text, value), (*path, key))
                continue
            if self.commands and key in slots.SCRIPT_KEYS and value.pairs is None:
                self.found_args(partial(slots.scripts, self.file.text, value), (*path, key))
                continue
            if (
                role is not _MODEL
                and value.value
                and hub_path_key(key)
                and hub_id_under_path_key(value.value)
            ):
                self.emit(self.reference(value, Value(value.value, None), (*path, key)))
            elif envish:
                if is_env_model_key(key) or role is _MODEL:
                    self.model_value(value, (*path, key), siblings, depth, env_var=key)
            elif role is _MODEL or (
                (value.value or value.pairs is not None) and is_deployment_key(key, path)
            ):
                self.model_value(value, (*path, key), siblings, depth)
            elif role is _CATALOG and value.items is not None:
                self.catalog(value, (*path, key), siblings, depth)
            elif role is _CATALOG and value.pairs is not None:
                self.catalog_keys(value, (*path, key), siblings, depth)
            elif role is _CATALOG and value.value and "," in value.value:
                self.catalog_text(value, (*path, key), siblings)
            elif role is _ENV_SECTION and value.items is not None:
                self.env_list(value, (*path, key), depth)
            elif value.pairs is not None or value.items is not None:
                self.walk(value, (*path, key), depth + 1, skip)
            elif value.value and key.lower().endswith(_EMBEDDED):
                self.embedded(value, (*path, key), key)
            elif value.value and "\n" in value.value and snake(key) in _CONFIG_BLOCK_KEYS:
                # LocalAI gallery `config_file: |` holding a model's YAML definition
                self.embedded(value, (*path, key), f"{key}.yaml", quiet=True)

    def command_line(self, siblings: Pairs, path: Path) -> None:
        """A container's `command:`/`args:` (Kubernetes, Helm): model servers' arguments."""
        pairs = {k: v for k, _kn, v in siblings if k in slots.COMMAND_KEYS and (v.items or v.value)}
        if pairs:
            self.found_args(partial(slots.command_line, self.file.text, pairs), path)

    def found_args(self, found: Callable[[], list[Found]], path: Path) -> None:
        """References for the model arguments the shell interpreter finds in a command line."""
        try:
            items = found()
        except Exception:  # a script may hold secrets: no exception text may quote it
            self.emit(ScanWarning(self.file.path, "config: a command line could not be analysed"))
            return
        for item in items:
            line, column = self.lines.position(item.value.offs[0])
            where = context(self.prefix + path)
            self.emit(
                Reference(
                    model=item.value.text,
                    location=Location(self.file.path, line, column, f"{where}:{item.context}"),
                    kind=item.value.kind,
                    runtime=item.hit.runtime,
                    detector=self.detector,
                    revision=item.hit.revision,
                    env_var=item.value.env_var,
                    group=item.hit.group,
                )
            )

    def scheme(self, value: Node, path: Path) -> bool:
        """`url: hf://org/name`, `ollama://gemma2:2b`: a model by its source URL."""
        got = slots.scheme_model(value.value or "")
        if got is None:
            return False
        at, model, runtime = got
        stored = runtime is Runtime.LOCAL
        if stored and not any(isinstance(p, str) and _SOURCE_PLACE.search(p) for p in path):
            return False  # an `s3://` URL counts only where a model's source goes
        _text, offs = slots.chars(self.file.text, value)
        if at >= len(offs):
            return False
        line, column = self.lines.position(offs[at])
        location = Location(self.file.path, line, column, context(self.prefix + path))
        kind = RefKind.LOCAL_FILE if stored else RefKind.CONFIG
        self.emit(Reference(model, location, kind, runtime, self.detector))
        return True

    def modelfile(self, value: Node, path: Path) -> None:
        """A Modelfile held in a string (`template: |` with `FROM llama3.1:8b`)."""
        for offset, model, kind, runtime in slots.modelfile_refs(self.file.text, value):
            line, column = self.lines.position(offset)
            location = Location(self.file.path, line, column, context(self.prefix + path))
            self.emit(Reference(model, location, kind, runtime, self.detector))

    def embedded(self, value: Node, path: Path, key: str, *, quiet: bool = False) -> None:
        """A config file inside a YAML literal block: a Kubernetes ConfigMap holding the LiteLLM
        proxy's `config.yaml: |`. Its lines map one to one onto the file's lines. `quiet`: the
        key does not say the block is YAML, so a block that does not parse is no warning."""
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
        outer = context(self.prefix + path)
        for item in self.scan_embedded(inner):
            if isinstance(item, ScanWarning):
                if not quiet:
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
        siblings: Pairs,
        depth: int,
        *,
        env_var: str | None = None,
    ) -> None:
        """The value of a model key: a model, a list of them, or a mapping that names one."""
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
        named = slots.model_or_weights(value.value, strong=runtime is Runtime.LITELLM)
        if named is not None and named[1]:
            self.emit(self.local_reference(value, named[0], path, env_var))
            return
        found = named[0] if named is not None else None
        if runtime is Runtime.UNKNOWN and env_var and "OLLAMA" in env_var.upper():
            runtime = Runtime.OLLAMA
        if found is None and runtime is Runtime.OLLAMA:
            found = slots.ollama_library_name(value.value)  # `{provider: ollama, model: mistral}`
        if found is None:
            return
        self.emit(
            self.reference(value, found, path, runtime=runtime, env_var=env_var, base_url=base_url)
        )

    def model_in_mapping(
        self, value: Node, path: Path, env_var: str | None
    ) -> tuple[Node, Path, Pairs] | None:
        """The scalar that names the model when a model key holds a mapping, if one does:
        GitLab `{value: x}`, action input `{default: x}` (a JSON-schema property has a `type`
        and is no dependency), `{provider: openai, name: x}` (MLflow gateway and others)."""
        siblings = self.pairs(value)
        keys = {key: node for key, _kn, node in siblings}
        if any(
            snake(key) in _SOURCE_KEYS and node.value and slots.scheme_model(node.value)
            for key, node in keys.items()
        ):
            return None  # KServe `model: {uri: hf://org/name, name: org/name}`: the source
            # is the reference (the walk reads it), the name is what the model is served as
        if env_var:
            choices: tuple[str, ...] = ("value",)
        elif "type" in keys:
            return None
        else:
            choices = ("default", "name", "id", "value")  # ARM / azd parameters: `{value: x}`
        for key in choices:
            node = keys.get(key)
            if node is not None and node.value is not None:
                if candidate(node.value, strong=False) is None:
                    return None  # `name: "Llama 3.1 8B"` is a title: look inside instead
                return node, (*path, key) if key != "value" else path, siblings
        return None

    def catalog(
        self,
        value: Node,
        path: Path,
        siblings: Pairs,
        depth: int,
        kind: RefKind = RefKind.CATALOG,
    ) -> None:
        """`models: [a, b]`: every string item is a model; a list of provider names is none."""
        runtime, base_url = self.hints(siblings, path)
        providers = _provider_list(value)
        for index, item in enumerate(value.items or ()):
            if not self.spend():
                return
            if item.value is not None:
                if providers and _bare_word(item.value):
                    continue  # `[openai, gemini, minimax]`: `minimax` is the provider here
                found = candidate(item.value, strong=False)
                if found is not None:
                    ref = self.reference(item, found, (*path, index), kind=kind, runtime=runtime)
                    self.emit(replace(ref, base_url=base_url))
            elif item.pairs is not None:
                # `model: [{name: org/id, tag: ...}]`, `models: [{id: gpt-4o, ...}]`
                pairs = self.pairs(item)
                got = slots.id_field(pairs)
                skip: frozenset[Path] = frozenset()
                if got is not None:
                    key, node = got
                    found = candidate(node.value or "", strong=False)
                    if found is not None:
                        where = (*path, index, key)
                        ref = self.reference(node, found, where, kind=kind, runtime=runtime)
                        self.emit(replace(ref, base_url=base_url))
                        skip = frozenset({(*path, index, key)})
                self.walk(item, (*path, index), depth + 1, skip)
            elif item.items is not None:
                self.walk(item, (*path, index), depth + 1)

    def catalog_text(self, value: Node, path: Path, siblings: Pairs) -> None:
        """`additional-models=llama3.2, qwen2.5` (Spring AI's Ollama pull list, a properties or
        env value): a comma-separated catalogue in one string, each id at its own column."""
        text = value.value or ""
        runtime, base_url = self.hints(siblings, path)
        line = self.lines.line(value.line)
        offset = 0
        for index, part in enumerate(text.split(",")):
            item = part.strip()
            found = candidate(item, strong=False) if item else None
            at = line.find(item, value.column - 1 + offset) if item else -1
            offset += len(part) + 1
            if found is None or "\n" in text or at < 0:
                continue
            node = replace(value, column=at + 1, value=item)
            ref = self.reference(node, found, (*path, index), kind=RefKind.CATALOG, runtime=runtime)
            self.emit(replace(ref, base_url=base_url))

    def catalog_keys(self, value: Node, path: Path, siblings: Pairs, depth: int) -> None:
        """`models: {"llama3.1:8b": {...}}`: the keys are the catalog."""
        pairs = self.pairs(value)
        if any(_settings_key(key) for key, _kn, _v in pairs):
            # `github-models: {base-url: ..., api-key-env: ..., models: {...}}`: a provider's
            # settings, not a mapping keyed by model id
            self.walk(value, path, depth + 1)
            return
        runtime, _base = self.hints(siblings, path)
        ollama = any(isinstance(p, str) and "ollama" in p.lower() for p in path)
        for key, key_node, inner in pairs:
            if ollama and key in ("pull", "run", "create") and inner.items is not None:
                # the ollama-helm chart: `ollama.models.pull: [llama3.2]` pulls at start-up
                self.catalog(inner, (*path, key), [], depth + 1, kind=RefKind.PULL)
                continue
            if key in ("default", "available", "allowed", "enabled", "list") and inner.items:
                # LibreChat `models: {default: [llama3.1:8b], fetch: false}`
                self.catalog(inner, (*path, key), siblings, depth + 1)
                continue
            # an entry of model settings (`aliases`, `max-input-chars`, `fallback`) says its key
            # is a model id, whatever its shape (`ggml-gpt4all-j`)
            strong = inner.pairs is not None and any(
                snake(k) in _MODEL_SETTINGS or snake(k).startswith(("max_", "context_"))
                for k, _kn, _v in self.pairs(inner)
            )
            found = None if is_secret_name(key) else candidate(key, strong=strong)
            if found is not None and found.env_var is None and not _prefix_key(key):
                self.emit(
                    self.reference(
                        key_node, found, (*path, key), kind=RefKind.CATALOG, runtime=runtime
                    )
                )
                if inner.pairs is not None:
                    self.entry_fallbacks(key, inner, (*path, key), runtime)
            self.walk(inner, (*path, key), depth + 1)

    def entry_fallbacks(self, primary: str, entry: Node, path: Path, runtime: Runtime) -> None:
        """`gpt-4o-mini: {fallback: gpt-4o}` in a catalog keyed by id: a fallback reference."""
        for key, _kn, value in self.pairs(entry):
            if snake(key) not in ("fallback", "fallbacks", "fallback_model", "fallback_models"):
                continue
            nodes = value.items if value.items is not None else [value]
            targets: list[str] = []
            for node in nodes:
                found = None if node.value is None else candidate(node.value, strong=True)
                if found is None or found.env_var is not None:
                    continue
                targets.append(found.model)
                ref = self.reference(node, found, (*path, key), kind=RefKind.FALLBACK)
                self.emit(replace(ref, runtime=ref.runtime if ref.runtime is not Runtime.UNKNOWN
                                  else runtime))  # fmt: skip
            if targets:
                self.emit(
                    Fallback(
                        self.location(value, (*path, key)),
                        primary,
                        tuple(targets),
                        FallbackStyle.CONFIG_CATALOG,
                    )
                )

    def env_list(self, value: Node, path: Path, depth: int) -> None:
        """compose `environment: [LLM_MODEL=x]`, Kubernetes `env: [{name: X, value: y}]`."""
        for index, item in enumerate(value.items or ()):
            if not self.spend():
                return
            if item.value is not None and "=" in item.value:
                name, _eq, raw = item.value.partition("=")
                name = name.strip()
                if not is_env_model_key(name):
                    continue
                # kustomize `literals: [DEFAULT_MODEL="/models/x.bin"]` quotes the value
                named = slots.model_or_weights(raw.strip().strip("\"'"), strong=False)
                if named is not None and named[1]:
                    self.emit(self.local_reference(item, named[0], (*path, name), name))
                elif named is not None:
                    self.emit(
                        self.reference(
                            item,
                            named[0],
                            (*path, name),
                            env_var=name,
                            runtime=Runtime.OLLAMA if "OLLAMA" in name.upper() else Runtime.UNKNOWN,
                            locate=True,
                        )
                    )
            elif item.pairs is not None:
                var = text_of(self.get(item, "name"))
                target = self.get(item, "value")
                if var and target is not None and target.value is not None:
                    if is_env_model_key(var):
                        found = candidate(target.value, strong=False)
                        if found is not None:
                            self.emit(self.reference(target, found, (*path, var), env_var=var))
                    continue
                self.walk(item, (*path, index), depth + 1)

    def location(self, node: Node, path: Path) -> Location:
        """Where `node` is, with the walk's context for `path`."""
        return Location(self.file.path, node.line, node.column, context(self.prefix + path))


_MODEL_SETTINGS = frozenset(
    {
        "aliases",
        "alias",
        "fallback",
        "fallbacks",
        "context_window",
        "context_length",
        "input_cost",
        "output_cost",
        "supports_vision",
        "supports_tools",
        "temperature",
        "display_name",
    }
)
"""Keys of one model's settings: an entry holding one says its key is a model id."""
_SETTINGS = frozenset({"base_url", "api_base", "api_key_env", "api_key", "url", "endpoint"})


def _settings_key(key: str) -> bool:
    """A key of a provider's settings (URL, key variable, a nested `models:`), not a model id."""
    s = snake(key)
    return s in _SETTINGS or s in ("models", "model_list") or is_secret_name(key)


def _prefix_key(key: str) -> bool:
    """A prefix or pattern table key (`gpt-4`, used with startswith) is written `gpt-4*`, `gpt-`."""
    return key.endswith(("-", "*", "/", ":", "."))


def _spring_ai_runtime(path: Path) -> Runtime:
    """`spring.ai.<provider>.chat.options.model` (YAML nesting or one dotted properties key)."""
    parts = [p for part in path if isinstance(part, str) for p in part.split(".")]
    if len(parts) > 3 and parts[0] == "spring" and parts[1] == "ai":
        return runtime_for_provider(parts[2].replace("-", "_"))
    return Runtime.UNKNOWN


_BARE = lazy_compile(r"[A-Za-z][A-Za-z_-]*")


def _bare_word(text: str) -> bool:
    """A word without digits, `/` or `:`: a provider or a family name, not a pinned id."""
    return _BARE.fullmatch(text.strip()) is not None


def _provider_list(value: Node) -> bool:
    """More than half of the list's strings are provider names (`[openai, gemini, minimax]`)."""
    words = [item.value.strip().lower() for item in value.items or () if item.value is not None]
    if len(words) < 2:
        return False
    named = sum(1 for w in words if is_provider_id(w) or w in PROVIDER_WORDS)
    return 2 * named > len(words)


_HUB_ADAPTER_TYPES = frozenset({"huggingface", "hf", "hugging-face", "hugging_face"})


def _lora_adapter(siblings: Pairs) -> dict[str, bool] | None:
    """A LoRA adapter spec (vLLM production-stack `LoraAdapter`): keys read specially, True when
    the key names a model. Beside an `adapterSource`, `baseModel` is the label of a model the
    stack already serves (matched against, not loaded); inside an `adapterSource` of `type:
    huggingface`, `repository` is the adapter's hub repo, which is loaded."""
    keys = {snake(key): node for key, _kn, node in siblings}
    if "adapter_source" in keys and "base_model" in keys:
        return {"base_model": False}
    kind = keys.get("type")
    hub = kind is not None and (kind.value or "").strip().lower() in _HUB_ADAPTER_TYPES
    if hub and "repository" in keys and "adapter_name" in keys:
        return {"repository": True}
    return None
