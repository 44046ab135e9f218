"""Terraform and other HCL files: `model_name = "gpt-4o"`, an azurerm deployment's
`model { name = "gpt-4o" }`, and the entries of a `deployment = { ... }` map (Azure OpenAI
deployments, whose names are what the code calls).

A line reader, not an HCL parser: blocks are tracked by their braces so each value has a path
(`module.openai.deployment.gpt-35-turbo.model_name`), and only `key = "literal"` lines whose key
names a model are read; expressions (`each.value.model_name`, `var.model`) name no literal.
"""

from __future__ import annotations

from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config.keys import candidate, is_deployment_key, is_model_key
from llmdeps.sources.keywords import MODEL_WORDS

_ASSIGN = lazy_compile(r'^\s*"?([A-Za-z_][\w.-]*)"?\s*=\s*"((?:[^"\\$]|\\.){1,300})"\s*,?\s*$')
"""`key = "value"` (a quoted key in a map too); a value with `${...}` is an expression."""
_OPEN = lazy_compile(r'^\s*(?:"([^"]+)"|([A-Za-z_][\w-]*))((?:\s+"[^"]*")*)\s*(?:=\s*)?\{\s*$')
"""A line that opens a block or a map: `model {`, `resource "x" "y" {`, `"gpt-4o" = {`."""
_LABEL = lazy_compile(r'"([^"]*)"')
_DEPLOYMENT_MAPS = frozenset({"deployment", "deployments", "model_deployments"})
MAX_DEPTH = 64


class HclDetector:
    """Model ids in Terraform / HCL (`.tf`, `.tfvars`, `.hcl`)."""

    name = "hcl"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """`.tf`, `.tfvars`, `.tf.json` is JSON (the config detector's), `.hcl`."""
        return name.endswith((".tf", ".tfvars", ".hcl"))

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """A reference per model-named `key = "value"`; an unreadable file is one warning."""
        try:
            found = list(_references(file.path, file.text, self.name))
        except Exception:  # never let an exception text (which may quote a value) escape
            yield ScanWarning(file.path, "hcl: could not be read")
            return
        yield from found


def _references(path: str, text: str, detector: str) -> Iterator[Reference]:
    blocks: list[str] = []
    in_comment = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if in_comment:
            in_comment = "*/" not in line
            continue
        stripped = line.strip()
        if stripped.startswith("/*"):
            in_comment = "*/" not in stripped
            continue
        if not stripped or stripped.startswith(("#", "//")):
            continue
        opened = _OPEN.match(line)
        if opened:
            # a block is named by its labels (`resource "x" "y"` -> `x.y`), else its keyword
            labels = _LABEL.findall(opened.group(3))
            if len(blocks) < MAX_DEPTH:
                blocks.append(".".join(labels) or opened.group(1) or opened.group(2))
            continue
        if stripped.startswith("}"):
            if blocks:
                blocks.pop()
            continue
        match = _ASSIGN.match(line)
        if match is None:
            continue
        key, raw_value = match.group(1), match.group(2)
        if not _model_slot(key, blocks):
            continue
        found = candidate(raw_value, strong=False)
        if found is None:
            continue
        column = line.index('"' + raw_value, match.start(2) - 1) + 2
        context = ".".join([*blocks, key])
        location = Location(path, number, column, context)
        yield Reference(found.model, location, RefKind.CONFIG, Runtime.UNKNOWN, detector)


def _model_slot(key: str, blocks: list[str]) -> bool:
    """`model_name`, `model = ...`; `name` of a `model { }` block; `name` of an entry of a
    deployment map (an Azure OpenAI deployment is called by its name)."""
    if is_model_key(key) or is_deployment_key(key, tuple(blocks)):
        return True
    if key != "name" or not blocks:
        return False
    return blocks[-1] == "model" or (len(blocks) >= 2 and blocks[-2] in _DEPLOYMENT_MAPS)
