"""`llmdeps report --format json`: the audit report for tools. Schema version 1.

One object, keys sorted, two-space indent, floats rounded to 4 decimals; no date unless asked for:

* `schema_version` (int): 1. A field is only added within a version; anything else bumps it.
* `tool_version` (str), `lock_schema_version` (int): what wrote the lock the report reads.
* `date` (str or null): the `--date` given, else null.
* `audited` (object or null): `repository` (the directory's name), `lock` (its path relative to
  it), `lock_digest` (`sha256:` hex of the lock file), `commit` (checked out, or null when the
  directory is not a git work tree's root).
* `summary`: `models`, `workflows`, `references` (the lock's), `files` (files holding a
  reference), `vendors` (distinct lineage vendors), `pinned` (the id names one artifact),
  `digest_locked` (a floating name whose installed digest is locked), `local`, `floating`, `other`
  (README: "What each count means"; they add up to `models`), `open_weights`, `installs`,
  `unreferenced_installs` (ints); `top_vendor` (str or null), `top_share` (0..1), `hhi`
  (0..10000), `portability` (0..1), `install_sources` (list of Ollama servers and stores read),
  `workflow_weight` (sum of the workflows' criticality weights), `weighted` (true when a weight is
  not 1, so shares count weights rather than workflows), `catalog_reviewed` (the day the catalog
  was last checked against its sources, or null).
* `vendor_shares`: `by_workflows` (criticality-weighted, largest first) and `by_references`, each a
  list of `{vendor, share (0..1), count}`.
* `risks`: ranked, most severe first: `{severity: high|medium|low|note, code, sentence, size,
  subjects}`; `code` is stable (`vendor-concentration`, `no-cross-vendor-fallback`, `exit-loss`,
  `hhi`, `floating`, `hard-coded`, `unpinned`, `unknown-vendor`, `unreferenced-install`),
  `sentence` is for people, `subjects` lists the workflows or models it is about.
* `models`: sorted by id: `{id, vendor, lineage_vendor, family, license, open_weights (bool or
  null), pin, task, parameters_b (float or null), workflows, references (count), installed (bool or
  null: null when Ollama was not read), known (false: the catalog had no entry)}`.
* `matrix`: `vendors` (the column order) and `workflows`, sorted by name: `{name, owner,
  criticality, weight, models (primary: called by the code), fallback_models, vendors,
  fallback_vendors, configurable, cross_vendor_fallback, cells, switchable (options across
  several lineage vendors), uses (`[{model, use}]`, use `calls`, `fallback` or `option`)}`;
  `cells` maps every vendor of `matrix.vendors` to `primary`, `fallback` or `none`.
* `exit_simulation` (null when the lock has no models): `{vendor, requested (false: the top vendor
  by default), models, headline, workflows, statuses, lost, degraded, unaffected, fallback_lost}`.
  `workflows` (sorted by name): `{workflow, criticality, status, sentence, withdrawn, frozen,
  installed, digest_locked, fallback, options, remaining, lost_fallbacks}`; `status` is one of
  `lost`, `api-withdrawn`, `degraded`, `frozen`, `switchable`, `unaffected` (README: Vendor exit)
  and `sentence` says it for people. `statuses` counts the workflows of each status. The older
  lists stay: `lost` (lost and api-withdrawn) and `degraded` are lists of `{workflow, criticality,
  lost_models (the withdrawn models), fallback, remaining}`, `unaffected` names the rest and
  `fallback_lost` the unaffected ones whose fallback is a model of the exiting vendor.
* `alternatives`: for each model of the simulated vendor and of any vendor above half the
  workflows: `{model_id, name, vendor, task, parameters_b, alternatives: [{ollama_tag, vendor,
  license, family, task, parameters_b, source, runtime, id, license_class}], in_use}`. Same task
  and runtime: a Hugging Face model gets Hugging Face repos (`runtime` huggingface, `id` the repo),
  a hosted API model up to two hosted models (`runtime` hosted, `id` `provider/model`) then
  open-weight tags, anything else Ollama tags (`ollama_tag`, the tag to pull; empty otherwise).
  `license_class` is `open`, `community`, `non-production` (never first) or `proprietary`;
  `in_use` lists the suggested names the lock already depends on.
* `middle_layer`: `{workflows: [{workflow, packages: [{ecosystem, name, role, specs, versions,
  pinned, hashed, locked, files, purls, advisories}]}], hits: [{advisory, aliases, summary,
  package, purl, where, fixed, references}], packages, unpinned, advisories_in_force, payloads}`:
  the gateways, SDKs, frameworks and runtimes each workflow goes through (`(repository)`: the
  manifests of no one workflow), and the advisories their exact versions are in.
* `installs`: every locked install, sorted: `{model, location (as the lock names it), name,
  pin}`; `pin` says what holds it in words (`sha256:<12 hex>, weights <12 hex>`, `commit <12 hex>
  (main), weights sha256:<12 hex>`, `served by vllm, ...`).
* `loaded`: with `--scan`, the models servers hold in memory now (Ollama `/api/ps`): `{name,
  location, digest, expires_at (str or null), context_length (int or null)}`; empty otherwise.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from llmdeps.analysis.exit import ExitSimulation, ExitStatus, WorkflowExit
from llmdeps.analysis.report import Report
from llmdeps.formats import jsontext
from llmdeps.formats.installs import install_rows
from llmdeps.formats.text import exit_headline

name = "json"

SCHEMA_VERSION = 1


_FIELDS: dict[type, tuple[str, ...]] = {}
"""The field names of each dataclass met, read once per class, not per object."""


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


def as_dict(report: Report) -> dict[str, Any]:
    """The report as the documented JSON object."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": report.tool_version,
        "lock_schema_version": report.lock_schema_version,
        "date": report.date,
        "audited": None if report.audited is None else _plain(report.audited),
        "summary": _plain(report.summary),
        "vendor_shares": {
            "by_workflows": _plain(report.vendor_shares),
            "by_references": _plain(report.reference_shares),
        },
        "risks": _plain(report.risks),
        "models": _plain(report.models),
        "matrix": {
            "vendors": list(report.matrix_vendors),
            "workflows": [
                {
                    **_plain(w),
                    "cells": {
                        v: c.value for v, c in zip(report.matrix_vendors, w.cells, strict=True)
                    },
                }
                for w in report.workflows
            ],
        },
        "exit_simulation": _exit(report.exit),
        "alternatives": _plain(report.alternatives),
        "middle_layer": _plain(report.middle_layer),
        "installs": [
            {"model": r.model, "location": r.location, "name": r.name, "pin": r.pin}
            for r in install_rows(report)
        ],
        "loaded": [
            {
                "name": m.name,
                "location": m.location.where,
                "digest": m.digest,
                "expires_at": m.expires_at,
                "context_length": m.context_length,
            }
            for m in sorted(report.loaded, key=lambda m: (m.location.where, m.name))
        ],
    }


