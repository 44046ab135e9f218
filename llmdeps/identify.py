"""The `explain` use case: the catalog alone, so `llmdeps explain` starts without the pipeline's
sources, rules and lock code (`pipeline.explain` is this)."""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.catalog import Catalog
from llmdeps.model import ModelIdentity, Runtime


def explain(models: Sequence[str], runtime: Runtime) -> tuple[tuple[str, ModelIdentity], ...]:
    """What the catalog knows about each id as written, with a runtime hint for bare tags."""
    catalog = Catalog.load()
    return tuple((m, catalog.identify(m, runtime)) for m in models)
