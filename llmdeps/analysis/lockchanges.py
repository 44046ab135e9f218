"""What changed between two locks: entries of every section added, removed or changed, by
identity, and the headline figures before and after, recomputed from each lock's facts.

Every list section of the lock is compared by its identity key (`IDENTITY`): a section added to
the lock later (`packages:`) needs one line there, and an unknown one is still compared, by the
identifying fields it has. Installs are nested in their model in the lock; here they are one
section (`installs`) of every install, referenced or not, keyed by source and name, so a model's
entry changes only when the model does. The figures are never read from the locks: both are
re-derived (`analysis/derived.py`) and the figures computed from their facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from llmdeps.analysis.derived import rederive
from llmdeps.analysis.report import AlternativesSource, build_report
from llmdeps.analysis.risks import Risk
from llmdeps.lockfile.codec import to_data
from llmdeps.lockfile.model import Lock
from llmdeps.model import PinStatus

Item = Mapping[str, object]

IDENTITY: dict[str, tuple[str, ...]] = {
    "models": ("id",),
    "workflows": ("name",),
    "fallbacks": ("path", "context", "primary"),
    "references": ("path", "context", "model", "kind"),
    "installs": ("source", "name"),
    "install_sources": (),
    "packages": ("ecosystem", "name", "path"),
}
"""Each section's identity: the fields that name an entry (() for a list of plain values)."""

SECTION_ORDER = (
    "models",
    "workflows",
    "fallbacks",
    "installs",
    "packages",
    "references",
    "install_sources",
)
"""The order sections are reported in; others follow, by name."""

_GUESSED_IDENTITY = ("id", "ecosystem", "name", "source", "path", "context", "model", "kind")
"""For a section not in IDENTITY: the fields of these that its entries have."""

_NOT_DIFFED = frozenset({"schema_version", "tool_version", "concentration"})
"""Top-level keys that are no section: the figures are recomputed, the versions are no change."""

_PINNED = (PinStatus.PINNED, PinStatus.DIGEST, PinStatus.LOCAL)


class ChangeKind(StrEnum):
    """What happened to an entry."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an entry that differs."""

    name: str
    before: object
    after: object


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of one section added, removed or changed."""

    section: str
    key: str
    """The entry's identity as text (`anthropic/claude-haiku-4-5`, `service/a.py MODEL gpt-4o`)."""
    kind: ChangeKind
    fields: tuple[FieldChange, ...] = ()
    """For a changed entry: the fields that differ, by name."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A headline figure in both locks."""

    name: str
    before: float
    after: float

    @property
    def changed(self) -> bool:
        """The rounded values differ."""
        return round(self.before, 4) != round(self.after, 4)


@dataclass(frozen=True, slots=True)
class LockDiff:
    """Everything `llmdeps diff` shows."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...]
    figures: tuple[Figure, ...]
    """HHI, portability, pinned share, top vendor share, counts."""
    vendor_shares: tuple[Figure, ...]
    """Each lineage vendor's workflow share, named by vendor, before and after."""
    risks_added: tuple[str, ...]
    """Risk sentences of a kind the old lock did not have."""
    risks_removed: tuple[str, ...]
    """Risk sentences of a kind the new lock no longer has."""
    top_vendor: tuple[str | None, str | None]
    risks_changed: tuple[tuple[str, str], ...] = ()
    """(old, new) sentences of a risk both locks have, said differently (its figures moved)."""

    @property
    def changed(self) -> bool:
        """Some dependency changed (what `--exit-code` fails on)."""
        return bool(self.changes)

    def count(self, section: str, kind: ChangeKind) -> int:
        """How many entries of `section` were `kind`."""
        return sum(c.section == section and c.kind is kind for c in self.changes)

    def sections(self) -> tuple[str, ...]:
        """The sections with a change, in report order."""
        present = {c.section for c in self.changes}
        return tuple(s for s in _ordered(present))


def _ordered(sections: set[str]) -> list[str]:
    known = [s for s in SECTION_ORDER if s in sections]
    return known + sorted(sections - set(SECTION_ORDER))


def sections_of(lock: Lock) -> dict[str, list[object]]:
    """The lock as {section: entries}: every list at the top, installs gathered in one."""
    data = to_data(lock)
    assert isinstance(data, dict)
    out: dict[str, list[object]] = {}
    installs: list[object] = []
    for key, value in data.items():
        if key in _NOT_DIFFED or not isinstance(value, list):
            continue
        if key == "models":
            models = []
            for m in value:
                if isinstance(m, dict):
                    model = dict(m)
                    for i in model.pop("installs", []):
                        installs.append({**i, "model": model.get("id")})
                    models.append(model)
            out[key] = list(models)
        elif key == "unreferenced_installs":
            installs.extend({**i, "model": None} for i in value if isinstance(i, dict))
        else:
            out[key] = list(value)
    out["installs"] = installs
    return out