def _exit(sim: ExitSimulation | None) -> dict[str, Any] | None:
    """The simulation: its workflows with their status, and the lists of schema 1 before them."""
    if sim is None:
        return None
    stopped, degraded = sim.stopped, sim.with_status(ExitStatus.DEGRADED)
    hit = {w.workflow for w in (*stopped, *degraded)}
    return {
        "vendor": sim.vendor,
        "requested": sim.requested,
        "models": list(sim.models),
        "headline": exit_headline(sim),
        "workflows": _plain(sim.workflows),
        "statuses": {s.value: len(sim.with_status(s)) for s in ExitStatus},
        # The lists of schema 1 before issue 10, kept so that readers of them still work.
        "lost": [_impact(w, w.withdrawn) for w in stopped],
        "degraded": [_impact(w, w.withdrawn) for w in degraded],
        "unaffected": [w.workflow for w in sim.workflows if w.workflow not in hit],
        "fallback_lost": [
            w.workflow
            for w in sim.workflows
            if w.status is ExitStatus.UNAFFECTED and w.lost_fallbacks
        ],
    }


def _impact(w: WorkflowExit, lost: tuple[str, ...]) -> dict[str, Any]:
    return {
        "workflow": w.workflow,
        "criticality": w.criticality,
        "lost_models": list(lost),
        "fallback": list(w.fallback),
        "remaining": list(w.remaining),
    }


def render(report: Report) -> str:
    """The report as JSON."""
    return jsontext.dumps(as_dict(report)) + "\n"
