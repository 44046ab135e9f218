"""Structured model slots in config documents (issue 9, class 2 and 6).

- Container command lines: Kubernetes / Helm `command:` + `args:` lists and strings, `extraArgs`,
  read by the shell interpreter, so `--model X` (vLLM, SGLang `--model-path`, TGI `--model-id`),
  `vllm serve X`, `llama-server -hf X`, `ollama run X` and `sh -c "..."` count wherever a manifest
  puts them. Compose and CI files are the shell detector's: not read here twice.
- Modelfile text in a string value (`template: |` `FROM llama3.1:8b ...`): its `FROM`.
- Which field of a mapping names the model when a list of mappings sits under a model or catalog
  key (a CI matrix `model: [{name: org/id, tag: ...}]`, `models: [{id: gpt-4o, ...}]`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.config.keys import Value, candidate, expand, snake
from llmdeps.sources.detectors.modelfile import is_local_path, ollama_name
from llmdeps.sources.detectors.shell.interpreter import Dialect, Found, Interpreter
from llmdeps.sources.detectors.shell.tools import OPTION_TOOLS
from llmdeps.sources.idshape import FAMILY_PREFIXES
from llmdeps.sources.localpath import local_path
from llmdeps.sources.modelfile_text import modelfile_from
from llmdeps.sources.parse import jsonpos, yamlpos
from llmdeps.sources.parse.shellwords import Segment, Word
from llmdeps.sources.parse.spans import Node, Style
from llmdeps.sources.sourceurl import model_source

COMMAND_KEYS = frozenset({"command", "args", "entrypoint", "cmd"})
"""Container command lines (Kubernetes, Helm charts, Nomad, ECS task definitions)."""
SCRIPT_KEYS = frozenset(
    {"script", "scripts", "run", "bash", "before_script", "after_script", "commands", "cmds",
     "inline"}
)
"""Shell scripts in CI systems other than GitHub and GitLab (Azure Pipelines, CircleCI,
Tekton, Argo, Drone, Buildkite, Taskfile) and in any other YAML: a string or a list of them."""
EXTRA_ARG_KEYS = frozenset({"extra_args", "extraargs", "server_args", "engine_args", "vllm_args"})
"""Option lists appended to a model server's own command line (Helm values)."""
ID_FIELDS = ("model", "model_id", "id", "repo_id", "repo", "model_name", "name", "value")
"""The fields of a mapping in a model list that may hold the id, most specific first."""
_FROM = lazy_compile(r"(?im)^[ \t]*from[ \t]")


def chars(text: str, node: Node) -> tuple[str, tuple[int, ...]]:
    """A string node's value and the file offset of each of its characters."""
    value = node.value or ""
    if node.style is not None:
        got, offs = yamlpos.scalar_text(text, node)
        if got == value and len(offs) == len(value):
            return got, offs
    elif text[node.start : node.start + 1] == '"':
        offs_list = jsonpos.string_offsets(text, node)
        if len(offs_list) == len(value):
            return value, tuple(offs_list)
    start = node.start + (1 if text[node.start : node.start + 1] in ("'", '"') else 0)
    return value, tuple(range(start, start + len(value)))


def _words(text: str, node: Node) -> list[Word]:
    """The exec-form words of a list of scalars."""
    out: list[Word] = []
    for item in node.items or ():
        if item.value is None:
            continue
        value, offs = chars(text, item)
        out.append(Word(value, list(offs), item.style not in (None, Style.PLAIN)))
    return out


def _may_name_a_model(nodes: Iterable[Node]) -> bool:
    """A cheap test before exact offsets are computed: does any value hold a tool or option the
    interpreter recognises (`shell.tools.OPTION_TOOLS`)?"""
    for node in nodes:
        for item in node.items if node.items is not None else [node]:
            if item.value and OPTION_TOOLS.search(item.value):
                return True
    return False


def command_line(text: str, pairs: dict[str, Node]) -> list[Found]:
    """Model arguments of a container's `command` + `args` (either may be a list or a string)."""
    if not _may_name_a_model(pairs.values()):
        return []
    interp = Interpreter(Dialect.SHELL)
    words: list[Word] = []
    for key in ("entrypoint", "command", "cmd", "args"):
        node = pairs.get(key)
        if node is None:
            continue
        if node.items is not None:
            words.extend(_words(text, node))
        elif node.value:
            value, offs = chars(text, node)
            if not words and value.lstrip().startswith("-"):
                # `command: --model-id org/name --port 80`: a plain string of the entrypoint's
                # options (compose), split at spaces as compose does
                words = [
                    Word(m.group(), list(offs[m.start() : m.end()]))
                    for m in _SPACED.finditer(value)
                ]
                continue
            if not words:
                interp.run(Segment(value, offs))
                continue
            words.append(Word(value, list(offs), True))
    if words:
        interp.exec_words(words, "command:")
    return interp.found


