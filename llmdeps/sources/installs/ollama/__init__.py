"""Ollama's install sources: servers over HTTP (`api.py`), model stores on disk (`store.py`)."""

from __future__ import annotations

from llmdeps.errors import UsageError
from llmdeps.model import Install, LocationKind, Runtime
from llmdeps.sources.base import InstallOptions, InstallScan
from llmdeps.sources.installs.ollama import names
from llmdeps.sources.installs.ollama.api import collect_api, parse_host, redact, resolve_hosts
from llmdeps.sources.installs.ollama.store import collect_store, default_store_dirs
from llmdeps.sources.installs.ondisk import directories


class OllamaServers:
    """Models a running Ollama lists: each named host, then OLLAMA_HOST (or the default)."""

    name = "ollama-server"
    runtime = Runtime.OLLAMA
    kind = LocationKind.SERVER
    label = "the Ollama server"

    def collect(self, options: InstallOptions) -> InstallScan:
        """Ask every server; a named host that is not an address is a UsageError."""
        named = options.locations.get(self.name, ())
        for host in named:
            # Asked for by name: a typo must not pass as "no server there" (OLLAMA_HOST only warns).
            if parse_host(host) is None:
                raise UsageError(
                    f"--ollama-host {redact(host)!r}: not a usable Ollama address "
                    "(host[:port] or http(s)://host[:port][/path], no credentials)"
                )
        return collect_api(resolve_hosts(named, options.environ))

    def same_model(self, wanted: str, install: Install) -> bool:
        """Ollama's name rules: default host, namespace and tag filled in, any case."""
        return names.same_model(wanted, install.name)


class OllamaStores:
    """Models in Ollama model directories: the named ones, else OLLAMA_MODELS and the defaults."""

    name = "ollama-store"
    runtime = Runtime.OLLAMA
    kind = LocationKind.STORE
    label = "the Ollama model store"

    def collect(self, options: InstallOptions) -> InstallScan:
        """Read every store; a named path that is not a directory is a UsageError."""
        dirs, names = directories(
            options, self.name, "--ollama-models", default_store_dirs, ("OLLAMA_MODELS",)
        )
        return collect_store(dirs, names)

    def same_model(self, wanted: str, install: Install) -> bool:
        """Ollama's name rules: default host, namespace and tag filled in, any case."""
        return names.same_model(wanted, install.name)
