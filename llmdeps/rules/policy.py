"""Evaluate the config's policy against a lock: one Finding per violation, in a fixed order.

Rules, in the order they are reported:

* `max-vendor-share`: a lineage vendor's share by workflows is above `max_vendor_share`.
* `max-hhi`: the HHI by workflows is above `max_hhi`.
* `no-cross-vendor-fallback`: a workflow (every one with `true`, or those of the listed
  criticalities) has no fallback to a model of another lineage vendor.
* `denied-vendor`: a model is made by, or descends from, a denied vendor.
* `vendor-not-allowed`: `allowed_vendors` is set and a model's maker or base-model vendor is not
  in it (both count: a Hermes fine-tune of Llama needs Nous Research and Meta allowed).
* `license-not-allowed`: `allowed_licenses` is set and a model's licence is not in it.
* `unpinned-model`: with `require_pinned`, every model that is neither `pinned` nor `digest` is an
  error. Without it, floating models (and Azure deployment names, which upgrade themselves) are
  still reported as warnings: they can change behaviour without a code change, which is worth
  knowing, but only fails `check --fail-on warning`. An Ollama tag is pinned by its installed
  digest; when no Ollama source was read (`--no-ollama`) that cannot be judged, so the warning is
  left out (with `require_pinned` it stays an error and says why).

Vendor and licence names are compared case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable

from llmdeps.config import Config
from llmdeps.lockfile.model import Lock, LockedModel, WorkflowInfo
from llmdeps.model import (
    UNKNOWN_LICENSE,
    UNKNOWN_VENDOR,
    Finding,
    ModelId,
    PinStatus,
    Runtime,
    Severity,
    Vendor,
)
from llmdeps.rules.base import CheckContext, Rule, RuleId

_PIN_OK = frozenset({PinStatus.PINNED, PinStatus.DIGEST})
_PIN_WARN = frozenset({PinStatus.FLOATING, PinStatus.DEPLOYMENT})

_HHI_FIX = "spread workflows over models from more vendors"
_FALLBACK_FIX = (
    "add a fallback to a model from another vendor (LiteLLM `fallbacks`, "
    "`Router(fallbacks=...)` or LangChain `.with_fallbacks`)"
)
HHI_KEY = "concentration.hhi"
"""Where the HHI stands in the lock: a max-hhi finding names no file, so it points there."""

RULES: tuple[Rule, ...] = (
    Rule(
        RuleId.MAX_VENDOR_SHARE,
        "Too many workflows depend on one vendor",
        "A lineage vendor's share of the workflows is above the policy's max_vendor_share: if "
        "that vendor changes its terms or stops serving the models, that much of the work stops.",
        "move a workflow to a model from another vendor, or add a fallback to one, then run "
        "`llmdeps scan`",
        Severity.ERROR,
        ("llm", "policy", "vendor-concentration"),
        "high",
    ),
    Rule(
        RuleId.MAX_HHI,
        "Model dependencies are concentrated on few vendors",
        "The Herfindahl-Hirschman index of workflow-weighted vendor shares is above the policy's "
        "max_hhi (10000 means a single vendor).",
        _HHI_FIX,
        Severity.ERROR,
        ("llm", "policy", "vendor-concentration"),
        "high",
    ),
    Rule(
        RuleId.NO_CROSS_VENDOR_FALLBACK,
        "A workflow has no fallback to another vendor",
        "A workflow that the policy requires to survive a vendor's exit has no fallback to a model "
        "of another lineage vendor.",
        _FALLBACK_FIX,
        Severity.ERROR,
        ("llm", "policy", "vendor-concentration"),
        "high",
    ),
    Rule(
        RuleId.DENIED_VENDOR,
        "A model comes from a denied vendor",
        "A model is made by, or descends from, a vendor on the policy's denied_vendors list.",
        "replace the model with one from an allowed vendor",
        Severity.ERROR,
        ("llm", "policy", "supply-chain"),
        "high",
    ),
    Rule(
        RuleId.VENDOR_NOT_ALLOWED,
        "A model comes from a vendor that is not allowed",
        "The policy's allowed_vendors is set and a model's maker or base-model vendor is not "
        "on it.",
        "replace the model with one from an allowed vendor, or add the vendor to "
        "policy.allowed_vendors",
        Severity.ERROR,
        ("llm", "policy", "supply-chain"),
        "high",
    ),
    Rule(
        RuleId.LICENSE_NOT_ALLOWED,
        "A model's licence is not allowed",
        "The policy's allowed_licenses is set and a model's licence is not on it.",
        "replace the model with one under an allowed licence, or add the licence to "
        "policy.allowed_licenses",
        Severity.ERROR,
        ("llm", "policy", "license"),
        "high",
    ),
    Rule(
        RuleId.UNPINNED_MODEL,
        "Model reference is not pinned",
        "A floating alias, an Ollama tag without a locked digest or an Azure deployment name can "
        "change the model behind it without a code change (an error with policy require_pinned).",
        "use a dated or versioned model id, or run `llmdeps scan` with Ollama readable to lock "
        "the tag's digest",
        Severity.WARNING,
        ("llm", "supply-chain", "pinning"),
        "high",
    ),
)


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _names(items: Iterable[str]) -> str:
    listed = sorted(set(items))
    if not listed:
        return "no workflow"
    if len(listed) == 1:
        return listed[0]
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def _vendor_text(vendor: Vendor) -> str:
    return "an unknown vendor" if vendor == UNKNOWN_VENDOR else vendor


def _lower(items: Iterable[str]) -> set[str]:
    return {i.casefold() for i in items}


def _model_paths(lock: Lock, model_id: ModelId) -> tuple[str, ...]:
    return tuple(sorted({r.path for r in lock.references if r.model_id == model_id}))


def _vendor_models(lock: Lock, vendor: Vendor) -> list[LockedModel]:
    return [m for m in lock.models if m.lineage_vendor == vendor]


def _maker(m: LockedModel) -> str:
    if m.vendor != m.lineage_vendor:
        base = (
            "a model of unknown origin"
            if m.lineage_vendor == UNKNOWN_VENDOR
            else (f"a {m.lineage_vendor} model")
        )
        return f"{_vendor_text(m.vendor)} (based on {base})"
    return _vendor_text(m.vendor)


def _share_findings(lock: Lock, config: Config) -> list[Finding]:
    limit = config.policy.max_vendor_share
    if limit is None:
        return []
    out: list[Finding] = []
    for share in lock.concentration.by_workflows:  # sorted by share, then name
        if share.share <= limit:
            continue
        models = _vendor_models(lock, share.vendor)
        vendor = _vendor_text(share.vendor)
        workflows = [w.name for w in lock.workflows if share.vendor in w.vendors]
        paths = sorted({p for m in models for p in _model_paths(lock, m.id)})
        out.append(
            Finding(
                RuleId.MAX_VENDOR_SHARE,
                f"{_pct(share.share)} of your workflows ({_names(workflows)}) depend on models "
                f"from {vendor}; the policy allows at most {_pct(limit)}. If {vendor} changes "
                "its terms or stops serving these models, that much of the work stops.",
                paths=tuple(paths),
                vendor=share.vendor,
                fix="move a workflow to a model from another vendor, or add a fallback to one "
                "(then run `llmdeps scan`)",
            )
        )
    return out


def _hhi_findings(lock: Lock, config: Config) -> list[Finding]:
    limit = config.policy.max_hhi
    hhi = lock.concentration.hhi
    if limit is None or hhi <= limit:
        return []
    spread = ", ".join(f"{s.vendor} {_pct(s.share)}" for s in lock.concentration.by_workflows)
    return [
        Finding(
            RuleId.MAX_HHI,
            f"Your model dependencies are concentrated on few vendors (HHI {hhi}, the policy "
            f"allows at most {limit}; 10000 means a single vendor): {spread}.",
            vendor=lock.concentration.top_vendor,
            fix=_HHI_FIX,
            context=HHI_KEY,
        )
    ]


def _needs_cross_vendor(w: WorkflowInfo, config: Config) -> bool:
    required = config.policy.require_cross_vendor_fallback
    if required is True:
        return True
    if required is False:
        return False
    return w.criticality is not None and w.criticality in required


def _fallback_findings(lock: Lock, config: Config) -> list[Finding]:
    out: list[Finding] = []
    for w in sorted(lock.workflows, key=lambda w: w.name):
        if not _needs_cross_vendor(w, config) or w.cross_vendor_fallback:
            continue
        crit = f"{w.criticality} " if w.criticality else ""
        if len(w.vendors) == 1:
            vendor = _vendor_text(w.vendors[0])
            only = (
                "models from an unknown vendor"
                if w.vendors[0] == UNKNOWN_VENDOR
                else f"{vendor} models"
            )
            uses, who = f"uses only {only}", vendor
        else:
            uses = f"uses models from {_names(_vendor_text(v) for v in w.vendors)}"
            who = "any of them"
        what = (
            f"its fallbacks stay with {_names(_vendor_text(v) for v in w.fallback_vendors)}"
            if w.has_fallback and w.fallback_vendors
            else "has no fallback to another vendor's model"
        )
        message = (
            f"The {crit}workflow {w.name} {uses} and {what}: if {who} stops serving them, "
            f"{w.name} stops."
        )
        paths = sorted({r.path for r in lock.references if r.workflow == w.name})
        out.append(
            Finding(
                RuleId.NO_CROSS_VENDOR_FALLBACK,
                message,
                paths=tuple(paths),
                workflow=w.name,
                vendor=w.vendors[0] if len(w.vendors) == 1 else None,
                fix=_FALLBACK_FIX,
            )
        )
    return out


def _where(lock: Lock, m: LockedModel) -> str:
    files = _model_paths(lock, m.id)
    shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return f"used by {_names(m.workflows)}" + (f" in {shown}" if shown else "")


def _vendor_findings(lock: Lock, config: Config) -> list[Finding]:
    denied = _lower(config.policy.denied_vendors)
    allowed = _lower(config.policy.allowed_vendors)
    out: list[Finding] = []
    for m in lock.models:
        vendors = sorted({m.vendor, m.lineage_vendor})
        hit = [v for v in vendors if v.casefold() in denied]
        if hit:
            out.append(
                Finding(
                    RuleId.DENIED_VENDOR,
                    f"The model {m.id} comes from {_maker(m)}, and the policy denies "
                    f"{_names(hit)}; it is {_where(lock, m)}.",
                    paths=_model_paths(lock, m.id),
                    workflow=m.workflows[0] if len(m.workflows) == 1 else None,
                    vendor=hit[0],
                    model=m.id,
                    fix=f"replace {m.id} with a model from an allowed vendor",
                )
            )
    for m in lock.models:
        vendors = sorted({m.vendor, m.lineage_vendor})
        missing = [v for v in vendors if v.casefold() not in allowed]
        if allowed and missing:
            out.append(
                Finding(
                    RuleId.VENDOR_NOT_ALLOWED,
                    f"The model {m.id} comes from {_maker(m)}, which is not on the list of "
                    f"allowed vendors ({', '.join(config.policy.allowed_vendors)}); it is "
                    f"{_where(lock, m)}.",
                    paths=_model_paths(lock, m.id),
                    workflow=m.workflows[0] if len(m.workflows) == 1 else None,
                    vendor=missing[0],
                    model=m.id,
                    fix=f"replace {m.id} with a model from an allowed vendor, or add "
                    f"{_names(missing)} to policy.allowed_vendors",
                )
            )
    return out


def _license_findings(lock: Lock, config: Config) -> list[Finding]:
    allowed = _lower(config.policy.allowed_licenses)
    if not allowed:
        return []
    out: list[Finding] = []
    for m in lock.models:
        if m.license.casefold() in allowed:
            continue
        licence = (
            "an unknown licence" if m.license == UNKNOWN_LICENSE else f"the {m.license} licence"
        )
        out.append(
            Finding(
                RuleId.LICENSE_NOT_ALLOWED,
                f"The model {m.id} is under {licence}, which is not on the list of allowed "
                f"licences ({', '.join(config.policy.allowed_licenses)}); it is "
                f"{_where(lock, m)}.",
                paths=_model_paths(lock, m.id),
                workflow=m.workflows[0] if len(m.workflows) == 1 else None,
                vendor=m.vendor,
                model=m.id,
                fix=f"replace {m.id} with a model under an allowed licence, or add "
                f"{m.license} to policy.allowed_licenses",
            )
        )
    return out


def _pin_findings(lock: Lock, config: Config) -> list[Finding]:
    required = config.policy.require_pinned
    ollama_read = bool(lock.install_sources)
    out: list[Finding] = []
    for m in lock.models:
        if m.pin in _PIN_OK or (not required and m.pin not in _PIN_WARN):
            continue
        unseen = m.runtime is Runtime.OLLAMA and m.pin is PinStatus.FLOATING and not ollama_read
        if unseen and not required:
            continue  # an Ollama tag is pinned by its installed digest, which was not read
        if m.pin is PinStatus.DEPLOYMENT:
            why = "is a deployment name: which model it runs is decided outside the code"
            fix = "record the deployment's model version (e.g. LiteLLM model_info.base_model)"
        elif m.pin is PinStatus.FLOATING:
            why = (
                "is an Ollama tag: it can be pushed again with other weights"
                if m.runtime is Runtime.OLLAMA
                else "is a floating name: the vendor can change the model behind it"
            )
            if unseen:
                why += " (Ollama was not read, so no installed digest pins it)"
            fix = (
                "run `llmdeps scan` with Ollama readable to lock its digest"
                if m.runtime is Runtime.OLLAMA
                else "pin a revision (`org/name@<commit>`, `revision=`), or run `llmdeps scan` "
                "with the Hugging Face cache readable to lock the snapshot"
                if m.runtime in (Runtime.HUGGINGFACE, Runtime.VLLM)
                else "use a dated or versioned model id"
            )
        else:
            why = f"cannot be pinned to one exact version ({m.pin.value})"
            fix = "use a dated or versioned model id"
        out.append(
            Finding(
                RuleId.UNPINNED_MODEL,
                f"The model {m.id} {why}; it is {_where(lock, m)}.",
                severity=Severity.ERROR if required else Severity.WARNING,
                paths=_model_paths(lock, m.id),
                workflow=m.workflows[0] if len(m.workflows) == 1 else None,
                vendor=m.vendor,
                model=m.id,
                fix=fix,
            )
        )
    return out


def evaluate_policy(lock: Lock, config: Config) -> list[Finding]:
    """Every policy violation in the lock, rule by rule; within a rule sorted by subject."""
    return [
        *_share_findings(lock, config),
        *_hhi_findings(lock, config),
        *_fallback_findings(lock, config),
        *_vendor_findings(lock, config),
        *_license_findings(lock, config),
        *_pin_findings(lock, config),
    ]


def check(ctx: CheckContext) -> list[Finding]:
    """The policy's findings on the fresh lock (what the code depends on now)."""
    return evaluate_policy(ctx.fresh, ctx.config)
