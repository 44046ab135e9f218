"""Known-compromised versions of model-layer packages, as OSV records (REFERENCE.md 11).

The records shipped here (`llmdeps/advisories/*.json`) are read offline; `--advisories DIR` adds
a folder of OSV JSON files (an OSV ecosystem dump unpacked, osv-scanner's offline
`osv-scanner/<ecosystem>/all.zip` or `osv-scalibr/<ecosystem>/all.zip`, or plain `*.json`), so a
team updates without a new release. A record from a folder replaces a shipped one of the same id.

Only records of the model layer's packages (`catalog/packages.yaml`) are kept. A record that is
not an OSV record (no id of a known prefix, no `modified`, a malformed `affected`) is left out
with a warning: the `MAL-0000-*` files of ossf/malicious-packages carry no id and would flag every
version of `@anthropic-ai/sdk`.

A version is hit exactly when a record lists it or a bounded range holds it. A range
`{introduced: "0"}` with no end means every version: when the record also lists versions (as
MAL-2026-3432 does), such a match is reported apart, as a note (REFERENCE.md 11.3).
"""

from __future__ import annotations

import functools
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from llmdeps.errors import UsageError
from llmdeps.lazyre import lazy_compile
from llmdeps.printable import escape_controls
from llmdeps.safeio import ReadRefused, read_bytes
from llmdeps.sources.packages import canonical_name, role_of
from llmdeps.sources.packages.base import Ecosystem
from llmdeps.sources.packages.versions import admits, compare, same_version

MAX_RECORD_BYTES = 4 * 1024 * 1024
MAX_ZIP_BYTES = 1024 * 1024 * 1024
MAX_FILES = 500_000
"""A folder with more files than this is read up to here (and says so)."""
MAX_DEPTH = 6
MAX_WARNINGS = 10

_ID = lazy_compile(
    r"^(?:x_|ASB-A|PUB-A|ALSA|ALBA|ALEA|BIT|CGA|CURL|CVE|DSA|DLA|ELA|DTSA|GHSA|GO|GSD|HSEC|"
    r"LBSEC|MAL|OSV|openSUSE-SU|PHSA|PSF|PYSEC|RHBA|RHEA|RHSA|RLSA|RXSA|RSEC|RUSTSEC|"
    r"SUSE-[SRFO]U|UBUNTU|USN)-?\S+$"
)
_TIMESTAMP = lazy_compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$")
_ECOSYSTEMS = {e.value: e for e in Ecosystem}


@dataclass(frozen=True, slots=True)
class Range:
    """One OSV range: its type and events in the order written (`introduced`, `fixed`, ...)."""

    type: str
    events: tuple[tuple[str, str], ...]

    @property
    def bounded(self) -> bool:
        """Not the "every version" range (`introduced: 0` and no end)."""
        return any(kind != "introduced" or value != "0" for kind, value in self.events)


@dataclass(frozen=True, slots=True)
class Advisory:
    """One OSV record's facts about one package."""

    id: str
    ecosystem: Ecosystem
    name: str
    """As the record spells it (PyPI names compared normalised)."""
    summary: str
    aliases: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    ranges: tuple[Range, ...] = ()
    references: tuple[str, ...] = ()
    origin: str = "llmdeps"
    """`llmdeps` for a shipped record, else the folder it came from (as given)."""

    @property
    def fixed(self) -> tuple[str, ...]:
        """The versions the record says fix it (`fixed` events), in the order written."""
        return tuple(v for r in self.ranges for kind, v in r.events if kind == "fixed")

    @property
    def every_version(self) -> bool:
        """The record names no version and no bounded range: the package itself is malicious."""
        return not self.versions and all(not r.bounded for r in self.ranges)

    def fixed_text(self) -> str:
        """`fixed in 1.83.0` / `no fixed version; affected: 1.82.7, 1.82.8`."""
        if self.fixed:
            return "fixed in " + ", ".join(self.fixed)
        if self.versions:
            return "no fixed version listed; affected: " + ", ".join(self.versions)
        return "no fixed version: every version is affected"


