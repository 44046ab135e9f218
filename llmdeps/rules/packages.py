"""The middle layer's rules: model-layer packages (gateways, SDKs, frameworks, runtimes) against
the advisories, the pinning policy and the lock.

* `compromised-package` (error): a version a lock file resolves, a spec pins exactly, or an
  environment has installed is in an advisory; also a known `.pth` payload in an environment.
  A match only through a record's "every version" range, when the record lists the bad
  versions, is a note (REFERENCE.md 11.3); a suspicious `.pth` is a warning.
* `spec-admits-compromised` (warning): a spec that no lock file resolves would still accept a
  known-bad version (`litellm>=1.80`).
* `unpinned-middleware` (warning; error with policy `require_pinned_packages`): a spec that no
  lock file resolves and that admits more than one version.
* `lock-stale`: the packages differ from the lock's `packages:` section.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from llmdeps.lockfile.model import LockedPackage
from llmdeps.model import Finding, Severity
from llmdeps.rules.base import CheckContext, Rule, RuleId
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem

if TYPE_CHECKING:
    from llmdeps.advisories import Advisory, AdvisoryDb

RULES: tuple[Rule, ...] = (
    Rule(
        RuleId.COMPROMISED_PACKAGE,
        "A model-layer package version is known to be compromised",
        "A gateway, SDK, framework or runtime package resolves, pins or is installed at a "
        "version an advisory lists as malicious (a credential stealer, a worm, a miner), or an "
        "environment holds the payload file a compromised release plants.",
        "move the package to a version outside the advisory, regenerate its lock file, and "
        "treat every machine that installed it as compromised: rotate its credentials",
        Severity.ERROR,
        ("llm", "supply-chain", "security", "packages"),
        "very-high",
    ),
    Rule(
        RuleId.SPEC_ADMITS_COMPROMISED,
        "A package spec with no lock file admits a compromised version",
        "No lock file resolves this package, and its spec as written would accept a version "
        "an advisory lists as malicious: a fresh install can resolve to it.",
        "exclude the bad versions in the spec (`!=`) or pin a good one, and commit a lock file",
        Severity.WARNING,
        ("llm", "supply-chain", "security", "packages"),
        "high",
    ),
    Rule(
        RuleId.UNPINNED_MIDDLEWARE,
        "A model-layer package is not pinned",
        "No lock file resolves this gateway, SDK, framework or runtime package and its spec "
        "admits more than one version, so the next install may get a different (or a "
        "compromised) release.",
        "pin it exactly (`==X` / `X`) or commit the lock file of its package manager",
        Severity.WARNING,
        ("llm", "supply-chain", "packages"),
        "high",
    ),
)

FIX = "run `llmdeps scan` and commit llmdeps.lock"
_PURL_TYPE = {
    "PyPI": "pypi",
    "npm": "npm",
    "Go": "golang",
    # not read by llmdeps, but a lock or advisory may name them (OSV spellings -> purl types)
    "crates.io": "cargo",
    "RubyGems": "gem",
    "NuGet": "nuget",
    "Packagist": "composer",
}


def purl(ecosystem: str, name: str, version: str | None = None) -> str:
    """`pkg:pypi/litellm@1.82.6`, `pkg:npm/%40mistralai/mistralai@2.2.3`, `pkg:golang/...`."""
    kind = _PURL_TYPE.get(ecosystem, "generic")
    if kind == "npm" and name.startswith("@") and "/" in name:
        scope, _, bare = name.partition("/")
        path = f"{quote(scope, safe='')}/{quote(bare, safe='')}"
    elif kind == "golang":
        path = "/".join(quote(part, safe="") for part in name.split("/"))
    else:
        path = quote(name, safe="")
    return f"pkg:{kind}/{path}" + (f"@{quote(version, safe='+')}" if version else "")


def covered(p: LockedPackage, packages: tuple[LockedPackage, ...]) -> bool:
    """A lock file in the manifest's folder or above resolves this package, or another file
    there pins it exactly (pip-tools' `requirements.txt` compiled from `requirements.in`)."""
    if p.locked or p.ecosystem == "Go":
        return True
    here = posixpath.dirname(p.file)
    for other in packages:
        if other.file == p.file or not (other.locked or other.version is not None):
            continue
        if other.ecosystem == p.ecosystem and other.name == p.name:
            there = posixpath.dirname(other.file)
            if there == "" or here == there or here.startswith(there + "/"):
                return True
    return False


def _aka(a: Advisory) -> str:
    return f" ({', '.join(a.aliases)})" if a.aliases else ""


def _ecosystem(name: str) -> Ecosystem:
    return Ecosystem(name)


def _where(p: LockedPackage) -> str:
    what = "lock file" if p.locked else "manifest"
    return f"{p.file} ({what}, {p.key})"


def compromised(packages: tuple[LockedPackage, ...], db: AdvisoryDb) -> Iterator[Finding]:
    """Versions in the repository's manifests and lock files that an advisory lists."""
    for p in packages:
        if p.version is None:
            continue
        for hit in db.hits(_ecosystem(p.ecosystem), p.name, p.version):
            a = hit.advisory
            how = "resolves" if p.locked else "pins"
            if hit.exact:
                message = (
                    f"{p.name} {p.version} ({p.ecosystem}) is compromised: {a.id}{_aka(a)}, "
                    f"{a.summary}; {_where(p)} {how} it; {a.fixed_text()}"
                )
                severity = Severity.ERROR
                fix = (
                    f"move {p.name} off {p.version} in {p.file} ({a.fixed_text()}), regenerate "
                    "the lock file, and rotate the credentials of every machine that installed it"
                )
            else:
                message = (
                    f"{p.name} {p.version} ({p.ecosystem}) falls under {a.id}{_aka(a)} only "
                    f"through its every-version range; the versions it names are "
                    f"{', '.join(a.versions)} ({_where(p)})"
                )
                severity = Severity.NOTE
                fix = f"check {a.id} for {p.name} {p.version}"
            yield Finding(
                RuleId.COMPROMISED_PACKAGE,
                message,
                severity=severity,
                paths=(p.file,),
                workflow=p.workflow,
                fix=fix,
                context=p.key,
                package=purl(p.ecosystem, p.name, p.version),
                advisory=a.id,
            )


def _admits(packages: tuple[LockedPackage, ...], db: AdvisoryDb) -> Iterator[Finding]:
    for p in packages:
        if p.version is not None or covered(p, packages):
            continue
        for a, bad in db.admitted(_ecosystem(p.ecosystem), p.name, p.spec):
            versions = ", ".join(bad) if bad else "every version"
            spec = p.spec or "(any version)"
            yield Finding(
                RuleId.SPEC_ADMITS_COMPROMISED,
                f"{p.name} {spec} ({p.ecosystem}) in {_where(p)} has no lock file and admits "
                f"{versions}, compromised: {a.id}{_aka(a)}, {a.summary}; {a.fixed_text()}",
                severity=Severity.WARNING,
                paths=(p.file,),
                workflow=p.workflow,
                fix=(
                    f"exclude {versions} from the spec of {p.name} in {p.file} or pin a good "
                    "version, and commit a lock file"
                ),
                context=p.key,
                package=purl(p.ecosystem, p.name),
                advisory=a.id,
            )


def _unpinned(packages: tuple[LockedPackage, ...], strict: bool) -> Iterator[Finding]:
    for p in packages:
        if p.version is not None or covered(p, packages):
            continue
        spec = p.spec or "(any version)"
        yield Finding(
            RuleId.UNPINNED_MIDDLEWARE,
            f"{p.role} package {p.name} {spec} ({p.ecosystem}) in {_where(p)} is not pinned and "
            "no lock file resolves it",
            severity=Severity.ERROR if strict else Severity.WARNING,
            paths=(p.file,),
            workflow=p.workflow,
            fix=f"pin {p.name} exactly in {p.file} or commit its package manager's lock file",
            context=p.key,
            package=purl(p.ecosystem, p.name),
        )


def _environments(ctx: CheckContext, db: AdvisoryDb) -> Iterator[Finding]:
    for env in ctx.environments:
        for installed in env.packages:
            for hit in db.hits(Ecosystem.PYPI, installed.name, installed.version):
                if not hit.exact:
                    continue
                a = hit.advisory
                yield Finding(
                    RuleId.COMPROMISED_PACKAGE,
                    f"{installed.name} {installed.version} (PyPI) is installed in "
                    f"{installed.where} and compromised: {a.id}{_aka(a)}, {a.summary}; "
                    f"{a.fixed_text()}",
                    fix=(
                        f"uninstall {installed.name} {installed.version} from {env.label}, "
                        "rebuild the environment from a good version, and rotate every "
                        "credential that machine could read"
                    ),
                    package=purl("PyPI", installed.name, installed.version),
                    advisory=a.id,
                    context=installed.where,
                )
        for payload in env.payloads:
            known = payload.advisory is not None
            digest = f" (sha256 {payload.sha256})" if payload.sha256 else ""
            yield Finding(
                RuleId.COMPROMISED_PACKAGE,
                f"{payload.where}{digest} runs at every Python start: {payload.reason}",
                severity=Severity.ERROR if known else Severity.WARNING,
                fix=(
                    f"delete {payload.where}, rebuild {env.label}, and rotate every credential "
                    "that machine could read"
                    if known
                    else f"read {payload.where}; delete it unless a package you trust put it there"
                ),
                advisory=payload.advisory,
                context=payload.where,
            )


def _stale(ctx: CheckContext) -> Iterator[Finding]:
    """Entries added, removed or changed; a lock file's entries of one package are compared as
    one (its key holds the version in pnpm and yarn locks, so a bump reads as a change)."""

    def key(p: LockedPackage) -> tuple[str, str, str, str]:
        return (p.file, "" if p.locked else p.key, p.ecosystem, p.name)

    def grouped(
        packages: Iterable[LockedPackage],
    ) -> dict[tuple[str, str, str, str], list[LockedPackage]]:
        out: dict[tuple[str, str, str, str], list[LockedPackage]] = {}
        for p in packages:
            out.setdefault(key(p), []).append(p)
        return out

    old, new = grouped(ctx.locked.packages), grouped(ctx.fresh.packages)
    for k in sorted(new.keys() - old.keys()):
        p = new[k][0]
        yield _stale_finding(
            f"new package {p.name} {_versions(new[k]) or p.spec or ''}".rstrip(), p
        )
    for k in sorted(old.keys() - new.keys()):
        yield _stale_finding(f"package gone: {old[k][0].name}", old[k][0])
    for k in sorted(old.keys() & new.keys()):
        before, after = old[k], new[k]
        if set(before) == set(after):
            continue
        if k[1] == "":  # lock-file entries: versions and hashes
            changes = [f"versions: {_versions(before)} -> {_versions(after)}"]
            if {p.hashed for p in before} != {p.hashed for p in after}:
                changes.append("hashes changed")
        else:
            b, a = before[0], after[0]
            changes = [
                f"{field}: {getattr(b, field)!r} -> {getattr(a, field)!r}"
                for field in ("spec", "version", "pinned", "hashed", "workflow", "role")
                if getattr(b, field) != getattr(a, field)
            ] or ["details"]
        yield _stale_finding(f"package {after[0].name} changed: {'; '.join(changes)}", after[0])


def _versions(entries: Iterable[LockedPackage]) -> str:
    return ", ".join(sorted({p.version for p in entries if p.version}))


def _stale_finding(what: str, p: LockedPackage) -> Finding:
    return Finding(
        RuleId.LOCK_STALE,
        f"{what} ({p.ecosystem}) in {p.file} ({p.key}) differs from llmdeps.lock",
        paths=(p.file,),
        workflow=p.workflow,
        fix=FIX,
        context=p.key,
        package=purl(p.ecosystem, p.name, p.version),
    )


def check(ctx: CheckContext) -> list[Finding]:
    """Every package finding: compromised, admitted, unpinned, environments, then the lock."""
    from llmdeps import advisories  # the records are read only when a check runs

    db = ctx.advisories if ctx.advisories is not None else advisories.load()
    packages = ctx.fresh.packages
    return [
        *compromised(packages, db),
        *_admits(packages, db),
        *_unpinned(packages, ctx.config.policy.require_pinned_packages),
        *_environments(ctx, db),
        *_stale(ctx),
    ]


def locate(findings: Iterable[Finding], found: Iterable[DeclaredPackage]) -> list[Finding]:
    """Give package findings the line of the entry they are about (SARIF, GitHub)."""
    lines: dict[tuple[str, str, str], int] = {}
    for p in found:
        lines.setdefault((p.path, p.key, p.name), p.line)
    out = []
    for f in findings:
        if f.package is not None and f.line is None and f.paths and f.context is not None:
            name = _name_of(f.package)
            line = lines.get((f.paths[0], f.context, name))
            if line is not None:
                f = replace(f, line=line)
        out.append(f)
    return out


def _name_of(package_url: str) -> str:
    """The package name of a purl (`%40` for npm's `@` and every other reserved character are
    escaped, so the one literal `@` starts the version)."""
    return unquote(package_url.split("/", 1)[-1].split("@", 1)[0])
