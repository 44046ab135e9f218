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


SCAN_MODULES = ("llmdeps.pipeline", "llmdeps.sources.registry", "llmdeps.workers")
"""What a scan imports: every detector, install source and rule among them."""


def test_a_scan_compiles_no_pattern_of_its_own_at_import() -> None:
    """Importing every module a scan needs compiles no llmdeps pattern (callers of re.compile
    and re2.compile are recorded); each compiles at its first use."""
    code = (
        "import re, sys\n"
        "callers = []\n"
        "orig = re.compile\n"
        "def recording(p, flags=0):\n"
        "    callers.append(sys._getframe(1).f_globals.get('__name__', ''))\n"
        "    return orig(p, flags)\n"
        "re.compile = recording\n"
        "import re2\n"
        "orig2 = re2.compile\n"
        "def recording2(p, *args, **kwargs):\n"
        "    callers.append(sys._getframe(1).f_globals.get('__name__', ''))\n"
        "    return orig2(p, *args, **kwargs)\n"
        "re2.compile = recording2\n"
        "import importlib\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(set(callers))))\n"
    )
    argv = [sys.executable, "-c", code, *SCAN_MODULES]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    ours = sorted(name for name in out.stdout.split() if name.startswith("llmdeps"))
    assert ours == [], ours


def test_re2_patterns_compile_on_first_use() -> None:
    from llmdeps.lazyre import lazy_re2

    lazy = lazy_re2(rb"(?i)ollama\s+pull")
    assert "search" not in vars(lazy)
    assert lazy.search(b"RUN Ollama  pull llama3") is not None
    assert lazy.search(b"ollama list") is None
