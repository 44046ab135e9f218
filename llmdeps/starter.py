"""The starter `.llmdeps.yaml` that `llmdeps init` writes: the workflows a scan inferred (the
default grouping: top-level directory or package, each CI workflow file, root files), each with
the models it uses as a comment, then the policy and suppression keys commented out, each saying
what it does. It loads as it is (`config.load_config`), so `llmdeps scan` works right after."""

from __future__ import annotations

import json

from llmdeps.lockfile.model import Lock, WorkflowInfo

HEADER = """\
# .llmdeps.yaml, written by `llmdeps init`. Edit it, then run `llmdeps scan` and commit both.
#
# workflows: the jobs that depend on models, each named and given by path globs (gitignore
# style, relative to this directory). These were inferred from where the scan found model
# references: rename them after what they do, give each an owner and a criticality (low,
# medium, high, critical: vendor shares weigh workflows by it), and merge or split as fits.
"""

FOOTER = """\

# policy: the limits `llmdeps check` enforces. Uncomment what you want to hold.
# policy:
#   max_vendor_share: 0.8                  # 0..1: no lineage vendor above 80% of workflows
#   max_hhi: 7000                          # 0..10000: vendor concentration (HHI)
#   require_cross_vendor_fallback: [critical]   # or true for every workflow
#   denied_vendors: []
#   allowed_licenses: []
#   require_pinned: false                  # true: a floating model name is an error

# ignore: findings accepted for now, each with a reason and, best, an expiry date; a finding
# an entry matches is reported as suppressed and does not fail until the day after `until`.
# ignore:
#   - rule: unpinned-model
#     model: "gpt-4o"                      # a model id or glob; or workflow:, package:, path:
#     reason: "pinned once the eval suite runs"
#     until: 2026-12-31

# scan: what the scan reads.
# scan:
#   max_file_size: 2MB
#   exclude: ["legacy/**"]
"""


def _globs(w: WorkflowInfo) -> list[str]:
    return [f"{p}**" if p.endswith("/") else p for p in w.paths]


def _models(w: WorkflowInfo) -> str:
    shown = ", ".join(w.models[:4])
    more = f" and {len(w.models) - 4} more" if len(w.models) > 4 else ""
    return f"{shown}{more}"


def render(lock: Lock) -> str:
    """The starter config for the workflows of this lock (a scan with no config)."""
    lines = [HEADER.rstrip("\n")]
    workflows = [w for w in lock.workflows if w.paths]
    if not workflows:
        lines += ["# No model reference was found yet: name your workflows here.", "workflows: {}"]
    else:
        lines.append("workflows:")
        for w in workflows:
            lines.append(f"  {json.dumps(w.name)}:  # uses {_models(w)}")
            lines.append(f"    paths: {json.dumps(_globs(w))}")
            lines.append("    # owner: a-team")
            lines.append("    # criticality: medium")
    return "\n".join(lines) + "\n" + FOOTER
