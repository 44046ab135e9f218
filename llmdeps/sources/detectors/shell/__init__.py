"""Commands that fetch or serve a model: Dockerfiles, shell scripts, Makefiles, CI workflow steps.

`ollama pull|run|create|cp|show|push`, `vllm serve`, `huggingface-cli download` / `hf download`,
`llama-server -hf`, `curl .../api/pull` (also behind `docker exec`, `sh -c`, `sudo`, `env`,
`echo ... | xargs`, `$(...)`). A small shell tokenizer keeps the file offset of every character, so
positions are exact after quote removal, line continuations and heredocs. Variables with a literal
value or a `${VAR:-default}` are followed: `MODEL="${LLM_MODEL:-llama3.1:8b}"; ollama pull
"$MODEL"` is one reference at the default, which `LLM_MODEL` overrides; so are Dockerfile `ARG`,
make `?=`, justfile `env_var_or_default`, and in workflow steps `env:`, `matrix` values and input
defaults. YAML is read lexically and only the command keys (`steps[].run`, GitLab `script`, compose
`command`/`entrypoint`/healthcheck `test`) are interpreted. Comments, prose, `echo` text and
container images (`FROM ollama/ollama`) are not commands.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.idshape import plausible
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.secrets import is_secret_name

# ---------------------------------------------------------------------------------------------
# Text with a file offset per character


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of shell text and, for each character, its offset in the file."""

    text: str
    offs: Sequence[int]

    def slice(self, start: int, end: int) -> Segment:
        """The characters [start, end)."""
        return Segment(self.text[start:end], self.offs[start:end])


def _whole(text: str) -> Segment:
    return Segment(text, range(len(text)))


@dataclass(slots=True)
class Word:
    """A shell word after quote removal; expansions (`$X`, `${X:-d}`, `$(...)`) are kept raw."""

    text: str
    offs: Sequence[int]
    quoted: bool = False
    items: list[Word] | None = None
    """`NAME=(a b c)`: the array's words."""
    qstart: int = 1 << 30
    """Index in `text` of the first character that came from inside quotes."""

    def assigns(self) -> re.Match[str] | None:
        """`NAME=` with the name unquoted: a shell assignment."""
        m = _ASSIGN.match(self.text)
        return m if m is not None and m.end() <= self.qstart else None


@dataclass(slots=True)
class Op:
    """A control operator (`&&`, `;`, newline, ...) or a heredoc marker (`<<`)."""

    op: str


@dataclass(slots=True)
class Body:
    """A heredoc body."""

    segment: Segment


Token = Word | Op | Body

_SEPARATORS = frozenset({"\n", ";", "&&", "||", "|", "&", ";;", "|&", "(", ")", ";&", ";;&"})


_PLAIN = re.compile(r"[^\s\\'\"$`{|&;()<>=]+=?")
_DQ_PLAIN = re.compile(r'[^"\\$]+')


