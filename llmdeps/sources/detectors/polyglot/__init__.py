"""Go, Java, Kotlin, C#, Rust, Ruby, PHP: one tree-sitter detector, each language's slots as data.

Each language's YAML file under `languages/` lists tree-sitter queries that capture a string literal
in a model slot (a `Model:` struct field, a `.modelName("...")` builder, a `'model' =>` array key, a
constant or flag whose name says model) and a small table of SDK calls and request types that make
a slot strong. Comments and prose are never captured: tree-sitter parses them as comments.
"""

from __future__ import annotations

from collections.abc import Iterator

from llmdeps.model import Detection, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.polyglot.engine import scan_file
from llmdeps.sources.detectors.polyglot.spec import EXTENSIONS, spec

# Every slot the queries accept has a name that says model (model, llm, embed, engine, checkpoint,
# deployment) in it or next to it; these are the words `name_says_model` looks for. A constant the
# catalog knows needs no such name (`const GPT_4O: &str = "gpt-4o"`): the commonest families'
# words let such a file in too.
_KEYWORDS: tuple[str, ...] = (
    ("model", "llm", "embed", "engine", "checkpoint", "deploy")
    + ("gpt-", "claude-", "gemini-", "llama", "whisper-", "sora-", "imagen-")
)


def _language(name: str) -> str | None:
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot > 0 else None


class PolyglotDetector:
    """Model slots in Go, Java, Kotlin, C#, Rust, Ruby and PHP source, by tree-sitter queries."""

    name = "polyglot"
    keywords = _KEYWORDS

    def wants(self, path: str, name: str) -> bool:
        """Source files of the languages that have a query file."""
        return _language(name) is not None

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """References in model slots; a file the grammar cannot load is a warning."""
        language = _language(file.name)
        if language is None:
            return
        try:
            found = list(scan_file(file, spec(language), self.name))
        except (RecursionError, ValueError) as error:
            reason = f"{language}: could not be analysed ({type(error).__name__})"
            yield ScanWarning(file.path, reason)
            return
        yield from found
