"""`.llmdeps.yaml` or `[tool.llmdeps]` in pyproject.toml -> Config.

Where the config comes from, first found wins: the `--config` file (YAML, or a `.toml` file read
for its `[tool.llmdeps]` table), `.llmdeps.yaml` (or `.llmdeps.yml`) at the root, `[tool.llmdeps]`
in the root's `pyproject.toml`, else the defaults. Invalid input is a ConfigError that names the
file, the line and the dotted key (`.llmdeps.yaml:12: policy.max_vendor_share: ...`).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pathspec
import yaml

from llmdeps.errors import ConfigError
from llmdeps.printable import escape_controls
from llmdeps.safeio import ReadRefused, read_text

DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WorkflowSpec:
    """A named workflow: the files whose references belong to it."""

    name: str
    paths: tuple[str, ...]
    """gitignore-style globs relative to the repository root."""
    owner: str | None = None
    criticality: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    """Limits that `llmdeps check` enforces."""

    max_vendor_share: float | None = None
    max_hhi: int | None = None
    require_cross_vendor_fallback: tuple[str, ...] | bool = False
    """True for every workflow, or the criticalities it applies to."""
    allowed_vendors: tuple[str, ...] = ()
    denied_vendors: tuple[str, ...] = ()
    allowed_licenses: tuple[str, ...] = ()
    require_pinned: bool = False
    require_pinned_packages: bool = False
    """`unpinned-middleware` is an error, not a warning: every model-layer package pinned."""


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    """One `ignore:` entry: findings of `rule` that match every given field are suppressed
    until `until` (`rules/suppress.py`)."""

    rule: str
    reason: str
    model: str | None = None
    """A model id or glob (`ollama/llama3*`; an id without its runtime prefix matches too)."""
    workflow: str | None = None
    package: str | None = None
    path: str | None = None
    """A gitignore-style glob that one of the finding's files must match."""
    until: date | None = None
    """The last day the suppression holds; the day after, the finding fails again."""
    where: str = ""
    """`.llmdeps.yaml:31 ignore[0]`: named in every message about it."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A model the team declares (`models:`): internal or unlisted, outranking the catalog."""

    match: str
    """An id as written, with or without its runtime prefix, or a glob (`acme/*`, `*-internal`),
    compared case-insensitively."""
    vendor: str | None = None
    lineage_vendor: str | None = None
    """Whose base model it descends from; defaults to `vendor` when only that is given."""
    license: str | None = None
    open_weights: bool | None = None
    task: str | None = None
    index: int = 0
    """Its position in `models:`, for `explain` (`config: .llmdeps.yaml models[0]`)."""


DEFAULT_CRITICALITY_WEIGHTS = {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 4.0}


@dataclass(frozen=True, slots=True)
class Config:
    """Everything configurable, with defaults for a repo that has no config."""

    workflows: tuple[WorkflowSpec, ...] = ()
    policy: Policy = field(default_factory=Policy)
    criticality_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_CRITICALITY_WEIGHTS)
    )
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    exclude: tuple[str, ...] = ()
    """Extra gitignore-style patterns to skip."""
    source: str | None = None
    """The file the config was read from, for messages."""
    ignore: tuple[IgnoreEntry, ...] = ()
    """Suppressed findings, each with its reason and optional expiry."""
    models: tuple[ModelSpec, ...] = ()
    """Models the team declares (`models:`), first match wins (README: issue 10)."""


CONFIG_FILES = (".llmdeps.yaml", ".llmdeps.yml")

_SIZE_UNITS = {
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
}


def parse_size(text: str) -> int:
    """'2MB', '512k', '1048576' -> bytes; ValueError saying what is accepted otherwise."""
    raw = text.strip().lower()
    number = raw.rstrip("kmgb").strip()
    unit = raw[len(number) :].strip() or "b"
    try:
        value = int(float(number) * _SIZE_UNITS[unit])
    except (ValueError, KeyError, OverflowError):
        raise ValueError("use bytes or a size like 2MB") from None
    if value <= 0:
        raise ValueError("must be positive")
    return value


