"""Python manifests and lock files: requirements*.txt, pyproject.toml (PEP 621, PEP 735 groups,
Poetry, PDM, uv), setup.cfg, uv.lock, poetry.lock, pdm.lock, Pipfile.lock (REFERENCE.md 12)."""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem, Lines, counted

_HASH = lazy_compile(r"--hash[= ]\s*sha\d+:[0-9a-fA-F]+")
_OPTION = lazy_compile(
    r"^\s*(?:-[rcefi]\b|--(?:requirement|constraint|editable|index-url|extra-index-url|find-links"
    r"|trusted-host|no-binary|only-binary|pre|prefer-binary|require-hashes)\b)"
)


def exact_version(spec: SpecifierSet) -> str | None:
    """The one version `==X` / `===X` admits (no wildcard), else None."""
    items = list(spec)
    if len(items) == 1 and items[0].operator in ("==", "===") and "*" not in items[0].version:
        return items[0].version
    return None


def _requirement(
    text: str, path: str, key: str, line: int, *, hashed: bool = False
) -> DeclaredPackage | None:
    try:
        req = Requirement(text.strip())
    except InvalidRequirement:
        return None
    spec = str(req.specifier) or None
    return DeclaredPackage(
        Ecosystem.PYPI,
        canonicalize_name(req.name),
        path,
        key,
        line,
        spec=spec,
        version=exact_version(req.specifier),
        hashed=hashed,
    )


def requirements(path: str, text: str) -> Iterator[DeclaredPackage]:
    """`requirements*.txt`: one requirement a logical line, `\\` continuations, `--hash`,
    comments; `-r`/`-c`/`-e`, URLs and options are not packages of this file (an included file
    is read on its own)."""
    lines = Lines(text)
    for start, body in _logical(text):
        code = body.split(" #", 1)[0].strip()
        if not code or code.startswith("#") or _OPTION.match(code) or "://" in code:
            continue
        hashed = bool(_HASH.search(code))
        requirement = _HASH.sub("", code).split(" --", 1)[0].strip()
        found = _requirement(requirement, path, "requirements", lines.at(start), hashed=hashed)
        if found is not None:
            yield found


def _logical(text: str) -> Iterator[tuple[int, str]]:
    """(offset of its first physical line, text) of each logical line (`\\` joins lines)."""
    parts: list[str] = []
    first = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        if not parts:
            first = offset
        offset += len(line)
        stripped = line.rstrip("\r\n")
        if stripped.endswith("\\"):
            parts.append(stripped[:-1])
            continue
        parts.append(stripped)
        yield first, " ".join(parts)
        parts = []
    if parts:
        yield first, " ".join(parts)


def _toml(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None


def _line_of(lines: Lines, name: str) -> int:
    return lines.find(name)[0]


def pyproject(path: str, text: str) -> Iterator[DeclaredPackage]:
    """PEP 621 `[project]` dependencies and optional-dependencies, PEP 735
    `[dependency-groups]`, Poetry's `[tool.poetry.*dependencies]` and groups, PDM's dev groups,
    uv's `dev-dependencies`."""
    doc = _toml(text)
    if doc is None:
        return
    lines = Lines(text)
    project = doc.get("project") if isinstance(doc.get("project"), dict) else {}
    assert isinstance(project, dict)
    yield from _pep508_list(project.get("dependencies"), path, "project.dependencies", lines)
    for extra, items in _mapping(project.get("optional-dependencies")).items():
        yield from _pep508_list(items, path, f"project.optional-dependencies.{extra}", lines)
    for group, items in _mapping(doc.get("dependency-groups")).items():
        yield from _pep508_list(items, path, f"dependency-groups.{group}", lines)
    tool = _mapping(doc.get("tool"))
    poetry = _mapping(tool.get("poetry"))
    yield from _poetry_table(poetry.get("dependencies"), path, "tool.poetry.dependencies", lines)
    yield from _poetry_table(
        poetry.get("dev-dependencies"), path, "tool.poetry.dev-dependencies", lines
    )
    for group, body in _mapping(poetry.get("group")).items():
        key = f"tool.poetry.group.{group}.dependencies"
        yield from _poetry_table(_mapping(body).get("dependencies"), path, key, lines)
    for group, items in _mapping(_mapping(tool.get("pdm")).get("dev-dependencies")).items():
        yield from _pep508_list(items, path, f"tool.pdm.dev-dependencies.{group}", lines)
    uv = _mapping(tool.get("uv"))
    yield from _pep508_list(uv.get("dev-dependencies"), path, "tool.uv.dev-dependencies", lines)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _pep508_list(items: object, path: str, key: str, lines: Lines) -> Iterator[DeclaredPackage]:
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, str):
            found = _requirement(item, path, key, _line_of(lines, f'"{item}"'))
            if found is not None:
                yield found


