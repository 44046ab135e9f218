"""`llmdeps explain`: what the catalog knows about each id, as a table for people or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.table import Table

from llmdeps.catalog import Catalog
from llmdeps.catalog.declared import origins
from llmdeps.console import make_stdout
from llmdeps.model import ModelIdentity

Explained = Sequence[tuple[str, ModelIdentity]]
"""Each id as written, with what the catalog says about it."""


def explain_table(identities: Explained) -> Table:
    """One row per id: what the catalog knows."""
    table = Table(
        title=None, show_lines=False, caption=f"catalog reviewed {Catalog.load().reviewed}"
    )
    for column in (
        "id",
        "vendor",
        "lineage",
        "family",
        "runtime",
        "pin",
        "open weights",
        "license",
        "facts from",
    ):
        table.add_column(column, overflow="fold")
    for model, i in identities:
        open_weights = "?" if i.open_weights is None else ("yes" if i.open_weights else "no")
        table.add_row(
            model,
            i.vendor,
            i.lineage_vendor,
            i.family,
            i.runtime.value,
            i.pin.value,
            open_weights,
            i.license,
            facts_from_label(i),
        )
    return table


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
        "source": identity.source,
        "license_note": identity.license_note,
        "facts_from": dict(origins(identity, Catalog.load().reviewed)),
        "catalog_reviewed": Catalog.load().reviewed,
    }


def facts_from_label(identity: ModelIdentity) -> str:
    """`catalog`, or `config: .llmdeps.yaml models[0] (vendor, license); catalog (the rest)`."""
    by_origin: dict[str, list[str]] = {}
    for fact, origin in origins(identity, Catalog.load().reviewed).items():
        by_origin.setdefault(origin, []).append(fact)
    if len(by_origin) == 1:
        return next(iter(by_origin))
    return "; ".join(f"{o} ({', '.join(f)})" for o, f in by_origin.items())


class TableFormat:
    """The table, drawn for stdout as it is (terminal width and colour, or 120 columns piped)."""

    name = "table"

    def render(self, explained: Explained) -> str:
        """The table as stdout's console would print it."""
        console = make_stdout()
        with console.capture() as captured:
            console.print(explain_table(explained))
        return captured.get()


class JsonFormat:
    """A JSON list with one object per id, in the order given."""

    name = "json"

    def render(self, explained: Explained) -> str:
        """The list, two-space indented, ending in a newline."""
        return json.dumps([as_json(ident, m) for m, ident in explained], indent=2) + "\n"


TABLE = TableFormat()
JSON = JsonFormat()
