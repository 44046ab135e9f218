"""Commands that fetch or serve a model: Dockerfiles, shell scripts, Makefiles, CI workflow steps,
Jenkinsfile `sh` steps.

`ollama pull|run|create|cp|show|push`, `vllm serve`, `huggingface-cli download` / `hf download`,
`llama-server -hf`, `curl .../api/pull` (also behind `docker exec`, `sh -c`, `sudo`, `env`,
`echo ... | xargs`, `$(...)`). The shell tokenizer (`parse.shellwords`) keeps the file offset of
every character, so positions are exact after quote removal, line continuations and heredocs.
Variables with a literal value or a `${VAR:-default}` are followed:
`MODEL="${LLM_MODEL:-llama3.1:8b}"; ollama pull "$MODEL"` is one reference at the default, which
`LLM_MODEL` overrides; so are Dockerfile `ARG`, make `?=`, justfile `env_var_or_default`, and in
workflow steps `env:`, `matrix` values and input defaults. Comments, prose, `echo` text and
container images (`FROM ollama/ollama`) are not commands.

This module picks the dialect by file name and hands the file to its reader: `dockerfile.py`,
`make.py` (Makefile, justfile), `ci.py` (GitHub, GitLab, compose YAML) or, for shell scripts, the
`interpreter.py` directly; `tools.py` holds what the recognised tools' command lines look like.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.shell.ci import read_ci_yaml
from llmdeps.sources.detectors.shell.dockerfile import read_dockerfile
from llmdeps.sources.detectors.shell.frontmatter import frontmatter
from llmdeps.sources.detectors.shell.interpreter import Dialect, Found, Interpreter
from llmdeps.sources.detectors.shell.make import read_justfile, read_makefile
from llmdeps.sources.detectors.shell.tools import TOOLS
from llmdeps.sources.idshape import model_like
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.names import name_says_model
from llmdeps.sources.parse.shellwords import Segment, offset_lines, whole
from llmdeps.sources.secrets import looks_like_secret

__all__ = ["ShellDetector"]


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
        front = frontmatter(text) if text.startswith("#!") else None
        if front is not None:
            # `#!/usr/bin/env -S mcphost script` + `---` YAML `---`: a config, then a prompt
            from llmdeps.sources.detectors.config import ConfigDetector

            yield from ConfigDetector().scan(SourceFile(file.path, front, file.name + ".yaml"))
            return
        if TOOLS.search(text) is None and not _model_variables(file, text):
            return  # no command we know can appear: skip tokenizing
        try:
            found = self._scan(file, text)
        except Exception:  # scripts hold secrets too: no exception text may quote them
            yield ScanWarning(file.path, "shell: could not be analysed")
            return
        yield from found

    def _scan(self, file: SourceFile, text: str) -> list[Reference]:
        dialect = _dialect(file.path, file.name) or Dialect.SHELL
        interp = Interpreter(dialect)
        if dialect is Dialect.DOCKERFILE:
            read_dockerfile(interp, text)
        elif dialect is Dialect.MAKE:
            read_makefile(interp, text)
        elif dialect is Dialect.JUST:
            read_justfile(interp, text)
        elif dialect is Dialect.PROCFILE:
            _read_procfile(interp, text)
        elif dialect is Dialect.JENKINS:
            _read_jenkinsfile(interp, text)
        elif dialect in (Dialect.WORKFLOW, Dialect.GITLAB, Dialect.COMPOSE):
            read_ci_yaml(interp, text, dialect)
        else:
            interp.run(whole(text))
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        found = [self._reference(file, line_starts, f) for f in interp.results()]
        if dialect is Dialect.SHELL and "@option" in text:
            found.extend(self._argc_defaults(file, text, line_starts))
        return found

    def _argc_defaults(self, file: SourceFile, text: str, starts: list[int]) -> list[Reference]:
        """argc's `# @option -m --model=gemini-1.5-pro-latest $GEMINI_MODEL`: a script's model
        option and the default it runs with (the comment is argc's declaration of the option)."""
        out = []
        for m in _ARGC_OPTION.finditer(text):
            name, value = m.group(1), m.group(2)
            if not name_says_model(name) or not model_like(value) or looks_like_secret(value):
                continue
            line = bisect_right(starts, m.start(2))
            column = m.start(2) - starts[line - 1] + 1
            location = Location(file.path, line, column, f"argc --{name}")
            out.append(Reference(value, location, RefKind.CONSTANT, Runtime.UNKNOWN, self.name))
        return out

    def _reference(self, file: SourceFile, line_starts: list[int], found: Found) -> Reference:
        offset = found.value.offs[0]
        line = bisect_right(line_starts, offset)
        column = offset - line_starts[line - 1] + 1
        return Reference(
            model=found.value.text,
            location=Location(file.path, line, column, found.context),
            kind=found.value.kind,
            runtime=found.hit.runtime,
            detector=self.name,
            revision=found.hit.revision,
            env_var=found.value.env_var,
            group=found.hit.group,
        )


_ARGC_OPTION = lazy_compile(
    r"(?m)^#[ \t]*@option[ \t]+(?:-\w[ \t]+)?--([\w-]{1,60})=([^\s$`\[]{2,200})"
)
_MODEL_ASSIGN = lazy_compile(r"(?:model|llm|deployment)\w*[ \t]*[?:]?=", re.IGNORECASE)


def _model_variables(file: SourceFile, text: str) -> bool:
    """A script, Makefile or justfile that may set a model-named variable (reported even if
    nothing reads it)."""
    dialect = _dialect(file.path, file.name)
    own = dialect in (Dialect.SHELL, Dialect.MAKE, Dialect.JUST)
    return own and _MODEL_ASSIGN.search(text) is not None


def _read_procfile(interp: Interpreter, text: str) -> None:
    """`name: command` lines."""
    for offset, line in offset_lines(text):
        m = re.match(r"\s*([\w.-]+)\s*:", line)
        if m and not line.lstrip().startswith("#"):
            seg = Segment(line[m.end() :], range(offset + m.end(), offset + len(line)))
            interp.run(seg, f"{m.group(1)}:")


_JENKINS_SH = lazy_compile(r"""\b(?:sh|bash)\s*(?:\(\s*(?:script\s*:\s*)?)?('{3}|"{3}|'|")""")


def _read_jenkinsfile(interp: Interpreter, text: str) -> None:
    """`sh 'ollama pull x'`, `sh(script: "...")` and triple-quoted `sh` steps of a Jenkinsfile."""
    pos = 0
    while (m := _JENKINS_SH.search(text, pos)) is not None:
        quote = m.group(1)
        start = m.end()
        end = text.find(quote, start)
        if len(quote) == 1:
            newline = text.find("\n", start)
            if end < 0 or (0 <= newline < end):
                pos = start
                continue
        if end < 0:
            return
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not text[line_start : m.start()].lstrip().startswith("//"):
            interp.run(Segment(text[start:end], range(start, end)), "sh:")
        pos = end + len(quote)


def _dialect(path: str, name: str) -> Dialect | None:
    """The dialect of a file by its name; None for files that hold no commands we read."""
    low = name.lower()
    if (
        low in ("dockerfile", "containerfile")
        or low.startswith(("dockerfile.", "containerfile."))
        or low.endswith((".dockerfile", ".containerfile"))
    ):
        return Dialect.DOCKERFILE
    if low.endswith((".sh", ".bash", ".zsh", ".ksh")):
        return Dialect.SHELL
    if "." not in low and (low in _SCRIPT_NAMES or _in_script_folder(path)):
        return Dialect.SHELL  # `docker-entrypoint`, `bin/serve`: extension-less scripts
    if low in ("makefile", "gnumakefile") or low.endswith(".mk"):
        return Dialect.MAKE
    if low in ("justfile", ".justfile"):
        return Dialect.JUST
    if low == "procfile" or low.startswith("procfile."):
        return Dialect.PROCFILE
    if low == "jenkinsfile" or low.startswith("jenkinsfile.") or low.endswith(".jenkinsfile"):
        return Dialect.JENKINS
    if low.endswith((".yml", ".yaml")):
        slashed = "/" + path.lower()
        if "/.github/workflows/" in slashed or low in ("action.yml", "action.yaml"):
            return Dialect.WORKFLOW
        if low.startswith(".gitlab-ci") or "/.gitlab/ci/" in slashed:
            return Dialect.GITLAB
        if low.startswith(("docker-compose", "compose.", "compose-")):
            return Dialect.COMPOSE
    return None


_SCRIPT_NAMES = frozenset(
    {"entrypoint", "docker-entrypoint", "start", "startup", "serve", "bootstrap", "setup", "run"}
)
"""Extension-less names that are shell scripts in container images and repositories."""


def _in_script_folder(path: str) -> bool:
    """`bin/x`, `scripts/x`, `.devcontainer/x`: extension-less files there are scripts."""
    parts = path.lower().split("/")
    return len(parts) >= 2 and parts[-2] in ("bin", "scripts", "script", ".devcontainer", "hack")
