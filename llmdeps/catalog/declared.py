"""The team's own models (`.llmdeps.yaml` `models:`) over the catalog; where each fact came from.

Precedence, highest first (issue 10): what an installed artifact says (GGUF header, licence layer:
`inventory._merge_artifact`), then the config's `models:` entries (first match wins), then the
catalog. `explain` prints, for each fact, which of the three gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase

from llmdeps.config import ModelSpec
from llmdeps.lockfile.model import LockedModel
from llmdeps.model import UNKNOWN_VENDOR, ModelIdentity, Vendor, display_name

FACTS = ("vendor", "lineage_vendor", "license", "open_weights", "task", "pin")
"""The facts whose origin explain shows."""


def _spec_for(
    identity: ModelIdentity, written: str, specs: Sequence[ModelSpec]
) -> ModelSpec | None:
    names = {
        n.casefold()
        for n in (written, identity.canonical_id, display_name(identity.canonical_id))
        if n
    }
    for spec in specs:
        pattern = spec.match.casefold()
        if any(fnmatchcase(n, pattern) for n in names):
            return spec
    return None


def declare(
    identity: ModelIdentity, written: str, specs: Sequence[ModelSpec], config_file: str | None
) -> ModelIdentity:
    """The identity with what the first matching `models:` entry declares put over the catalog."""
    spec = _spec_for(identity, written, specs)
    if spec is None:
        return identity
    origin = f"config: {config_file or '.llmdeps.yaml'} models[{spec.index}]"
    changes: dict[str, object] = {}
    if spec.vendor is not None:
        changes["vendor"] = Vendor(spec.vendor)
    if spec.lineage_vendor is not None:
        changes["lineage_vendor"] = Vendor(spec.lineage_vendor)
    if spec.license is not None:
        changes["license"] = spec.license
    if spec.open_weights is not None:
        changes["open_weights"] = spec.open_weights
    if spec.task is not None:
        changes["task"] = spec.task
    facts = tuple((name, origin) for name in changes)
    vendor = changes.get("vendor", identity.vendor)
    return replace(
        identity,
        vendor=Vendor(str(vendor)),
        lineage_vendor=Vendor(str(changes.get("lineage_vendor", identity.lineage_vendor))),
        license=str(changes.get("license", identity.license)),
        open_weights=spec.open_weights if spec.open_weights is not None else identity.open_weights,
        task=str(changes.get("task", identity.task)),
        # Declared by the team: known, so it is no longer counted as of unknown lineage.
        known=identity.known or vendor != UNKNOWN_VENDOR,
        facts_from=_merge(identity.facts_from, facts),
    )


def from_artifact(identity: ModelIdentity, model: LockedModel | None) -> ModelIdentity:
    """The identity with what the lock's installed artifacts of the model say put over it."""
    if model is None or not model.installs:
        return identity
    changes: dict[str, str] = {}
    facts: list[tuple[str, str]] = []
    vendors = sorted({i.lineage_vendor for i in model.installs if i.lineage_vendor})
    licenses = sorted({i.license_id for i in model.installs if i.license_id})
    where = f"artifact: {model.installs[0].source} {model.installs[0].name}"
    if len(vendors) == 1 and vendors[0] != identity.lineage_vendor:
        changes["lineage_vendor"] = vendors[0]
        facts.append(("lineage_vendor", where))
    if len(licenses) == 1 and licenses[0] != identity.license:
        changes["license"] = licenses[0]
        facts.append(("license", where))
    facts.append(("pin", f"{where} (digest {model.installs[0].digest[:12]})"))
    return replace(
        identity,
        lineage_vendor=Vendor(changes.get("lineage_vendor", identity.lineage_vendor)),
        license=changes.get("license", identity.license),
        pin=model.pin,
        open_weights=True if identity.open_weights is None else identity.open_weights,
        facts_from=_merge(identity.facts_from, tuple(facts)),
    )


def _merge(
    old: Iterable[tuple[str, str]], new: Iterable[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    merged = dict(old)
    merged.update(new)
    return tuple((k, merged[k]) for k in FACTS if k in merged)


def unknown_label(reviewed: str) -> str:
    """`unknown to the catalog of 2026-12`: what an id the catalog cannot place is, and when."""
    return f"unknown to the catalog of {reviewed[:7]}"


def origins(identity: ModelIdentity, reviewed: str) -> Mapping[str, str]:
    """Each fact of FACTS -> `catalog`, `config: ...`, `artifact: ...`, or, for an id the catalog
    cannot place, `unknown to the catalog of <reviewed month>`."""
    default = "catalog" if identity.known else unknown_label(reviewed)
    given = dict(identity.facts_from)
    return {name: given.get(name, default) for name in FACTS}
