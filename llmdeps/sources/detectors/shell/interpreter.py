"""Interprets shell commands: follows variables and wrappers to the model arguments of known tools.

`MODEL="${LLM_MODEL:-llama3.1:8b}"; ollama pull "$MODEL"` is one argument at the default, which
`LLM_MODEL` overrides; so are make and just variables and workflow `env:`, `matrix` and input
values the dialect readers put in the `Scope`. Commands behind `docker exec`, `sh -c`, `sudo`,
`env`, `echo ... | xargs`, `$(...)` and `ssh` are read too. Knows files only as shell text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.modelfile import is_local_path
from llmdeps.sources.detectors.shell import tools
from llmdeps.sources.detectors.shell.requests import Hit, helm_set, http_request
from llmdeps.sources.idshape import model_like
from llmdeps.sources.localpath import WEIGHTS, local_path
from llmdeps.sources.modelfile_text import modelfile_from
from llmdeps.sources.names import mentions_model, name_says_model, weak_ok
from llmdeps.sources.parse.shellwords import (
    NAME,
    RESERVED,
    Command,
    Segment,
    Word,
    commands,
    strip_quotes,
    substitutions,
    tokenize,
)
from llmdeps.sources.secrets import is_secret_name
from llmdeps.sources.sourceurl import model_source, stored_weights


class Dialect(StrEnum):
    """The kind of file the shell text comes from: it picks the reader and the variable syntax."""

    SHELL = "shell"
    DOCKERFILE = "dockerfile"
    MAKE = "make"
    JUST = "just"
    PROCFILE = "procfile"
    WORKFLOW = "workflow"
    GITLAB = "gitlab"
    COMPOSE = "compose"
    JENKINS = "jenkins"


@dataclass(frozen=True, slots=True)
class Value:
    """A literal a word resolves to: the text, where it is, and which env var overrides it."""

    text: str
    offs: tuple[int, ...]
    kind: RefKind = RefKind.PULL
    env_var: str | None = None


_DEFAULT = lazy_compile(r"\$\{(" + NAME + r"|[0-9]):?[-=](.*)\}$", re.DOTALL)
_VAR = lazy_compile(r"\$(?:(" + NAME + r")|\{(" + NAME + r")(?:\[[@*]\])?\})$")
_MAKE_VAR = lazy_compile(r"\$(?:\((" + NAME + r")\)|\{(" + NAME + r")\})$")
_MAKE_SHELL_VAR = lazy_compile(r"\$\$(?:(" + NAME + r")|\{(" + NAME + r")(?:\[[@*]\])?\})$")
_MAKE_SHELL_DEFAULT = lazy_compile(r"\$\$\{(" + NAME + r"):?[-=](.*)\}$", re.DOTALL)
_GHA_EXPR = lazy_compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_JUST_VAR = lazy_compile(r"\{\{\s*(" + NAME + r")\s*\}\}$")


def split_value(value: Value) -> list[Value]:
    """Word-split an unquoted expansion."""
    out: list[Value] = []
    for match in re.finditer(r"\S+", value.text):
        s, e = match.span()
        out.append(Value(match.group(), value.offs[s:e], value.kind, value.env_var))
    return out


class Scope:
    """Shell variables (and make/just variables) seen so far in a file."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.shell: dict[str, list[Value]] = {}
        self.union = False
        """In a conditional branch: an assignment adds to the values instead of replacing."""
        self.env: dict[str, list[Value]] = {}
        """Environment given by the file around the commands (workflow `env:` keys)."""
        self.outer: dict[str, list[Value]] = {}
        """make or just variables (expanded before the shell sees the text)."""

    def default(self, match: re.Match[str], word: Word) -> list[Value] | None:
        """The literal default of `${NAME:-default}`, overridable by NAME."""
        inner = match.group(2)
        if not inner or any(ch in inner for ch in "${}`"):
            return None
        start = match.start(2)
        text, offs = strip_quotes(inner, word.offs[start : start + len(inner)])
        if not text:
            return None
        if match.group(1).isdigit():  # `${1:-x}`: a script argument's default, not an env var
            return [Value(text, offs)]
        return [Value(text, offs, RefKind.ENV_DEFAULT, match.group(1))]

    def resolve(self, word: Word) -> list[Value] | None:
        """The literal values a word stands for, or None when it is not known."""
        text = word.text
        if not text:
            return None
        if self.dialect is Dialect.MAKE:
            m = _MAKE_VAR.match(text)
            if m:
                return list(self.outer.get(m.group(1) or m.group(2), [])) or None
            m = _MAKE_SHELL_DEFAULT.match(text)
            if m:
                return self.default(m, word)
            m = _MAKE_SHELL_VAR.match(text)
            if m:
                return self._lookup(self.shell, m.group(1) or m.group(2), word.quoted)
            if "$" in text:
                return None
        if self.dialect is Dialect.WORKFLOW:
            m = _GHA_EXPR.fullmatch(text)
            if m:
                return self.expression(m, word)
        if self.dialect is Dialect.JUST:
            m = _JUST_VAR.match(text)
            if m:
                return list(self.outer.get(m.group(1), [])) or None
            if "{{" in text:
                return None
        m = _DEFAULT.match(text)
        if m:
            return self.default(m, word)
        m = _VAR.match(text)
        if m:
            name = m.group(1) or m.group(2)
            table = self.shell if name in self.shell else self.env
            return self._lookup(table, name, word.quoted)
        if any(ch in text for ch in "$`*?[") or "{{" in text:
            return None
        return [Value(text, tuple(word.offs))]

    def expression(self, match: re.Match[str], word: Word) -> list[Value] | None:
        """`${{ matrix.model }}`, `${{ env.M }}`, `${{ inputs.model || 'llama3.2:3b' }}`."""
        out: list[Value] = []
        first: str | None = None
        pos = match.start(1)
        for part in match.group(1).split("||"):
            start = pos + len(part) - len(part.lstrip())
            pos += len(part) + 2
            item = part.strip()
            lit = re.fullmatch(r"'([^']*)'|\"([^\"]*)\"", item)
            if lit:
                value = lit.group(1) if lit.group(1) is not None else lit.group(2)
                offs = tuple(word.offs[start + 1 : start + 1 + len(value)])
                kind = RefKind.ENV_DEFAULT if first else RefKind.PULL
                out.append(Value(value, offs, kind, first))
                continue
            ref = re.fullmatch(r"(?:github\.event\.)?(matrix|env|inputs)\.([\w-]+)", item)
            if ref is None:
                first = first or item
                continue
            scope, name = ref.groups()
            first = first or f"{scope}.{name}"
            table = self.env if scope == "env" else self.outer
            out.extend(table.get(name if scope == "env" else f"{scope}.{name}", []))
        return out or None

    @staticmethod
    def _lookup(table: dict[str, list[Value]], name: str, quoted: bool) -> list[Value] | None:
        values = table.get(name)
        if not values:
            return None
        if quoted:
            return list(values)
        return [part for v in values for part in split_value(v)]

    def assign(self, word: Word, kind: RefKind = RefKind.PULL, env_var: str | None = None) -> bool:
        """`NAME=value` (or `NAME=(a b)`): remember the value; True when the word assigns."""
        m = word.assigns()
        if m is None:
            return False
        name = m.group(1)
        if word.items is not None:
            values = [v for item in word.items for v in (self.resolve(item) or [])]
        else:
            rest = Word(word.text[m.end() :], word.offs[m.end() :], word.quoted)
            resolved = self.resolve(rest) if rest.text else None
            values = resolved or []
            if kind is RefKind.ENV_DEFAULT:
                values = [Value(v.text, v.offs, kind, env_var or name) for v in values]
        self.bind(name, values)
        return True

    def bind(self, name: str, values: list[Value]) -> None:
        """Set a shell variable; inside `if`/`case`/`&&` branches keep the earlier values too."""
        if is_secret_name(name):
            return  # `API_KEY=sk-...`: never held, so never a model argument
        if self.union:
            old = self.shell.get(name, [])
            values = old + [v for v in values if v not in old]
        if values:
            self.shell[name] = values
        else:
            self.shell.pop(name, None)