def format_size(size: int) -> str:
    """Bytes as a config writes them: 2097152 -> `2MB`, 524288 -> `512KB`, 10000 -> `10000 bytes`
    (a unit only where it is exact, so a size given in bytes reads back in bytes)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return "1 byte" if size == 1 else f"{size} bytes"


# ---- locating a key in the source text ---------------------------------------------------------

KeyPath = tuple[str | int, ...]
Locator = Callable[[KeyPath], int | None]


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _yaml_locator(root: yaml.Node | None) -> Locator:
    """Line (1-based) of the node at a key path; the nearest existing ancestor when it is absent."""

    def locate(path: KeyPath) -> int | None:
        node = root
        line = None if node is None else node.start_mark.line + 1
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        child, line = value, key.start_mark.line + 1
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                return line
            node = child
        return line

    return locate


def _toml_key(part: str | int) -> str:
    return re.escape(str(part))


def _dotted_parts(header: str) -> tuple[str, ...]:
    """`tool."llm.deps".x` -> ('tool', 'llm.deps', 'x'): split on dots outside quotes, in one pass
    (a lookahead per dot was quadratic on long dotted headers)."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in header:
        if quote:
            if char == quote:
                quote = ""
            current.append(char)
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ".":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return tuple(p.strip().strip("\"'") for p in parts)


def _toml_locator(text: str, prefix: tuple[str, ...]) -> Locator:
    """Find a key's line in TOML text: the deepest `[table]` header on the path, then `key =`."""
    lines = text.splitlines()
    headers: list[tuple[int, tuple[str, ...]]] = []
    header_re = re.compile(r"^[ \t]*\[\[?([^\]]*)\]\]?[ \t]*(?:#.*)?$")
    for number, line in enumerate(lines, 1):
        m = header_re.match(line)
        if m:
            headers.append((number, _dotted_parts(m.group(1))))

    def locate(path: KeyPath) -> int | None:
        full = prefix + tuple(str(p) for p in path if not isinstance(p, int))
        best: tuple[int, int] | None = None  # (depth, header line)
        for number, parts in headers:
            if full[: len(parts)] == parts and (best is None or len(parts) > best[0]):
                best = (len(parts), number)
        if best is None:
            return None
        depth, start = best
        end = next((n for n, _p in headers if n > start), len(lines) + 1)
        rest = full[depth:]
        if not rest:
            return start
        # `a.b = 1`, `a = {b = 1}` or `a = ...` spanning lines: the first line naming the next key.
        for wanted in (r"\.".join(_toml_key(k) for k in rest), _toml_key(rest[0])):
            key_re = re.compile(rf"^\s*[\"']?{wanted}[\"']?\s*=")
            for number in range(start + 1, end):
                if key_re.match(lines[number - 1]):
                    inner = rest[-1]
                    for offset in range(number, end):
                        if len(rest) == 1 or re.search(
                            rf"\b{_toml_key(inner)}\b", lines[offset - 1]
                        ):
                            return offset
                    return number
        return start

    return locate


# ---- validation ---------------------------------------------------------------------------------