def tokenize(seg: Segment, nested: bool = False) -> list[Token]:
    """Split shell text into words, operators and heredoc bodies; never raises."""
    t, offs = seg.text, seg.offs
    n = len(t)
    tokens: list[Token] = []
    chunks: list[tuple[int, int]] = []  # spans of t that make up the current word
    state = {"in_word": False, "quoted": False, "drop": False}
    qstart = [1 << 30]
    pending: list[tuple[str, bool]] = []

    def build() -> Word:
        if len(chunks) == 1:
            i, j = chunks[0]
            word = Word(t[i:j], offs[i:j], state["quoted"], qstart=qstart[0])
        else:
            where: list[int] = []
            for i, j in chunks:
                where.extend(offs[i:j])
            text = "".join([t[i:j] for i, j in chunks])
            word = Word(text, where, state["quoted"], qstart=qstart[0])
        chunks.clear()
        state["in_word"] = False
        state["quoted"] = False
        qstart[0] = 1 << 30
        return word

    def flush() -> None:
        if state["in_word"]:
            word = build()
            if state["drop"]:
                state["drop"] = False
            else:
                tokens.append(word)

    def quote() -> None:
        state["in_word"] = True
        state["quoted"] = True
        qstart[0] = min(qstart[0], sum(j - i for i, j in chunks))

    def add(i: int, j: int | None = None) -> None:
        """Characters t[i:j] (one when j is None) join the current word."""
        chunks.append((i, i + 1 if j is None else j))
        state["in_word"] = True

    def balanced(i: int, open_: str, close: str) -> int:
        """Index after the bracket that closes the one at t[i]."""
        depth = 0
        j = i
        while j < n:
            if t[j] == open_:
                depth += 1
            elif t[j] == close:
                depth -= 1
                if depth == 0:
                    return j + 1
            elif t[j] == "\\":
                j += 1
            j += 1
        return n

    i = 0
    while i < n:
        c = t[i]
        if c == "\\":
            if t.startswith("\n", i + 1):
                i += 2
            elif t.startswith("\r\n", i + 1):
                i += 3
            elif i + 1 < n:
                add(i + 1)
                i += 2
            else:
                i += 1
            continue
        if c in " \t\r\f\v":
            flush()
            i += 1
            continue
        if c == "\n":
            flush()
            state["drop"] = False
            tokens.append(Op("\n"))
            i += 1
            while pending:
                delim, strip_tabs = pending.pop(0)
                body_start = i
                while i < n:
                    end = t.find("\n", i)
                    end = n if end < 0 else end
                    line = t[i:end].rstrip("\r")
                    if (line.lstrip("\t") if strip_tabs else line) == delim:
                        tokens.append(Body(seg.slice(body_start, i)))
                        i = end + 1
                        break
                    i = end + 1
                else:
                    tokens.append(Body(seg.slice(body_start, n)))
            continue
        if c == "#" and not state["in_word"]:
            end = t.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "'":
            end = t.find("'", i + 1)
            end = n if end < 0 else end
            quote()
            add(i + 1, end)
            i = end + 1
            continue
        if c == '"':
            quote()
            j = i + 1
            while j < n and t[j] != '"':
                if t[j] == "\\" and j + 1 < n and t[j + 1] in '"\\$`\n':
                    if t[j + 1] != "\n":
                        add(j + 1)
                    j += 2
                    continue
                if t[j] == "$" and t.startswith(("{", "("), j + 1):
                    end = balanced(j + 1, t[j + 1], "}" if t[j + 1] == "{" else ")")
                    add(j, end)
                    j = end
                    continue
                plain = _DQ_PLAIN.match(t, j)
                end = plain.end() if plain else j + 1
                add(j, end)
                j = end
            i = j + 1
            continue
        if c == "$" and i + 1 < n and t[i + 1] in "{(":
            end = balanced(i + 1, t[i + 1], "}" if t[i + 1] == "{" else ")")
            add(i, end)
            i = end
            continue
        if c == "{" and t.startswith("{{", i):
            end = t.find("}}", i)
            end = n if end < 0 else end + 2
            add(i, end)
            i = end
            continue
        if c == "`":
            end = t.find("`", i + 1)
            end = n if end < 0 else end + 1
            add(i, end)
            i = end
            continue
        if c == "(" and not nested and chunks and t[chunks[-1][1] - 1] == "=":
            end = balanced(i, "(", ")")
            word = build()
            inner = tokenize(seg.slice(i + 1, max(i + 1, end - 1)), nested=True)
            word.items = [w for w in inner if isinstance(w, Word)]
            tokens.append(word)
            i = end
            continue
        if c in "|&;()":
            flush()
            two = t[i : i + 2]
            op = two if two in ("&&", "||", ";;", "|&", ";&") else c
            tokens.append(Op(op))
            state["drop"] = False
            i += len(op)
            continue
        if c in "<>":
            if state["in_word"] and "".join([t[a:b] for a, b in chunks]).isdigit():
                build()  # a file descriptor (`2>`): not a word
            flush()
            if t.startswith("<<<", i):
                i += 3
                state["drop"] = True
                continue
            if t.startswith("<<", i):
                i += 2
                strip_tabs = t.startswith("-", i)
                i += 1 if strip_tabs else 0
                while i < n and t[i] in " \t":
                    i += 1
                match = re.match(r"""(["']?)([^\s"';&|<>()]+)\1""", t[i:])
                if match:
                    pending.append((match.group(2), strip_tabs))
                    tokens.append(Op("<<"))
                    i += match.end()
                continue
            while i < n and t[i] in "<>&|":
                i += 1
            state["drop"] = True
            continue
        plain = _PLAIN.match(t, i)
        end = plain.end() if plain else i + 1
        add(i, end)
        i = end
    flush()
    return tokens


@dataclass(slots=True)
class Command:
    """A simple command: its words and the heredoc bodies fed to it."""

    words: list[Word] = field(default_factory=list)
    bodies: list[Segment] = field(default_factory=list)
    heredocs: int = 0
    function: str | None = None
    """Set on the pseudo-command that opens `name() {`."""
    sep: str = "\n"
    """The operator that ended the command (`|` when it feeds the next one)."""


def commands(tokens: list[Token]) -> list[Command]:
    """Group tokens into simple commands."""
    out: list[Command] = []
    cur = Command()
    waiting: list[Command] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if isinstance(tok, Word):
            cur.words.append(tok)
        elif isinstance(tok, Body):
            if waiting:
                owner = waiting[0]
                owner.bodies.append(tok.segment)
                if len(owner.bodies) >= owner.heredocs:
                    waiting.pop(0)
        elif tok.op == "<<":
            cur.heredocs += 1
            if not any(c is cur for c in waiting):
                waiting.append(cur)
        elif tok.op in _SEPARATORS:
            is_paren = tok.op == "(" and i + 1 < len(tokens)
            nxt = tokens[i + 1] if is_paren else None
            if is_paren and isinstance(nxt, Op) and nxt.op == ")" and cur.words:
                words = [w.text for w in cur.words]
                if len(words) == 1 or (len(words) == 2 and words[0] == "function"):
                    out.append(Command(function=words[-1]))
                    cur = Command()
                    i += 2
                    continue
            if cur.words or cur.heredocs:
                cur.sep = tok.op
                out.append(cur)
            cur = Command()
        i += 1
    if cur.words or cur.heredocs:
        out.append(cur)
    return out


# ---------------------------------------------------------------------------------------------
# Values of variables


@dataclass(frozen=True, slots=True)
class Value:
    """A literal a word resolves to: the text, where it is, and which env var overrides it."""

    text: str
    offs: tuple[int, ...]
    kind: RefKind = RefKind.PULL
    env_var: str | None = None


_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DEFAULT = re.compile(r"\$\{(" + _NAME + r"|[0-9]):?[-=](.*)\}$", re.DOTALL)
_VAR = re.compile(r"\$(?:(" + _NAME + r")|\{(" + _NAME + r")(?:\[[@*]\])?\})$")
_MAKE_VAR = re.compile(r"\$(?:\((" + _NAME + r")\)|\{(" + _NAME + r")\})$")
_MAKE_SHELL_VAR = re.compile(r"\$\$(?:(" + _NAME + r")|\{(" + _NAME + r")(?:\[[@*]\])?\})$")
_MAKE_SHELL_DEFAULT = re.compile(r"\$\$\{(" + _NAME + r"):?[-=](.*)\}$", re.DOTALL)
_GHA_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_JUST_VAR = re.compile(r"\{\{\s*(" + _NAME + r")\s*\}\}$")
_ASSIGN = re.compile(r"(" + _NAME + r")\+?=")