# ---------------------------------------------------------------------------------------------
# Recognising model-fetching commands


def _base(word: Word) -> str:
    return word.text.rsplit("/", 1)[-1]


def _own_script(words: list[Word]) -> tuple[str, list[Word]] | None:
    """A project's own script and its arguments: `./x.sh ...`, `scripts/x.py ...`, `python x.py
    ...`; None for any other command."""
    first = words[0].text
    if first.startswith("./") or first.endswith((".sh", ".py")):
        return _base(words[0]), words[1:]
    if _base(words[0]).startswith("python") and len(words) > 1 and words[1].text.endswith(".py"):
        return _base(words[1]), words[2:]
    return None


def _positionals(words: list[Word], value_opts: frozenset[str]) -> list[Word]:
    out: list[Word] = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        if w.text.startswith("-") and not w.quoted and len(w.text) > 1:
            skip = w.text in value_opts
            continue
        out.append(w)
    return out


def _option(words: list[Word], names: tuple[str, ...]) -> Word | None:
    for i, w in enumerate(words):
        if w.text in names and i + 1 < len(words):
            return words[i + 1]
        for name in names:
            if w.text.startswith(name + "=") and name.startswith("--"):
                cut = len(name) + 1
                return Word(w.text[cut:], w.offs[cut:], w.quoted)
    return None


