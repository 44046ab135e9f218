"""A streaming GGUF header reader: the `general.*` keys, never the tensor data (REFERENCE 3).

`gguf.GGUFReader` maps the whole file and turns every array element into a numpy view, which takes
seconds on a real 128k-256k token vocabulary. This reader walks the key/value section once, reads
only `general.*` values, skips arrays by seeking (`count x size` for fixed-size elements, one u64
length per string), and stops before the tensor infos. Hostile input is bounded: key/value count,
string lengths and the total header size are capped, and every skip is checked against the file
size, so a truncated or forged file raises `GgufError` instead of reading gigabytes.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable
from pathlib import Path

from llmdeps.model import BaseModelRef, GgufInfo

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)  # v1 used 32-bit lengths and is long gone; gguf-py reads only 2 and 3
MAX_KV_COUNT = 1_000_000
MAX_KEY_BYTES = 64 * 1024
MAX_GENERAL_STRING = 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024 * 1024
MAX_ARRAY_DEPTH = 4
MAX_BASE_MODELS = 64
_BLOCK = 256 * 1024  # read-ahead when skipping string arrays; given back with a seek

# GGUF value types -> struct code of a fixed-size scalar (REFERENCE 3.1).
_SCALAR = {
    0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d",
}  # fmt: skip
_STRING = 8
_ARRAY = 9

_STRING_KEYS = {
    "general.architecture": "architecture",
    "general.name": "name",
    "general.basename": "basename",
    "general.organization": "organization",
    "general.finetune": "finetune",
    "general.size_label": "size_label",
    "general.version": "version",
    "general.license": "license",
    "general.source.repo_url": "source_repo_url",
}
_BASE_FIELDS = ("name", "organization", "version", "repo_url")


class GgufError(ValueError):
    """The file is not a GGUF file this reader accepts (bad magic, version, truncated, absurd)."""


class _Stream:
    """A bounded reader over a buffered file: reads and skips, never past the limits."""

    def __init__(self, f: io.BufferedReader, size: int) -> None:
        self.f = f
        self.size = size
        self.pos = 0
        self.set_order("<")

    def set_order(self, order: str) -> None:
        self.order = order
        self.structs = {code: struct.Struct(order + code) for code in _SCALAR.values()}

    def _check(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise GgufError(f"truncated: {what} runs past the end of the file")
        if self.pos + n > MAX_HEADER_BYTES:
            raise GgufError(f"header larger than {MAX_HEADER_BYTES // (1024 * 1024)} MiB")

    def read(self, n: int, what: str) -> bytes:
        self._check(n, what)
        data = self.f.read(n)
        if len(data) != n:
            raise GgufError(f"truncated: {what} runs past the end of the file")
        self.pos += n
        return data

    def skip(self, n: int, what: str) -> None:
        self._check(n, what)
        self.f.seek(n, os.SEEK_CUR)
        self.pos += n

    def scalar(self, code: str, what: str) -> int | float | bool:
        st = self.structs[code]
        value: int | float | bool = st.unpack(self.read(st.size, what))[0]
        return value

    def u32(self, what: str) -> int:
        return int(self.scalar("I", what))

    def u64(self, what: str) -> int:
        return int(self.scalar("Q", what))


def _string(s: _Stream, limit: int, what: str) -> str:
    n = s.u64(what)
    if n > limit:
        raise GgufError(f"{what}: string of {n} bytes exceeds the {limit}-byte limit")
    return s.read(n, what).decode("utf-8", errors="replace")


def _skip_value(s: _Stream, vtype: int, what: str, depth: int = 0) -> None:
    if vtype in _SCALAR:
        s.skip(struct.calcsize(_SCALAR[vtype]), what)
    elif vtype == _STRING:
        s.skip(s.u64(what), what)
    elif vtype == _ARRAY:
        if depth >= MAX_ARRAY_DEPTH:
            raise GgufError(f"{what}: arrays nested deeper than {MAX_ARRAY_DEPTH}")
        etype = s.u32(what)
        count = s.u64(what)
        if etype in _SCALAR:
            size = struct.calcsize(_SCALAR[etype])
            s.skip(count * size, what)
        elif etype == _STRING:
            # Each element is at least its 8-byte length: a forged count fails before looping.
            s._check(count * 8, what)
            _skip_strings(s, count, what)
        elif etype == _ARRAY:
            s._check(count * 12, what)
            for _ in range(count):
                _skip_value(s, _ARRAY, what, depth + 1)
        else:
            raise GgufError(f"{what}: unknown array element type {etype}")
    else:
        raise GgufError(f"{what}: unknown value type {vtype}")


def _skip_strings(s: _Stream, count: int, what: str) -> None:
    """Skip `count` strings by reading their lengths in 256 KiB blocks (a 150k-token vocabulary
    costs one Python loop over an in-memory buffer, not 300k file calls)."""
    unpack = struct.Struct(s.order + "Q").unpack_from
    limit = min(s.size, MAX_HEADER_BYTES)
    buf = b""
    blen = 0
    off = 0
    end = s.pos  # file offset of the end of buf
    for _ in range(count):
        if blen - off < 8:
            chunk = s.f.read(min(_BLOCK, limit - end))
            end += len(chunk)
            buf = buf[off:] + chunk
            blen = len(buf)
            off = 0
            if blen < 8:
                s.pos = end
                s._check(8, what)  # raises: truncated or over the header cap
        n = unpack(buf, off)[0]
        off += 8 + n
        if off <= blen:
            continue
        # The string runs past the buffer: skip the rest of it in the file.
        s.pos = end
        s.skip(off - blen, what)
        end = s.pos
        buf = b""
        blen = off = 0
    # Give back what was read ahead.
    ahead = blen - off
    if ahead:
        s.f.seek(-ahead, os.SEEK_CUR)
    s.pos = end - ahead


def _read_value(s: _Stream, vtype: int, what: str) -> str | int | float | bool | None:
    """A general.* scalar or string; arrays are skipped (None)."""
    if vtype == _STRING:
        return _string(s, MAX_GENERAL_STRING, what)
    if vtype in _SCALAR:
        return s.scalar(_SCALAR[vtype], what)
    _skip_value(s, vtype, what)
    return None


def read_gguf_values(path: str | os.PathLike[str]) -> dict[str, str | int | float | bool]:
    """The `general.*` scalar and string values of a GGUF header, in file order."""
    p = Path(path)
    with p.open("rb", buffering=64 * 1024) as raw:
        assert isinstance(raw, io.BufferedReader)
        size = os.fstat(raw.fileno()).st_size
        s = _Stream(raw, size)
        if s.read(4, "magic") != MAGIC:
            raise GgufError("not a GGUF file (bad magic)")
        version_bytes = s.read(4, "version")
        version = struct.unpack("<I", version_bytes)[0]
        # A byte-swapped file has the small version number in the high half (gguf_reader.py).
        if version & 0xFFFF == 0:
            s.set_order(">")
            version = struct.unpack(">I", version_bytes)[0]
        if version not in SUPPORTED_VERSIONS:
            raise GgufError(f"unsupported GGUF version {version}")
        s.u64("tensor count")
        kv_count = s.u64("key/value count")
        if kv_count > MAX_KV_COUNT:
            raise GgufError(f"absurd key/value count {kv_count}")
        values: dict[str, str | int | float | bool] = {}
        for i in range(kv_count):
            key = _string(s, MAX_KEY_BYTES, f"key {i}")
            vtype = s.u32(f"type of {key}")
            if key.startswith("general."):
                value = _read_value(s, vtype, key)
                if value is not None:
                    values.setdefault(key, value)
            else:
                _skip_value(s, vtype, key)
        return values


def _str(values: dict[str, str | int | float | bool], key: str) -> str | None:
    v = values.get(key)
    return v if isinstance(v, str) and v else None


def _int(values: dict[str, str | int | float | bool], key: str) -> int | None:
    v = values.get(key)
    # a GGUF integer is at most 64 bits; a bigger one (from JSON) could not even be printed
    ok = isinstance(v, int) and not isinstance(v, bool) and -(2**63) <= v < 2**64
    return v if ok and isinstance(v, int) else None


def info_from_values(values: dict[str, object]) -> GgufInfo:
    """A GgufInfo from `general.*` key/values (a GGUF header or Ollama's `model_info`)."""
    clean: dict[str, str | int | float | bool] = {
        k: v for k, v in values.items() if isinstance(v, str | int | float | bool)
    }
    strings = {field: _str(clean, key) for key, field in _STRING_KEYS.items()}
    count = _int(clean, "general.base_model.count")
    if count is None:
        # No count: take the indices that are present (some converters omit it).
        present = {k.split(".")[2] for k in clean if k.startswith("general.base_model.")}
        # `²` is a digit to str.isdigit and a 5000-digit index is too long for int(): ASCII
        # digits only, and no more of them than MAX_BASE_MODELS needs.
        indices = sorted(int(x) for x in present if x.isascii() and x.isdigit() and len(x) < 4)
    else:
        indices = list(range(max(0, min(count, MAX_BASE_MODELS))))
    bases = []
    for n in indices[:MAX_BASE_MODELS]:
        parts = {f: _str(clean, f"general.base_model.{n}.{f}") for f in _BASE_FIELDS}
        if any(parts.values()):
            bases.append(BaseModelRef(**parts))
    return GgufInfo(
        architecture=strings["architecture"],
        name=strings["name"],
        basename=strings["basename"],
        organization=strings["organization"],
        finetune=strings["finetune"],
        size_label=strings["size_label"],
        version=strings["version"],
        license=strings["license"],
        file_type=_int(clean, "general.file_type"),
        base_models=tuple(bases),
        source_repo_url=strings["source_repo_url"],
    )


def read_gguf_info(path: str | os.PathLike[str]) -> GgufInfo:
    """Read the identity-bearing `general.*` keys of a GGUF file's header; raises GgufError."""
    try:
        values = read_gguf_values(path)
    except struct.error as e:  # pragma: no cover - every read is length-checked first
        raise GgufError(f"truncated: {e}") from e
    return info_from_values(dict(values))


# `general.file_type` as llama.cpp's `llama_ftype` numbers it (gguf-py `LlamaFileType`, without
# its `MOSTLY_` prefix): the quantisation a model file is sold under (`Q4_K_M`).
FILE_TYPES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M",
    30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE",
}  # fmt: skip


def quantization_name(file_type: int | None) -> str | None:
    """`15` -> `Q4_K_M`; None for a number llama.cpp does not name."""
    return FILE_TYPES.get(file_type) if file_type is not None else None


def read_gguf_or_warn(
    path: Path,
    warn: Callable[[str], None],
    what: str,
    header: str,
    admit: Callable[[], bool] = lambda: True,
) -> GgufInfo | None:
    """`read_gguf_info`, every failure a warning instead of an exception: `what` names the file
    in the messages (`model blob`), `header` its header (`model blob GGUF header`); `admit`, the
    caller's own check (symlinks, file type), runs first under the same handling."""
    try:
        return read_gguf_info(path) if admit() else None
    except FileNotFoundError:
        warn(f"{what} is missing")
    except PermissionError:
        warn(f"{what} is not readable (permission denied)")
    except GgufError as e:
        warn(f"{header} unreadable: {e}")
    except OSError as e:
        warn(f"{what} cannot be read ({e.strerror or type(e).__name__})")
    return None
