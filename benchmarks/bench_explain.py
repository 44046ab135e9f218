"""Score `llmdeps explain` against the truth set in tests/truth/ (issue 10).

    python benchmarks/bench_explain.py          # the score table
    python benchmarks/bench_explain.py -v       # and every mismatch, grouped
    python benchmarks/bench_explain.py --json   # the scores as JSON
    python benchmarks/bench_explain.py --check  # exit 1 when a target is missed

Runs the real CLI (`python -m llmdeps explain --format json`), batching the ids and passing
`--runtime` for entries that carry a runtime_hint. Accuracy per field (vendor, lineage vendor, pin,
licence, open weights) is given over all ids and over the held-out part; "guesses" counts
non-models that explain gives a vendor. Vendor names compare through the organisation spellings
in llmdeps/catalog/vendors.yaml, so "meta-llama" and "Meta" are the same vendor.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "truth"
VENDORS = ROOT / "llmdeps" / "catalog" / "vendors.yaml"
BATCH = 80  # ids per CLI call: well under any argv limit

# truth field -> explain JSON field
FIELDS = {
    "vendor": "vendor",
    "lineage_vendor": "lineage_vendor",
    "pin": "pinned",
    "license": "license",
    "open_weights": "open_weights",
}
TARGETS = {"vendor": 0.98, "lineage_vendor": 0.95, "pin": 0.98, "license": 0.95}


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def vendor_aliases() -> dict[str, str]:
    """Squashed organisation spelling -> squashed vendor name, from the catalog's vendor list."""
    doc = yaml.safe_load(VENDORS.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for vendor, spellings in (doc.get("vendors") or {}).items():
        for spelling in [vendor, *(spellings or [])]:
            aliases[_squash(str(spelling))] = _squash(str(vendor))
    return aliases


def explain(ids: list[str], runtime: str | None) -> list[dict[str, Any]]:
    """Run the CLI on `ids` in batches; one JSON object per id, in order."""
    out: list[dict[str, Any]] = []
    for start in range(0, len(ids), BATCH):
        cmd = [sys.executable, "-m", "llmdeps", "explain", "--format", "json"]
        if runtime:
            cmd += ["--runtime", runtime]
        cmd += ["--", *ids[start : start + BATCH]]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        if done.returncode != 0:
            sys.exit(f"explain failed ({done.returncode}): {done.stderr.strip()[:400]}")
        out.extend(json.loads(done.stdout))
    return out


def explain_all(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """explain's answer for every entry, keyed by id, one CLI batch per runtime hint."""
    by_hint: dict[str | None, list[str]] = defaultdict(list)
    for entry in entries:
        by_hint[entry.get("runtime_hint")].append(str(entry["id"]))
    answers: dict[str, dict[str, Any]] = {}
    for hint, ids in by_hint.items():
        answers.update(zip(ids, explain(ids, hint), strict=True))
    return answers


def same(field: str, want: Any, got: Any, aliases: dict[str, str]) -> bool:
    if field in ("vendor", "lineage_vendor"):
        w, g = _squash(str(want)), _squash(str(got))
        return aliases.get(w, w) == aliases.get(g, g)
    if field == "open_weights":
        return got is want
    return str(want).lower() == str(got).lower()


def score(
    entries: list[dict[str, Any]], answers: dict[str, dict[str, Any]], aliases: dict[str, str]
) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, Any, Any]]]:
    """Accuracy per field for all entries and the held-out part, and every mismatch."""
    hits: dict[str, dict[str, int]] = {"all": defaultdict(int), "held_out": defaultdict(int)}
    counts = {"all": len(entries), "held_out": sum(1 for e in entries if e.get("held_out"))}
    misses: list[tuple[str, str, Any, Any]] = []
    for entry in entries:
        answer = answers[str(entry["id"])]
        for field, key in FIELDS.items():
            if same(field, entry[field], answer.get(key), aliases):
                hits["all"][field] += 1
                if entry.get("held_out"):
                    hits["held_out"][field] += 1
            else:
                misses.append((str(entry["id"]), field, entry[field], answer.get(key)))
    table = {
        part: {f: (hits[part][f] / counts[part] if counts[part] else 0.0) for f in FIELDS}
        for part in hits
    }
    return table, misses


def guesses(non_models: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Non-models that explain gives a vendor: (id, vendor it guessed)."""
    ids = [str(n["id"]) for n in non_models]
    return [
        (model_id, str(answer.get("vendor")))
        for model_id, answer in zip(ids, explain(ids, None), strict=True)
        if str(answer.get("vendor", "unknown")) != "unknown"
    ]


def print_table(table: dict[str, dict[str, float]], n_all: int, n_held: int, n_guess: int) -> None:
    print(
        f"{'field':<16}{'all (' + str(n_all) + ')':>12}{'held-out (' + str(n_held) + ')':>18}"
        f"{'target':>9}"
    )
    for field in FIELDS:
        target = TARGETS.get(field)
        mark = "" if target is None or table["all"][field] >= target else "  below"
        print(
            f"{field:<16}{table['all'][field]:>12.3f}{table['held_out'][field]:>18.3f}"
            f"{(f'{target:.2f}' if target else '-'):>9}{mark}"
        )
    print(f"{'guesses':<16}{n_guess:>12}{'':>18}{0:>9}{'  below' if n_guess else ''}")


def print_misses(
    misses: list[tuple[str, str, Any, Any]],
    answers: dict[str, dict[str, Any]],
    guessed: list[tuple[str, str]],
) -> None:
    unknown = sorted({m[0] for m in misses if not answers[m[0]].get("known")})
    print(f"\nunknown to the catalog ({len(unknown)}):")
    for model_id in unknown:
        print(f"  {model_id}")
    for field in FIELDS:
        rows = [m for m in misses if m[1] == field and answers[m[0]].get("known")]
        print(f"\nwrong {field} on known ids ({len(rows)}):")
        for model_id, _, want, got in rows:
            print(f"  {model_id}: want {want}, got {got}")
    print(f"\nguesses on non-models ({len(guessed)}):")
    for model_id, vendor in guessed:
        print(f"  {model_id}: {vendor}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    entries = yaml.safe_load((TRUTH / "model_ids.yaml").read_text(encoding="utf-8"))["models"]
    non_models = yaml.safe_load((TRUTH / "non_models.yaml").read_text(encoding="utf-8"))
    non_models = non_models["non_models"]
    aliases = vendor_aliases()
    answers = explain_all(entries)
    table, misses = score(entries, answers, aliases)
    guessed = guesses(non_models)
    n_held = sum(1 for e in entries if e.get("held_out"))

    if args.json:
        doc = {
            "ids": len(entries),
            "held_out": n_held,
            "non_models": len(non_models),
            "accuracy": table,
            "guesses": len(guessed),
            "targets": TARGETS,
        }
        print(json.dumps(doc, indent=2))
    else:
        print(f"{len(entries)} ids ({n_held} held out), {len(non_models)} non-models\n")
        print_table(table, len(entries), n_held, len(guessed))
    if args.verbose:
        print_misses(misses, answers, guessed)
    if args.check:
        missed = [f for f, t in TARGETS.items() if table["all"][f] < t]
        sys.exit(1 if missed or guessed else 0)


if __name__ == "__main__":
    main()
