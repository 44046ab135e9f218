"""The middle layer in the report: which gateways, SDKs, frameworks and runtimes each workflow
goes through, whether they are pinned, and which advisories they hit.

Built from the lock's `packages:` section, the advisories in force (shipped plus
`--advisories`) and any `--python-env` environments. Pure: the same inputs give the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llmdeps.lockfile.model import Lock, LockedPackage
from llmdeps.model import ScanWarning
from llmdeps.printable import escape_controls
from llmdeps.rules.packages import covered, purl
from llmdeps.sources.packages.base import Ecosystem
from llmdeps.sources.packages.options import PackageOptions

if TYPE_CHECKING:
    from llmdeps.advisories import Advisory, AdvisoryDb
    from llmdeps.sources.packages.environment import Environment

REPOSITORY = "(repository)"
"""The group of packages whose manifest belongs to no one workflow: they serve every one."""
_ECOSYSTEMS = frozenset(e.value for e in Ecosystem)


@dataclass(frozen=True, slots=True)
class MiddleInputs:
    """What a run reads for the middle layer besides the lock."""

    advisories: AdvisoryDb
    environments: tuple[Environment, ...] = ()
    warnings: tuple[str, ...] = ()


def read_middle_inputs(options: PackageOptions) -> MiddleInputs:
    """The advisories in force and the environments named (UsageError for a path that is not a
    folder: a typo must not pass as "nothing found")."""
    from llmdeps import advisories
    from llmdeps.sources.packages.environment import read_environment

    db = advisories.load(options.advisories)
    envs = tuple(read_environment(path, escape_controls(str(path))) for path in options.python_envs)
    warnings = [*db.warnings]
    for env in envs:
        warnings.extend(_warning_text(w) for w in env.warnings)
    return MiddleInputs(db, envs, tuple(warnings))


def _warning_text(w: ScanWarning) -> str:
    return f"--python-env {w.path}: {w.reason}"


@dataclass(frozen=True, slots=True)
class PackageRow:
    """One package of one workflow (a manifest and its lock file merged)."""

    ecosystem: str
    name: str
    role: str
    specs: tuple[str, ...]
    """Specs as written in the manifests (none when only a lock file names it)."""
    versions: tuple[str, ...]
    """Exact versions: resolved by a lock file or pinned by the spec."""
    pinned: bool
    """Every entry is pinned exactly or resolved by a lock file."""
    hashed: bool
    locked: bool
    files: tuple[str, ...]
    purls: tuple[str, ...]
    """With the version when there is one: `pkg:pypi/litellm@1.82.6`."""
    advisories: tuple[str, ...] = ()
    """Ids of the advisories an exact version of it is in."""


@dataclass(frozen=True, slots=True)
class WorkflowLayer:
    """The packages one workflow goes through (`(repository)`: those of every workflow)."""

    workflow: str
    packages: tuple[PackageRow, ...]


@dataclass(frozen=True, slots=True)
class AdvisoryHit:
    """One advisory a package version is in, and where that version is."""

    advisory: str
    aliases: tuple[str, ...]
    summary: str
    package: str
    """`litellm 1.82.7 (PyPI)`."""
    purl: str
    where: str
    """The file (or the environment) that resolves, pins or installed it."""
    fixed: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MiddleLayer:
    """The report's middle-layer section."""

    workflows: tuple[WorkflowLayer, ...] = ()
    hits: tuple[AdvisoryHit, ...] = ()
    packages: int = 0
    unpinned: int = 0
    advisories_in_force: int = 0
    payloads: tuple[str, ...] = field(default=())
    """`.pth` payload files found in the environments read (where, and why)."""

    @property
    def rows(self) -> tuple[PackageRow, ...]:
        """Every row, workflow by workflow."""
        return tuple(row for w in self.workflows for row in w.packages)


def middle_layer(
    lock: Lock, db: AdvisoryDb | None = None, environments: tuple[Environment, ...] = ()
) -> MiddleLayer:
    """The rows of the lock's packages, the advisories they (and the environments) hit."""
    if db is None:
        from llmdeps import advisories

        db = advisories.load()
    groups: dict[tuple[str, str, str], list[LockedPackage]] = {}
    for p in lock.packages:
        groups.setdefault((p.workflow or REPOSITORY, p.ecosystem, p.name), []).append(p)
    by_workflow: dict[str, list[PackageRow]] = {}
    hits: dict[tuple[str, str, str], AdvisoryHit] = {}
    for (workflow, ecosystem, name), entries in sorted(groups.items()):
        versions = tuple(sorted({p.version for p in entries if p.version}))
        ids: set[str] = set()
        for p in entries:
            # a hand-edited lock may name a registry llmdeps has no advisories for
            if p.version is None or ecosystem not in _ECOSYSTEMS:
                continue
            for hit in db.hits(Ecosystem(ecosystem), name, p.version):
                if hit.exact:
                    ids.add(hit.advisory.id)
                    hits[(hit.advisory.id, purl(ecosystem, name, p.version), p.file)] = _hit(
                        hit.advisory, ecosystem, name, p.version, p.file
                    )
        by_workflow.setdefault(workflow, []).append(
            PackageRow(
                ecosystem=ecosystem,
                name=name,
                role=entries[0].role,
                specs=tuple(sorted({p.spec for p in entries if p.spec})),
                versions=versions,
                pinned=all(p.version is not None or covered(p, lock.packages) for p in entries),
                hashed=any(p.hashed for p in entries),
                locked=any(p.locked for p in entries),
                files=tuple(sorted({p.file for p in entries})),
                purls=tuple(purl(ecosystem, name, v) for v in versions) or (purl(ecosystem, name),),
                advisories=tuple(sorted(ids)),
            )
        )
    payloads: list[str] = []
    for env in environments:
        for installed in env.packages:
            for hit in db.hits(Ecosystem.PYPI, installed.name, installed.version):
                if hit.exact:
                    key = (hit.advisory.id, purl("PyPI", installed.name, installed.version))
                    hits[(*key, installed.where)] = _hit(
                        hit.advisory, "PyPI", installed.name, installed.version, installed.where
                    )
        payloads.extend(f"{p.where}: {p.reason}" for p in env.payloads)
    order = sorted(by_workflow, key=lambda w: (w == REPOSITORY, w))
    workflows = tuple(WorkflowLayer(w, tuple(by_workflow[w])) for w in order)
    rows = [row for w in workflows for row in w.packages]
    return MiddleLayer(
        workflows=workflows,
        hits=tuple(hits[k] for k in sorted(hits)),
        packages=len(rows),
        unpinned=sum(not row.pinned for row in rows),
        advisories_in_force=db.count,
        payloads=tuple(payloads),
    )


def _hit(a: Advisory, ecosystem: str, name: str, version: str, where: str) -> AdvisoryHit:
    return AdvisoryHit(
        advisory=a.id,
        aliases=a.aliases,
        summary=a.summary,
        package=f"{name} {version} ({ecosystem})",
        purl=purl(ecosystem, name, version),
        where=where,
        fixed=a.fixed_text(),
        references=a.references,
    )