def _identity(section: str, entries: Sequence[object]) -> Callable[[object], tuple[object, ...]]:
    fields = IDENTITY.get(section)
    if fields is None:
        present = {k for e in entries if isinstance(e, dict) for k in e}
        fields = tuple(f for f in _GUESSED_IDENTITY if f in present)
    if not fields:
        return lambda entry: (repr(entry) if isinstance(entry, dict) else entry,)
    chosen = fields
    return lambda entry: tuple(entry.get(f) if isinstance(entry, dict) else entry for f in chosen)


def _key_text(key: tuple[object, ...]) -> str:
    return " ".join(str(part) for part in key if part not in (None, ""))


def _fields(before: object, after: object) -> tuple[FieldChange, ...]:
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return (FieldChange("value", before, after),)
    names = sorted(set(before) | set(after))
    return tuple(
        FieldChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)
    )


def compare_sections(
    old: Mapping[str, Sequence[object]], new: Mapping[str, Sequence[object]]
) -> tuple[Change, ...]:
    """Every entry added, removed or changed, section by section, each sorted by its key."""
    changes: list[Change] = []
    for section in _ordered(set(old) | set(new)):
        before, after = old.get(section, ()), new.get(section, ())
        key_of = _identity(section, [*before, *after])
        old_by = {key_of(e): e for e in before}
        new_by = {key_of(e): e for e in after}
        for key in sorted(set(old_by) | set(new_by), key=lambda k: tuple(map(str, k))):
            if key not in new_by:
                changes.append(Change(section, _key_text(key), ChangeKind.REMOVED))
            elif key not in old_by:
                changes.append(Change(section, _key_text(key), ChangeKind.ADDED))
            elif old_by[key] != new_by[key]:
                fields = _fields(old_by[key], new_by[key])
                changes.append(Change(section, _key_text(key), ChangeKind.CHANGED, fields))
    return tuple(changes)


def _risk_changes(
    old: Sequence[Risk], new: Sequence[Risk]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Risks paired by code (the n-th of a code with the n-th): new, gone, and reworded ones."""

    def keyed(risks: Sequence[Risk]) -> dict[tuple[str, int], str]:
        seen: dict[str, int] = {}
        out = {}
        for r in risks:
            seen[r.code] = seen.get(r.code, 0) + 1
            out[(r.code, seen[r.code])] = r.sentence
        return out

    before, after = keyed(old), keyed(new)
    added = tuple(s for k, s in after.items() if k not in before)
    removed = tuple(s for k, s in before.items() if k not in after)
    reworded = tuple(
        (before[k], s) for k, s in after.items() if k in before and before[k] != s
    )
    return added, removed, reworded


def _pinned_share(lock: Lock) -> float:
    if not lock.models:
        return 0.0
    return sum(m.pin in _PINNED for m in lock.models) / len(lock.models)


def diff_locks(
    old: Lock,
    new: Lock,
    catalog: AlternativesSource,
    *,
    old_label: str = "old",
    new_label: str = "new",
) -> LockDiff:
    """What changed from `old` to `new`; the figures are those each lock's facts give."""
    old, new = rederive(old), rederive(new)
    co, cn = old.concentration, new.concentration
    figures = (
        Figure("top vendor share", co.top_share, cn.top_share),
        Figure("HHI", co.hhi, cn.hhi),
        Figure("portability", co.portability, cn.portability),
        Figure("pinned share", _pinned_share(old), _pinned_share(new)),
        Figure("models", len(old.models), len(new.models)),
        Figure("workflows", len(old.workflows), len(new.workflows)),
        Figure("references", len(old.references), len(new.references)),
    )
    before = {s.vendor: s.share for s in co.by_workflows}
    after = {s.vendor: s.share for s in cn.by_workflows}
    vendors = sorted(
        set(before) | set(after), key=lambda v: (-max(before.get(v, 0), after.get(v, 0)), v)
    )
    shares = tuple(Figure(v, before.get(v, 0.0), after.get(v, 0.0)) for v in vendors)
    added, removed, reworded = _risk_changes(
        build_report(old, catalog, without=None, date=None).risks,
        build_report(new, catalog, without=None, date=None).risks,
    )
    return LockDiff(
        old_label=old_label,
        new_label=new_label,
        changes=compare_sections(sections_of(old), sections_of(new)),
        figures=figures,
        vendor_shares=shares,
        risks_added=added,
        risks_removed=removed,
        top_vendor=(co.top_vendor, cn.top_vendor),
        risks_changed=reworded,
    )
