"""Custom resources of model operators whose spec names the model in a field of its own (issue 9).

The Ollama operator's `apiVersion: ollama.ayaka.io/v1` `kind: Model` with `spec: image: phi`
pulls `phi` from the Ollama library: the field is the model, reported as written. Read only in
documents of the operator's API group and kind: elsewhere `spec.image` is a container image.
KAITO's presets have a module of their own (`kaito`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.config.keys import candidate
from llmdeps.sources.parse.spans import Node

if TYPE_CHECKING:
    from llmdeps.sources.detectors.config.walk import Walk

__all__ = ["read_operator_model"]

_RESOURCES: dict[tuple[str, str], tuple[tuple[str, ...], Runtime]] = {
    ("ollama.ayaka.io", "Model"): (("spec", "image"), Runtime.OLLAMA),
}
"""(API group, kind) -> the path of the field naming the model, and the runtime serving it."""


def read_operator_model(walk: Walk, doc: Node) -> None:
    """Emit the model field of a model operator's resource; nothing for any other document."""
    found = _resource(walk, doc)
    if found is None:
        return
    path, runtime = found
    node: Node | None = doc
    for key in path:
        node = walk.get(node, key)
    text = node.value if node is not None else None
    value = candidate(text, strong=True) if text else None
    if node is not None and value is not None:
        walk.emit(walk.reference(node, value, path, kind=RefKind.CONFIG, runtime=runtime))


def _resource(walk: Walk, doc: Node) -> tuple[tuple[str, ...], Runtime] | None:
    api, kind = walk.get(doc, "apiVersion"), walk.get(doc, "kind")
    if api is None or kind is None or not api.value or not kind.value:
        return None
    group = api.value.strip().split("/", 1)[0].lower()
    return _RESOURCES.get((group, kind.value.strip()))
