"""Is a file test code? One answer for every detector: a model id in a test pins behaviour too,
but a test naming an id the catalog does not know is a placeholder (see inventory.is_placeholder).
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile

# Directories that hold tests or their fixtures, in Python, JS/TS and config-heavy repositories.
_TEST_DIRS = frozenset(
    {
        "test",
        "tests",
        "__tests__",
        "__mocks__",
        "e2e",
        "fixtures",
        "__fixtures__",
        "testdata",
        "test_data",
        "cassettes",
    }
)
# pytest (`test_x.py`, `x_test.py`, `conftest.py`) and JS runners (`x.test.ts`, `x.spec.js`).
_TEST_FILE = lazy_compile(
    r"^(?:test_.*\.pyi?|.*_test\.pyi?|conftest\.py|.*\.(?:test|spec|e2e)\.[cm]?[jt]sx?)$"
)
# `go test` (`x_test.go`), JUnit and Kotlin test classes (`FooTest.java`, `FooIT.kt`), xUnit
# (`FooTests.cs`), minitest and RSpec (`x_test.rb`, `x_spec.rb`), PHPUnit (`FooTest.php`).
_OTHER_TEST_FILE = lazy_compile(
    r"^(?:.*_test\.go|.*(?:Test|Tests|IT)\.(?:java|kts?|cs|php)|.*_(?:test|spec)\.rb)$"
)
# RSpec keeps its tests in `spec/`; only Ruby files there are tests (a JS `spec/` is not).
_RUBY_SPEC_DIR = "spec"


def is_test_path(path: str) -> bool:
    """Test code or a test fixture: by directory (`tests/`, `__tests__/`, `fixtures/`) or name."""
    parts = path.replace("\\", "/").split("/")
    if _TEST_FILE.match(parts[-1]) or _OTHER_TEST_FILE.match(parts[-1]):
        return True
    if parts[-1].endswith(".rb") and _RUBY_SPEC_DIR in parts[:-1]:
        return True
    return any(part.lower() in _TEST_DIRS for part in parts[:-1])