@dataclass(frozen=True, slots=True)
class Hit:
    """An advisory that a version falls under."""

    advisory: Advisory
    exact: bool
    """Listed, or inside a bounded range (else only the record's "every version" range)."""


def _key(ecosystem: Ecosystem, name: str) -> tuple[Ecosystem, str]:
    return (ecosystem, canonical_name(name) if ecosystem is Ecosystem.PYPI else name)


def _in_range(ecosystem: Ecosystem, r: Range, version: str) -> bool:
    """The OSV evaluation: walk the events in version order, entering at `introduced`, leaving
    at `fixed` / `limit` (inclusive) or after `last_affected`."""
    if r.type not in ("SEMVER", "ECOSYSTEM"):
        return False
    inside = False
    for kind, value in sorted(r.events, key=lambda e: _order(ecosystem, e[1])):
        if kind == "introduced":
            order = 1 if value == "0" else compare(ecosystem, version, value)
            if order is not None and order >= 0:
                inside = True
        elif kind in ("fixed", "limit"):
            order = compare(ecosystem, version, value)
            if order is not None and order >= 0:
                inside = False
        elif kind == "last_affected":
            order = compare(ecosystem, version, value)
            if order is not None and order > 0:
                inside = False
    return inside


class _Orderable:
    """Sort key for event versions: "0" first, unreadable ones last, else the scheme's order."""

    __slots__ = ("ecosystem", "value")

    def __init__(self, ecosystem: Ecosystem, value: str) -> None:
        self.ecosystem, self.value = ecosystem, value

    def __lt__(self, other: _Orderable) -> bool:
        if self.value == "0" or other.value == "0":
            return self.value == "0" and other.value != "0"
        order = compare(self.ecosystem, self.value, other.value)
        return order is not None and order < 0


def _order(ecosystem: Ecosystem, value: str) -> _Orderable:
    return _Orderable(ecosystem, value)


class AdvisoryDb:
    """The records in force: shipped ones and any `--advisories` folders, by package."""

    def __init__(self, advisories: Iterable[Advisory], warnings: Iterable[str] = ()) -> None:
        by_id: dict[tuple[str, Ecosystem, str], Advisory] = {}
        for advisory in advisories:
            by_id[(advisory.id, *_key(advisory.ecosystem, advisory.name))] = advisory
        self._by_package: dict[tuple[Ecosystem, str], list[Advisory]] = {}
        for (_, ecosystem, name), advisory in sorted(by_id.items(), key=lambda kv: kv[0]):
            self._by_package.setdefault((ecosystem, name), []).append(advisory)
        self.warnings: tuple[str, ...] = tuple(warnings)
        self.count = len(by_id)

    def for_package(self, ecosystem: Ecosystem, name: str) -> tuple[Advisory, ...]:
        """Every record of this package, by id."""
        return tuple(self._by_package.get(_key(ecosystem, name), ()))

    def hits(self, ecosystem: Ecosystem, name: str, version: str) -> tuple[Hit, ...]:
        """The records this exact version falls under."""
        out = []
        for advisory in self.for_package(ecosystem, name):
            listed = any(same_version(ecosystem, version, v) for v in advisory.versions)
            bounded = any(r.bounded and _in_range(ecosystem, r, version) for r in advisory.ranges)
            anything = any(_in_range(ecosystem, r, version) for r in advisory.ranges)
            if listed or bounded or advisory.every_version:
                out.append(Hit(advisory, exact=True))
            elif anything:
                out.append(Hit(advisory, exact=False))
        return tuple(out)

    def admitted(
        self, ecosystem: Ecosystem, name: str, spec: str | None
    ) -> tuple[tuple[Advisory, tuple[str, ...]], ...]:
        """Records with a bad version this spec would accept, and those versions (`()` for a
        package whose every version is malicious). A spec that cannot be read admits nothing
        here; `unpinned-middleware` speaks for it."""
        out: list[tuple[Advisory, tuple[str, ...]]] = []
        for advisory in self.for_package(ecosystem, name):
            if advisory.every_version:
                out.append((advisory, ()))
                continue
            candidates = list(advisory.versions)
            for r in advisory.ranges:
                if r.bounded:
                    candidates += [
                        v for kind, v in r.events if kind in ("introduced", "last_affected")
                    ]
                    candidates = [v for v in candidates if v != "0"]
            bad = tuple(
                dict.fromkeys(
                    v
                    for v in candidates
                    if admits(ecosystem, spec, v) is True
                    and any(h.exact for h in self._hits_of(advisory, ecosystem, v))
                )
            )
            if bad:
                out.append((advisory, bad))
        return tuple(out)

    def _hits_of(self, advisory: Advisory, ecosystem: Ecosystem, version: str) -> Iterator[Hit]:
        if any(same_version(ecosystem, version, v) for v in advisory.versions) or any(
            r.bounded and _in_range(ecosystem, r, version) for r in advisory.ranges
        ):
            yield Hit(advisory, exact=True)


