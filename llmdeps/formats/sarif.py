"""`llmdeps check --format sarif`: the findings as a SARIF 2.1.0 log for GitHub code scanning.

One run, with every rule `check` can emit in `tool.driver.rules` (so `ruleIndex` is stable from
run to run) and one result per finding. A result's locations are the finding's files, relative to
the scanned directory; a finding with no file (HHI, a model that is only in the lock) points at the
lock file, since GitHub needs at least one location. The first location carries the finding's line
and column when check knew them, otherwise line 1 of the file.

`partialFingerprints.primaryLocationLineHash` hashes the rule, the first file, the model, the
workflow and the vendor (never the line or the message, whose figures change), followed by
`:N`, the occurrence of that hash in this log, as GitHub's own fingerprints do. The output is
byte-identical for the same findings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from llmdeps import __version__
from llmdeps.model import Finding, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "llmdeps"
INFORMATION_URI: str | None = None
"""The project's home page; `informationUri` is left out while there is none."""
MAX_LOCATIONS = 10
"""GitHub reads only the first location and rejects more than it shows; the message names all."""


@dataclass(frozen=True, slots=True)
class Rule:
    """What code scanning shows for a rule id."""

    id: str
    short: str
    full: str
    help: str
    level: Severity
    tags: tuple[str, ...]
    precision: str


RULES: tuple[Rule, ...] = (
    Rule(
        "lock-stale",
        "llmdeps.lock no longer matches the code",
        "A model, reference, fallback or workflow in the code differs from what llmdeps.lock "
        "records, so the lock no longer describes which models the repository depends on.",
        "Run `llmdeps scan` and commit llmdeps.lock; review the lock diff as a dependency change.",
        Severity.ERROR,
        ("llm", "supply-chain", "lockfile"),
        "very-high",
    ),
    Rule(
        "drift-digest",
        "An installed Ollama model is not the locked version",
        "The tag now names another manifest digest than the one in llmdeps.lock on that host or "
        "store; the message says whether the weights changed or only the tag moved.",
        "If the change is intended, run `llmdeps scan` and commit llmdeps.lock; otherwise restore "
        "the locked model on that host.",
        Severity.ERROR,
        ("llm", "supply-chain", "drift"),
        "very-high",
    ),
    Rule(
        "drift-missing",
        "A locked Ollama install is gone",
        "A model install recorded in llmdeps.lock is no longer present on an Ollama server or "
        "store that was read in this run.",
        "Pull the model again (`ollama pull NAME`) and compare digests, or run `llmdeps scan` if "
        "it was removed on purpose.",
        Severity.ERROR,
        ("llm", "supply-chain", "drift"),
        "very-high",
    ),
    Rule(
        "drift-new",
        "A referenced model is installed but not locked there",
        "A model the code references is installed on an Ollama server or store where "
        "llmdeps.lock records no install of it; the lock no longer describes the machine.",
        "Run `llmdeps scan` and commit llmdeps.lock to record the install and its digest.",
        Severity.WARNING,
        ("llm", "supply-chain", "drift"),
        "high",
    ),
    Rule(
        "max-vendor-share",
        "Too many workflows depend on one vendor",
        "A lineage vendor's share of the workflows is above the policy's max_vendor_share: if "
        "that vendor changes its terms or stops serving the models, that much of the work stops.",
        "Move a workflow to a model from another vendor, or add a fallback to one, then run "
        "`llmdeps scan`.",
        Severity.ERROR,
        ("llm", "policy", "vendor-concentration"),
        "high",
    ),
    Rule(
        "max-hhi",
        "Model dependencies are concentrated on few vendors",
        "The Herfindahl-Hirschman index of workflow-weighted vendor shares is above the policy's "
        "max_hhi (10000 means a single vendor).",
        "Spread workflows over models from more vendors.",
        Severity.ERROR,
        ("llm", "policy", "vendor-concentration"),
        "high",
    ),
    Rule(
        "no-cross-vendor-fallback",
        "A workflow has no fallback to another vendor",
        "A workflow that the policy requires to survive a vendor's exit has no fallback to a model "
        "of another lineage vendor.",
        "Add a fallback to a model from another vendor (LiteLLM `fallbacks`, "
        "`Router(fallbacks=...)` or LangChain `.with_fallbacks`).",
        Severity.ERROR,
        ("llm", "policy", "vendor-concentration"),
        "high",
    ),
    Rule(
        "denied-vendor",
        "A model comes from a denied vendor",
        "A model is made by, or descends from, a vendor on the policy's denied_vendors list.",
        "Replace the model with one from an allowed vendor.",
        Severity.ERROR,
        ("llm", "policy", "supply-chain"),
        "high",
    ),
    Rule(
        "vendor-not-allowed",
        "A model comes from a vendor that is not allowed",
        "The policy's allowed_vendors is set and a model's maker or base-model vendor is not "
        "on it.",
        "Replace the model with one from an allowed vendor, or add the vendor to "
        "policy.allowed_vendors.",
        Severity.ERROR,
        ("llm", "policy", "supply-chain"),
        "high",
    ),
    Rule(
        "license-not-allowed",
        "A model's licence is not allowed",
        "The policy's allowed_licenses is set and a model's licence is not on it.",
        "Replace the model with one under an allowed licence, or add the licence to "
        "policy.allowed_licenses.",
        Severity.ERROR,
        ("llm", "policy", "license"),
        "high",
    ),
    Rule(
        "unpinned-model",
        "Model reference is not pinned",
        "A floating alias, an Ollama tag without a locked digest or an Azure deployment name can "
        "change the model behind it without a code change (an error with policy require_pinned).",
        "Use a dated or versioned model id, or run `llmdeps scan` with Ollama readable to lock "
        "the tag's digest.",
        Severity.WARNING,
        ("llm", "supply-chain", "pinning"),
        "high",
    ),
)

