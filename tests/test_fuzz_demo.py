"""Fuzzing the demo: a mutated file never crashes a detector, never hangs, and never costs a
reference in the files that were left alone (integrity issue, "Done means")."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from llmdeps.model import Reference, ScanWarning
from llmdeps.sources.read import scan_bytes
from llmdeps.sources.registry import DETECTORS

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
FILES = sorted(p for p in DEMO.rglob("*") if p.is_file())
CASES_PER_FILE = 60
TIME_BOUND = 5.0  # seconds per case, generous for a loaded runner; typical cases take milliseconds


def _scan(path: str, data: bytes) -> tuple[list[Reference], list[ScanWarning]]:
    name = path.rsplit("/", 1)[-1]
    chosen = [d for d in DETECTORS if d.wants(path, name)]
    out = scan_bytes(path, name, data, chosen)
    refs = [d for d in out.detections if isinstance(d, Reference)]
    warnings = [d for d in out.detections if isinstance(d, ScanWarning)]
    return refs, warnings


def _mutate(data: bytes, rng: random.Random) -> bytes:
    ops = rng.randrange(6)
    buf = bytearray(data)
    if ops == 0 and buf:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif ops == 1:  # truncate
        buf = buf[: rng.randrange(len(buf) + 1)]
    elif ops == 2:  # insert brackets, quotes and escapes that stress the readers
        junk = rng.choice(
            [b"\\", b'"', b"'", b"`", b"{", b"[", b"(", b"${", b"\x00", b"\r", b"\xff"]
        )
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = junk * rng.randint(1, 200)
    elif ops == 3:  # duplicate a slice many times (size and nesting)
        if buf:
            a = rng.randrange(len(buf))
            b = min(len(buf), a + rng.randint(1, 40))
            buf[b:b] = buf[a:b] * rng.randint(2, 300)
    elif ops == 4:  # swap line order
        lines = bytes(buf).split(b"\n")
        rng.shuffle(lines)
        buf = bytearray(b"\n".join(lines))
    else:  # change the line ends
        buf = bytearray(bytes(buf).replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n"])))
    return bytes(buf)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DEMO)))
def test_mutated_demo_files_never_crash_or_hang(path: Path) -> None:
    rel = path.relative_to(DEMO).as_posix()
    original = path.read_bytes()
    rng = random.Random(rel)
    for _ in range(CASES_PER_FILE):
        data = _mutate(original, rng)
        start = time.monotonic()
        _refs, warnings = _scan(rel, data)
        assert time.monotonic() - start < TIME_BOUND, "a case took too long"
        failures = [w.reason for w in warnings if "detector failed" in w.reason]
        assert not failures, failures


def test_a_mutated_file_costs_no_reference_elsewhere() -> None:
    untouched = {p.relative_to(DEMO).as_posix(): p.read_bytes() for p in FILES}
    baseline = {rel: _scan(rel, data)[0] for rel, data in untouched.items()}
    rng = random.Random(7)
    for victim in sorted(untouched):
        _scan(victim, _mutate(untouched[victim], rng))  # detectors keep no state between files
        for rel, data in untouched.items():
            if rel != victim:
                assert _scan(rel, data)[0] == baseline[rel], (victim, rel)
