"""Run every install source in turn and merge what they found (osv-scalibr's `standalone.Run`)."""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.errors import OllamaError
from llmdeps.model import LocationKind, Runtime, ScanWarning
from llmdeps.printable import escape_controls
from llmdeps.sources.base import InstallOptions, InstallScan, InstallSource
from llmdeps.sources.installs.scrub import scrub_install, scrub_warning
from llmdeps.sources.secrets import mask_credentials


def collect_installs(options: InstallOptions, sources: Sequence[InstallSource]) -> InstallScan:
    """One scan of every source, in order; with `require`, fail when no Ollama location could be
    read."""
    if not options.enabled:
        return InstallScan()
    scans = [source.collect(options) for source in sources]
    installs = [(i, scrub_install(i)) for s in scans for i in s.installs]
    dropped = [
        ScanWarning(i.location.lock_text(), "an install named like a credential, not recorded")
        for i, kept in installs
        if kept is None
    ]
    merged = InstallScan(
        installs=tuple(kept for _i, kept in installs if kept is not None),
        warnings=tuple(scrub_warning(w) for s in scans for w in s.warnings) + tuple(dropped),
        read=tuple(r for s in scans for r in s.read),
        unreachable=tuple(u for s in scans for u in s.unreachable),
        tried=tuple(t for s in scans for t in s.tried),
        runtimes_read=tuple(
            sorted({src.runtime for src, s in zip(sources, scans, strict=True) if s.read})
        ),
        loaded=tuple(m for s in scans for m in s.loaded),
        unreachable_labels=tuple(
            src.label for src, s in zip(sources, scans, strict=True) for _ in s.unreachable
        ),
    )
    # --require-ollama asks for Ollama: a Hugging Face cache or LM Studio folder does not meet it.
    ollama_read = [r for src, s in zip(sources, scans, strict=True) if src.runtime is Runtime.OLLAMA
                   for r in s.read]  # fmt: skip
    if options.require and not ollama_read:
        # Servers are what a user mistypes or forgets to start; a missing store is a warning.
        hosts = [
            escape_controls(mask_credentials(t.where))
            for t in merged.tried
            if t.kind is LocationKind.SERVER
        ]
        raise OllamaError(
            "no Ollama server or model store could be read "
            f"(tried {', '.join(hosts) or 'no host'}); drop --require-ollama to scan code only"
        )
    return merged