def _strip_quotes(text: str, offs: Sequence[int]) -> tuple[str, tuple[int, ...]]:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1], tuple(offs[1:-1])
    return text, tuple(offs)


def split_value(value: Value) -> list[Value]:
    """Word-split an unquoted expansion."""
    out: list[Value] = []
    for match in re.finditer(r"\S+", value.text):
        s, e = match.span()
        out.append(Value(match.group(), value.offs[s:e], value.kind, value.env_var))
    return out


class Scope:
    """Shell variables (and make/just variables) seen so far in a file."""

    def __init__(self, dialect: str) -> None:
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
        text, offs = _strip_quotes(inner, word.offs[start : start + len(inner)])
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
        if self.dialect == "make":
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
        if self.dialect == "workflow":
            m = _GHA_EXPR.fullmatch(text)
            if m:
                return self.expression(m, word)
        if self.dialect == "just":
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


@dataclass(frozen=True, slots=True)
class Hit:
    """A model argument of a recognised command."""

    word: Word
    runtime: Runtime
    label: str
    revision: str | None = None
    group: str | None = None


_OLLAMA_VALUE_OPTS = frozenset(
    {
        "-f",
        "--file",
        "-q",
        "--quantize",
        "--quantization",
        "--format",
        "--keepalive",
        "--dimensions",
    }
)
_HF_VALUE_OPTS = frozenset(
    {
        "--repo-type",
        "--revision",
        "--include",
        "--exclude",
        "--cache-dir",
        "--local-dir",
        "--token",
        "--max-workers",
        "--local-dir-use-symlinks",
        "--etag-timeout",
    }
)
_DOCKER_EXEC_VALUE_OPTS = frozenset(
    {"-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys", "--index"}
)
_DOCKER_RUN_VALUE_OPTS = frozenset(
    {
        "-v", "--volume", "-p", "--publish", "-e", "--env", "--name", "--gpus", "-w", "--workdir",
        "--network", "--net", "--entrypoint", "--mount", "-u", "--user", "--env-file", "-l",
        "--label", "--restart", "--runtime", "--shm-size", "-m", "--memory", "--cpus",
        "--add-host", "--device", "--platform", "--pull", "--ipc", "--ulimit", "-h", "--hostname",
    }
)  # fmt: skip
_WRAPPERS = frozenset(
    {"sudo", "env", "nohup", "exec", "time", "command", "nice", "timeout", "doas"}
)
_RESERVED = frozenset({"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"})
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ash", "ksh"})


# Ollama library names that are also provider words (`mistral`) are models after `ollama pull`.
_OLLAMA_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*(?::[\w.-]+)?")
_NOT_NAMES = frozenset(
    {"model", "models", "none", "null", "true", "false", "default", "auto", "llm"}
)


def _model_arg(text: str, runtime: Runtime) -> bool:
    """Is a command's model argument id-shaped? `ollama pull mistral` is, though a provider word."""
    if plausible(text):
        return True
    return (
        runtime is Runtime.OLLAMA
        and text.lower() not in _NOT_NAMES
        and _OLLAMA_NAME.fullmatch(text) is not None
        and not text.replace(".", "").isdigit()
    )


def _base(word: Word) -> str:
    return word.text.rsplit("/", 1)[-1]


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


def _substitutions(word: Word) -> Iterator[Segment]:
    """The command text inside `$(...)` and backquotes of a word (not `$((arithmetic))`)."""
    text = word.text
    if "$(" not in text and "`" not in text:
        return
    i = 0
    while i < len(text):
        if text.startswith("$(", i) and not text.startswith("$((", i):
            depth, j = 0, i + 1
            while j < len(text):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            yield Segment(text[i + 2 : j], word.offs[i + 2 : j])
            i = j + 1
        elif text[i] == "`":
            end = text.find("`", i + 1)
            end = len(text) if end < 0 else end
            yield Segment(text[i + 1 : end], word.offs[i + 1 : end])
            i = end + 1
        else:
            i += 1


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
        elif head in _WRAPPERS:
            words = words[1:]
            while words and words[0].text.startswith("-"):
                flag = words[0].text
                words = words[1:]
                if flag in ("-u", "-g", "-n", "-k", "-s") and words:
                    words = words[1:]
            if head == "timeout" and words and re.match(r"^\d", words[0].text):
                words = words[1:]
        else:
            break
    return words


