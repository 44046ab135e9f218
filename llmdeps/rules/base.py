"""What a check rule is: its id, its documentation, the context it judges, a family's contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from llmdeps.config import Config
from llmdeps.lockfile.model import Lock
from llmdeps.model import Finding, Install, InstallLocation, Severity

if TYPE_CHECKING:
    from llmdeps.advisories import AdvisoryDb
    from llmdeps.sources.packages.environment import Environment


class RuleId(StrEnum):
    """Every rule `check` can report, in the order SARIF lists them."""

    LOCK_INCONSISTENT = "lock-inconsistent"
    LOCK_STALE = "lock-stale"
    DRIFT_DIGEST = "drift-digest"
    DRIFT_MISSING = "drift-missing"
    DRIFT_NEW = "drift-new"
    MAX_VENDOR_SHARE = "max-vendor-share"
    MAX_HHI = "max-hhi"
    NO_CROSS_VENDOR_FALLBACK = "no-cross-vendor-fallback"
    DENIED_VENDOR = "denied-vendor"
    VENDOR_NOT_ALLOWED = "vendor-not-allowed"
    LICENSE_NOT_ALLOWED = "license-not-allowed"
    UNPINNED_MODEL = "unpinned-model"
    COMPROMISED_PACKAGE = "compromised-package"
    SPEC_ADMITS_COMPROMISED = "spec-admits-compromised"
    UNPINNED_MIDDLEWARE = "unpinned-middleware"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's documentation, declared next to its code; SARIF and the docs read it from here."""

    id: RuleId
    title: str
    """One line naming the problem (SARIF `shortDescription`)."""
    help: str
    """What a finding of this rule means (SARIF `fullDescription`)."""
    fix: str
    """What to do about it, as a clause (`run ... and commit ...`); SARIF `help` is this as a
    sentence. A finding whose fix is the rule's uses this text, others say it for their subject."""
    severity: Severity
    """The level a finding has unless the rule says otherwise (policy `require_pinned`)."""
    tags: tuple[str, ...]
    precision: str
    """How often a finding is a real problem, as SARIF says it: very-high, high, medium, low."""


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a rule may judge: the lock on disk, a fresh lock of the code, the installs."""

    locked: Lock
    """The lock on disk."""
    fresh: Lock
    """The lock a scan of the code builds now (the locked installs stand when none were read)."""
    installs: tuple[Install, ...]
    """Every install read in this run."""
    install_sources: tuple[InstallLocation, ...]
    """The servers and stores read in this run; drift is judged on these only."""
    config: Config
    advisories: AdvisoryDb | None = None
    """The advisories in force (shipped plus `--advisories`); None: the shipped ones."""
    environments: tuple[Environment, ...] = ()
    """The Python environments read (`--python-env`)."""


class RuleFamily(Protocol):
    """A module of rules: their documentation and one pass that finds their problems."""

    RULES: tuple[Rule, ...]

    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        """The findings of this family's rules, in the order they are reported."""
        ...
