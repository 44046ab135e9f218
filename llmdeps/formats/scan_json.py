"""`llmdeps scan --format json`: the full scan result, every reference with line and column.

Schema (schema_version 1): {schema_version, tool_version, root, summary {files_scanned, models,
references, files, workflows, pinned, digest_locked, local, floating, other, open_weights (as
analysis/figures.py defines them: `references` counts the lock's references), occurrences (every
reference with its line, the length of `references` below), warnings}, models [lock model
objects], workflows, fallbacks [with line/column],
concentration, references [{path, line, column, context, model, model_id, kind, runtime, workflow,
env_var?, revision?, group?}], installs [every install read: Ollama, Hugging Face cache, LM Studio,
OpenAI-compatible servers], unreferenced_installs, loaded [models servers hold in memory now:
{name, location, digest, expires_at?, size_vram?, context_length?}], warnings [{path, reason}]}.
Keys sorted within objects; lists in lock order.

It renders the inventory and the lock it is given: nothing is identified or grouped again here.
"""

from __future__ import annotations

from llmdeps.analysis.figures import figures
from llmdeps.formats import jsontext
from llmdeps.inventory import Inventory
from llmdeps.lockfile import to_data, to_dict
from llmdeps.lockfile.model import Lock

name = "json"
writes_lock = False

SCHEMA_VERSION = 1


def render(inventory: Inventory, lock: Lock) -> str:
    """Every reference with its position, plus the lock's models and analysis."""
    base = to_dict(lock)
    result = inventory.scan
    refs = []
    for resolved in inventory.resolved:
        r, identity, group = resolved.reference, resolved.identity, resolved.group
        loc = r.location
        item: dict[str, object] = {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "context": loc.context,
            "model": r.model,
            "model_id": identity.canonical_id,
            "kind": r.kind.value,
            "runtime": r.runtime.value,
            "workflow": resolved.workflow,
        }
        optional = {"env_var": r.env_var, "revision": r.revision, "group": group}
        item.update({k: v for k, v in optional.items() if v is not None})
        refs.append(item)
    fallbacks = [
        {
            "path": f.location.path,
            "line": f.location.line,
            "column": f.location.column,
            "context": f.location.context,
            "primary": f.primary,
            "targets": list(f.targets),
            "style": f.style.value,
        }
        for f in result.fallbacks
    ]
    installs = [to_data(i) for i in result.installs]
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool_version": lock.tool_version,
        "root": result.root,
        "summary": {
            "files_scanned": result.files_scanned,
            **to_data(figures(lock)),  # type: ignore[dict-item]
            "occurrences": len(refs),
            "warnings": len(result.warnings),
        },
        "models": base.get("models", []),
        "workflows": base.get("workflows", []),
        "concentration": base.get("concentration", {}),
        "fallbacks": fallbacks,
        "references": refs,
        "installs": installs,
        "unreferenced_installs": base.get("unreferenced_installs", []),
        "loaded": [to_data(m) for m in result.loaded],
        "warnings": [{"path": w.path, "reason": w.reason} for w in result.warnings],
        "packages": _packages(inventory, lock),
    }
    return jsontext.dumps(doc) + "\n"


def _packages(inventory: Inventory, lock: Lock) -> list[dict[str, object]]:
    """The lock's package entries, each with the line of its entry (for tools)."""
    lines: dict[tuple[str, str, str], int] = {}
    for p in inventory.scan.packages:
        lines.setdefault((p.path, p.key, p.name), p.line)
    out = []
    for locked in lock.packages:
        item = to_data(locked)
        assert isinstance(item, dict)
        line = lines.get((locked.file, locked.key, locked.name))
        if line is not None:
            item["line"] = line
        out.append(item)
    return out
