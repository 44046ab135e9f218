"""Dockerfiles: the shell of `RUN`, `CMD` and `ENTRYPOINT` (shell or exec form), `ARG`/`ENV` values.

Line continuations (with the `# escape=` directive), comment lines inside them and heredocs
(`RUN <<EOF`) keep their file offsets. `ARG NAME=default` is a default its build argument
overrides; `FROM ollama/ollama` is an image, not a command.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.shell.interpreter import Found, Interpreter, Value
from llmdeps.sources.detectors.shell.requests import Hit
from llmdeps.sources.parse.shellwords import Segment, Word, exec_form, offset_lines, tokenize

_INSTRUCTION = lazy_compile(r"[ \t]*([A-Za-z]+)(?:[ \t]+|$)")
_HEREDOC = lazy_compile(r"""<<(-?)[ \t]*(["']?)([^\s"';&|<>()]+)\2""")
_RUN_FLAGS = lazy_compile(r"(?:[ \t]*--[^\s]+)*[ \t]*")


def read_dockerfile(interp: Interpreter, text: str) -> None:
    """Interpret the commands and bind the build arguments of a Dockerfile."""
    lines = offset_lines(text)
    escape = "\\"
    for _offset, line in lines[:5]:
        m = re.match(r"\s*#\s*escape\s*=\s*(\S)", line)
        if m:
            escape = m.group(1)
    settings: list[Found] = []
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
                interp.exec_words(words, prefix)
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
                settings.extend(_model_setting(interp, joined, instruction))
                continue
            for w in tokens:
                interp.scope.assign(w, kind)
                settings.extend(_model_setting(interp, w, instruction))

    for item in settings:  # a setting no command used: the image is configured with it
        key = (item.value.offs[0], item.value.text)
        if key not in interp.seen:
            interp.seen.add(key)
            interp.found.append(item)


def _model_setting(interp: Interpreter, word: Word, instruction: str) -> list[Found]:
    """`ENV LLM_MODEL=llama3.1:8b` / `ARG MODEL=org/name`: the image is configured with that
    model (an `ARG` is a default the build argument overrides), used by a command or not."""
    from llmdeps.sources.detectors.config.keys import candidate, is_env_model_key  # no cycle

    m = word.assigns()
    if m is None or not is_env_model_key(m.group(1)):
        return []
    name = m.group(1)
    out: list[Found] = []
    for value in interp.scope.shell.get(name, []):
        found = candidate(value.text, strong=False)
        if found is None or found.model != value.text or not value.offs or value.offs[0] < 0:
            continue
        kind = RefKind.ENV_DEFAULT if instruction == "ARG" else RefKind.CONFIG
        hit = Hit(Word(value.text, value.offs), Runtime.UNKNOWN, f"{instruction} {name}")
        out.append(Found(Value(value.text, value.offs, kind, name), hit, hit.label))
    return out
