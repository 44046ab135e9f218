"""Nothing from a file or config reaches a terminal or CI log raw (integrity issue, item 9).

A file named with a newline and `::error` could inject a GitHub workflow command through any
line-oriented output; escape sequences could rewrite a terminal. Every command, every format of
every registry, default and -v, stdout, stderr and the files written.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.formats import CHECK_FORMATS, REPORT_FORMATS, SCAN_FORMATS

HOSTILE_FILE = "a\n::error file=x::pwned\x1b[2J\u202e\r.py"
HOSTILE_DIR = "d\n::warning::owned\x07"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters other than a plain newline and tab, and bidi overrides."""


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / HOSTILE_FILE).write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    (root / HOSTILE_DIR).mkdir()
    (root / HOSTILE_DIR / "m.py").write_text('import ollama\nollama.chat(model="qwen2.5:7b")\n')
    (root / ".llmdeps.yaml").write_text(
        "workflows:\n"
        '  "job\\x1b[31m\\n::error::wf": {paths: ["*.py"], owner: "ops\\r\\n::error::own\\u2028x",'
        " criticality: high}\n"
        '  "other\\u202e": {paths: ["d*/**"], owner: "team\\x1b]8;;http://evil\\x07"}\n'
    )
    result = CliRunner().invoke(app, ["scan", str(root), "--no-ollama"])
    assert result.exit_code == 0, result.stderr
    # a stale lock: check then has findings naming the hostile files and workflows
    (root / HOSTILE_FILE).write_text('import ollama\nollama.chat(model="phi3")\n')
    (root / HOSTILE_DIR / "m.py").write_text('import ollama\nollama.chat(model="mistral:7b")\n')
    return root


_OWN_ANNOTATION = re.compile(r"::(error|warning|notice) [^:]*title=llmdeps [a-z-]+::")
"""The github format's own line: properties (escaped), `title=llmdeps <rule>`, then the message."""


def _injected(text: str) -> list[str]:
    """Lines that are a workflow command llmdeps did not mean to write (the runner reads a
    command only at the start of a line, leading spaces allowed)."""
    return [
        line
        for line in text.splitlines()
        if line.lstrip().startswith("::") and not _OWN_ANNOTATION.match(line)
    ]


def test_no_output_carries_a_raw_control_or_an_injected_workflow_command(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    runner = CliRunner()
    runs: list[list[str]] = []
    for v in ([], ["-v"]):
        for fmt in CHECK_FORMATS:
            runs.append(["check", str(root), "--no-ollama", "-f", fmt, "--fail-on", "note", *v])
        for fmt in REPORT_FORMATS:
            runs.append(["report", str(root), "-f", fmt, *v])
        for fmt in SCAN_FORMATS:
            runs.append(["scan", str(root), "--no-ollama", "-f", fmt, "-o", "-", *v])
    outputs: list[tuple[list[str], str]] = []
    for args in runs:
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), (args, result.stderr, result.exception)
        outputs += [(args, result.stdout), (args, result.stderr)]
    written = tmp_path / "out.txt"
    for fmt in CHECK_FORMATS:
        runner.invoke(app, ["check", str(root), "--no-ollama", "-f", fmt, "-o", str(written)])
        outputs.append((["check -o", fmt], written.read_text()))
    outputs.append((["lock"], (root / "llmdeps.lock").read_text()))
    for args, text in outputs:
        assert not RAW.search(text), (args, RAW.findall(text), text[:1500])
        assert not _injected(text), (args, _injected(text))
    everything = "".join(text for _a, text in outputs)
    # the names are shown, escaped, not dropped
    assert "a\\x0a::error file=x::pwned\\x1b[2J\\u202e\\x0d.py" in everything
    assert "job\\x1b[31m\\x0a::error::wf" in everything
    assert "ops\\x0d\\x0a::error::own\\u2028x" in everything


def test_the_github_format_escapes_annotation_properties(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = CliRunner().invoke(app, ["check", str(root), "--no-ollama", "-f", "github"])
    assert result.exit_code == 1, result.stderr
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) >= 2
    assert all(_OWN_ANNOTATION.match(line) for line in annotations), annotations
    files = [re.search(r" file=([^,]*),", line) for line in annotations]
    shown = {m.group(1) for m in files if m}
    # the property value is escaped for the runner (`:` as %3A) on top of the control escapes
    assert "a\\x0a%3A%3Aerror file=x%3A%3Apwned\\x1b[2J\\u202e\\x0d.py" in shown, shown
    assert "d\\x0a%3A%3Awarning%3A%3Aowned\\x07/m.py" in shown, shown


def test_a_hand_edited_lock_cannot_inject_either(tmp_path: Path) -> None:
    """The lock is untrusted text too: names in it are escaped when it is read, so check and
    report show `\\x0a`, never a raw newline, whatever its YAML escapes say."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    assert CliRunner().invoke(app, ["scan", str(root), "--no-ollama"]).exit_code == 0
    lock = root / "llmdeps.lock"
    text = lock.read_text()
    evil_path = '"app.py\\n::error file=x::pwned\\e[2J\\u202e"'
    evil_wf = '"(root)\\r\\n::warning::wf\\e[31m"'
    text = text.replace("path: app.py", f"path: {evil_path}", 1)
    text = text.replace("workflow: (root)", f"workflow: {evil_wf}")
    text = text.replace("- name: (root)", f"- name: {evil_wf}").replace(
        "  - (root)", f"  - {evil_wf}"
    )
    assert text.count("::") >= 3
    lock.write_text(text)
    runner = CliRunner()
    outputs = []
    for fmt in CHECK_FORMATS:
        result = runner.invoke(app, ["check", str(root), "--no-ollama", "-f", fmt])
        assert result.exit_code == 1, (fmt, result.stderr)
        outputs += [(fmt, result.stdout), (fmt, result.stderr)]
    for fmt in REPORT_FORMATS:
        result = runner.invoke(app, ["report", str(root), "-f", fmt])
        assert result.exit_code == 0, (fmt, result.stderr)
        outputs += [(fmt, result.stdout), (fmt, result.stderr)]
    for fmt, out in outputs:
        assert not RAW.search(out), (fmt, RAW.findall(out))
        assert not _injected(out), (fmt, _injected(out))
    assert any("::error file=x::pwned\\x1b[2J" in out for _f, out in outputs)