class Interpreter:
    """Walks commands of one file, following variables, and yields references."""

    def __init__(self, file: SourceFile, text: str, dialect: str, detector: str) -> None:
        self.file = file
        self.text = text
        self.scope = Scope(dialect)
        self.detector = detector
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.seen: set[tuple[int, str]] = set()
        self.found: list[Reference] = []
        self.feed: list[Word] | None = None
        """The words of the command piped into the current one."""

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a file offset."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

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
            while words and not words[0].quoted and words[0].text in _RESERVED:
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
        if self.scope.dialect != "make":
            for word in words:
                for inner in _substitutions(word):  # `out=$(ollama run llama3 "hi")`
                    self.run(inner, prefix, func, depth + 1)
        if not words:
            for body in cmd.bodies:
                self.run(body, prefix, func, depth + 1)
            return
        head = words[0].text
        if head == "for" and len(words) >= 3 and words[2].text == "in":
            values = [v for w in words[3:] for v in (self.scope.resolve(w) or [])]
            if words[3:]:
                self.scope.bind(words[1].text, values)
            return
        if head in ("export", "local", "readonly", "declare", "typeset"):
            for w in words[1:]:
                self.scope.assign(w)
            return
        if head == ":":
            for w in words[1:]:
                m = _DEFAULT.match(w.text)
                if m:
                    self.scope.bind(m.group(1), self.scope.default(m, w) or [])
            return
        if all(w.assigns() for w in words):
            for w in words:
                self.scope.assign(w)
            return
        words = _strip_wrappers(words)
        if words and _base(words[0]) == "xargs":
            self._xargs(words[1:], cmd, prefix, func, depth)
            return
        for hit in self.recognise(words, cmd, prefix, func, depth):
            self.emit(hit, prefix, func)

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
            elif flag in ("-n", "-P", "-L", "-d", "-s", "-E", "-a") and rest:
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
        elif tool.startswith("python") and any(
            w.text.startswith("vllm.entrypoints") for w in args[:3]
        ):
            model = _option(args, ("--model",))
            if model is not None:
                yield Hit(model, Runtime.VLLM, "vllm api_server", *self._rev_group(args))
        elif tool in ("huggingface-cli", "hf") and args and args[0].text == "download":
            rest = args[1:]
            repo_type = _option(rest, ("--repo-type",))
            if repo_type is not None and repo_type.text in ("dataset", "space"):
                return
            pos = _positionals(rest, _HF_VALUE_OPTS)
            if pos:
                revision = self._literal(_option(rest, ("--revision",)))
                yield Hit(pos[0], Runtime.HUGGINGFACE, f"{tool} download", revision)
        elif tool.startswith("llama-"):
            model = _option(args, ("-hf", "--hf-repo", "-hfr"))
            if model is not None:
                yield Hit(model, Runtime.HUGGINGFACE, f"{tool} -hf")
        elif tool in ("docker", "podman", "nerdctl", "docker-compose"):
            yield from self._docker(tool, args, cmd, prefix, func, depth)
        elif tool in ("kubectl", "oc") and args and args[0].text == "exec":
            texts = [w.text for w in args]
            if "--" in texts:
                rest = args[texts.index("--") + 1 :]
                yield from self.recognise(_strip_wrappers(rest), cmd, prefix, func, depth + 1)
        elif tool in ("curl", "wget", "http", "https", "xh"):
            api = next((m for w in args if (m := _OLLAMA_API.search(w.text))), None)
            if api is None:
                return
            for w in args:
                for m in _JSON_MODEL.finditer(w.text):
                    model = Word(m.group(2), w.offs[m.start(2) : m.end(2)])
                    yield Hit(model, Runtime.OLLAMA, f"{tool} /api/{api.group(1)}")
        elif tool in _SHELLS or tool == "ssh":
            yield from self._shell(tool, args, cmd, prefix, func, depth)

    def _ollama(self, args: list[Word]) -> Iterator[Hit]:
        pos = _positionals(args, _OLLAMA_VALUE_OPTS)
        if not pos:
            return
        sub = pos[0].text
        if sub in ("pull", "run", "show", "push", "create") and len(pos) > 1:
            yield Hit(pos[1], Runtime.OLLAMA, f"ollama {sub}")
        elif sub in ("cp", "copy"):
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
        if not args:
            return
        sub = args[0].text
        if sub == "exec":
            pos = _positionals(args[1:], _DOCKER_EXEC_VALUE_OPTS)
            first = pos[0] if pos else None
            if first is None:
                return
            rest = _after(args, first)
            yield from self.recognise(_strip_wrappers(rest), cmd, prefix, func, depth + 1)
        elif sub == "run" and tool != "docker-compose":
            pos = _positionals(args[1:], _DOCKER_RUN_VALUE_OPTS)
            if pos and pos[0].text.split(":", 1)[0].split("@", 1)[0].endswith("ollama/ollama"):
                yield from self._ollama(_after(args, pos[0]))

    def _shell(
        self, tool: str, args: list[Word], cmd: Command, prefix: str, func: str | None, depth: int
    ) -> Iterator[Hit]:
        if tool == "ssh":
            pos = _positionals(args, frozenset({"-i", "-p", "-o", "-l", "-F", "-J", "-L", "-R"}))
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

    def emit(self, hit: Hit, prefix: str, func: str | None) -> None:
        """Turn a hit into references at each literal the word resolves to."""
        values = self.scope.resolve(hit.word)
        if not values:
            return
        context = prefix + (f"{func}:" if func else "") + hit.label
        for value in values:
            if not value.offs or not _model_arg(value.text, hit.runtime):
                continue
            key = (value.offs[0], value.text)
            if key in self.seen:
                continue
            self.seen.add(key)
            line, column = self.position(value.offs[0])
            self.found.append(
                Reference(
                    model=value.text,
                    location=Location(self.file.path, line, column, context),
                    kind=value.kind,
                    runtime=hit.runtime,
                    detector=self.detector,
                    revision=hit.revision,
                    env_var=value.env_var,
                    group=hit.group,
                )
            )


# ---------------------------------------------------------------------------------------------
# File kinds


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without newline or CR) for every line."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line.rstrip("\r")))
        pos += len(line) + 1
    return out


