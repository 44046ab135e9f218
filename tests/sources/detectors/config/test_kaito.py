"""KAITO manifests: `preset: name:` of Workspace, InferenceSet and tuning documents."""

from __future__ import annotations

from textwrap import dedent

from llmdeps.model import Reference, RefKind
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config import ConfigDetector


def refs(text: str, path: str = "examples/inference/workspace.yaml") -> list[Reference]:
    file = SourceFile(path=path, text=dedent(text), name=path.rsplit("/", 1)[-1])
    return [d for d in ConfigDetector().scan(file) if isinstance(d, Reference)]


MANIFESTS = """\
apiVersion: v1
kind: Secret
metadata:
  name: hf-token
---
apiVersion: kaito.sh/v1beta1
kind: Workspace
metadata:
  name: workspace-phi-4
resource:
  labelSelector:
    matchLabels:
      apps: phi-4-mini-instruct
inference:
  preset:
    name: phi-4-mini-instruct
  adapters:
    - source:
        name: "phi-3-adapter"
---
apiVersion: kaito.sh/v1alpha1
kind: InferenceSet
metadata:
  name: llama-3.1-8b-instruct
spec:
  template:
    inference:
      preset:
        name: llama-3.1-8b-instruct
        presetOptions:
          modelAccessSecret: hf-token
---
apiVersion: kaito.sh/v1beta1
kind: Workspace
tuning:
  preset:
    name: falcon-7b
"""


def test_preset_names_of_kaito_resources_are_the_models_deployed() -> None:
    found = refs(MANIFESTS)
    assert [(r.model, r.location.line, r.kind) for r in found] == [
        ("phi-4-mini-instruct", 16, RefKind.CONFIG),
        ("llama-3.1-8b-instruct", 29, RefKind.CONFIG),
        ("falcon-7b", 37, RefKind.CONFIG),
    ]
    assert found[0].location.context == "doc1.inference.preset.name"


def test_names_beside_and_presets_outside_kaito_are_not_models() -> None:
    # metadata names, label values and adapters are not read: only the preset lines above
    lines = {r.location.line for r in refs(MANIFESTS)}
    assert not lines & {9, 13, 19, 24}
    other = """\
    apiVersion: example.com/v1
    kind: Theme
    preset:
      name: llama-3.1-8b-instruct
    ---
    kind: Workspace
    inference:
      preset:
        name: phi-4-mini-instruct
    """
    assert refs(other, "deploy/theme.yaml") == []
    bad = """\
    apiVersion: kaito.sh/v1beta1
    kind: Workspace
    inference:
      preset:
        name: [not, a, name]
      template:
        preset: just-a-string
    """
    assert refs(bad) == []
