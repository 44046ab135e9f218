"""Model-layer packages from manifests and lock files: which gateway, SDK, framework and runtime
versions a repository declares or resolves.

`manifest_kind(name)` says whether a file is one this reads; `read_packages(path, text)` returns
the packages of the model layer it declares (`catalog/packages.yaml` says which count), never
raising on a broken file. Versions are compared with `packaging` (PyPI) or as exact strings.
"""

from __future__ import annotations

import fnmatch
import functools
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

import yaml

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem

__all__ = ["DeclaredPackage", "Ecosystem", "LayerPackage", "manifest_kind", "read_packages"]

Reader = Callable[[str, str], Iterator[DeclaredPackage]]

# file name -> (reader module, function); modules are imported when a file needs them, so the
# CLI does not pay for `packaging` and the parsers at start-up.
_BY_NAME: dict[str, tuple[str, str]] = {
    "pyproject.toml": ("python", "pyproject"),
    "setup.cfg": ("python", "setup_cfg"),
    "uv.lock": ("python", "toml_lock"),
    "poetry.lock": ("python", "toml_lock"),
    "pdm.lock": ("python", "toml_lock"),
    "Pipfile.lock": ("python", "pipfile_lock"),
    "package.json": ("node", "package_json"),
    "package-lock.json": ("node", "package_lock"),
    "npm-shrinkwrap.json": ("node", "package_lock"),
    "pnpm-lock.yaml": ("node", "pnpm_lock"),
    "yarn.lock": ("node", "yarn_lock"),
    "bun.lock": ("node", "bun_lock"),
    "go.mod": ("golang", "go_mod"),
}


def _reader(module: str, function: str) -> Reader:
    found: Reader = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return found


def is_requirements(name: str) -> bool:
    """`requirements*.txt` / `requirements*.in` (any case)."""
    low = name.lower()
    return low.startswith("requirements") and low.endswith((".txt", ".in"))


def manifest_kind(name: str) -> Reader | None:
    """The reader for a file name (`requirements*.txt` / `.in`, and the manifest and lock file
    names above); None for any other file."""
    if name in _BY_NAME:
        return _reader(*_BY_NAME[name])
    if is_requirements(name):
        return _reader("python", "requirements")
    return None


def canonical_name(name: str) -> str:
    """PEP 503 normalisation (`LangChain_Community` -> `langchain-community`), as
    `packaging.utils.canonicalize_name` does it."""
    return _SEPARATORS.sub("-", name).lower()


_SEPARATORS = lazy_compile(r"[-_.]+")


@dataclass(frozen=True, slots=True)
class LayerPackage:
    """A package of the model layer: its role and where that is documented."""

    ecosystem: Ecosystem
    pattern: str
    role: str
    source: str


@functools.cache
def layer_packages() -> tuple[LayerPackage, ...]:
    """The packages the catalog counts (`catalog/packages.yaml`)."""
    text = resources.files("llmdeps.catalog").joinpath("packages.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(
        LayerPackage(
            Ecosystem(e["ecosystem"]),
            _norm(Ecosystem(e["ecosystem"]), e["name"]),
            e["role"],
            e["source"],
        )
        for e in data["packages"]
    )


def _norm(ecosystem: Ecosystem, name: str) -> str:
    if ecosystem is Ecosystem.PYPI:
        return canonical_name(name.rstrip("*")) + ("*" if name.endswith("*") else "")
    return name


@functools.cache
def _index() -> tuple[dict[tuple[Ecosystem, str], str], tuple[LayerPackage, ...]]:
    """Exact names -> role, and the prefix patterns (`langchain-*`) in catalog order."""
    exact: dict[tuple[Ecosystem, str], str] = {}
    patterns = []
    for entry in layer_packages():
        if entry.pattern.endswith("*"):
            patterns.append(entry)
        else:
            exact.setdefault((entry.ecosystem, entry.pattern), entry.role)
    return exact, tuple(patterns)


@functools.lru_cache(maxsize=65536)
def role_of(ecosystem: Ecosystem, name: str) -> str | None:
    """The package's role in the model layer, or None when it is not one of them."""
    wanted = _norm(ecosystem, name)
    exact, patterns = _index()
    found = exact.get((ecosystem, wanted))
    if found is not None:
        return found
    for entry in patterns:
        if entry.ecosystem is ecosystem and fnmatch.fnmatchcase(wanted, entry.pattern):
            return entry.role
    return None


def read_packages(path: str, text: str) -> tuple[DeclaredPackage, ...]:
    """The model-layer packages a manifest or lock file declares, in file order."""
    reader = manifest_kind(path.rsplit("/", 1)[-1])
    if reader is None:
        return ()
    return tuple(_layer(reader(path, text)))


def _layer(found: Iterable[DeclaredPackage]) -> Iterator[DeclaredPackage]:
    for package in found:
        if role_of(package.ecosystem, package.name) is not None:
            yield package
