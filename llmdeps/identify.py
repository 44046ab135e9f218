"""The `explain` use case: the catalog, the config's own `models:` and the lock's installed
artifacts, so `llmdeps explain` starts without the pipeline's sources, rules and workers
(`pipeline.explain` is this)."""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.catalog import Catalog
from llmdeps.catalog.declared import declare, from_artifact
from llmdeps.config import Config
from llmdeps.lockfile.model import Lock
from llmdeps.model import ModelIdentity, Runtime
from llmdeps.printable import escape_controls
from llmdeps.sources.secrets import looks_like_secret

REDACTED = "<looks like a credential, not shown>"


def explain(
    models: Sequence[str],
    runtime: Runtime,
    config: Config | None = None,
    lock: Lock | None = None,
) -> tuple[tuple[str, ModelIdentity], ...]:
    """What is known about each id as written, with a runtime hint for bare tags: the catalog's
    facts, under the config's own `models:`, under what the lock's installed artifacts say."""
    catalog = Catalog.load()
    # An id shaped like a credential (a key pasted by mistake) is never echoed, not even back.
    ids = [REDACTED if looks_like_secret(m) else escape_controls(m) for m in models]
    out = []
    for m in ids:
        identity = catalog.identify(m, runtime)
        if config is not None and config.models:
            identity = declare(identity, m, config.models, config.source)
        if lock is not None:
            identity = from_artifact(identity, lock.model(identity.canonical_id))
        out.append((m, identity))
    return tuple(out)
