"""`llmdeps explain`: what the catalog knows about each id, as a table for people or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from llmdeps.catalog import Catalog
from llmdeps.catalog.declared import origins
from llmdeps.console import make_stdout
from llmdeps.model import ModelIdentity

Explained = Sequence[tuple[str, ModelIdentity]]
"""Each id as written, with what the catalog says about it."""


_COLUMNS = (
    "id",
    "vendor",
    "lineage",
    "family",
    "runtime",
    "pin",
    "open weights",
    "license",
    "facts from",
)


def explain_table(identities: Explained) -> Table:
    """One row per id: what the catalog knows, and where each fact came from. No cell is split
    inside a word: each column is at least as wide as its longest word (a model id is one word),
    and wraps only at spaces."""
    rows = []
    for model, i in identities:
        open_weights = "?" if i.open_weights is None else ("yes" if i.open_weights else "no")
        rows.append(
            (
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
        )
    table = Table(
        title=None, show_lines=False, caption=f"catalog reviewed {Catalog.load().reviewed}"
    )
    for n, column in enumerate(_COLUMNS):
        words = [w for row in rows for w in row[n].split()] + column.split()
        table.add_column(column, overflow="ignore", min_width=max(map(len, words)))
    for row in rows:
        table.add_row(*row)
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
        return draw(make_stdout(), explained)


def draw(console: Console, explained: Explained) -> str:
    """The table as `console` prints it, widened past a narrow terminal rather than split an id
    (the terminal wraps the long line; the id stays one token to copy)."""
    table = explain_table(explained)
    # wide enough for every cell on one line: each column's longest cell, padding and rules
    cells = [[column.header, *column.cells] for column in table.columns]
    needed = sum(max(len(str(c)) for c in column) + 3 for column in cells) + 1
    width = console.width
    console.width = max(width, needed)
    try:
        with console.capture() as captured:
            console.print(table)
    finally:
        console.width = width
    return captured.get()


class JsonFormat:
    """A JSON list with one object per id, in the order given."""

    name = "json"

    def render(self, explained: Explained) -> str:
        """The list, two-space indented, ending in a newline."""
        return json.dumps([as_json(ident, m) for m, ident in explained], indent=2) + "\n"


TABLE = TableFormat()
JSON = JsonFormat()
