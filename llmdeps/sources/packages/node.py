"""npm manifests and lock files: package.json, package-lock.json (v1-v3), pnpm-lock.yaml (v6, v9),
yarn.lock (v1 and berry), bun.lock (REFERENCE.md 12)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem, Lines, counted

_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")
_EXACT = lazy_compile(r"^=?v?(\d+\.\d+\.\d+(?:-[\w.]+)?(?:\+[\w.]+)?)$")
_YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TRAILING_COMMA = lazy_compile(r",(\s*[}\]])")


def exact_version(spec: str) -> str | None:
    """`2.2.3` or `=2.2.3` is exact; ranges (`^`, `~`, `>=`, `x`, `*`, tags) are not."""
    m = _EXACT.match(spec.strip())
    return m.group(1) if m else None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def package_json(path: str, text: str) -> Iterator[DeclaredPackage]:
    """`dependencies`, `devDependencies`, `optionalDependencies`, `peerDependencies`."""
    doc = _json(text)
    lines = Lines(text)
    for section in _SECTIONS:
        for name, spec in _mapping(_mapping(doc).get(section)).items():
            if not isinstance(spec, str) or not counted(Ecosystem.NPM, name):
                continue
            yield DeclaredPackage(
                Ecosystem.NPM,
                name,
                path,
                f"{section}.{name}",
                lines.find(f'"{name}"')[0],
                spec=spec,
                version=exact_version(spec),
            )


def package_lock(path: str, text: str) -> Iterator[DeclaredPackage]:
    """v2/v3 `packages["node_modules/<name>"]` (nested ones too; `""` is the root, `link` a
    workspace); v1 `dependencies` (recursive)."""
    doc = _mapping(_json(text))
    lines = Lines(text)
    packages = _mapping(doc.get("packages"))
    if packages:
        for key, body in packages.items():
            body = _mapping(body)
            if not key or body.get("link") or "node_modules/" not in key:
                continue
            name = body.get("name") or key.rsplit("node_modules/", 1)[1]
            version = body.get("version")
            if isinstance(name, str) and isinstance(version, str) and counted(Ecosystem.NPM, name):
                yield _locked(name, version, path, f"packages.{key}", lines, body, f'"{key}"')
        return
    stack = [("dependencies", _mapping(doc.get("dependencies")))]
    while stack:
        prefix, deps = stack.pop()
        for name, body in deps.items():
            body = _mapping(body)
            version = body.get("version")
            if isinstance(version, str) and counted(Ecosystem.NPM, name):
                yield _locked(name, version, path, f"{prefix}.{name}", lines, body, f'"{name}"')
            nested = _mapping(body.get("dependencies"))
            if nested:
                stack.append((f"{prefix}.{name}.dependencies", nested))


def _locked(
    name: str,
    version: str,
    path: str,
    key: str,
    lines: Lines,
    body: Mapping[str, Any],
    needle: str,
) -> DeclaredPackage:
    return DeclaredPackage(
        Ecosystem.NPM,
        name,
        path,
        key,
        lines.find(needle)[0],
        version=version,
        hashed=bool(body.get("integrity") or body.get("checksum")),
        locked=True,
    )


def _split_at_version(key: str) -> tuple[str, str] | None:
    """`@scope/name@1.2.3(peer@1)` / `/name@1.2.3` -> (name, version): the last `@` after
    position 0; pnpm's peer suffix `(...)` dropped."""
    key = key.lstrip("/").split("(", 1)[0]
    at = key.rfind("@")
    if at <= 0:
        return None
    return key[:at], key[at + 1 :]


def pnpm_lock(path: str, text: str) -> Iterator[DeclaredPackage]:
    """`packages` keys `/name@version` (v6) or `name@version` (v9), integrity in
    `resolution.integrity`."""
    try:
        doc = yaml.load(text, Loader=_YAML_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        return
    lines = Lines(text)
    for key, body in _mapping(_mapping(doc).get("packages")).items():
        if not isinstance(key, str):
            continue
        split = _split_at_version(key)
        if split is None:
            continue
        name, version = split
        if not counted(Ecosystem.NPM, name):
            continue
        integrity = _mapping(_mapping(body).get("resolution")).get("integrity")
        yield DeclaredPackage(
            Ecosystem.NPM,
            name,
            path,
            f"packages.{key}",
            lines.find(key)[0],
            version=version,
            hashed=bool(integrity),
            locked=True,
        )


_YARN_HEADER = lazy_compile(r'^("?)(.+?)\1:\s*$')
_YARN_FIELD = lazy_compile(r'^\s+(version|integrity|checksum)\s*:?\s+"?([^"\s]+)"?\s*$')


def yarn_lock(path: str, text: str) -> Iterator[DeclaredPackage]:
    """yarn v1 (its own format) and berry (YAML): a header of one or more `name@spec` patterns,
    then `version` and `integrity` / `checksum`; berry's `@workspace:` entries are the project."""
    entry: tuple[str, int] | None = None
    fields: dict[str, str] = {}
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if line and not line[0].isspace() and not line.startswith("#"):
            yield from _yarn_entry(entry, fields, path)
            m = _YARN_HEADER.match(line)
            entry = (m.group(2), number) if m and m.group(2) != "__metadata" else None
            fields = {}
        elif entry is not None and (f := _YARN_FIELD.match(line)):
            fields.setdefault(f.group(1), f.group(2))
        elif not line:
            yield from _yarn_entry(entry, fields, path)
            entry, fields = None, {}


def _yarn_entry(
    entry: tuple[str, int] | None, fields: dict[str, str], path: str
) -> Iterator[DeclaredPackage]:
    if entry is None or "version" not in fields:
        return
    header, line = entry
    first = header.split(",", 1)[0].strip().strip('"')
    local = ("@workspace:", "@link:", "@file:", "@portal:")
    resolution = fields.get("resolution", "").strip('"')
    if (
        any(mark in header for mark in local)
        or any(mark in resolution for mark in local)
        or fields["version"].strip('"').endswith("-use.local")
    ):
        return  # a workspace package of the project itself (berry writes `0.0.0-use.local`)
    at = first.find("@", 1)
    name = first[:at] if at > 0 else first
    yield DeclaredPackage(
        Ecosystem.NPM,
        name,
        path,
        f"{first}",
        line,
        version=fields["version"],
        hashed="integrity" in fields or "checksum" in fields,
        locked=True,
    )


def bun_lock(path: str, text: str) -> Iterator[DeclaredPackage]:
    """bun.lock: JSON with trailing commas; `packages.<key>[0]` is `name@version`, the fourth
    item the integrity."""
    doc = _json(_TRAILING_COMMA.sub(r"\1", text))
    lines = Lines(text)
    for key, entry in _mapping(_mapping(doc).get("packages")).items():
        if not isinstance(entry, list) or not entry or not isinstance(entry[0], str):
            continue
        split = _split_at_version(entry[0])
        if split is None or split[1].startswith(("workspace:", "link:", "file:")):
            continue
        name, version = split
        if not counted(Ecosystem.NPM, name):
            continue
        yield DeclaredPackage(
            Ecosystem.NPM,
            name,
            path,
            f"packages.{key}",
            lines.find(f'"{key}"')[0],
            version=version,
            hashed=len(entry) > 3 and isinstance(entry[3], str) and bool(entry[3]),
            locked=True,
        )
