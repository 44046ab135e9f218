"""The one exception tree. Anything else that escapes is a bug and keeps its traceback.

LlmdepsError (exit 2)
 ├── UsageError        bad flag combination or argument
 ├── ConfigError       .llmdeps.yaml / [tool.llmdeps] invalid (path, line, key)
 ├── LockfileError     llmdeps.lock missing, unreadable or of another schema
 ├── OutputError       cannot write the output file
 └── OllamaError       --require-ollama and no server answered
"""

from __future__ import annotations


class LlmdepsError(Exception):
    """Base of every error the CLI reports as one line with exit code 2."""

    exit_code = 2


class UsageError(LlmdepsError):
    """A command was called with arguments that do not fit together."""


class ConfigError(LlmdepsError):
    """Invalid configuration, located by file, line and key."""

    def __init__(self, message: str, *, path: str, line: int | None = None, key: str | None = None):
        self.path = path
        self.line = line
        self.key = key
        where = f"{path}:{line}" if line is not None else path
        what = f"{key}: {message}" if key else message
        super().__init__(f"{where}: {what}")


class LockfileError(LlmdepsError):
    """The lockfile cannot be read or is of an unknown schema."""


class OutputError(LlmdepsError):
    """An output file cannot be written."""


class OllamaError(LlmdepsError):
    """Ollama was required but could not be read."""
