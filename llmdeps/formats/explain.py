"""`llmdeps explain`: what the catalog knows about each id, as a table for people or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.table import Table

from llmdeps.console import make_stdout
from llmdeps.model import ModelIdentity

Explained = Sequence[tuple[str, ModelIdentity]]
"""Each id as written, with what the catalog says about it."""


def explain_table(identities: Explained) -> Table:
    """One row per id: what the catalog knows."""
    table = Table(title=None, show_lines=False)
    for column in (
        "id",
        "vendor",
        "lineage",
        "family",
        "runtime",
        "pin",
        "open weights",
        "license",
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
    }


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
