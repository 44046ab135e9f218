"""Non-shell scripts with YAML frontmatter (mcphost scripts): the frontmatter is a config."""

from __future__ import annotations

from llmdeps.model import Reference, RefKind
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.shell import ShellDetector
from llmdeps.sources.detectors.shell.frontmatter import frontmatter


def refs(text: str, path: str = "examples/scripts/demo.sh") -> list[Reference]:
    found = ShellDetector().scan(SourceFile(path, text, path.rsplit("/", 1)[-1]))
    return [d for d in found if isinstance(d, Reference)]


SCRIPT = """\
#!/usr/bin/env -S mcphost script
---
# Demo script
model: "${env://MODEL:-anthropic/claude-sonnet-4-5-20250929}"
mcpServers:
  fs:
    type: "builtin"
    name: "fs"
---
Use model: gpt-4o to summarise ${file}, then run ollama pull llama3.2.
"""


def test_frontmatter_of_a_tool_script_is_read_as_yaml_and_the_prompt_is_not() -> None:
    found = refs(SCRIPT)
    assert [(r.model, r.location.line, r.kind, r.env_var) for r in found] == [
        ("anthropic/claude-sonnet-4-5-20250929", 4, RefKind.ENV_DEFAULT, "MODEL"),
    ]
    assert found[0].location.column == len('model: "${env://MODEL:-') + 1


def test_shell_scripts_and_unclosed_frontmatter_are_not_frontmatter() -> None:
    assert frontmatter("#!/bin/bash\n---\nmodel: x\n---\n") is None
    assert frontmatter("#!/usr/bin/env sh\n---\nmodel: x\n---\n") is None
    assert frontmatter("#!/usr/bin/env -S mcphost script\n---\nmodel: x\n") is None
    assert frontmatter("echo hi\n---\nmodel: x\n---\n") is None
    shell = "#!/bin/bash\n---\nollama pull llama3.2\n---\n"
    assert [r.model for r in refs(shell)] == ["llama3.2"]