# ----------------------------------------------------------------------------- reading records


class _NotOsv(ValueError):
    """Not a usable OSV record; the message says why."""


def parse_record(data: object, origin: str) -> list[Advisory]:
    """The model-layer packages of one OSV record; _NotOsv when it is not one."""
    if not isinstance(data, dict):
        raise _NotOsv("not a JSON object")
    if not _names_layer_package(data.get("affected")):
        return []  # a dump's record of any other package is none of our business, broken or not
    rid = data.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise _NotOsv("no OSV id of a known prefix")
    modified = data.get("modified")
    if not isinstance(modified, str) or not _TIMESTAMP.match(modified):
        raise _NotOsv(f"{rid}: no valid `modified` timestamp")
    if data.get("withdrawn"):
        return []
    affected = data.get("affected", [])
    if not isinstance(affected, list):
        raise _NotOsv(f"{rid}: `affected` is not a list")
    aliases = tuple(a for a in _list(data.get("aliases")) if isinstance(a, str))
    references = tuple(
        r["url"]
        for r in _list(data.get("references"))
        if isinstance(r, dict) and isinstance(r.get("url"), str)
    )
    summary = data.get("summary")
    out = []
    for entry in affected:
        package = entry.get("package") if isinstance(entry, dict) else None
        if not isinstance(package, dict):
            raise _NotOsv(f"{rid}: an `affected` entry has no package")
        ecosystem = _ECOSYSTEMS.get(str(package.get("ecosystem", "")).split(":", 1)[0])
        name = package.get("name")
        if not isinstance(name, str) or not name:
            raise _NotOsv(f"{rid}: a package has no name")
        if ecosystem is None or role_of(ecosystem, name) is None:
            continue
        assert isinstance(entry, dict)
        versions = tuple(v for v in _list(entry.get("versions")) if isinstance(v, str))
        ranges = []
        for r in _list(entry.get("ranges")):
            if not isinstance(r, dict) or not isinstance(r.get("type"), str):
                raise _NotOsv(f"{rid}: a range has no type")
            events = []
            for event in _list(r.get("events")):
                if not isinstance(event, dict) or len(event) != 1:
                    raise _NotOsv(f"{rid}: an event is not one of introduced/fixed/...")
                ((kind, value),) = event.items()
                if kind not in ("introduced", "fixed", "last_affected", "limit") or not (
                    isinstance(value, str)
                ):
                    raise _NotOsv(f"{rid}: an event is not one of introduced/fixed/...")
                events.append((kind, value))
            if not any(kind == "introduced" for kind, _ in events):
                raise _NotOsv(f"{rid}: a range has no `introduced` event")
            ranges.append(Range(r["type"], tuple(events)))
        out.append(
            Advisory(
                id=escape_controls(rid),
                ecosystem=ecosystem,
                name=name,
                summary=escape_controls(summary if isinstance(summary, str) else rid)[:500],
                aliases=tuple(escape_controls(a) for a in aliases),
                versions=tuple(escape_controls(v) for v in versions),
                ranges=tuple(ranges),
                references=tuple(escape_controls(r) for r in references),
                origin=origin,
            )
        )
    return out


