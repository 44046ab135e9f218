"""CLI conventions that hold for every command, also for flags added later.

* `-h` next to `--help`, `-V` next to `--version` (on the app, `cli/app.py`).
* Metavars name the value (`FORMAT`, `PATH`, `DIR`, `FILE`, `URL`, `N`), never a Python type
  (`<list[str]>`): a parameter without an explicit metavar gets one from `METAVARS`, its type, or
  its name (`--without` -> `VENDOR`... by the table, else the last word of the flag, upper-cased).
* A parameter with fixed choices lists them in its help (`One of: text, json.`).
* A usage error is one line on stderr, `llmdeps: error: --format: 'x' is not one of 'text',
  'json' (see 'llmdeps check -h')`, exit 2: never Click's three-line usage box and never the
  wording of the validation library ("Value error, ...", "Input should be ...").

`LlmdepsGroup` applies the first three to each command when Click looks it up, and the last one
around the whole run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from typer import _click
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    UsageError,
)
from typer.core import TyperGroup
from typer.exceptions import Abort

from llmdeps.lazyre import lazy_compile

# Typer carries its own copy of Click (`typer._click`): its parameters and errors are not
# `click`'s classes, so they are read by attribute (`param_type_name`). Typer 0.29 describes a
# parameter's type with a `type_descriptor` (and converts values with pydantic, which costs every
# command ~0.19 s of imports); 0.28 with Click's types (`Choice`, `Path`, `INT`): both are read.
Param = Any

METAVARS = {
    "--format": "FORMAT",
    "--output": "FILE",
    "--config": "FILE",
    "--lock": "FILE",
    "--ollama-host": "URL",
    "--ollama-models": "DIR",
    "--hf-cache": "DIR",
    "--lmstudio-models": "DIR",
    "--max-file-size": "SIZE",
    "--jobs": "N",
    "--without": "VENDOR",
    "--date": "DATE",
    "--runtime": "RUNTIME",
    "--fail-on": "LEVEL",
}
"""The value each known flag takes; a flag not listed is named by its type or last word."""


def is_option(param: Param) -> bool:
    """An option (`--x`), not an argument."""
    return getattr(param, "param_type_name", "") == "option"


def choices_of(param: Param) -> tuple[str, ...]:
    """The fixed values a parameter accepts, as typed on the command line; () for any value."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:  # typer 0.28: a Click `Choice`
        found = getattr(getattr(param, "type", None), "choices", None)
        return tuple(str(getattr(c, "value", c)) for c in found or ())
    found = getattr(descriptor, "choices", None)
    if not found or not getattr(descriptor, "is_choice", False):
        return ()
    return tuple(str(getattr(c, "value", c)) for c in found)


def path_kind(param: Param) -> str | None:
    """`DIR`, `FILE` or `PATH` for a parameter that takes one; None otherwise."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:  # typer 0.28: a Click `Path`
        info = getattr(param, "type", None)
        if getattr(info, "name", "") != "path":
            return None
    elif "Path" not in str(descriptor.annotation):
        return None
    else:
        info = descriptor.parameter_info
    if getattr(info, "file_okay", True) is False:
        return "DIR"
    if getattr(info, "dir_okay", True) is False:
        return "FILE"
    return "PATH"


_CLICK_TYPES: dict[str, type] = {"boolean": bool, "integer": int, "float": float}


def annotation_of(param: Param) -> object:
    """The Python type a parameter converts to (`bool`, `int`, `Path | None`), as far as known."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        return getattr(descriptor, "annotation", None)
    return _CLICK_TYPES.get(getattr(getattr(param, "type", None), "name", ""))


def default_metavar(param: Param) -> str | None:
    """The metavar a parameter gets when it was given none (None for a flag)."""
    annotation = annotation_of(param)
    if is_option(param):
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            return None
        if annotation is bool:
            return None
        for opt in param.opts:
            if opt in METAVARS:
                return METAVARS[opt]
        if choices_of(param):
            return str(param.name or "value").upper().replace("_", "-")
        kind = path_kind(param)
        if kind:
            return kind
        if annotation in (int, float) or str(annotation) in ("int | None", "float | None"):
            return "N"
        longest = max(param.opts, key=len).lstrip("-")
        return longest.rsplit("-", 1)[-1].upper() or "VALUE"
    # An argument: its name; the usage line adds the brackets and the dots.
    return str(param.name or "value").upper()


def _no_type(ctx: object = None) -> None:
    return None


def apply(command: _click.Command) -> _click.Command:
    """Give every parameter of `command` a value-naming metavar and its choices in the help."""
    if getattr(command, "_llmdeps_conventions", False):
        return command
    params: list[Param] = list(command.params)
    for param in params:
        if param.metavar is None:
            param.metavar = default_metavar(param)
        if not is_option(param):
            # Typer shows an argument's Python type (`<dir>`) after its name: the name says it.
            param.display_type_rich = _no_type
        choices = choices_of(param)
        if is_option(param) and choices:
            text = param.help or ""
            if not all(c in text for c in choices):
                listing = f"One of: {', '.join(choices)}."
                param.help = f"{text.rstrip()} {listing}".strip()
    command._llmdeps_conventions = True  # type: ignore[attr-defined]
    return command


# ---- one-line usage errors ------------------------------------------------------------------

_LIBRARY_WORDING = (
    (lazy_compile(r"\bValue error, "), ""),
    (lazy_compile(r"\bInput should be\b"), "must be"),
    (lazy_compile(r"\bInvalid value for "), ""),
    # Click's range wording (typer 0.28), said as typer 0.29 says it
    (
        lazy_compile(r"^\S+ is not in the range x>=(\S+?)\.?$"),
        r"must be greater than or equal to \1",
    ),
    (lazy_compile(r"^\S+ is not in the range x<=(\S+?)\.?$"), r"must be less than or equal to \1"),
)


def _clean(text: str) -> str:
    for pattern, replacement in _LIBRARY_WORDING:
        text = pattern.sub(replacement, text)
    text = " ".join(text.split())
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def error_line(exc: ClickException) -> str:
    """The one line a usage error is reported as, without the `llmdeps: error: ` prefix."""
    param = getattr(exc, "param", None)
    if isinstance(exc, MissingParameter) and param is not None:
        kind = "option" if is_option(param) else "argument"
        name = max(param.opts, key=len) if is_option(param) else str(param.name).upper()
        message = f"missing {kind} {name}"
    elif isinstance(exc, BadParameter) and param is not None:
        what = max(param.opts, key=len) if is_option(param) else str(param.name or "value").upper()
        message = f"{what}: {_clean(exc.message)}"
    else:
        message = _clean(exc.format_message())
    message = message.rstrip(" .")
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} -h')"
    return message


class LlmdepsGroup(TyperGroup):
    """The app's group: conventions applied to each command, usage errors in one line."""

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        """The command, with the conventions applied."""
        command = super().get_command(ctx, cmd_name)
        return apply(command) if command is not None else None

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; a Click usage error becomes one stderr line and exit 2."""
        apply(self)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except ClickException as exc:
            sys.stderr.write(f"llmdeps: error: {error_line(exc)}\n")
            sys.stderr.flush()
            sys.exit(exc.exit_code)
        except Abort:  # end of input at a prompt (Ctrl-C is errors_to_exit's, exit 130)
            sys.stderr.write("llmdeps: aborted\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)
