"""The check rules: every family's `RULES` in one list, and the families run in a fixed order."""

from __future__ import annotations

from llmdeps.model import Finding
from llmdeps.rules import drift, integrity, lockdiff, packages, policy
from llmdeps.rules.base import CheckContext, Rule, RuleFamily, RuleId


class _InstallDrift:
    """drift.py as a family: the locked installs against those read in this run."""

    RULES = drift.RULES

    def check(self, ctx: CheckContext) -> list[Finding]:
        """Drift findings on the servers and stores read now (none read: nothing to judge)."""
        if not ctx.install_sources:
            return []
        return drift.compare_installs(ctx.locked, ctx.installs, ctx.install_sources)


FAMILIES: tuple[RuleFamily, ...] = (integrity, lockdiff, _InstallDrift(), policy, packages)
"""In the order findings are reported: the lock against itself, then against the code, then the
machine, then the policy, then the middle layer's packages."""

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
"""Every rule, in the order SARIF lists them."""


def check(ctx: CheckContext) -> list[Finding]:
    """Every finding of every family, family by family."""
    return [finding for family in FAMILIES for finding in family.check(ctx)]


__all__ = ["FAMILIES", "RULES", "CheckContext", "Rule", "RuleId", "check"]
