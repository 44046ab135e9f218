"""JavaScript and TypeScript: model ids in SDK calls, AI SDK factories, constants, catalogues.

No full JS parser: a small lexer (strings, template literals, comments, regex literals, brackets)
feeds a bracket tree, and patterns are matched on that tree. The pieces: `lexer` (text -> tokens
-> tree, the interface a tree-sitter front end would replace), `syntax` (JS reading on the tree),
`sdk` (the SDK vocabulary), `bindings` (imports, factories, clients), `calls` (which call is a model
call), `values` (what an expression yields, constants), `walker` (the walk) and `candidates` (what
is kept). What is found:

* object properties `model: '...'` (`modelName`, `model_name`, `modelId`, `embeddingModel`, ...):
  kind `call` directly inside the argument object of a known SDK call (`client.chat.completions
  .create({...})`, `ollama.chat({...})`, `new ChatOpenAI({...})`, `generateText({...})`), else
  `config` (or `catalog` under a name that says model); `process.env.X ?? 'd'` / `|| 'd'` gives
  kind `env-default` with `env_var` X;
* AI SDK provider factories `openai('gpt-4o')`, `ollama('llama3')`, `openai.chat('...')`, factories
  bound by `const x = createOllama(...)`, and LangChain `initChatModel("openai:gpt-4o")`;
  plain strings in `generateText({ model: 'openai/gpt-4o' })` go through the AI Gateway;
* constants `const MODEL = 'gpt-4o-mini'` (the name says model/llm and the value looks like a
  model) and catalogues (`const MODELS = ['gpt-4o', ...]`, `{ fast: 'gpt-4o-mini' }`);
* simple constant propagation within the file: `const M = 'x'; create({ model: M })` is one
  reference, at the literal, of kind `call` with the call's runtime and the const's context (`M`,
  as the Python detector does); so is `const params = { model: 'x' }` passed to (or spread into)
  an SDK call (context `params.model`);
* raw HTTP calls to model endpoints: `fetch('http://localhost:11434/api/chat', { body:
  JSON.stringify({ model }) })`, `axios.post('.../v1/chat/completions', { model })`.

LangChain `provider:model` strings (`initChatModel('ollama:llama3:8b')`, `createAgent`) name their
runtime by the prefix when it is a known provider (`ollama`); the model stays as written.

Positions: 1-based line and column of the string literal's opening quote (as the Python detector
reports the literal node's start). Columns count characters (code points), not bytes.
Context: the enclosing functions, classes, object methods and module-level consts joined by `.`,
then `:` and the callee's last name (`translateSummary:ollama`, `Summarizer.run:generate`), the key
path (`config.llm.model`, `MODELS[1]`) or the const name (`SUMMARY_MODEL`). Locals inside
functions and callbacks never enter it, so renaming a result variable changes nothing.
Comments, JSX text, import specifiers, template literals with substitutions and display names are
never references; keys naming KEY/TOKEN/SECRET/PASSWORD/AUTH are never read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile, lazy_re2
from llmdeps.model import Detection, Location, Reference, RefKind, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.javascript.lexer import Group, Item, Tok, build_tree, lex
from llmdeps.sources.detectors.javascript.sdk import PROVIDER_FACTORIES
from llmdeps.sources.detectors.javascript.walker import find_candidates
from llmdeps.sources.idshape import model_like
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.testpaths import is_test_path

__all__ = ["Group", "Item", "JavaScriptDetector", "Tok", "build_tree", "find_candidates", "lex"]

_EXTENSIONS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")
_SKIP_SUFFIXES = (".d.ts", ".d.mts", ".d.cts", ".min.js", ".min.mjs", ".bundle.js", ".chunk.js")
_SKIP_DIRS = frozenset(
    {"dist", "build", ".next", ".nuxt", ".output", ".svelte-kit", "bundles", "coverage"}
)

# Every reference starts at a string literal. One that is not model-shaped on its own (an Azure
# deployment `'prod-chat'`, a proxy group) counts only in a slot: a name that says model, a known
# or bound provider factory, a model API path. A file with neither a slot nor a model-shaped
# literal holds no reference and is not lexed (most front-end code in a large tree). RE2: the
# alternation is linear there, and slow in `re`.
_SLOT = lazy_re2(
    r"(?i:model|llm|deployment)\w*['\"]?\s*[:=(]"
    r"|\b(?:" + "|".join(sorted(PROVIDER_FACTORIES)) + r")\b"
    r"|\bcreate[A-Z]\w*\s*\(|/api/|/v1/|chat/completions"
)
_LITERAL = lazy_compile(r"""["'`]([^"'`\\\s]{2,200})["'`]""")


class JavaScriptDetector:
    """Model references in JavaScript and TypeScript sources."""

    name = "javascript"
    keywords = MODEL_WORDS

    @staticmethod
    def may_reference(text: str) -> bool:
        """Cheap pre-check before lexing: a model slot, or a model-shaped string literal."""
        if _SLOT.search(text):
            return True
        return any(model_like(value) for value in set(_LITERAL.findall(text)))

    def wants(self, path: str, name: str) -> bool:
        """JS/TS sources, not type declarations, minified files or build output."""
        low = name.lower()
        if not low.endswith(_EXTENSIONS) or low.endswith(_SKIP_SUFFIXES):
            return False
        parts = path.split("/")[:-1]
        return not any(part in _SKIP_DIRS for part in parts)

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """Yield the references of one file; never raises on bad input."""
        if not self.may_reference(file.text):
            return
        try:
            cands = find_candidates(file.text)
        except RecursionError:
            yield ScanWarning(file.path, "javascript: nesting too deep to analyse")
            return
        line_starts = _line_starts(file.text)
        test = is_test_path(file.path)
        for c in cands:
            line = bisect.bisect_right(line_starts, c.tok.start)
            column = c.tok.start - line_starts[line - 1] + 1
            yield Reference(
                model=c.model,
                location=Location(file.path, line, column, c.context),
                kind=RefKind.TEST if test else c.kind,
                runtime=c.runtime,
                detector=self.name,
                env_var=c.env_var,
                base_url=c.base_url,
            )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    return starts
