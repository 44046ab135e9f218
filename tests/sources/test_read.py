"""Reading one file: binary sniffing, the prefilter, decoding, detector failures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.modelfile import ModelfileDetector
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.read import decode, may_reference, scan_bytes, scan_path


class Echo:
    """Reports one reference per file it sees, with the text it was given."""

    name = "echo"
    keywords = MODEL_WORDS

    def __init__(self) -> None:
        self.seen: list[str] = []

    def wants(self, path: str, name: str) -> bool:
        return True

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        self.seen.append(file.text)
        yield Reference("m", Location(file.path, 1, 1, "x"), RefKind.CALL, Runtime.UNKNOWN, "echo")


class Broken:
    name = "broken"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        return True

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        raise ValueError("detector bug")


def test_binary_files_are_not_scanned() -> None:
    echo = Echo()
    out = scan_bytes("a.bin", "a.bin", b"model\0\x01\x02", [echo])
    assert out.binary and not out.scanned and echo.seen == []


def test_prefilter_skips_files_without_any_model_keyword() -> None:
    echo = Echo()
    assert not scan_bytes("a.py", "a.py", b"def add(a, b):\n    return a + b\n", [echo]).scanned
    assert echo.seen == []
    assert may_reference(b"client.chat(model=x)")
    assert may_reference(b"ollama.pull('phi3')")
    assert may_reference(b"openai('gpt-4o')")
    assert may_reference(b"  - CLAUDE-3-opus")


def test_a_detector_without_keywords_reads_every_file_it_wants() -> None:
    echo = Echo()
    text = b"FROM ./weights.gguf\n"
    out = scan_bytes("ollama/Modelfile", "Modelfile", text, [echo, ModelfileDetector()])
    assert out.scanned and echo.seen == []
    assert [d.model for d in out.detections if isinstance(d, Reference)] == ["./weights.gguf"]


def test_only_the_detectors_whose_keywords_occur_decode_the_file() -> None:
    class Picky(Echo):
        name = "picky"
        keywords = ("vllm serve",)

    echo, picky = Echo(), Picky()
    scan_bytes("run.sh", "run.sh", b"ollama pull phi3\n", [echo, picky])
    assert echo.seen and not picky.seen


def test_misencoded_text_is_scanned_with_a_warning() -> None:
    echo = Echo()
    out = scan_bytes("a.py", "a.py", b'model = "llama3"  # caf\xe9\n', [echo])
    assert out.scanned
    assert ScanWarning("a.py", "not valid UTF-8 (invalid continuation byte)") in out.detections
    assert echo.seen[0].startswith('model = "llama3"')


def test_bom_is_stripped() -> None:
    assert decode(b"\xef\xbb\xbfmodel: x") == ("model: x", None)


def test_a_failing_detector_is_a_warning_and_others_still_run() -> None:
    echo = Echo()
    out = scan_bytes("a.py", "a.py", b"model = 'x'", [Broken(), echo])
    kinds = sorted(type(d).__name__ for d in out.detections)
    assert kinds == ["Reference", "ScanWarning"]
    warning = next(d for d in out.detections if isinstance(d, ScanWarning))
    assert "broken detector failed" in warning.reason


def test_a_file_swapped_for_a_fifo_or_symlink_after_the_walk_is_a_warning(tmp_path: Path) -> None:
    fifo = tmp_path / "app.py"
    os.mkfifo(fifo)
    out = scan_path("app.py", str(fifo), [Echo()])
    assert out.detections == (ScanWarning("app.py", "not read: not a regular file (a FIFO)"),)
    link = tmp_path / "cfg.yaml"
    link.symlink_to("/etc/passwd")
    out = scan_path("cfg.yaml", str(link), [Echo()])
    assert out.detections == (ScanWarning("cfg.yaml", "not read: a symlink (not followed)"),)


def test_utf16_and_utf32_with_a_bom_are_text_not_binary() -> None:
    source = 'MODEL = "llama3.1:8b"\n'
    for encoding in ("utf-16", "utf-32", "utf-16-be", "utf-32-be"):
        echo = Echo()
        data = source.encode(encoding)
        if encoding.endswith("be"):
            bom = "\ufeff".encode(encoding)
            data = bom + data
        out = scan_bytes("settings.py", "settings.py", data, [echo])
        assert out.scanned and not out.binary, encoding
        assert echo.seen == [source], encoding


def test_lone_cr_line_ends_keep_lines_and_lose_nothing() -> None:
    from llmdeps.sources.registry import DETECTORS

    samples = {
        "app.py": b'import ollama\r\r\nX = 1\rollama.chat(model="llama3.1:8b")\rollama.chat(model="qwen2.5:7b")\r',
        "app.ts": b"import ollama from 'ollama';\rawait ollama.chat({ model: 'llama3.1:8b' });\rawait ollama.chat({ model: 'qwen2.5:7b' });\r",
        "config.yaml": b"a: 1\rmodel: llama3.1:8b\rembedding_model: qwen2.5:7b\r",
        "pull.sh": b"#!/bin/sh\rollama pull llama3.1:8b\rollama pull qwen2.5:7b\r",
    }
    for name, data in samples.items():
        chosen = [d for d in DETECTORS if d.wants(name, name)]
        out = scan_bytes(name, name, data, chosen)
        refs = sorted((d.model, d.location.line) for d in out.detections if isinstance(d, Reference))
        assert [m for m, _ in refs] == ["llama3.1:8b", "qwen2.5:7b"], name
        assert refs[1][1] == refs[0][1] + 1 and refs[0][1] > 1, (name, refs)


def test_a_credential_in_any_model_slot_is_never_recorded() -> None:
    from llmdeps.sources.registry import DETECTORS

    samples = {
        "config.yaml": b"model_list:\n  - model_name: gpt\n    litellm_params:\n      model: sk-proj-Abc123def456GHI789jkl\n",
        "app.py": b'import ollama\nollama.chat(model="aB3dE5fG7hJ9kL1mN3pQ")\nollama.chat(model="llama3.1:8b")\n',
        "app.ts": b"await ollama.chat({ model: 'xK9mP2qR7sT4vW8yZ1bC' });\n",
        ".env": b"LLM_MODEL=0123456789abcdef0123456789abcdef\n",
    }
    for name, data in samples.items():
        chosen = [d for d in DETECTORS if d.wants(name, name)]
        out = scan_bytes(name, name, data, chosen)
        models = [d.model for d in out.detections if isinstance(d, Reference)]
        assert models in ([], ["llama3.1:8b"]), (name, models)
        text = repr(out.detections)
        for secret in ("sk-proj", "aB3dE5", "xK9mP2", "0123456789abcdef"):
            assert secret not in text, (name, secret)
        warnings = [d.reason for d in out.detections if isinstance(d, ScanWarning)]
        if name == "config.yaml":  # the config detector takes any model value: the guard drops it
            assert any("shaped like a credential" in w for w in warnings)


def test_base_urls_lose_their_credentials() -> None:
    from llmdeps.sources.registry import DETECTORS

    data = b'from openai import OpenAI\nc = OpenAI(base_url="http://bob:pa55@gpu:11434/v1")\nc.chat.completions.create(model="llama3.1:8b")\n'
    chosen = [d for d in DETECTORS if d.wants("a.py", "a.py")]
    out = scan_bytes("a.py", "a.py", data, chosen)
    assert "pa55" not in repr(out.detections) and "bob" not in repr(out.detections)


def test_no_credential_reaches_the_new_sources() -> None:
    """Terraform, batch files, Hub download URLs and hosted-API `curl` requests: planted keys
    never reach any detection, whatever slot they sit in."""
    from llmdeps.sources.registry import DETECTORS

    samples = {
        "main.tf": b'resource "x" "y" {\n  model_name = "sk-proj-Abc123def456GHI789jkl"\n'
        b'  model { name = "gpt-4o" }\n  api_key = "sk-proj-Zz9yY8xX7wW6vV5uU4"\n}\n',
        "batch.jsonl": b'{"custom_id": "1", "body": {"model": "sk-proj-Abc123def456GHI789jkl"}}\n'
        b'{"custom_id": "2", "body": {"model": "gpt-4o", "api_key": "sk-proj-Zz9yY8xX7wW6vV5uU4"}}\n',
        "fetch.sh": b"curl -L https://huggingface.co/org/repo/resolve/main/x.gguf?token=hf_AbCdEfGhIjKlMnOpQrStUvWxYz01\n"
        b'curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaSyAbCdEfGhIjKlMnOpQrStUvWxYz012345" '
        b"-H 'Authorization: Bearer sk-proj-Zz9yY8xX7wW6vV5uU4' -d '{\"model\": \"gpt-4o\"}'\n",
    }
    for name, data in samples.items():
        chosen = [d for d in DETECTORS if d.wants(name, name)]
        assert chosen, name
        out = scan_bytes(name, name, data, chosen)
        text = repr(out.detections)
        for secret in ("sk-proj", "hf_AbCd", "AIzaSy", "Zz9yY8"):
            assert secret not in text, (name, secret)
        models = {d.model for d in out.detections if isinstance(d, Reference)}
        assert models <= {"gpt-4o", "gemini-2.5-flash"}, (name, models)


def test_hostile_terraform_and_batch_files_never_crash() -> None:
    from llmdeps.sources.detectors.batchfile import BatchFileDetector
    from llmdeps.sources.detectors.hcl import HclDetector

    texts = [
        "{" * 100_000 + 'model = "gpt-4o"\n',
        "}" * 1000 + '\nmodel_name = "gpt-4o"\n',
        'model_name = "' + "a" * 1_000_000 + '"\n',
        "/* unclosed comment\nmodel = \"gpt-4o\"\n",
        "\x00\xff\ufffd" * 1000,
        '{"custom_id": 1, "body": ' * 10_000,
        '{"custom_id": "1", "body": {"model": ["gpt-4o"]}}\n',
        '{"custom_id": "1", "body": [1, 2]}\n' * 20_000,
    ]
    for text in texts:
        for detector in (HclDetector(), BatchFileDetector()):
            found = list(detector.scan(SourceFile("x/main.tf", text, "main.tf")))
            assert all(isinstance(d, Reference | ScanWarning) for d in found)