class _Checker:
    """Turns plain data into Config, raising ConfigError located by the source's locator."""

    def __init__(self, source: str, locate: Locator):
        self.source = source
        self.locate = locate

    def fail(self, path: KeyPath, message: str) -> ConfigError:
        return ConfigError(
            message, path=self.source, line=self.locate(path), key=_dotted(path) or None
        )

    def mapping(
        self, value: object, path: KeyPath, allowed: tuple[str, ...] | None
    ) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"must be a mapping, not {_type_name(value)}")
        for key in value:
            if not isinstance(key, str):
                raise self.fail(path, f"keys must be strings, not {_type_name(key)}")
            if allowed is not None and key not in allowed:
                raise self.fail(
                    (*path, key), f"unknown key (expected one of: {', '.join(allowed)})"
                )
        return dict(value)

    def string(self, value: object, path: KeyPath) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"must be a non-empty string, not {_type_name(value)}")
        return escape_controls(value.strip())

    def strings(self, value: object, path: KeyPath) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list of strings, not {_type_name(value)}")
        return tuple(self.string(item, (*path, i)) for i, item in enumerate(value))

    def number(self, value: object, path: KeyPath, low: float, high: float | None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, f"must be a number, not {_type_name(value)}")
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            raise self.fail(path, "must be a finite number")
        if value < low or (high is not None and value > high):
            bounds = (
                f"between {_fmt(low)} and {_fmt(high)}"
                if high is not None
                else f"at least {_fmt(low)}"
            )
            raise self.fail(path, f"must be {bounds}")
        return float(value)

    def boolean(self, value: object, path: KeyPath) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, f"must be true or false, not {_type_name(value)}")
        return value

    def check_globs(self, globs: tuple[str, ...], path: KeyPath) -> None:
        try:
            pathspec.GitIgnoreSpec.from_lines(globs)
        except Exception as exc:  # pathspec raises several types for a bad pattern
            raise self.fail(path, f"invalid glob: {exc}") from None

    def config(self, data: object) -> Config:
        top = self.mapping(
            data,
            (),
            ("workflows", "policy", "criticality_weights", "scan", "ignore", "models"),
        )
        weights = dict(DEFAULT_CRITICALITY_WEIGHTS)
        if top.get("criticality_weights") is not None:
            raw = self.mapping(top["criticality_weights"], ("criticality_weights",), None)
            for name, value in raw.items():
                weights[name] = self.number(value, ("criticality_weights", name), 0, None)
                if weights[name] <= 0:
                    raise self.fail(("criticality_weights", name), "must be greater than 0")
        workflows = self.workflows(top.get("workflows"), weights)
        policy = self.policy(top.get("policy"), weights)
        max_bytes, exclude = self.scan(top.get("scan"))
        return Config(
            workflows=workflows,
            policy=policy,
            criticality_weights=weights,
            max_file_bytes=max_bytes,
            exclude=exclude,
            source=self.source,
            ignore=self.ignore(top.get("ignore")),
            models=self.models(top.get("models")),
        )

    def ignore(self, value: object) -> tuple[IgnoreEntry, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(("ignore",), f"must be a list of entries, not {_type_name(value)}")
        out = []
        keys = ("rule", "reason", "until", *_IGNORE_MATCHES)
        for i, item in enumerate(value):
            path: KeyPath = ("ignore", i)
            raw = self.mapping(item, path, keys)
            for required in ("rule", "reason"):
                if raw.get(required) is None:
                    raise self.fail(path, f"{required}: is required")
            rule = self.string(raw["rule"], (*path, "rule"))
            known = _rule_ids()
            if rule not in known:
                raise self.fail(
                    (*path, "rule"), f"unknown rule {rule!r} (one of: {', '.join(known)})"
                )
            match = {
                key: self.string(raw[key], (*path, key))
                for key in _IGNORE_MATCHES
                if raw.get(key) is not None
            }
            if "path" in match:
                self.check_globs((match["path"],), (*path, "path"))
            line = self.locate(path)
            out.append(
                IgnoreEntry(
                    rule=rule,
                    reason=self.string(raw["reason"], (*path, "reason")),
                    until=self.day(raw.get("until"), (*path, "until")),
                    where=f"{self.source}:{line} ignore[{i}]"
                    if line
                    else f"{self.source} ignore[{i}]",
                    model=match.get("model"),
                    workflow=match.get("workflow"),
                    package=match.get("package"),
                    path=match.get("path"),
                )
            )
        return tuple(out)

    def day(self, value: object, path: KeyPath) -> date | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(path, "must be a date like 2026-06-30")

    def models(self, value: object) -> tuple[ModelSpec, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(("models",), f"must be a list of models, not {_type_name(value)}")
        out: list[ModelSpec] = []
        keys = ("id", "vendor", "lineage_vendor", "license", "open_weights", "task")
        for i, item in enumerate(value):
            path: KeyPath = ("models", i)
            body = self.mapping(item, path, keys)
            if body.get("id") is None:
                raise self.fail(path, "id: is required (a model id or a glob)")

            def text(key: str, body: dict[str, Any] = body, path: KeyPath = path) -> str | None:
                raw = body.get(key)
                return None if raw is None else self.string(raw, (*path, key))

            vendor = text("vendor")
            open_weights = body.get("open_weights")
            spec = ModelSpec(
                match=self.string(body["id"], (*path, "id")),
                vendor=vendor,
                lineage_vendor=text("lineage_vendor") or vendor,
                license=text("license"),
                open_weights=None
                if open_weights is None
                else self.boolean(open_weights, (*path, "open_weights")),
                task=text("task"),
                index=i,
            )
            if spec == ModelSpec(spec.match, index=i):
                raise self.fail(path, "declares nothing: give vendor, license, task, ...")
            out.append(spec)
        return tuple(out)

    def criticality(self, value: object, path: KeyPath, weights: Mapping[str, float]) -> str:
        text = self.string(value, path)
        if text not in weights:
            raise self.fail(path, f"must be one of {', '.join(weights)}, not {text!r}")
        return text

    def workflows(self, value: object, weights: Mapping[str, float]) -> tuple[WorkflowSpec, ...]:
        if value is None:
            return ()
        out: list[WorkflowSpec] = []
        for name, spec in self.mapping(value, ("workflows",), None).items():
            path: KeyPath = ("workflows", name)
            if not name.strip():
                raise self.fail(path, "a workflow needs a name")
            body = self.mapping(spec, path, ("paths", "owner", "criticality"))
            if body.get("paths") is None:
                raise self.fail(path, "paths: is required (a list of globs)")
            globs = self.strings(body["paths"], (*path, "paths"))
            if not globs:
                raise self.fail((*path, "paths"), "must list at least one glob")
            self.check_globs(globs, (*path, "paths"))
            owner = body.get("owner")
            crit = body.get("criticality")
            out.append(
                WorkflowSpec(
                    name=escape_controls(name),
                    paths=globs,
                    owner=None if owner is None else self.string(owner, (*path, "owner")),
                    criticality=(
                        None
                        if crit is None
                        else self.criticality(crit, (*path, "criticality"), weights)
                    ),
                )
            )
        return tuple(out)

    def policy(self, value: object, weights: Mapping[str, float]) -> Policy:
        if value is None:
            return Policy()
        keys = (
            "max_vendor_share",
            "max_hhi",
            "require_cross_vendor_fallback",
            "allowed_vendors",
            "denied_vendors",
            "allowed_licenses",
            "require_pinned",
            "require_pinned_packages",
        )
        raw = self.mapping(value, ("policy",), keys)
        share = raw.get("max_vendor_share")
        hhi = raw.get("max_hhi")
        if isinstance(hhi, float) and not hhi.is_integer():
            raise self.fail(("policy", "max_hhi"), "must be a whole number between 0 and 10000")
        cross = raw.get("require_cross_vendor_fallback", False)
        require: tuple[str, ...] | bool
        if cross is None or isinstance(cross, bool):
            require = bool(cross)
        else:
            require = tuple(
                self.criticality(c, ("policy", "require_cross_vendor_fallback", i), weights)
                for i, c in enumerate(
                    self.strings_only(cross, ("policy", "require_cross_vendor_fallback"))
                )
            )
        return Policy(
            max_vendor_share=None
            if share is None
            else self.number(share, ("policy", "max_vendor_share"), 0, 1),
            max_hhi=None if hhi is None else int(self.number(hhi, ("policy", "max_hhi"), 0, 10000)),
            require_cross_vendor_fallback=require,
            allowed_vendors=self.optional_strings(raw, "allowed_vendors"),
            denied_vendors=self.optional_strings(raw, "denied_vendors"),
            allowed_licenses=self.optional_strings(raw, "allowed_licenses"),
            require_pinned=(
                False
                if raw.get("require_pinned") is None
                else self.boolean(raw["require_pinned"], ("policy", "require_pinned"))
            ),
            require_pinned_packages=(
                False
                if raw.get("require_pinned_packages") is None
                else self.boolean(
                    raw["require_pinned_packages"], ("policy", "require_pinned_packages")
                )
            ),
        )

    def strings_only(self, value: object, path: KeyPath) -> list[object]:
        if not isinstance(value, list):
            raise self.fail(
                path, f"must be true, false or a list of criticalities, not {_type_name(value)}"
            )
        return value

    def optional_strings(self, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = raw.get(key)
        return () if value is None else self.strings(value, ("policy", key))

    def scan(self, value: object) -> tuple[int, tuple[str, ...]]:
        if value is None:
            return DEFAULT_MAX_FILE_BYTES, ()
        raw = self.mapping(value, ("scan",), ("max_file_size", "exclude"))
        size = raw.get("max_file_size")
        max_bytes = DEFAULT_MAX_FILE_BYTES
        if isinstance(size, bool):
            raise self.fail(
                ("scan", "max_file_size"), "must be a size like 2MB or a number of bytes"
            )
        if isinstance(size, int):
            if size <= 0:
                raise self.fail(("scan", "max_file_size"), "must be positive")
            max_bytes = size
        elif isinstance(size, str):
            try:
                max_bytes = parse_size(size)
            except ValueError as exc:
                raise self.fail(("scan", "max_file_size"), f"{size!r}: {exc}") from None
        elif size is not None:
            raise self.fail(
                ("scan", "max_file_size"), "must be a size like 2MB or a number of bytes"
            )
        exclude = (
            () if raw.get("exclude") is None else self.strings(raw["exclude"], ("scan", "exclude"))
        )
        self.check_globs(exclude, ("scan", "exclude"))
        return max_bytes, exclude


_IGNORE_MATCHES = ("model", "workflow", "package", "path")


def _rule_ids() -> tuple[str, ...]:
    # rules/base.py imports this module: read the rule ids once a config is being checked
    from llmdeps.rules.base import RuleId

    return tuple(RuleId)


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list"}
    if value is None:
        return "empty"
    if isinstance(value, Mapping):
        return "a mapping"
    return names.get(type(value), type(value).__name__)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# ---- reading files ------------------------------------------------------------------------------


MAX_CONFIG_BYTES = 4 * 1024 * 1024


def _read_text(path: Path, display: str, root: Path | None = None) -> str:
    """The config file's text, read by descriptor (no FIFO, device or endless file). A config
    found in the repository (`root` given) may be a symlink only to a file inside it."""
    if root is not None and path.is_symlink():
        try:
            path.resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            raise ConfigError("a symlink out of the repository; not read", path=display) from None
    try:
        return read_text(path, limit=MAX_CONFIG_BYTES, follow_symlinks=True)
    except FileNotFoundError:
        raise ConfigError("config file not found", path=display) from None
    except ReadRefused as exc:
        raise ConfigError(f"cannot read: {exc.reason}", path=display) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=display) from None


def _duplicate_keys(root: yaml.Node | None) -> tuple[yaml.Node, str] | None:
    """The first key given twice in one mapping (PyYAML silently keeps the last).

    Iterative, and each node is visited once: aliases share nodes, so a ten-line YAML bomb would
    otherwise be walked billions of times."""
    stack = [root] if root is not None else []
    visited: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, _value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        return key, key.value
                    seen.add(key.value)
            stack.extend(value for _key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _load_yaml(text: str, display: str) -> Config:
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"invalid YAML: {exc.problem or exc}", path=display, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=display) from None
    except RecursionError:
        raise ConfigError("nested too deeply", path=display) from None
    except ValueError as exc:  # an integer of more digits than Python converts (4300)
        raise ConfigError(f"invalid value: {exc}", path=display) from None
    dup = _duplicate_keys(node)
    if dup:
        raise ConfigError(
            "key given twice", path=display, line=dup[0].start_mark.line + 1, key=dup[1]
        )
    if data is None:
        return Config(source=display)
    return _Checker(display, _yaml_locator(node)).config(data)


def _load_toml(text: str, display: str, required: bool) -> Config | None:
    try:
        doc = tomllib.loads(text)
    except RecursionError:
        raise ConfigError("nested too deeply", path=display) from None
    except ValueError as exc:
        if not isinstance(exc, tomllib.TOMLDecodeError):  # an integer of over 4300 digits
            raise ConfigError(f"invalid value: {exc}", path=display) from None
        m = re.search(r"at line (\d+)", str(exc))
        raise ConfigError(
            f"invalid TOML: {exc}", path=display, line=int(m.group(1)) if m else None
        ) from None
    tool = doc.get("tool")
    if not isinstance(tool, dict) or "llmdeps" not in tool:
        if required:
            raise ConfigError("no [tool.llmdeps] table", path=display)
        return None
    locate = _toml_locator(text, ("tool", "llmdeps"))
    return _Checker(display, locate).config(tool["llmdeps"])


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Read `explicit`, else `.llmdeps.yaml` at root, else `[tool.llmdeps]` in pyproject.toml."""
    if explicit is not None:
        display = str(explicit)
        text = _read_text(explicit, display)
        if explicit.suffix.lower() == ".toml":
            config = _load_toml(text, display, required=True)
            assert config is not None
            return config
        return _load_yaml(text, display)
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file():
            return _load_yaml(_read_text(candidate, name, root), name)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        config = _load_toml(
            _read_text(pyproject, "pyproject.toml", root), "pyproject.toml", required=False
        )
        if config is not None:
            return config
    return Config()