def _poetry_table(table: object, path: str, key: str, lines: Lines) -> Iterator[DeclaredPackage]:
    for name, value in _mapping(table).items():
        if name.lower() == "python":
            continue
        spec = value if isinstance(value, str) else _mapping(value).get("version")
        if not isinstance(spec, str):
            spec = None
        version = None
        if spec is not None and re.fullmatch(r"=?=?\s*\d[\w.+!-]*", spec.strip()):
            version = spec.strip().lstrip("=").strip()  # Poetry: a bare version is exact
        yield DeclaredPackage(
            Ecosystem.PYPI,
            canonicalize_name(name),
            path,
            f"{key}.{name}",
            _line_of(lines, name),
            spec=spec,
            version=version,
        )


def setup_cfg(path: str, text: str) -> Iterator[DeclaredPackage]:
    """`[options] install_requires` and `[options.extras_require]`."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except (configparser.Error, UnicodeError):
        return
    lines = Lines(text)
    sections = [("options", "install_requires")]
    if parser.has_section("options.extras_require"):
        sections += [("options.extras_require", k) for k in parser["options.extras_require"]]
    for section, option in sections:
        if not parser.has_option(section, option):
            continue
        for item in parser.get(section, option).splitlines():
            item = item.split("#", 1)[0].strip()
            if item:
                found = _requirement(item, path, f"{section}.{option}", _line_of(lines, item))
                if found is not None:
                    yield found


def _locked(
    name: str, version: str, path: str, key: str, lines: Lines, *, hashed: bool
) -> DeclaredPackage:
    return DeclaredPackage(
        Ecosystem.PYPI,
        canonicalize_name(name),
        path,
        key,
        _table_line(lines, name),
        version=version,
        hashed=hashed,
        locked=True,
    )


def _table_line(lines: Lines, name: str) -> int:
    """The line of the package table's own `name = "x"` key, not an inline dependency
    `{ name = "x" }` of an earlier table."""
    index = lines.text.find(f'\nname = "{name}"\n')
    return lines.at(index + 1) if index >= 0 else _line_of(lines, f'name = "{name}"')


def toml_lock(path: str, text: str) -> Iterator[DeclaredPackage]:
    """uv.lock, poetry.lock and pdm.lock: `[[package]]` tables with name and version; hashes in
    `sdist.hash` / `wheels[].hash` (uv) or `files[].hash` (Poetry, PDM)."""
    packages = _counted_packages(text)
    if packages is None:
        return
    lines = Lines(text)
    for entry in packages:
        if not isinstance(entry, dict):
            continue
        name, version = entry.get("name"), entry.get("version")
        if not isinstance(name, str) or not isinstance(version, str):
            continue
        if not counted(Ecosystem.PYPI, name):
            continue
        source = _mapping(entry.get("source"))
        if "virtual" in source or "editable" in source or entry.get("editable") is True:
            continue  # the project itself
        hashed = bool(
            _mapping(entry.get("sdist")).get("hash")
            or any(isinstance(w, dict) and w.get("hash") for w in entry.get("wheels") or [])
            or any(isinstance(f, dict) and f.get("hash") for f in entry.get("files") or [])
        )
        yield _locked(name, version, path, f"package.{name}", lines, hashed=hashed)


_PACKAGE_HEADER = "\n[[package]]\n"
_CHUNK_NAME = lazy_compile(r'^name = "([^"\n]*)"$', re.M)


def _counted_packages(text: str) -> list[Any] | None:
    """The `[[package]]` tables of a lock that may be counted. A lock is machine-written with one
    table per `[[package]]` line and its subtables after it, so each table is parsed alone, and only
    when its `name` is a counted package: crewAI-examples' 12 MB of locks were most of a cold scan
    in tomllib. A table that does not parse alone sends the whole text to the full parse."""
    chunks = ("\n" + text).split(_PACKAGE_HEADER)
    if len(chunks) < 2:
        doc = _toml(text)
        packages = None if doc is None else doc.get("package")
        return packages if isinstance(packages, list) else None
    out: list[Any] = []
    for chunk in chunks[1:]:
        name = _CHUNK_NAME.search(chunk.split("\n[", 1)[0])  # a key of the table, not a subtable's
        if name is None or not counted(Ecosystem.PYPI, name.group(1)):
            continue
        doc = _toml("[[package]]\n" + chunk)
        table = None if doc is None else doc.get("package")
        if not isinstance(table, list) or len(table) != 1:
            doc = _toml(text)
            packages = None if doc is None else doc.get("package")
            return packages if isinstance(packages, list) else None
        out.extend(table)
    return out


def pipfile_lock(path: str, text: str) -> Iterator[DeclaredPackage]:
    """Pipfile.lock: `default` and `develop` maps; versions keep their `==`."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return
    if not isinstance(doc, dict):
        return
    lines = Lines(text)
    for section in ("default", "develop"):
        for name, body in _mapping(doc.get(section)).items():
            body = _mapping(body)
            version = body.get("version")
            if not isinstance(version, str) or not counted(Ecosystem.PYPI, name):
                continue
            try:
                exact = exact_version(SpecifierSet(version))
            except InvalidSpecifier:
                exact = None
            if exact is None:
                continue
            yield DeclaredPackage(
                Ecosystem.PYPI,
                canonicalize_name(name),
                path,
                f"{section}.{name}",
                _line_of(lines, f'"{name}"'),
                version=exact,
                hashed=bool(body.get("hashes")),
                locked=True,
            )
