"""lazy_compile: nothing compiled at import, the same answers as re.compile once used."""

from __future__ import annotations

import copy
import pickle
import re
import subprocess
import sys

from llmdeps.lazyre import LazyPattern, lazy_compile


def test_compiles_on_first_use_and_answers_as_re() -> None:
    lazy = lazy_compile(r"(?P<family>llama|qwen)(\d+)", re.I)
    assert "search" not in vars(lazy)  # nothing compiled yet
    eager = re.compile(r"(?P<family>llama|qwen)(\d+)", re.I)
    text = "use Llama3 then qwen2"
    assert lazy.search(text).group(0) == eager.search(text).group(0) == "Llama3"  # type: ignore[union-attr]
    assert "search" in vars(lazy)  # methods bound after the first use: no __getattr__ again
    assert [m.group(2) for m in lazy.finditer(text)] == ["3", "2"]
    assert lazy.sub("x", text) == eager.sub("x", text)
    assert lazy.groupindex == eager.groupindex and lazy.pattern == eager.pattern
    assert lazy.flags == eager.flags


def test_bytes_patterns() -> None:
    lazy = lazy_compile(rb"gguf")
    assert lazy.match(b"gguf-header") is not None
    assert lazy.fullmatch(b"nope") is None


def test_dunder_probes_do_not_compile_and_copies_work() -> None:
    lazy = lazy_compile(r"a+")
    clone = copy.deepcopy(lazy)
    revived = pickle.loads(pickle.dumps(lazy))
    assert isinstance(lazy, LazyPattern) and "search" not in vars(lazy)
    assert clone.fullmatch("aaa") and revived.fullmatch("aa")


def test_a_bad_pattern_fails_at_first_use_not_at_import() -> None:
    lazy = lazy_compile(r"(unclosed")
    try:
        lazy.search("x")
    except re.error:
        pass
    else:  # pragma: no cover - the assertion is the point
        raise AssertionError("a bad pattern must raise re.error when used")


CONVERTED = {
    "llmdeps.catalog.lookup",
    "llmdeps.sources.secrets",
    "llmdeps.sources.idshape",
    "llmdeps.sources.installs.hf_cache",
    "llmdeps.sources.installs.openai_compat",
    "llmdeps.sources.installs.licenses",
    "llmdeps.sources.names",
    "llmdeps.sources.providers",
    "llmdeps.formats.report_spdx",
}


def test_converted_modules_compile_no_pattern_at_import() -> None:
    """Importing them compiles no pattern of llmdeps' own (callers of re.compile are recorded)."""
    code = (
        "import re, sys\n"
        "callers = []\n"
        "orig = re.compile\n"
        "def recording(p, flags=0):\n"
        "    callers.append(sys._getframe(1).f_globals.get('__name__', ''))\n"
        "    return orig(p, flags)\n"
        "re.compile = recording\n"
        "import importlib\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(set(callers))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *sorted(CONVERTED)], capture_output=True, text=True, check=True)
    compiled_by = set(out.stdout.split())
    assert not compiled_by & CONVERTED, compiled_by & CONVERTED


def test_re2_patterns_compile_on_first_use() -> None:
    from llmdeps.lazyre import lazy_re2

    lazy = lazy_re2(rb"(?i)ollama\s+pull")
    assert "search" not in vars(lazy)
    assert lazy.search(b"RUN Ollama  pull llama3") is not None
    assert lazy.search(b"ollama list") is None
