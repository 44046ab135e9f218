"""What parses, and the lexical scan of Python that does not."""

from __future__ import annotations

import sys

from llmdeps.model import Reference, RefKind, Runtime, ScanWarning
from tests.sources.detectors.python.helpers import detect

# --- what parses ----------------------------------------------------------------------------------


def test_match_statement_parses() -> None:
    found = detect(
        """\
        import ollama

        def route(kind):
            match kind:
                case "fast":
                    model = "phi3:mini"
                case _:
                    model = "llama3.1:70b"
            return ollama.chat(model=model)
        """
    )
    assert not [d for d in found if isinstance(d, ScanWarning)]
    assert {r.model for r in found if isinstance(r, Reference)} == {"phi3:mini", "llama3.1:70b"}


def test_invalid_escape_sequences_do_not_stop_the_parse() -> None:
    found = detect('import ollama\nPATTERN = "\\d+"\nollama.chat(model="phi3")\n')
    assert [d.model for d in found if isinstance(d, Reference)] == ["phi3"]
    assert not [d for d in found if isinstance(d, ScanWarning)]


# --- unparsable Python ----------------------------------------------------------------------------


def test_syntax_error_falls_back_to_a_lexical_scan() -> None:
    found = detect(
        """\
        import ollama
        def (:
            model = "mistral:7b"
        MODEL = os.getenv("LLM_MODEL", "qwen2.5:7b")
        ollama.chat(model="gemma2:9b")  # "comment"
        # MODEL = "llama3:8b"
        description = "uses gpt-4o"
        """,
        path="broken.py",
    )
    (warning,) = [d for d in found if isinstance(d, ScanWarning)]
    assert warning == ScanWarning("broken.py", "Python syntax error at line 2; scanned lexically")
    got = {r.model: r for r in found if isinstance(r, Reference)}
    assert set(got) == {"mistral:7b", "qwen2.5:7b", "gemma2:9b"}
    assert (got["mistral:7b"].location.line, got["mistral:7b"].location.column) == (3, 13)
    assert got["qwen2.5:7b"].kind is RefKind.ENV_DEFAULT
    assert got["qwen2.5:7b"].env_var == "LLM_MODEL"
    assert got["gemma2:9b"].kind is RefKind.CALL and got["gemma2:9b"].runtime is Runtime.OLLAMA


def test_python_312_syntax_is_scanned_lexically_on_311() -> None:
    found = detect(
        """\
        import ollama

        type ModelName = str

        def first[T](xs: list[T]) -> T:
            return xs[0]

        ollama.chat(model="llama3.2:3b")
        """
    )
    warnings = [d for d in found if isinstance(d, ScanWarning)]
    references = [d for d in found if isinstance(d, Reference)]
    if sys.version_info < (3, 12):
        assert len(warnings) == 1 and "syntax error at line 3" in warnings[0].reason
    assert [(r.model, r.location.line, r.location.column) for r in references] == [
        ("llama3.2:3b", 8, 19)
    ]


def test_null_byte_is_a_warning_not_a_crash() -> None:
    found = detect('import ollama\x00\nMODEL = "llama3.2"\n')
    assert [type(d) for d in found] == [ScanWarning, Reference]
    assert "\x00" not in found[0].reason  # type: ignore[union-attr]


def test_too_deep_to_walk_falls_back_to_a_lexical_scan() -> None:
    source = 'import ollama\nMODEL = "llama3.2"\nx = ' + "+".join(["1"] * 20000) + "\n"
    found = detect(source, path="deep.py")
    assert isinstance(found[0], ScanWarning) and "scanned lexically" in found[0].reason
    assert [(r.model, r.location.line) for r in found if isinstance(r, Reference)] == [
        ("llama3.2", 2)
    ]
