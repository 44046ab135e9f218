"""`llmdeps explain MODEL...`: what the catalog knows about model ids."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from llmdeps.catalog import Catalog
from llmdeps.cli.options import errors_to_exit
from llmdeps.console import make_stdout
from llmdeps.formats.explain import explain_table
from llmdeps.model import ModelIdentity, Runtime


class ExplainFormat(StrEnum):
    """Table for people, JSON for tools."""

    TABLE = "table"
    JSON = "json"


def as_json(identity: ModelIdentity, model: str) -> dict[str, object]:
    """The documented JSON object for one id."""
    return {
        "id": model,
        "canonical_id": identity.canonical_id,
        "vendor": identity.vendor,
        "lineage_vendor": identity.lineage_vendor,
        "family": identity.family,
        "runtime": identity.runtime.value,
        "pinned": identity.pin.value,
        "open_weights": identity.open_weights,
        "license": identity.license,
        "task": identity.task,
        "known": identity.known,
    }


@errors_to_exit
def explain_command(
    models: Annotated[list[str], typer.Argument(help="Model ids as written in code or config.")],
    format: Annotated[ExplainFormat, typer.Option("--format", "-f")] = ExplainFormat.TABLE,
    runtime: Annotated[
        Runtime, typer.Option("--runtime", help="Runtime hint, e.g. ollama for a bare tag.")
    ] = Runtime.UNKNOWN,
) -> None:
    """Vendor, lineage, license, pin status and runtime of each id."""
    catalog = Catalog.load()
    identities = [(m, catalog.identify(m, runtime)) for m in models]
    if format is ExplainFormat.JSON:
        doc = [as_json(ident, m) for m, ident in identities]
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return
    make_stdout().print(explain_table(identities))
