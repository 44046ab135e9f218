"""What a recognised command asks for, and the commands that ask over HTTP: `curl`/`wget` of a
Hub file, a request to Ollama's API or to an OpenAI-compatible or hosted vendor API with a
`"model"` in its body (Gemini's REST API names it in the path), and `helm --set` model keys.
Read by the shell interpreter (`interpreter.Interpreter.recognise`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from llmdeps.model import Runtime
from llmdeps.sources.detectors.shell import tools
from llmdeps.sources.parse.shellwords import Word
from llmdeps.sources.sourceurl import model_source


@dataclass(frozen=True, slots=True)
class Hit:
    """A model argument of a recognised command."""

    word: Word
    """The argument as written; it may still be a variable the scope resolves."""
    runtime: Runtime
    label: str
    """The command as contexts name it: `ollama pull`, `hf download`, `curl /api/pull`."""
    revision: str | None = None
    group: str | None = None
    """`vllm serve --served-model-name`: the name clients ask for."""


def http_request(tool: str, args: list[Word]) -> Iterator[Hit]:
    """`curl`, `wget`, `http`: a Hub file downloaded, or a model asked of an API."""
    for w in args:  # `curl -L -o x.gguf https://huggingface.co/org/repo/resolve/main/x`
        source = model_source(w.text)
        if source is not None and source[0] is Runtime.HUGGINGFACE:
            yield Hit(w, Runtime.HUGGINGFACE, f"{tool} download")
    api = next((m for w in args if (m := tools.OLLAMA_API.search(w.text))), None)
    if api is None:
        yield from _openai_request(tool, args)
        return
    for w in args:
        for m in tools.JSON_MODEL.finditer(w.text):
            model = Word(m.group(2), w.offs[m.start(2) : m.end(2)])
            yield Hit(model, Runtime.OLLAMA, f"{tool} /api/{api.group(1)}")


def _openai_request(tool: str, args: list[Word]) -> Iterator[Hit]:
    """`curl .../v1/chat/completions -d '{"model": "x", ...}'`: an OpenAI-compatible server
    (vLLM, TGI, LiteLLM, LM Studio) or a hosted vendor API is asked for that model."""
    api = next((m for w in args if (m := tools.OPENAI_API.search(w.text))), None)
    hosted = next((w for w in args if tools.HOSTED_API.search(w.text)), None)
    if api is None and hosted is None:
        return
    label = f"{tool} /v1/{api.group(1)}" if api is not None else f"{tool} {_host(hosted)}"
    if hosted is not None and (path := tools.GEMINI_REST_MODEL.search(hosted.text)):
        model = Word(path.group(1), hosted.offs[path.start(1) : path.end(1)])
        yield Hit(model, Runtime.GOOGLE, label)
    google = hosted is not None and "googleapis.com" in hosted.text
    for w in args:
        for m in tools.JSON_MODEL_FIELD.finditer(w.text):
            model = Word(m.group(1), w.offs[m.start(1) : m.end(1)])
            yield Hit(model, Runtime.GOOGLE if google else Runtime.UNKNOWN, label)


def _host(word: Word | None) -> str:
    """`https://api.openai.com/v1/chat/completions` -> `api.openai.com` (a context, no query)."""
    text = word.text if word is not None else ""
    return text.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]


def helm_set(args: list[Word]) -> Iterator[Hit]:
    """`helm install x chart --set servingEngineSpec.modelSpec[0].modelURL=org/name`."""
    for i, w in enumerate(args):
        if w.text in ("--set", "--set-string") and i + 1 < len(args):
            value = args[i + 1]
        elif w.text.startswith(("--set=", "--set-string=")):
            cut = w.text.index("=") + 1
            value = Word(w.text[cut:], w.offs[cut:], w.quoted)
        else:
            continue
        start = 0
        for part in re.split(r"(?<!\\),", value.text):  # `--set a=1,b=2`
            key, eq, raw = part.partition("=")
            at = start + len(key) + 1
            start += len(part) + 1
            if not eq or not raw or not tools.helm_model_key(key):
                continue
            yield Hit(Word(raw, value.offs[at : at + len(raw)]), Runtime.UNKNOWN, "helm --set")