def _names_layer_package(affected: object) -> bool:
    for entry in _list(affected):
        package = entry.get("package") if isinstance(entry, dict) else None
        if not isinstance(package, dict):
            return True  # malformed: let the checks say so
        ecosystem = _ECOSYSTEMS.get(str(package.get("ecosystem", "")).split(":", 1)[0])
        name = package.get("name")
        if not isinstance(name, str) or (
            ecosystem is not None and role_of(ecosystem, name) is not None
        ):
            return True
    return False


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _loads(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _NotOsv(f"not JSON ({type(exc).__name__})") from None


@functools.cache
def shipped() -> tuple[Advisory, ...]:
    """The records that come with llmdeps."""
    out: list[Advisory] = []
    folder = resources.files("llmdeps.advisories")
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".json"):
            out.extend(parse_record(json.loads(item.read_text("utf-8")), "llmdeps"))
    return tuple(out)


def _files(folder: Path) -> Iterator[Path]:
    """Regular `*.json` and `*.zip` files under folder, no symlinks followed, sorted, bounded."""
    stack = [(folder, 0)]
    seen = 0
    while stack:
        here, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        stack.append((Path(entry.path), depth + 1))
                    continue
            except OSError:
                continue
            if entry.name.endswith((".json", ".zip")):
                seen += 1
                if seen > MAX_FILES:
                    return
                yield Path(entry.path)


def load_folder(folder: Path, label: str) -> tuple[list[Advisory], list[str]]:
    """Every usable record in the folder, and a warning per file that is not one."""
    advisories: list[Advisory] = []
    bad: list[str] = []
    for path in _files(folder):
        name = path.relative_to(folder).as_posix()
        try:
            if path.name.endswith(".zip"):
                advisories.extend(_zip(path, label, bad, name))
            else:
                raw = read_bytes(path, limit=MAX_RECORD_BYTES)
                advisories.extend(parse_record(_loads(raw), label))
        except ReadRefused as exc:
            bad.append(f"{name}: not read: {exc.reason}")
        except OSError as exc:
            bad.append(f"{name}: unreadable: {exc.strerror or exc}")
        except _NotOsv as exc:
            bad.append(f"{name}: not an OSV record: {exc}")
    return advisories, bad


def _zip(path: Path, label: str, bad: list[str], name: str) -> Iterator[Advisory]:
    import zipfile  # only for osv-scanner's offline archives

    raw = read_bytes(path, limit=MAX_ZIP_BYTES)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _NotOsv("not a zip archive") from None
    for member in members[:MAX_FILES]:
        if member.is_dir() or not member.filename.endswith(".json"):
            continue
        if member.file_size > MAX_RECORD_BYTES:
            bad.append(f"{name}:{member.filename}: larger than {MAX_RECORD_BYTES} bytes")
            continue
        try:
            with archive.open(member) as handle:
                data = handle.read(MAX_RECORD_BYTES + 1)
            if len(data) > MAX_RECORD_BYTES:
                raise _NotOsv(f"larger than {MAX_RECORD_BYTES} bytes")
            yield from parse_record(_loads(data), label)
        except _NotOsv as exc:
            bad.append(f"{name}:{member.filename}: not an OSV record: {exc}")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            bad.append(f"{name}:{member.filename}: unreadable: {type(exc).__name__}")


def load(folders: Iterable[Path] = (), labels: Mapping[Path, str] | None = None) -> AdvisoryDb:
    """The shipped records plus every folder's; a folder that cannot be read is a warning."""
    advisories = list(shipped())
    warnings: list[str] = []
    for folder in folders:
        label = (labels or {}).get(folder, str(folder))
        if not folder.is_dir():
            raise UsageError(f"--advisories {label}: not a directory")
        found, bad = load_folder(folder, label)
        advisories.extend(found)
        for line in bad[:MAX_WARNINGS]:
            warnings.append(f"--advisories {label}: {escape_controls(line)}")
        if len(bad) > MAX_WARNINGS:
            warnings.append(
                f"--advisories {label}: {len(bad) - MAX_WARNINGS} more files were not usable"
            )
    return AdvisoryDb(advisories, warnings)
