"""CI and compose YAML read through `parse.yamlpos`: what the node walk adds to the shell cases."""

from __future__ import annotations

from llmdeps.sources.detectors.shell.ci import read_ci_yaml
from llmdeps.sources.detectors.shell.interpreter import Dialect, Interpreter


def found(text: str, dialect: Dialect) -> list[tuple[str, str, str]]:
    interp = Interpreter(dialect)
    read_ci_yaml(interp, text, dialect)
    return [
        (f.value.text, text[f.value.offs[0] :][: len(f.value.text)], f.context)
        for f in interp.found
    ]


def test_documents_before_a_syntax_error_are_read() -> None:
    text = (
        "services:\n  a:\n    command: ollama pull llama3\n"
        "---\nservices:\n  b:\n    command: ollama pull phi3\n    bad: [\n"
    )
    assert found(text, Dialect.COMPOSE) == [("llama3", "llama3", "services.a.command:ollama pull")]


def test_a_merged_template_is_read_once_where_it_is_written() -> None:
    text = ".t: &t\n  script:\n    - ollama pull llama3\njob:\n  <<: *t\n"
    assert found(text, Dialect.GITLAB) == [("llama3", "llama3", ".t.script:ollama pull")]


def test_quoted_and_folded_commands_point_into_the_file() -> None:
    text = (
        "jobs:\n  a:\n    steps:\n"
        "      - run: \"ollama pull 'gemma2:2b'\"\n"
        "      - run: >-\n          ollama run\n          phi3:mini\n"
        "      - run: ollama pull\n          qwen2.5:0.5b\n"
    )
    assert [(model, at) for model, at, _context in found(text, Dialect.WORKFLOW)] == [
        ("gemma2:2b", "gemma2:2b"),
        ("phi3:mini", "phi3:mini"),
        ("qwen2.5:0.5b", "qwen2.5:0.5b"),
    ]


def test_deep_nesting_does_not_recurse() -> None:
    # libyaml refuses nesting past 1000 levels; 600 mappings still parse
    deep = "".join(f"{'  ' * level}k:\n" for level in range(600)) + "  " * 600 + "y\n"
    text = "services:\n  a:\n    command: ollama pull llama3\n" + deep
    assert [model for model, _at, _context in found(text, Dialect.COMPOSE)] == ["llama3"]