def _after(words: list[Word], word: Word) -> list[Word]:
    for i, w in enumerate(words):
        if w is word:
            return words[i + 1 :]
    return []


def _strip_wrappers(words: list[Word]) -> list[Word]:
    while words:
        head = words[0].text
        if words[0].assigns():
            words = words[1:]
        elif head in tools.WRAPPERS:
            words = words[1:]
            while words and words[0].text.startswith("-"):
                flag = words[0].text
                words = words[1:]
                if flag in tools.WRAPPER_VALUE_OPTS and words:
                    words = words[1:]
            if head == "timeout" and words and re.match(r"^\d", words[0].text):
                words = words[1:]
        else:
            break
    return words


def server_options(words: list[Word], runtime: Runtime, label: str) -> Iterator[Hit]:
    """`--model X` / `--model-id X` / `--model-path X` / `--tokenizer X` of a model server's
    command line (vLLM, SGLang, TGI, llama.cpp `-hf`); `--served-model-name` is an alias."""
    seen: set[int] = set()
    for names in tools.SERVER_MODEL_OPTS:
        model = _option(words, names)
        if model is None or not model.offs or model.offs[0] in seen or model.text.startswith("-"):
            continue
        seen.add(model.offs[0])
        found = runtime
        if names[0] == "-m":
            found = Runtime.LOCAL  # llama.cpp `-m /models/x.gguf`: only a path or weights count
        elif found is Runtime.UNKNOWN and names[0] in ("--model", "--tokenizer"):
            found = Runtime.VLLM
        elif found is Runtime.UNKNOWN:
            found = Runtime.HUGGINGFACE
        revision = _option(words, ("--revision",))
        group = _option(words, ("--served-model-name",))
        yield Hit(
            model,
            found,
            f"{label} {names[0]}",
            revision.text if revision is not None and "$" not in revision.text else None,
            group.text if group is not None and "$" not in group.text else None,
        )


@dataclass(frozen=True, slots=True)
class Found:
    """A model argument found: the literal, the command that takes it, and where that command is."""

    value: Value
    hit: Hit
    context: str
    """Where the command sits (`RUN `, `build:`, `jobs.x.steps[0].run:`) and its label."""


