"""The streaming GGUF header reader, checked against files written and read by the real gguf package."""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path

import gguf
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.model import BaseModelRef
from llmdeps.sources.installs import gguf as reader
from llmdeps.sources.installs.gguf import GgufError, read_gguf_info, read_gguf_values
from tests.ollama_fixtures import write_gguf

META: dict[str, str | int] = {
    "name": "Qwen2.5 72B Instruct",
    "basename": "Qwen2.5",
    "organization": "Qwen",
    "finetune": "Instruct",
    "size_label": "72B",
    "version": "v2.5",
    "license": "other",
    "file_type": 15,
    "source.repo_url": "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct",
}
BASES = [
    {
        "name": "Qwen2.5 72B",
        "organization": "Qwen",
        "repo_url": "https://huggingface.co/Qwen/Qwen2.5-72B",
    },
    {"name": "Other Base", "version": "v1"},
]


def reference_values(path: Path) -> dict[str, object]:
    """general.* scalars and strings as gguf.GGUFReader sees them."""
    r = gguf.GGUFReader(str(path))
    out: dict[str, object] = {}
    for key, field in r.fields.items():
        if key.startswith("general.") and field.types[0] != gguf.GGUFValueType.ARRAY:
            out[key] = field.contents()
    return out


@pytest.mark.parametrize("endian", [gguf.GGUFEndian.LITTLE, gguf.GGUFEndian.BIG])
def test_matches_gguf_reader(tmp_path: Path, endian: gguf.GGUFEndian) -> None:
    path = write_gguf(
        tmp_path / "m.gguf", "qwen2", META, base_models=BASES, tokens=300, endian=endian
    )
    ours = read_gguf_values(path)
    theirs = reference_values(path)
    assert ours == pytest.approx(theirs)
    assert list(ours) == list(theirs)  # same keys, file order
    info = read_gguf_info(path)
    assert info.architecture == "qwen2"
    assert info.name == "Qwen2.5 72B Instruct"
    assert info.basename == "Qwen2.5"
    assert info.organization == "Qwen"
    assert info.finetune == "Instruct"
    assert info.size_label == "72B"
    assert info.version == "v2.5"
    assert info.license == "other"
    assert info.file_type == 15
    assert info.source_repo_url == "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct"
    assert info.base_models == (
        BaseModelRef(
            name="Qwen2.5 72B",
            organization="Qwen",
            repo_url="https://huggingface.co/Qwen/Qwen2.5-72B",
        ),
        BaseModelRef(name="Other Base", version="v1"),
    )


def test_skips_every_value_type_and_nested_arrays(tmp_path: Path) -> None:
    path = tmp_path / "types.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_uint8("a.u8", 1)
    w.add_int8("a.i8", -1)
    w.add_uint16("a.u16", 2)
    w.add_int16("a.i16", -2)
    w.add_uint32("a.u32", 3)
    w.add_int32("a.i32", -3)
    w.add_float32("a.f32", 1.5)
    w.add_bool("a.bool", True)
    w.add_uint64("a.u64", 2**40)
    w.add_int64("a.i64", -(2**40))
    w.add_float64("a.f64", 2.5)
    w.add_string("a.str", "x" * 5000)
    w.add_array("a.strs", ["", "é", "longer string" * 50])
    w.add_array("a.nested", [[1, 2, 3], [4, 5]])
    w.add_array("a.nested_strs", [["a", "b"], ["c"]])
    w.add_array("a.empty", [])
    w.add_float64("general.weight", 0.25)
    w.add_bool("general.flag", False)
    w.add_organization("After Arrays")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    assert read_gguf_values(path) == {
        "general.architecture": "llama",
        "general.weight": 0.25,
        "general.flag": False,
        "general.organization": "After Arrays",
    }
    assert read_gguf_values(path) == reference_values(path)


def test_general_arrays_are_skipped_not_read(tmp_path: Path) -> None:
    path = tmp_path / "tags.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_array("general.tags", ["text-generation"] * 10)
    w.add_license("mit")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.close()
    assert read_gguf_values(path) == {"general.architecture": "llama", "general.license": "mit"}


def test_never_parses_tensor_infos_or_data(tmp_path: Path) -> None:
    path = tmp_path / "t.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_organization("Meta Llama")
    w.add_tensor("tok_embd.weight", np.zeros((4, 8), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    assert len(gguf.GGUFReader(str(path)).tensors) == 1
    data = bytearray(path.read_bytes())
    kv_end = len(data) - 4 * 8 * 4  # tensor data is the last 128 bytes; infos come before
    # Garbage everything after the KV section: tensor infos, padding, data.
    info = read_gguf_info(path)
    marker = data.index(b"tok_embd.weight") - 8
    data[marker:] = b"\xff" * (len(data) - marker)
    assert kv_end > marker
    path.write_bytes(bytes(data))
    assert read_gguf_info(path) == info
    assert info.organization == "Meta Llama"


def small_file(tmp_path: Path) -> bytes:
    return write_gguf(
        tmp_path / "s.gguf", "llama", {"name": "n", "license": "mit"}, tokens=20
    ).read_bytes()


def test_every_truncation_inside_the_kv_section_raises(tmp_path: Path) -> None:
    data = small_file(tmp_path)
    cut_path = tmp_path / "cut.gguf"
    for n in range(len(data) - 1):
        cut_path.write_bytes(data[:n])
        try:
            read_gguf_info(cut_path)
        except GgufError:
            continue
        # Only the zero padding after the KV section may be cut without noticing.
        assert data[n:].strip(b"\x00") == b"", n


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (lambda d: b"GGML" + d[4:], "bad magic"),
        (lambda d: d[:4] + struct.pack("<I", 1) + d[8:], "unsupported GGUF version 1"),
        (lambda d: d[:4] + struct.pack("<I", 4) + d[8:], "unsupported GGUF version 4"),
        (lambda d: d[:16] + struct.pack("<Q", 10**9) + d[24:], "absurd key/value count"),
        (lambda d: d[:16] + struct.pack("<Q", 10**5) + d[24:], "truncated"),
        (lambda d: b"", "truncated"),
    ],
)
def test_bad_headers_raise(tmp_path: Path, patch: object, message: str) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(patch(small_file(tmp_path)))  # type: ignore[operator]
    with pytest.raises(GgufError, match=message):
        read_gguf_info(path)