_EXEC_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def exec_form(seg: Segment) -> list[Word] | None:
    """`["ollama", "pull", "x"]` (Dockerfile exec form, YAML flow list) as words."""
    text = seg.text.strip()
    if not text.startswith("[") or not text.endswith("]"):
        return None
    base = seg.text.index("[")
    words: list[Word] = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([^,\s\[\]"\']+)', seg.text[base:]):
        group = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        start = base + m.start(group)
        raw = m.group(group)
        chars: list[str] = []
        offs: list[int] = []
        j = 0
        while j < len(raw):
            if raw[j] == "\\" and j + 1 < len(raw) and group == 1:
                j += 1
            chars.append(raw[j])
            offs.append(seg.offs[start + j])
            j += 1
        words.append(Word("".join(chars), offs, group != 3))
    return words


_OLLAMA_API = re.compile(r"/api/(pull|show|create|generate|chat|embed|embeddings|copy|push)\b")
_JSON_MODEL = re.compile(r'"(model|name|from|source|destination)"\s*:\s*"([^"\\$]+)"')
_TOOLS = re.compile(r"ollama|vllm|huggingface-cli|\bhf\b|llama-|/api/")


class ShellDetector:
    """Model-fetching commands in Dockerfiles, shell, Makefiles, justfiles, CI and compose files."""

    name = "shell"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """By file name; YAML only for CI workflows and compose files."""
        return _dialect(path, name) is not None

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """References in command text; never raises on bad input."""
        text = file.text[1:] if file.text.startswith("\ufeff") else file.text
        if _TOOLS.search(text) is None:
            return  # no command we know can appear: skip tokenizing
        try:
            found = self._scan(file, text)
        except Exception:  # scripts hold secrets too: no exception text may quote them
            yield ScanWarning(file.path, "shell: could not be analysed")
            return
        yield from found

    def _scan(self, file: SourceFile, text: str) -> list[Reference]:
        dialect = _dialect(file.path, file.name) or "shell"
        interp = Interpreter(file, text, "make" if dialect == "make" else dialect, self.name)
        if dialect == "dockerfile":
            _dockerfile(interp, text)
        elif dialect == "make":
            _makefile(interp, text)
        elif dialect == "just":
            _justfile(interp, text)
        elif dialect == "procfile":
            for offset, line in _lines(text):
                m = re.match(r"\s*([\w.-]+)\s*:", line)
                if m and not line.lstrip().startswith("#"):
                    seg = Segment(line[m.end() :], range(offset + m.end(), offset + len(line)))
                    interp.run(seg, f"{m.group(1)}:")
        elif dialect in ("workflow", "gitlab", "compose"):
            _yaml(interp, text, dialect)
        else:
            interp.run(_whole(text))
        return interp.found


def _dialect(path: str, name: str) -> str | None:
    low = name.lower()
    if (
        low in ("dockerfile", "containerfile")
        or low.startswith(("dockerfile.", "containerfile."))
        or low.endswith((".dockerfile", ".containerfile"))
    ):
        return "dockerfile"
    if low.endswith((".sh", ".bash", ".zsh", ".ksh")):
        return "shell"
    if low in ("makefile", "gnumakefile") or low.endswith(".mk"):
        return "make"
    if low in ("justfile", ".justfile"):
        return "just"
    if low == "procfile" or low.startswith("procfile."):
        return "procfile"
    if low.endswith((".yml", ".yaml")):
        slashed = "/" + path.lower()
        if "/.github/workflows/" in slashed or low in ("action.yml", "action.yaml"):
            return "workflow"
        if low.startswith(".gitlab-ci") or "/.gitlab/ci/" in slashed:
            return "gitlab"
        if low.startswith(("docker-compose", "compose.", "compose-")):
            return "compose"
    return None


# -- Dockerfile --------------------------------------------------------------------------------

_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z]+)(?:[ \t]+|$)")
_HEREDOC = re.compile(r"""<<(-?)[ \t]*(["']?)([^\s"';&|<>()]+)\2""")
_RUN_FLAGS = re.compile(r"(?:[ \t]*--[^\s]+)*[ \t]*")


def _dockerfile(interp: Interpreter, text: str) -> None:
    lines = _lines(text)
    escape = "\\"
    for _offset, line in lines[:5]:
        m = re.match(r"\s*#\s*escape\s*=\s*(\S)", line)
        if m:
            escape = m.group(1)
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        stripped = line.strip()
        m = _INSTRUCTION.match(line)
        if not stripped or stripped.startswith("#") or m is None:
            i += 1
            continue
        instruction = m.group(1).upper()
        chars: list[str] = []
        offs: list[int] = []
        start = m.end()
        while True:
            offset, line = lines[i]
            body = line[start:]
            cont = body.rstrip(" \t")
            if cont.endswith(escape):
                piece = cont[:-1]
                chars.append(piece)
                offs.extend(range(offset + start, offset + start + len(piece)))
                i += 1
                start = 0
                while i < len(lines) and (
                    not lines[i][1].strip() or lines[i][1].lstrip().startswith("#")
                ):
                    i += 1
                if i >= len(lines):
                    break
                continue
            chars.append(body)
            offs.extend(range(offset + start, offset + start + len(body)))
            break
        i += 1
        logical = "".join(chars)
        if instruction in ("RUN", "CMD", "ENTRYPOINT"):
            for _dash, _quote, delim in _HEREDOC.findall(logical):
                strip_tabs = bool(_dash)
                while i < len(lines):
                    offset, line = lines[i]
                    chars.append("\n" + line)
                    offs.extend(range(offset - 1, offset + len(line)))
                    i += 1
                    if (line.lstrip("\t") if strip_tabs else line) == delim:
                        break
            seg = Segment("".join(chars) + "\n", [*offs, offs[-1] + 1 if offs else 0])
            flags = _RUN_FLAGS.match(seg.text)
            cut = flags.end() if flags and instruction == "RUN" else 0
            seg = seg.slice(cut, len(seg.text))
            words = exec_form(seg.slice(0, len(logical) - cut))
            prefix = f"{instruction} "
            if words is not None:
                _exec_words(interp, words, prefix)
            else:
                interp.run(seg, prefix)
        elif instruction in ("ARG", "ENV"):
            seg = Segment(logical, offs)
            tokens = [w for w in tokenize(seg) if isinstance(w, Word)]
            kind = RefKind.ENV_DEFAULT if instruction == "ARG" else RefKind.PULL
            if instruction == "ENV" and len(tokens) >= 2 and "=" not in tokens[0].text:
                name, value = tokens[0], tokens[1]  # legacy `ENV NAME value`
                joined = Word(name.text + "=" + value.text, [*name.offs, -1, *value.offs])
                interp.scope.assign(joined, kind)
                continue
            for w in tokens:
                interp.scope.assign(w, kind)


