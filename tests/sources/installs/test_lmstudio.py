"""The LM Studio models folder source: GGUF files two levels down, MLX folders, hostile folders."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from llmdeps.model import InstallLocation, LocationKind, Runtime
from llmdeps.sources.installs.gguf import FILE_TYPES
from llmdeps.sources.installs.lmstudio import LmStudioFolders, collect_folder, default_models_dirs
from tests.ollama_fixtures import write_gguf

SOURCE = LmStudioFolders()


def _folder(root: Path) -> Path:
    repo = root / "lmstudio-community" / "Meta-Llama-3.1-8B-Instruct-GGUF"
    repo.mkdir(parents=True)
    write_gguf(
        repo / "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
        meta={
            "name": "Meta Llama 3.1 8B Instruct",
            "organization": "Meta Llama",
            "size_label": "8B",
            "license": "llama3.1",
            "file_type": 15,
        },
        base_models=[{"name": "Meta Llama 3.1 8B", "organization": "Meta Llama"}],
    )
    (repo / "mmproj-model-f16.gguf").write_bytes(b"GGUF")
    (root / "top-level.gguf").write_bytes(b"ignored, as LM Studio does")
    mlx = root / "mlx-community" / "Qwen2.5-7B-4bit"
    mlx.mkdir(parents=True)
    (mlx / "config.json").write_text(
        '{"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"], "quantization": {"bits": 4}}'
    )
    (mlx / "model.safetensors").write_bytes(b"weights")
    return root


def test_gguf_files_and_mlx_folders_are_installs(tmp_path: Path) -> None:
    root = _folder(tmp_path / "models")
    scan = collect_folder([root])
    found = {i.name: i for i in scan.installs}
    assert sorted(found) == [
        "lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
        "mlx-community/Qwen2.5-7B-4bit",
    ]
    gguf = found[sorted(found)[0]]
    assert gguf.runtime is Runtime.LMSTUDIO
    assert gguf.location == InstallLocation(LocationKind.STORE, str(root))
    assert (gguf.format, gguf.family, gguf.parameter_size) == ("gguf", "llama", "8B")
    assert gguf.quantization == "Q4_K_M" and gguf.license_id == "llama3.1"
    assert gguf.parent_model == "Meta Llama/Meta Llama 3.1 8B"
    mlx = found["mlx-community/Qwen2.5-7B-4bit"]
    assert (mlx.format, mlx.family, mlx.quantization) == ("mlx", "qwen2", "4bit")
    assert mlx.families == ("Qwen2ForCausalLM",) and mlx.size == len(b"weights")
    assert scan.warnings == () and scan.read == (gguf.location,)


def test_same_model_by_path_or_repo(tmp_path: Path) -> None:
    (gguf, mlx) = collect_folder([_folder(tmp_path)]).installs
    assert SOURCE.same_model("lmstudio-community/meta-llama-3.1-8b-instruct-gguf", gguf)
    assert SOURCE.same_model(gguf.name.upper(), gguf)
    assert SOURCE.same_model("mlx-community/qwen2.5-7b-4bit", mlx)
    assert not SOURCE.same_model("mlx-community", mlx)


def test_an_empty_folder_is_read(tmp_path: Path) -> None:
    scan = collect_folder([tmp_path])
    assert scan.installs == () and scan.warnings == () and len(scan.read) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_an_unreadable_folder_is_a_warning(tmp_path: Path) -> None:
    _folder(tmp_path / "models")
    (tmp_path / "models").chmod(0)
    try:
        scan = collect_folder([tmp_path / "models"])
    finally:
        (tmp_path / "models").chmod(0o755)
    assert scan.installs == () and scan.read == () and scan.warnings


def test_hostile_folders(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    write_gguf(outside / "x.gguf")
    root = tmp_path / "models"
    (root / "pub").mkdir(parents=True)
    (root / "pub" / "escape").symlink_to(outside)
    repo = root / "pub" / "repo"
    repo.mkdir()
    (repo / "link.gguf").symlink_to(outside / "x.gguf")
    (repo / "absurd.gguf").write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 16)
    os.mkfifo(repo / "fifo.gguf")
    sparse = repo / "sparse.gguf"
    subprocess.run(["truncate", "-s", "2G", str(sparse)], check=True)
    scan = collect_folder([root])
    found = {i.name: i for i in scan.installs}
    assert sorted(found) == ["pub/repo/absurd.gguf", "pub/repo/sparse.gguf"]
    assert (
        found["pub/repo/sparse.gguf"].size == 2 << 30 and found["pub/repo/sparse.gguf"].gguf is None
    )
    reasons = [w.reason for w in scan.warnings]
    assert sum("points outside the models folder" in r for r in reasons) == 2
    assert sum("GGUF header unreadable" in r for r in reasons) == 2


def test_default_folder_and_home_pointer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".lmstudio" / "models").mkdir(parents=True)
    assert default_models_dirs({"HOME": str(home)}) == [home / ".lmstudio" / "models"]
    moved = tmp_path / "moved"
    (moved / "models").mkdir(parents=True)
    (home / ".lmstudio-home-pointer").write_text(f"{moved}\n")
    assert default_models_dirs({"HOME": str(home)}) == [
        moved / "models",
        home / ".lmstudio" / "models",
    ]
    assert default_models_dirs({"HOME": str(tmp_path / "nobody")}) == []


def test_quantization_names_follow_gguf_py() -> None:
    gguf = pytest.importorskip("gguf")
    theirs = {
        m.value: m.name.removeprefix("MOSTLY_").replace("ALL_", "")
        for m in gguf.LlamaFileType
        if m.value in FILE_TYPES
    }
    assert theirs == FILE_TYPES
