"""The `llmdeps explain` table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from llmdeps.model import ModelIdentity


def explain_table(identities: Sequence[tuple[str, ModelIdentity]]) -> Table:
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