def _exec_words(interp: Interpreter, words: list[Word], prefix: str) -> None:
    """An exec-form argument list; compose healthchecks start with `CMD` / `CMD-SHELL`."""
    if words and words[0].text == "CMD-SHELL":
        for w in words[1:2]:
            interp.run(Segment(w.text, w.offs), prefix)
        return
    if words and words[0].text == "CMD":
        words = words[1:]
    for hit in interp.recognise(_strip_wrappers(words), Command(words), prefix, None, 0):
        interp.emit(hit, prefix, None)


# -- Makefile ----------------------------------------------------------------------------------

_MAKE_ASSIGN = re.compile(
    r"[ \t]*(?:(?:export|override|private)[ \t]+)*("
    + _NAME
    + r")[ \t]*(\?=|::?=|:::=|\+=|!=|=)[ \t]*"
)
_MAKE_RULE = re.compile(r"([^\s:#=][^:#=]*?)[ \t]*::?(?!=)(.*)$")
_MAKE_CONDITIONAL = re.compile(r"[ \t]*(ifeq|ifneq|ifdef|ifndef|else|endif)\b")


def _make_values(
    interp: Interpreter, value: str, start: int, kind: RefKind, env: str | None
) -> list[Value]:
    out: list[Value] = []
    for m in re.finditer(r"\S+", value):
        text, offs = _strip_quotes(m.group(), range(start + m.start(), start + m.end()))
        if "$" not in text and text:
            out.append(Value(text, offs, kind, env))
    return out


def _makefile(interp: Interpreter, text: str) -> None:
    """Variables first (make expands recipes after reading the whole file), then recipes."""
    lines = _lines(text)
    target: str | None = None
    recipes: list[tuple[Segment, str]] = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        end = i
        while end + 1 < len(lines) and lines[end][1].endswith("\\"):
            end += 1
        stop = lines[end][0] + len(lines[end][1])
        if line.startswith("\t") and target is not None:
            body = line[1:].lstrip(" \t@+-")
            first = offset + len(line) - len(body)
            recipes.append((Segment(text[first:stop], range(first, stop)), f"{target}:"))
        elif not line.strip() or line.lstrip().startswith("#") or _MAKE_CONDITIONAL.match(line):
            pass
        elif (m := _MAKE_ASSIGN.match(line)) is not None:
            target = None
            value = line[m.end() :].split("#", 1)[0].rstrip()
            if m.group(2) in ("+=", "!=") or (
                m.group(2) == "?=" and m.group(1) in interp.scope.outer
            ):
                pass
            elif end == i:
                kind = RefKind.ENV_DEFAULT if m.group(2) == "?=" else RefKind.PULL
                env = m.group(1) if m.group(2) == "?=" else None
                values = _make_values(interp, value, offset + m.end(), kind, env)
                if values and not is_secret_name(m.group(1)):
                    interp.scope.outer[m.group(1)] = values
                else:
                    interp.scope.outer.pop(m.group(1), None)
        elif (m := _MAKE_RULE.match(line)) is not None:
            target = m.group(1).split()[0]
            recipe = m.group(2)
            if ";" in recipe:
                cut = offset + m.start(2) + recipe.index(";") + 1
                recipes.append((Segment(text[cut:stop], range(cut, stop)), f"{target}:"))
        else:
            target = None
        i = end + 1
    for segment, prefix in recipes:
        interp.run(segment, prefix)


# -- justfile ----------------------------------------------------------------------------------

_JUST_ASSIGN = re.compile(r"(?:export[ \t]+)?(" + _NAME + r")[ \t]*:=[ \t]*(.*)$")
_JUST_PARAM = re.compile(r"""[ \t]+[+*]?\$?([A-Za-z_][\w-]*)(?:=("[^"]*"|'[^']*'|[^\s:'"]+))?""")
_JUST_ENV = re.compile(
    r"""env(?:_var_or_default)?\(\s*(["'])(""" + _NAME + r""")\1\s*,\s*(["'])([^"']*)\3\s*\)"""
)


def _recipe_header(line: str, offset: int) -> tuple[str, dict[str, list[Value]]] | None:
    """`name param="default" +rest:` -> the name and the literal parameter defaults."""
    m = re.match(r"@?([A-Za-z_][\w-]*)", line)
    if m is None:
        return None
    params: dict[str, list[Value]] = {}
    pos = m.end()
    for p in _JUST_PARAM.finditer(line, pos):
        if p.start() != pos:
            break
        pos = p.end()
        default = p.group(2)
        if default is not None:
            start = offset + p.start(2)
            lit, offs = _strip_quotes(default, range(start, start + len(default)))
            if lit and "{{" not in lit and "(" not in lit:
                params[p.group(1)] = [Value(lit, offs)]
    if not re.match(r"[ \t]*:(?!=)", line[pos:]):
        return None
    return m.group(1), params


