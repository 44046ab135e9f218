"""Version order and spec matching per ecosystem (PEP 440, SemVer, npm ranges, Poetry specs)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.sources.packages.base import Ecosystem
from llmdeps.sources.packages.versions import admits, compare, pypi_specifiers, same_version

NPM, PYPI, GO = Ecosystem.NPM, Ecosystem.PYPI, Ecosystem.GO


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        ("2.2.3", "2.2.10", -1),
        ("2.2.3-rc.1", "2.2.3", -1),
        ("2.2.3-alpha", "2.2.3-alpha.1", -1),
        ("2.2.3-alpha.beta", "2.2.3-alpha.1", 1),
        ("v1.2.3", "1.2.3", 0),
        ("1.2.3+build.7", "1.2.3", 0),
    ],
)
def test_semver_order(a: str, b: str, order: int) -> None:
    assert compare(NPM, a, b) == order
    assert compare(GO, a, b) == order


def test_pypi_order_and_equality_are_pep440() -> None:
    assert compare(PYPI, "1.82.7", "1.82.10") == -1
    assert compare(PYPI, "1.83.0rc1", "1.83.0") == -1
    assert same_version(PYPI, "1.0", "1.0.0")
    assert compare(PYPI, "not a version", "1.0") is None
    assert not same_version(PYPI, "weird", "1.0") and same_version(PYPI, "weird", "weird")


@pytest.mark.parametrize(
    ("spec", "version", "expected"),
    [
        ("^2.2.0", "2.2.3", True),
        ("^2.2.0", "3.0.0", False),
        ("^0.2.3", "0.3.0", False),
        ("^0.0.3", "0.0.4", False),
        ("~2.2.0", "2.2.9", True),
        ("~2.2.0", "2.3.0", False),
        (">=2.0.0 <2.2.2", "2.2.3", False),
        (">= 2.0.0 < 3", "2.2.3", True),
        ("2.2.x", "2.2.4", True),
        ("2.x", "3.0.0", False),
        ("1.0.0 - 2.2.2", "2.2.2", True),
        ("1.0.0 - 2.2", "2.2.9", True),
        ("1.0.0 - 2.2", "2.3.0", False),
        ("^1.0.0 || ^2.2.0", "2.2.4", True),
        ("2.2.3", "2.2.3", True),
        ("=2.2.3", "2.2.4", False),
        ("*", "2.2.3", True),
        ("", "2.2.3", True),
        ("^2.2.0", "2.2.3-beta.1", False),  # npm: no pre-release unless the range names one
        (">=2.2.3-beta.0", "2.2.3-beta.1", True),
        ("latest", "2.2.3", None),
        ("workspace:*", "2.2.3", None),
        ("git+https://example.invalid/x.git", "2.2.3", None),
    ],
)
def test_npm_ranges(spec: str, version: str, expected: bool | None) -> None:
    assert admits(NPM, spec, version) is expected


@pytest.mark.parametrize(
    ("spec", "version", "expected"),
    [
        (">=1.82", "1.82.7", True),
        (">=1.82,!=1.82.7,!=1.82.8", "1.82.7", False),
        ("<1.82.7", "1.82.7", False),
        ("~=1.82.0", "1.82.8", True),
        ("==1.82.*", "1.82.8", True),
        ("^1.82", "1.82.8", True),  # Poetry
        ("^1.82", "2.0.0", False),
        ("~1.82.1", "1.82.8", True),
        ("~1.82.1", "1.83.0", False),
        ("2.4.6", "2.4.6", True),  # a bare Poetry version is exact
        ("2.4.6", "2.4.7", False),
        ("^0.2", "0.3.0", False),
        ("git+https://x", "1.0", None),
    ],
)
def test_pypi_and_poetry_specs(spec: str, version: str, expected: bool | None) -> None:
    assert admits(PYPI, spec, version) is expected


def test_poetry_caret_becomes_pep440() -> None:
    assert str(pypi_specifiers("^1.2.3")) in ("<2,>=1.2.3", ">=1.2.3,<2")


@given(st.text(max_size=40), st.text(max_size=20))
def test_never_raises_on_any_text(spec: str, version: str) -> None:
    for ecosystem in Ecosystem:
        assert admits(ecosystem, spec, version) in (True, False, None)
        assert compare(ecosystem, spec, version) in (-1, 0, 1, None)