def kv_file(*entries: bytes, count: int | None = None) -> bytes:
    n = len(entries) if count is None else count
    return b"GGUF" + struct.pack("<IQQ", 3, 0, n) + b"".join(entries)


def kv(key: str, vtype: int, payload: bytes) -> bytes:
    k = key.encode()
    return struct.pack("<Q", len(k)) + k + struct.pack("<I", vtype) + payload


def test_absurd_lengths_raise(tmp_path: Path) -> None:
    path = tmp_path / "a.gguf"
    cases = {
        "exceeds the 1048576-byte limit": kv_file(
            kv("general.name", 8, struct.pack("<Q", 2**21) + b"x" * (2**21))
        ),
        "string of": kv_file(struct.pack("<Q", 2**62) + b"x"),
        "truncated": kv_file(kv("tokenizer.x", 8, struct.pack("<Q", 2**62))),
        "unknown value type 13": kv_file(kv("x", 13, b"")),
        "unknown array element type 99": kv_file(kv("x", 9, struct.pack("<IQ", 99, 1))),
        "runs past the end": kv_file(kv("x", 9, struct.pack("<IQ", 8, 2**61))),
        "nested deeper": kv_file(
            kv("x", 9, struct.pack("<IQ", 9, 1) * 6 + struct.pack("<IQ", 0, 0))
        ),
    }
    for message, data in cases.items():
        path.write_bytes(data)
        with pytest.raises(GgufError, match=message):
            read_gguf_info(path)


def test_header_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_gguf(tmp_path / "big.gguf", "llama", {"organization": "x"}, tokens=5000)
    assert read_gguf_info(path).organization == "x"
    monkeypatch.setattr(reader, "MAX_HEADER_BYTES", 4096)
    with pytest.raises(GgufError, match="header larger than"):
        read_gguf_info(path)


def test_vocabulary_larger_than_a_read_block_is_skipped(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "vocab.gguf", "llama", {"license": "llama3.2"}, tokens=30_000)
    assert path.stat().st_size > 2 * reader._BLOCK
    w = gguf.GGUFWriter(str(path.with_suffix(".after")), "llama")
    w.add_array("tokenizer.ggml.tokens", [f"<t{i}>" for i in range(30_000)])
    w.add_license("llama3.2")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.close()
    assert read_gguf_values(path) == {
        "general.architecture": "llama",
        "general.license": "llama3.2",
    }
    assert read_gguf_values(path.with_suffix(".after")) == read_gguf_values(path)


def test_general_values_after_a_string_array_crossing_blocks(tmp_path: Path) -> None:
    """A string array larger than the read-ahead block, with strings straddling block edges."""
    path = tmp_path / "edges.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_array("tokenizer.ggml.merges", [("ab" * (i % 97)) for i in range(40_000)])
    w.add_array("tokenizer.ggml.big", ["z" * 300_000, "y" * 10])
    w.add_organization("Edge Case")
    w.add_string("general.tail", "end")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.close()
    assert read_gguf_values(path) == {
        "general.architecture": "llama",
        "general.organization": "Edge Case",
        "general.tail": "end",
    }


def test_invalid_utf8_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "u.gguf"
    path.write_bytes(kv_file(kv("general.organization", 8, struct.pack("<Q", 3) + b"a\xffb")))
    assert read_gguf_info(path).organization == "a\ufffdb"


def test_base_models_without_count_and_non_string_types(tmp_path: Path) -> None:
    values: dict[str, object] = {
        "general.base_model.1.name": "second",
        "general.base_model.0.organization": "Meta Llama",
        "general.base_model.x.name": "ignored",
        "general.organization": 7,
        "general.file_type": True,
    }
    info = reader.info_from_values(values)
    assert info.base_models == (
        BaseModelRef(organization="Meta Llama"),
        BaseModelRef(name="second"),
    )
    assert info.organization is None and info.file_type is None
    capped = reader.info_from_values(
        {"general.base_model.count": 10**9, "general.base_model.0.name": "a"}
    )
    assert capped.base_models == (BaseModelRef(name="a"),)


@given(st.binary(max_size=400), st.integers(min_value=0, max_value=40))
def test_any_bytes_give_info_or_gguf_error(tail: bytes, kvs: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.gguf"
        path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, kvs) + tail)
        with contextlib.suppress(GgufError):
            read_gguf_info(path)