_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "recommendation",
}


def _rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": rule.level.value},
        "properties": {
            "tags": list(rule.tags),
            "precision": rule.precision,
            "problem.severity": _PROBLEM_SEVERITY[rule.level],
        },
    }


def _unknown_rule(rule_id: str, severity: Severity) -> Rule:
    return Rule(
        rule_id,
        f"llmdeps check rule {rule_id}",
        f"A finding of llmdeps check rule {rule_id}.",
        "See the finding's message for what to change.",
        severity,
        ("llm",),
        "medium",
    )


def message_text(f: Finding) -> str:
    """The finding's sentence, then its fix (GitHub titles the alert with the first sentence)."""
    text = f.message
    if f.fix:
        text = f"{text.rstrip()}{'' if text.rstrip().endswith('.') else '.'} Fix: {f.fix}."
    return text


def _region(line: int | None, column: int | None) -> dict[str, int]:
    region = {"startLine": line if line is not None and line >= 1 else 1}
    if line is not None and column is not None and column >= 1:
        region["startColumn"] = column
    return region


def _locations(f: Finding, lock_path: str) -> list[dict[str, object]]:
    uris = list(f.paths[:MAX_LOCATIONS]) or [lock_path]
    out: list[dict[str, object]] = []
    for i, uri in enumerate(uris):
        physical: dict[str, object] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
        if i == 0:
            physical["region"] = _region(f.line, f.column)
        out.append({"physicalLocation": physical})
    return out


def fingerprint_base(f: Finding, lock_path: str = "llmdeps.lock") -> str:
    """16 hex digits over rule, first file, model, workflow and vendor: no line, no message."""
    uri = f.paths[0] if f.paths else lock_path
    key = "\0".join((f.rule, uri, f.model or "", f.workflow or "", f.vendor or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def build_log(
    findings: Sequence[Finding], *, lock_path: str = "llmdeps.lock", version: str = __version__
) -> dict[str, object]:
    """The SARIF log as a JSON-ready dict."""
    rules = list(RULES)
    index = {r.id: i for i, r in enumerate(rules)}
    for f in findings:
        if f.rule not in index:
            index[f.rule] = len(rules)
            rules.append(_unknown_rule(f.rule, f.severity))
    seen: dict[str, int] = {}
    results: list[dict[str, object]] = []
    for f in findings:
        base = fingerprint_base(f, lock_path)
        seen[base] = seen.get(base, 0) + 1
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": f.severity.value,
            "message": {"text": message_text(f)},
            "locations": _locations(f, lock_path),
            "partialFingerprints": {"primaryLocationLineHash": f"{base}:{seen[base]}"},
        }
        properties = {
            key: getattr(f, key)
            for key in ("model", "workflow", "vendor")
            if getattr(f, key) is not None
        }
        if len(f.paths) > MAX_LOCATIONS:
            properties["paths"] = list(f.paths)
        if properties:
            result["properties"] = properties
        results.append(result)
    driver: dict[str, object] = {"name": TOOL_NAME, "semanticVersion": version}
    if INFORMATION_URI:
        driver["informationUri"] = INFORMATION_URI
    driver["rules"] = [_rule_json(r) for r in rules]
    run: dict[str, object] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(
    findings: Sequence[Finding], *, lock_path: str = "llmdeps.lock", version: str = __version__
) -> str:
    """The SARIF 2.1.0 log as JSON text, two-space indented, ending in a newline."""
    log = build_log(findings, lock_path=lock_path, version=version)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