def scripts(text: str, node: Node) -> list[Found]:
    """`script: |` / `commands: [...]`: each string is shell text."""
    if not _may_name_a_model([node]):
        return []
    interp = Interpreter(Dialect.SHELL)
    nodes = node.items if node.items is not None else [node]
    for item in nodes:
        if item.value and item.value.strip():
            value, offs = chars(text, item)
            interp.run(Segment(value, offs))
    return interp.found


def extra_args(text: str, node: Node) -> list[Found]:
    """`extraArgs: ["--model", "x"]` or `"--model x --port 8000"`: options of a model server."""
    if not _may_name_a_model([node]):
        return []
    interp = Interpreter(Dialect.SHELL)
    if node.items is not None:
        interp.exec_words(_words(text, node), "args:")
    elif node.value:
        value, offs = chars(text, node)
        if value.lstrip().startswith("-"):
            interp.exec_words(
                [Word(m.group(), list(offs[m.start() : m.end()])) for m in _SPACED.finditer(value)],
                "args:",
            )
    return interp.found


_SPACED = lazy_compile(r"\S+")


def modelfile_refs(text: str, node: Node) -> Iterator[tuple[int, str, RefKind, Runtime]]:
    """`(offset, value, kind, runtime)` of each `FROM` of a Modelfile held in a string value."""
    value = node.value or ""
    if "\n" not in value.strip() and not value.lstrip().upper().startswith("FROM"):
        return
    if _FROM.search(value) is None:
        return
    found = modelfile_from(value)
    if not found:
        return
    _value, offs = chars(text, node)
    for at, model in found:
        if at >= len(offs):
            continue
        if is_local_path(model):
            yield offs[at], model, RefKind.LOCAL_FILE, Runtime.LOCAL
        else:
            yield offs[at], model, RefKind.MODELFILE, Runtime.OLLAMA


def id_field(pairs: list[tuple[str, Node, Node]]) -> tuple[str, Node] | None:
    """The field that names the model in one mapping of a model list, if one does."""
    by_key: dict[str, tuple[str, Node]] = {}
    for key, _kn, node in pairs:
        by_key.setdefault(snake(key), (key, node))
    for field in ID_FIELDS:
        got = by_key.get(field)
        if got is None or got[1].value is None:
            continue
        if candidate(got[1].value, strong=False) is not None:
            return got
    return None



def local_model(text: str) -> tuple[bool, Value | None]:
    """Is the value a path on disk, and the model folder or weights file it names if it names
    one (`sources.localpath`): a `local-file` reference, never a hub id."""
    is_path, names_model = local_path(text)
    return is_path, Value(text.strip(), None) if names_model else None


def model_or_weights(raw: str, *, strong: bool) -> tuple[Value, bool] | None:
    """What a value in a model slot names: (the model, False), or (the model folder or weights
    file on disk, True) for `./models/x.gguf` or `/models/${MODEL_NAME:-llama-2-7b-chat.bin}`
    (a `local-file` reference); None for a path that names no model, or no model at all."""
    expanded = expand(raw)
    is_path, local = local_model(expanded.model if expanded else raw)
    if local is not None:
        return Value(local.model, expanded.env_var if expanded else None), True
    if is_path:
        return None
    found = candidate(raw, strong=strong)
    return (found, False) if found is not None else None


def ollama_library_name(text: str) -> Value | None:
    """A bare Ollama library name that is also a provider word (`mistral`), in a model slot
    whose runtime is Ollama: the slot decides (issue 9, class 8); `ollama` itself is none."""
    value = text.strip()
    if value != text or not ollama_name(value) or not value.lower().startswith(FAMILY_PREFIXES):
        return None
    return Value(value, None)


def scheme_model(text: str) -> tuple[int, str, Runtime] | None:
    """`hf://org/name` / `ollama://gemma2:2b` (KubeAI `url:`, llmaz `uri:`, model sources): (offset
    of the URL in the text, the URL as written, its runtime); identification reads the hub id after
    the scheme (`sources.sourceurl`)."""
    url = text.strip()
    expanded = expand(url)  # `${MODEL_DOWNLOAD_URL:-https://huggingface.co/...}`
    if expanded is not None and expanded.env_var is not None and expanded.model in url:
        url = expanded.model
    source = model_source(url)
    if source is None:
        return None
    if source[0] is not Runtime.LOCAL and candidate(source[1], strong=True) is None:
        return None
    return text.index(url), url, source[0]