class Interpreter:
    """Walks the commands of one file, following variables, and collects the model arguments."""

    def __init__(self, dialect: Dialect) -> None:
        self.scope = Scope(dialect)
        self.seen: set[tuple[int, str]] = set()
        self.found: list[Found] = []
        """In the order the commands come, each literal once."""
        self.assigned: list[Found] = []
        """Literals of model-named variables (`AZURE_OPENAI_DEPLOYMENT_NAME="gpt-35-turbo"`)."""
        self.feed: list[Word] | None = None
        """The words of the command piped into the current one."""

    def run(
        self, seg: Segment, prefix: str = "", function: str | None = None, depth: int = 0
    ) -> None:
        """Interpret one piece of shell text."""
        if depth > 8:
            return
        stack: list[tuple[str, int]] = []
        braces = 0
        feed: list[Word] | None = None
        after = "\n"
        conditional = 0
        for cmd in commands(tokenize(seg)):
            self.feed, feed = feed, (cmd.words if cmd.sep == "|" else None)
            chained, after = after in ("&&", "||"), cmd.sep
            if cmd.function is not None:
                stack.append((cmd.function, braces))
                continue
            words = list(cmd.words)
            if len(words) >= 2 and words[0].text == "function" and not words[0].quoted:
                stack.append((words[1].text.removesuffix("()"), braces))  # `function name {`
                words = words[2:]
            while words and not words[0].quoted and words[0].text in RESERVED:
                if words[0].text == "{":
                    braces += 1
                conditional += words[0].text == "if"
                words = words[1:]
            conditional += bool(words) and words[0].text == "case" and not words[0].quoted
            closing = 0
            ends = 0
            while words and not words[-1].quoted and words[-1].text in ("}", "fi", "done", "esac"):
                closing += words[-1].text == "}"
                ends += words[-1].text in ("fi", "esac")
                words = words[:-1]
            if not closing and words and words[0].text == "}":
                closing = 1
                words = words[1:]
            func = stack[-1][0] if stack else function
            self.scope.union = conditional > 0 or chained or cmd.sep in ("&&", "||")
            self.command(words, cmd, prefix, func, depth)
            self.scope.union = False
            conditional = max(0, conditional - ends)
            braces -= closing
            while stack and braces <= stack[-1][1]:
                stack.pop()

    def command(
        self, words: list[Word], cmd: Command, prefix: str, func: str | None, depth: int
    ) -> None:
        """One simple command: a binding, a loop header, or a possible model command."""
        if self.scope.dialect is not Dialect.MAKE:
            for word in words:
                for inner in substitutions(word):  # `out=$(ollama run llama3 "hi")`
                    self.run(inner, prefix, func, depth + 1)
        if not words:
            for body in cmd.bodies:
                self.run(body, prefix, func, depth + 1)
            return
        for body in cmd.bodies:  # `cat > Modelfile <<EOF` / `ollama create x -f - <<EOF`
            self.modelfile(body, prefix, func)
        head = words[0].text
        if head == "for" and len(words) >= 3 and words[2].text == "in":
            values = [v for w in words[3:] for v in (self.scope.resolve(w) or [])]
            if words[3:]:
                self.scope.bind(words[1].text, values)
            return
        if head in ("export", "local", "readonly", "declare", "typeset"):
            for w in words[1:]:
                if self.scope.assign(w):
                    self._model_variable(w, prefix, func)
            return
        if head == ":":
            for w in words[1:]:
                m = _DEFAULT.match(w.text)
                if m:
                    self.scope.bind(m.group(1), self.scope.default(m, w) or [])
                    self._model_variable(w, prefix, func, m.group(1))
            return
        if all(w.assigns() for w in words):
            for w in words:
                if self.scope.assign(w):
                    self._model_variable(w, prefix, func)
            return
        words = _strip_wrappers(words)
        if words and _base(words[0]) == "xargs":
            self._xargs(words[1:], cmd, prefix, func, depth)
            return
        for hit in self.recognise(words, cmd, prefix, func, depth):
            self.emit(hit, prefix, func)

    def _model_variable(
        self, word: Word, prefix: str, func: str | None, name: str | None = None
    ) -> None:
        """A script's model-named variable set to a model-shaped literal (`X=...`, or the
        default of `: "${X=...}"`) is a reference whether or not a command we know reads it
        (an `az ... --deployment-name "$X"` does)."""
        if name is None:
            m = word.assigns()
            name = m.group(1) if m else ""
        if self.scope.dialect is not Dialect.SHELL or not word.offs:
            return
        first, last = word.offs[0], word.offs[-1]
        values = self.scope.shell.get(name, [])
        here = [v for v in values if v.offs and first <= v.offs[0] <= last]
        self.model_variable(name, here, prefix + (f"{func}:" if func else ""))

    def model_variable(self, name: str, values: list[Value], prefix: str = "") -> None:
        """Keep the model-shaped literals set to a model-named variable (a script's, a make or
        just variable) for `results`."""
        says = name_says_model(name)
        if not (says or mentions_model(name)):
            return
        for value in values:
            if not value.offs:
                continue
            runtime = Runtime.UNKNOWN
            env = value.kind is RefKind.ENV_DEFAULT
            kind = RefKind.ENV_DEFAULT if env else RefKind.CONSTANT
            source = model_source(value.text)
            is_path, names_model = local_path(value.text)
            if source is not None and source[0] is Runtime.HUGGINGFACE:
                runtime = Runtime.HUGGINGFACE  # `MODEL_DOWNLOAD_URL=https://huggingface.co/...`
            elif not says:
                continue
            elif is_path:  # `MODEL="./models/llama-2-7b-chat.bin"`: weights on disk
                if not names_model:
                    continue
                runtime, kind = Runtime.LOCAL, (kind if env else RefKind.LOCAL_FILE)
            elif not weak_ok(value.text):
                continue
            found = Value(value.text, value.offs, kind, value.env_var)
            word = Word(value.text, value.offs)
            self.assigned.append(Found(found, Hit(word, runtime, name), prefix + name))

    def results(self) -> list[Found]:
        """The model arguments, then the model-named variables no command took."""
        out = list(self.found)
        seen = set(self.seen)
        for f in self.assigned:
            key = (f.value.offs[0], f.value.text)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out

    def _xargs(
        self, args: list[Word], cmd: Command, prefix: str, func: str | None, depth: int
    ) -> None:
        """`echo llama3 mistral | xargs -n1 ollama pull`: each echoed word is an argument."""
        feed, self.feed = self.feed, None
        if not feed or feed[0].text not in ("echo", "printf"):
            return
        items = [w for w in feed[1:] if not (w.text.startswith("-") and not w.quoted)]
        if feed[0].text == "printf":
            items = items[1:]
        words = [
            Word(v.text, v.offs)
            for item in items
            for value in (self.scope.resolve(item) or [])
            for v in split_value(value)
        ]
        placeholder: str | None = None
        rest = list(args)
        while rest and rest[0].text.startswith("-"):
            flag = rest.pop(0).text
            if flag.startswith("-I") and len(flag) > 2:
                placeholder = flag[2:]
            elif flag in ("-I", "--replace") and rest:
                placeholder = rest.pop(0).text
            elif flag in tools.XARGS_VALUE_OPTS and rest:
                rest.pop(0)
        if not rest:
            return
        for word in words:
            if placeholder is not None:
                line = [word if w.text == placeholder else w for w in rest]
            else:
                line = [*rest, word]
            for hit in self.recognise(_strip_wrappers(line), cmd, prefix, func, depth + 1):
                self.emit(hit, prefix, func)

    def recognise(
        self, words: list[Word], cmd: Command, prefix: str, func: str | None, depth: int
    ) -> Iterator[Hit]:
        """Model arguments of ollama, vllm, huggingface-cli/hf, llama.cpp; recurse into wrappers."""
        if not words or depth > 8:
            return
        tool = _base(words[0])
        args = words[1:]
        if tool == "ollama":
            yield from self._ollama(args)
        elif tool == "vllm" and args and args[0].text == "serve":
            rest = args[1:]
            model = (
                rest[0]
                if rest and not rest[0].text.startswith("-")
                else _option(rest, ("--model",))
            )
            if model is not None:
                yield Hit(model, Runtime.VLLM, "vllm serve", *self._rev_group(rest))
            tokenizer = _option(rest, ("--tokenizer",))
            if tokenizer is not None:
                yield Hit(tokenizer, Runtime.VLLM, "vllm serve --tokenizer")
        elif tool.startswith("python") and any(
            w.text.startswith("vllm.entrypoints") for w in args[:3]
        ):
            model = _option(args, ("--model",))
            if model is not None:
                yield Hit(model, Runtime.VLLM, "vllm api_server", *self._rev_group(args))
            tokenizer = _option(args, ("--tokenizer",))
            if tokenizer is not None:
                yield Hit(tokenizer, Runtime.VLLM, "vllm api_server --tokenizer")
        elif tool in ("huggingface-cli", "hf") and args and args[0].text == "download":
            rest = args[1:]
            repo_type = _option(rest, ("--repo-type",))
            if repo_type is not None and repo_type.text in ("dataset", "space"):
                return
            pos = _positionals(rest, tools.HF_VALUE_OPTS)
            if pos:
                revision = self._literal(_option(rest, ("--revision",)))
                yield Hit(pos[0], Runtime.HUGGINGFACE, f"{tool} download", revision)
        elif tool.startswith("llama-") or tool == "llamafile":
            model = _option(args, ("-hf", "--hf-repo", "-hfr"))
            if model is not None:
                yield Hit(model, Runtime.HUGGINGFACE, f"{tool} -hf")
            weights = _option(args, ("-m", "--model"))
            if weights is not None:
                yield Hit(weights, Runtime.LOCAL, f"{tool} -m")
        elif tool.startswith("python") and any(
            w.text.startswith("sglang.launch_server") for w in args[:3]
        ):
            yield from server_options(args, Runtime.HUGGINGFACE, "sglang")
        elif tool.startswith("python") and any(
            w.text.startswith("llama_cpp.server") for w in args[:3]
        ):
            yield from server_options(args, Runtime.LOCAL, "llama_cpp.server")  # weights on disk
        elif tool == "tabby" and args and args[0].text in tools.TABBY_MODEL_VERBS:
            for names in tools.TABBY_MODEL_OPTS:
                model = _option(args[1:], names)
                if model is not None:
                    yield Hit(model, Runtime.UNKNOWN, f"tabby {args[0].text} {names[0]}")
        elif tool == "trtllm-serve":  # TensorRT-LLM: `trtllm-serve [serve] <model> [options]`
            pos = _positionals(args, frozenset())
            if pos and pos[0].text == "serve":
                pos = pos[1:]
            if pos:
                yield Hit(pos[0], Runtime.HUGGINGFACE, "trtllm-serve")
        elif tool in ("text-generation-launcher", "text-embeddings-router"):
            yield from server_options(args, Runtime.HUGGINGFACE, tool)  # TGI, TEI
        elif tool == "lms" and args and args[0].text in tools.LMS_MODEL_VERBS:
            pos = _positionals(args[1:], tools.LMS_VALUE_OPTS)
            if pos:
                yield Hit(pos[0], Runtime.LMSTUDIO, f"lms {args[0].text}")
        elif tool in tools.DOCKER_TOOLS:
            yield from self._docker(tool, args, cmd, prefix, func, depth)
        elif tool in tools.KUBECTL_TOOLS and args and args[0].text == "exec":
            texts = [w.text for w in args]
            if "--" in texts:
                rest = args[texts.index("--") + 1 :]
                yield from self.recognise(_strip_wrappers(rest), cmd, prefix, func, depth + 1)
        elif tool in tools.HTTP_TOOLS:
            yield from http_request(tool, args)
        elif tool == "helm" and args and args[0].text in ("install", "upgrade", "template"):
            yield from helm_set(args[1:])
        elif tool in tools.SHELLS or tool in ("ssh", "su"):  # `su user -c "..."` runs a script
            yield from self._shell(tool, args, cmd, prefix, func, depth)
        elif tool.endswith(".llamafile") and "$" not in words[0].text:
            yield Hit(words[0], Runtime.LOCAL, "llamafile")  # the weights are the program
        elif (script := _own_script(words)) is not None:
            # `./tests/e2e/run-test.sh all --model "facebook/opt-125m"`, `python eval.py --model
            # x`: the option's name says model, so a model-shaped value counts (a weak slot)
            model = _option(script[1], tools.SCRIPT_MODEL_OPTS)
            if model is not None and "$" not in model.text and model_like(model.text):
                yield Hit(model, Runtime.UNKNOWN, f"{script[0]} --model")
        elif tool not in tools.PROSE_TOOLS:
            # any other command's model option (`az ... deployment create --model-name x`),
            # read as the script's: a weak slot, so the value must look like a model
            model = _option(args, tools.SCRIPT_MODEL_OPTS)
            if model is not None and "$" not in model.text and model_like(model.text):
                yield Hit(model, Runtime.UNKNOWN, f"{tool} --model")
            source = _option(args, tools.MODEL_SOURCE_OPTS)
            named = model_source(source.text) if source is not None else None
            if source is not None and named is not None:
                # `aibrix_download --model-uri tos://bucket/models/x/` (or `hf://org/name`): where
                # the weights come from
                yield Hit(source, named[0], f"{tool} --model-uri")

    def _ollama(self, args: list[Word]) -> Iterator[Hit]:
        pos = _positionals(args, tools.OLLAMA_VALUE_OPTS)
        if not pos:
            return
        sub = pos[0].text
        if sub in tools.OLLAMA_MODEL_VERBS and len(pos) > 1:
            yield Hit(pos[1], Runtime.OLLAMA, f"ollama {sub}")
        elif sub in tools.OLLAMA_COPY_VERBS:
            for w in pos[1:3]:
                yield Hit(w, Runtime.OLLAMA, "ollama cp")

    def _rev_group(self, words: list[Word]) -> tuple[str | None, str | None]:
        revision = self._literal(_option(words, ("--revision",)))
        group = self._literal(_option(words, ("--served-model-name",)))
        return revision, group

    def _literal(self, word: Word | None) -> str | None:
        if word is None:
            return None
        values = self.scope.resolve(word)
        if values and re.fullmatch(r"[\w.:/@+-]{1,200}", values[0].text):
            return values[0].text
        return None

    def _docker(
        self, tool: str, args: list[Word], cmd: Command, prefix: str, func: str | None, depth: int
    ) -> Iterator[Hit]:
        if tool != "docker-compose" and args and args[0].text == "compose":
            args = args[1:]
            tool = "docker-compose"
        if tool == "docker-compose":
            while args and args[0].text.startswith("-") and not args[0].quoted:
                flag = args[0].text
                args = args[1:]  # `docker compose -f x.yml --profile gpu exec ...`
                if flag in tools.COMPOSE_GLOBAL_VALUE_OPTS and args:
                    args = args[1:]
        if not args:
            return
        sub = args[0].text
        if sub == "exec" or (sub == "run" and tool == "docker-compose"):
            opts = tools.DOCKER_EXEC_VALUE_OPTS if sub == "exec" else tools.COMPOSE_RUN_VALUE_OPTS
            pos = _positionals(args[1:], opts)
            first = pos[0] if pos else None
            if first is None:
                return
            rest = _after(args, first)
            yield from self.recognise(_strip_wrappers(rest), cmd, prefix, func, depth + 1)
        elif sub == "run" and tool != "docker-compose":
            pos = _positionals(args[1:], tools.DOCKER_RUN_VALUE_OPTS)
            image = pos[0].text.split("@", 1)[0].rsplit(":", 1)[0] if pos else ""
            if image.endswith(tools.OLLAMA_IMAGE):
                yield from self._ollama(_after(args, pos[0]))
            elif any(mark in image for mark in tools.SERVER_IMAGES):
                # `docker run vllm/vllm-openai --model x`: the image's entrypoint is the server
                rest = _after(args, pos[0])
                yield from server_options(rest, Runtime.UNKNOWN, image.rsplit("/", 1)[-1])

    def _shell(
        self, tool: str, args: list[Word], cmd: Command, prefix: str, func: str | None, depth: int
    ) -> Iterator[Hit]:
        if tool == "ssh":
            pos = _positionals(args, tools.SSH_VALUE_OPTS)
            scripts = pos[1:]
            if len(scripts) == 1:
                self.run(Segment(scripts[0].text, scripts[0].offs), prefix, func, depth + 1)
            elif scripts:
                yield from self.recognise(_strip_wrappers(scripts), cmd, prefix, func, depth + 1)
        else:
            for i, w in enumerate(args):
                if re.fullmatch(r"-[a-z]*c[a-z]*", w.text) and i + 1 < len(args):
                    script = args[i + 1]
                    self.run(Segment(script.text, script.offs), prefix, func, depth + 1)
                    return
            if any(not w.text.startswith("-") for w in args):
                return  # `bash script.sh`: another file
        for body in cmd.bodies:
            self.run(body, prefix, func, depth + 1)

    def exec_words(self, words: list[Word], prefix: str) -> None:
        """An exec-form argument list; compose healthchecks start with `CMD` / `CMD-SHELL`."""
        if words and words[0].text == "CMD-SHELL":
            for w in words[1:2]:
                self.run(Segment(w.text, w.offs), prefix)
            return
        if words and words[0].text == "CMD":
            words = words[1:]
        if words and words[0].text.startswith("-"):
            # only options: the image's entrypoint is the model server (vLLM, TGI, SGLang)
            for hit in server_options(words, Runtime.UNKNOWN, "args"):
                self.emit(hit, prefix, None)
            return
        for hit in self.recognise(_strip_wrappers(words), Command(words), prefix, None, 0):
            self.emit(hit, prefix, None)

    def modelfile(self, body: Segment, prefix: str, func: str | None) -> None:
        """The `FROM` of a heredoc that is a Modelfile (`modelfile_text.modelfile_from`)."""
        context = prefix + (f"{func}:" if func else "") + "Modelfile FROM"
        for at, model in modelfile_from(body.text):
            offs = tuple(body.offs[at : at + len(model)])
            if len(offs) != len(model) or (offs[0], model) in self.seen:
                continue
            self.seen.add((offs[0], model))
            local = is_local_path(model)
            kind = RefKind.LOCAL_FILE if local else RefKind.MODELFILE
            runtime = Runtime.LOCAL if local else Runtime.OLLAMA
            word = Word(model, offs)
            self.found.append(Found(Value(model, offs, kind), Hit(word, runtime, "FROM"), context))

    def emit(self, hit: Hit, prefix: str, func: str | None) -> None:
        """Record each literal the hit's word resolves to, once per place."""
        values = self.scope.resolve(hit.word)
        if not values:
            return
        context = prefix + (f"{func}:" if func else "") + hit.label
        for value in values:
            if not value.offs:
                continue
            found = hit
            is_path, names_model = local_path(value.text)
            if hit.runtime is Runtime.GOOGLE:
                is_path = False  # `models/gemini-embedding-001` is the API's name of a model
            if hit.runtime is Runtime.LOCAL and stored_weights(value.text):
                value = Value(value.text, value.offs, RefKind.LOCAL_FILE, value.env_var)
            elif is_path or hit.runtime is Runtime.LOCAL:
                # `llama-server -m ./models/x.gguf`, `vllm serve /models/qwen2.5-7b`: on disk
                if not (names_model or WEIGHTS.search(value.text)):
                    continue
                kind = value.kind if value.kind is RefKind.ENV_DEFAULT else RefKind.LOCAL_FILE
                value = Value(value.text, value.offs, kind, value.env_var)
                found = replace(hit, runtime=Runtime.LOCAL)
            elif not tools.model_arg(value.text, hit.runtime):
                continue
            key = (value.offs[0], value.text)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.found.append(Found(value, found, context))


def model_arguments(seg: Segment, prefix: str = "") -> list[Found]:
    """The model arguments of the commands in one piece of shell script, in order."""
    interp = Interpreter(Dialect.SHELL)
    interp.run(seg, prefix)
    return interp.found