def _justfile(interp: Interpreter, text: str) -> None:
    recipe: str | None = None
    params: dict[str, list[Value]] = {}
    bodies: list[tuple[Segment, str, dict[str, list[Value]]]] = []
    for offset, line in _lines(text):
        if line[:1] in (" ", "\t"):
            if recipe is not None and line.strip():
                body = line.lstrip(" \t@-")
                first = offset + len(line) - len(body)
                segment = Segment(body, range(first, first + len(body)))
                bodies.append((segment, f"{recipe}:", params))
            continue
        recipe = None
        if not line.strip() or line.startswith("#"):
            continue
        if (m := _JUST_ASSIGN.match(line)) is not None:
            value, start = m.group(2).rstrip(), offset + m.start(2)
            env = _JUST_ENV.match(value)
            if env:
                vstart = start + env.start(4)
                values = [
                    Value(env.group(4), tuple(range(vstart, vstart + len(env.group(4)))),
                          RefKind.ENV_DEFAULT, env.group(2))
                ]  # fmt: skip
            else:
                lit, offs = _strip_quotes(value, range(start, start + len(value)))
                values = [Value(lit, offs)] if lit and lit != value else []
            if not is_secret_name(m.group(1)):
                interp.scope.outer[m.group(1)] = values
        elif (header := _recipe_header(line, offset)) is not None:
            recipe, params = header
    variables = dict(interp.scope.outer)
    for segment, prefix, local in bodies:
        interp.scope.outer = {**variables, **local}
        interp.run(segment, prefix)


# -- YAML: GitHub workflow run steps, GitLab scripts, compose commands --------------------------

_YAML_KEY = re.compile(r"""(["']?)([^\s"'#:][^"'#:]*?|[^"']+)\1[ \t]*:(?:[ \t]+|$)""")
_YAML_KEYS = {
    "workflow": frozenset({"run"}),
    "gitlab": frozenset({"script", "before_script", "after_script"}),
    "compose": frozenset({"command", "entrypoint", "test"}),
}


@dataclass(slots=True)
class _Entry:
    indent: int
    name: str
    item: bool
    count: int = -1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _path(stack: list[_Entry]) -> str:
    path = ""
    for entry in stack:
        path += entry.name if entry.item or not path else "." + entry.name
    return path


def _yaml(interp: Interpreter, text: str, dialect: str) -> None:
    """Command keys anywhere; for workflows also `env:`, `matrix:` and input defaults."""
    lines = _lines(text)
    keys = _YAML_KEYS[dialect]
    stack: list[_Entry] = []
    tables: dict[str, list[Value]] = {}
    runs: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            i += 1
            continue
        col = _indent(line)
        if stripped.startswith("- ") or stripped == "-":
            while stack and (
                stack[-1].indent > col or (stack[-1].indent == col and stack[-1].item)
            ):
                stack.pop()
            parent = stack[-1] if stack else None
            index = 0
            if parent is not None:
                parent.count += 1
                index = parent.count
            stack.append(_Entry(col, f"[{index}]", True))
            rest = stripped[1:].lstrip(" ")
            col = len(line) - len(rest)
            if not rest:
                i += 1
                continue
            if dialect in _DEFERRED and _YAML_KEY.match(rest) is None:
                parent_path = _path(stack[:-1])
                seg = Segment(rest, range(offset + col, offset + col + len(rest)))
                tables.setdefault(parent_path, []).extend(_yaml_scalars(seg))
        else:
            rest = stripped
        m = _YAML_KEY.match(rest)
        if m is None:
            i += 1
            continue
        while stack and stack[-1].indent >= col and not (stack[-1].item and stack[-1].indent < col):
            stack.pop()
        key = m.group(2).strip()
        stack.append(_Entry(col, key, False))
        if key not in keys:
            head = rest[m.end() :].strip()
            if dialect in _DEFERRED and head and head[:1] not in ("|", ">", "{", "&", "*"):
                start = offset + col + m.end()
                seg = Segment(rest[m.end() :], range(start, start + len(rest) - m.end()))
                tables[_path(stack)] = _yaml_scalars(seg)
            # skip block scalars of other keys: their text is not YAML structure
            i = _block(lines, i, col, False)[1] if head[:1] in ("|", ">") else i + 1
            continue
        if dialect in _DEFERRED:
            # `defaults.run`, `env.run` are not steps
            if dialect != "workflow" or re.search(r"steps\[\d+\]\.run$", _path(stack)):
                runs.append((i, _path(stack)))  # after the whole file: env and matrix come later
            head = rest[m.end() :].strip()
            i = _block(lines, i, col, False)[1] if head[:1] in ("|", ">") else i + 1
            continue
        value_col = col + m.end()
        i = _yaml_value(interp, text, lines, i, col, value_col, _path(stack) + ":", dialect)
    for start, path in runs:
        if dialect == "workflow":
            _workflow_env(interp.scope, tables, path)
        else:
            _gitlab_variables(interp.scope, tables, path)
        offset, line = lines[start]
        m = _YAML_KEY.match(line.lstrip(" -"))
        if m is not None:
            col = len(line) - len(line.lstrip(" -"))
            _yaml_value(interp, text, lines, start, col, col + m.end(), path + ":", dialect)


_DEFERRED = frozenset({"workflow", "gitlab"})
_INPUT_DEFAULT = re.compile(r"on\.(?:workflow_dispatch|workflow_call)\.inputs\.([\w-]+)\.default")
_MATRIX = re.compile(r"jobs\.[^.]+\.strategy\.matrix\.(?:include\[\d+\]\.)?([\w-]+)")


