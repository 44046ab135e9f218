"""KAITO manifests: the preset a Workspace, InferenceSet or tuning job deploys (issue 9).

`apiVersion: kaito.sh/v1beta1` `kind: Workspace` with `inference: preset: name: phi-4-mini-instruct`
(an InferenceSet nests it under `spec.template.inference`, a fine-tuning Workspace under `tuning`):
the preset's `name` is the model, in KAITO's own preset vocabulary, reported as written. Read only
in documents of a `kaito.sh/` API group: elsewhere `preset: name:` is anything (a theme, a profile).
Metadata names, label values and adapters' names are never read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llmdeps.model import RefKind
from llmdeps.sources.detectors.config.keys import candidate
from llmdeps.sources.parse.spans import Node

if TYPE_CHECKING:
    from llmdeps.sources.detectors.config.walk import Path, Walk

__all__ = ["is_kaito", "read_presets"]

_MAX_DEPTH = 8
"""`spec.template.inference.preset` is the deepest place a preset sits."""
_SKIP = frozenset({"metadata", "labelSelector", "adapters", "status"})


def is_kaito(walk: Walk, doc: Node) -> bool:
    """The document is a resource of KAITO's API group (`apiVersion: kaito.sh/...`)."""
    api = walk.get(doc, "apiVersion")
    value = (api.value or "") if api is not None else ""
    return value.strip().lower().startswith("kaito.sh/")


def read_presets(walk: Walk, doc: Node) -> None:
    """Emit the `name` of every `preset:` mapping of a KAITO document."""
    _visit(walk, doc, (), 0)


def _visit(walk: Walk, node: Node, path: Path, depth: int) -> None:
    if depth > _MAX_DEPTH or not walk.spend():
        return
    for key, _kn, value in walk.pairs(node):
        if key in _SKIP or value.pairs is None:
            continue
        where = (*path, key)
        if key == "preset":
            name = walk.get(value, "name")
            text = name.value if name is not None else None
            found = candidate(text, strong=True) if text else None
            if name is not None and found is not None:
                walk.emit(walk.reference(name, found, (*where, "name"), kind=RefKind.CONFIG))
            continue
        _visit(walk, value, where, depth + 1)