def _workflow_env(scope: Scope, tables: dict[str, list[Value]], run_path: str) -> None:
    """The `env:` (workflow, job, step), matrix and input defaults a run step sees."""
    parts = run_path.split(".")
    job = ".".join(parts[:2]) if parts[0] == "jobs" and len(parts) > 2 else None
    step = run_path.rsplit(".", 1)[0]
    scope.env = {}
    scope.outer = {}
    for level in ("", f"{job}." if job else None, f"{step}."):
        if level is None:
            continue
        for key, values in tables.items():
            name = key[len(level) + 4 :]
            if key.startswith(level + "env.") and "." not in name and not is_secret_name(name):
                scope.env[name] = values
    for key, values in tables.items():
        m = _INPUT_DEFAULT.fullmatch(key)
        if m:
            name = f"inputs.{m.group(1)}"
            scope.outer[name] = [Value(v.text, v.offs, RefKind.ENV_DEFAULT, name) for v in values]
        m = _MATRIX.fullmatch(key)
        if m and job is not None and key.startswith(job + "."):
            scope.outer.setdefault(f"matrix.{m.group(1)}", []).extend(values)


def _gitlab_variables(scope: Scope, tables: dict[str, list[Value]], script_path: str) -> None:
    """Global and job `variables:` (plain or `{value: ...}`) a GitLab script sees."""
    job = script_path.split(".", 1)[0]
    scope.env = {}
    for level in ("variables.", f"{job}.variables."):
        for key, values in tables.items():
            if key.startswith(level):
                name = key[len(level) :].removesuffix(".value")
                if "." not in name and not is_secret_name(name):
                    scope.env[name] = values


def _yaml_scalars(seg: Segment) -> list[Value]:
    """The literal(s) of an inline YAML value: a scalar or a flow list of scalars."""
    head = seg.text.strip()
    if head.startswith("["):
        words = exec_form(_scalar(seg) if "#" in head else seg) or []
        return [Value(w.text, tuple(w.offs)) for w in words if w.text]
    lead = len(seg.text) - len(seg.text.lstrip())
    scalar = _scalar(seg.slice(lead, len(seg.text)))
    if not scalar.text or "${{" in scalar.text:
        return []
    return [Value(scalar.text, tuple(scalar.offs))]


def _block(lines: list[tuple[int, str]], i: int, key_col: int, folded: bool) -> tuple[Segment, int]:
    """The block scalar starting after line i, and the index of the first line after it."""
    chars: list[str] = []
    offs: list[int] = []
    indent: int | None = None
    j = i + 1
    while j < len(lines):
        offset, line = lines[j]
        if line.strip():
            if _indent(line) <= key_col:
                break
            if indent is None:
                indent = _indent(line)
            cut = min(indent, _indent(line))
            chars.append(line[cut:])
            offs.extend(range(offset + cut, offset + len(line)))
        chars.append(" " if folded and line.strip() else "\n")
        offs.append(offset + len(line))
        j += 1
    return Segment("".join(chars), offs), j


def _scalar(seg: Segment) -> Segment:
    """An inline YAML scalar without its quotes or trailing comment."""
    text = seg.text.rstrip()
    if text[:1] in ("'", '"'):
        end = text.rfind(text[0])
        if end > 0:
            return seg.slice(1, end)
        return seg.slice(1, len(text))
    m = re.search(r"[ \t]#", text)
    return seg.slice(0, m.start() if m else len(text))


def _yaml_value(
    interp: Interpreter,
    text: str,
    lines: list[tuple[int, str]],
    i: int,
    key_col: int,
    value_col: int,
    prefix: str,
    dialect: str,
) -> int:
    """Interpret the value of a command key; return the next line index to read."""
    offset, line = lines[i]
    value = line[value_col:]
    seg = Segment(value, range(offset + value_col, offset + len(line)))
    head = value.strip()
    if head[:1] in ("|", ">"):
        block, nxt = _block(lines, i, key_col, head.startswith(">"))
        interp.run(block, prefix)
        return nxt
    if head.startswith("["):
        words = exec_form(_scalar(seg) if "#" in head else seg)
        if words is not None:
            _exec_words(interp, words, prefix)
        return i + 1
    if head:
        chars: list[str] = []
        offs: list[int] = []
        lead = len(value) - len(value.lstrip())
        chars.append(value[lead:])
        offs.extend(seg.offs[lead:])
        j = i + 1
        while j < len(lines) and lines[j][1].strip() and _indent(lines[j][1]) > key_col:
            o, ln = lines[j]
            body = ln.strip()
            if head[:1] not in ("'", '"') and (body.startswith("#") or _YAML_KEY.match(body)):
                break
            chars.append(" " + body)
            offs.append(o - 1)
            offs.extend(range(o + _indent(ln), o + _indent(ln) + len(body)))
            j += 1
        interp.run(_scalar(Segment("".join(chars), offs)), prefix)
        return j
    # a block sequence of commands (GitLab script, compose command list)
    j = i + 1
    items: list[Word] = []
    scripts: list[Segment] = []
    while j < len(lines):
        o, ln = lines[j]
        s = ln.strip()
        if not s or s.startswith("#"):
            j += 1
            continue
        if _indent(ln) < key_col or not (s.startswith("- ") or s == "-"):
            break
        item_col = len(ln) - len(s) + 2
        item = Segment(ln[item_col:], range(o + item_col, o + len(ln)))
        if item.text.strip()[:1] in ("|", ">"):
            scalar, j = _block(lines, j, len(ln) - len(s), item.text.strip().startswith(">"))
        else:
            lead = len(item.text) - len(item.text.lstrip())
            scalar = _scalar(item.slice(lead, len(item.text)))
            j += 1
        scripts.append(scalar)
        items.append(Word(scalar.text, list(scalar.offs), True))
    if dialect == "compose":
        _exec_words(interp, items, prefix)
        scripts = [seg for seg in scripts if re.search(r"\s", seg.text.strip())]
    for script in scripts:
        interp.run(script, prefix)
    return j
