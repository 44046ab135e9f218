"""Models in LM Studio's models folder on disk: GGUF files and MLX folders (REFERENCE 13).

The folder is `<models>/<publisher>/<repo>/<file>.gguf`, exactly two levels (LM Studio ignores
files higher up), `<publisher>/<repo>` mirroring the Hugging Face repo the file came from; an MLX
model is a `<publisher>/<repo>/` folder with `config.json` and `*.safetensors`. The default folder
is `~/.lmstudio/models`, or `<dir>/models` when `~/.lmstudio-home-pointer` names a moved data
directory, or the older `~/.cache/lm-studio/models`.

A GGUF install is named by its path in the folder (`publisher/repo/file.gguf`, what `lms ps`
shows) and described by its header through the shared bounded reader: lineage, licence, size
label, quantisation. LM Studio records no hash of a file and hashing gigabytes is not bounded,
so the digest is of what was read: the path, the size and the header's identity keys. Vision
projectors (`mmproj-*.gguf`) belong to the model beside them and are not installs of their own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from llmdeps.model import Install, InstallLocation, LocationKind, Runtime, ScanWarning, WeightsFile
from llmdeps.safeio import ReadRefused, read_bytes
from llmdeps.sources.base import InstallOptions, InstallScan
from llmdeps.sources.installs.gguf import quantization_name
from llmdeps.sources.installs.licenses import license_id_from_text
from llmdeps.sources.installs.ondisk import Tree, directories, existing_dirs, home_dir, iso_mtime

MAX_PUBLISHERS = 10_000
MAX_MODELS = 100_000
"""Files and folders in all, per models folder."""
MAX_POINTER_BYTES = 4096
MAX_CONFIG_BYTES = 1024 * 1024


def default_models_dirs(environ: Mapping[str, str]) -> list[Path]:
    """The folders LM Studio uses: the home pointer's `models/`, `~/.lmstudio/models`, and the
    `~/.cache/lm-studio/models` of 2024 builds, those that exist."""
    home = home_dir(environ)
    if home is None:
        return []
    candidates: list[Path] = []
    pointer = home / ".lmstudio-home-pointer"
    try:
        data = read_bytes(pointer, limit=MAX_POINTER_BYTES, follow_symlinks=True)
        text = data.decode("utf-8", errors="replace").strip()
    except (OSError, ReadRefused):
        text = ""  # no pointer (the usual case), or not a small file: the default folder
    if text and "\x00" not in text:
        candidates.append(Path(text).expanduser() / "models")
    candidates += [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]
    return existing_dirs(candidates)


def _digest(*parts: object) -> str:
    return hashlib.sha256("\n".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _gguf_install(tree: Tree, location: InstallLocation, name: str, path: Path) -> Install:
    info = tree.gguf(path)
    size = tree.size(path)
    quant = quantization_name(info.file_type) if info else None
    identity = (
        (info.architecture, info.name, info.organization, info.size_label, info.file_type)
        if info
        else ()
    )
    return Install(
        name=name,
        runtime=Runtime.LMSTUDIO,
        location=location,
        digest=_digest(name, size, *identity),
        size=size,
        format="gguf",
        family=info.architecture if info else None,
        parameter_size=info.size_label if info else None,
        quantization=quant,
        parent_model=_parent(info.base_models[0].name, info.base_models[0].organization)
        if info and info.base_models
        else None,
        license_id=license_id_from_text(info.license) if info and info.license else None,
        gguf=info,
        modified_at=iso_mtime(path),
        files=(WeightsFile(name.rsplit("/", 1)[-1], None, size),),
    )


def _parent(name: str | None, organization: str | None) -> str | None:
    if not name:
        return None
    return f"{organization}/{name}" if organization else name


def _mlx_install(
    tree: Tree, location: InstallLocation, name: str, folder: Path, files: Sequence[Path]
) -> Install:
    config: dict[str, object] = {}
    data = tree.read(folder / "config.json", MAX_CONFIG_BYTES, "config.json")
    if data is not None:
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError):
            tree.warn(folder / "config.json", "config.json is not valid JSON")
            obj = None
        if isinstance(obj, dict):
            config = obj
    weights = tuple(WeightsFile(f.name, None, tree.size(f)) for f in files)
    sizes = [w.size for w in weights]
    model_type = config.get("model_type")
    architectures = config.get("architectures")
    quant = config.get("quantization")
    bits = quant.get("bits") if isinstance(quant, dict) else None
    return Install(
        name=name,
        runtime=Runtime.LMSTUDIO,
        location=location,
        digest=_digest(name, *(f"{w.path}\t{w.size}" for w in weights)),
        size=None if None in sizes else sum(s for s in sizes if s is not None),
        format="mlx",
        family=model_type if isinstance(model_type, str) and model_type else None,
        families=tuple(a for a in architectures if isinstance(a, str))
        if isinstance(architectures, list)
        else (),
        quantization=f"{bits}bit" if isinstance(bits, int) and not isinstance(bits, bool) else None,
        modified_at=iso_mtime(folder),
        files=weights,
    )


def _is_file(tree: Tree, path: Path) -> bool:
    try:
        return tree.followable(path, "model file") and path.is_file()
    except OSError:
        return False


def _folder_installs(tree: Tree, location: InstallLocation, models: Path) -> list[Install]:
    installs: list[Install] = []
    count = 0
    for publisher in tree.listing(models)[:MAX_PUBLISHERS]:
        if publisher.name.startswith(".") or not tree.is_dir(publisher, "publisher folder"):
            continue
        for repo in tree.listing(Path(publisher.path)):
            if repo.name.startswith(".") or not tree.is_dir(repo, "model folder"):
                continue
            folder = Path(repo.path)
            entries = tree.listing(folder)
            names = {e.name for e in entries}
            safetensors = [
                Path(e.path) for e in entries
                if e.name.endswith(".safetensors") and _is_file(tree, Path(e.path))
            ]  # fmt: skip
            prefix = f"{publisher.name}/{repo.name}"
            if "config.json" in names and safetensors:
                count += 1
                installs.append(_mlx_install(tree, location, prefix, folder, safetensors))
            for entry in entries:
                lower = entry.name.lower()
                if not lower.endswith(".gguf") or lower.startswith("mmproj"):
                    continue
                path = Path(entry.path)
                if not _is_file(tree, path):
                    continue
                count += 1
                if count > MAX_MODELS:
                    tree.warn(models, f"more than {MAX_MODELS} models, the rest skipped")
                    return installs
                installs.append(_gguf_install(tree, location, f"{prefix}/{entry.name}", path))
    return installs


def collect_folder(folders: Sequence[Path], names: Mapping[Path, str] | None = None) -> InstallScan:
    """Every GGUF file and MLX folder two levels under each models folder."""
    warnings: list[ScanWarning] = []
    installs: list[Install] = []
    read: list[InstallLocation] = []
    seen: set[Path] = set()
    for path in folders:
        location = InstallLocation(LocationKind.STORE, _name(names, path))
        try:
            root = path.resolve(strict=True)
        except (OSError, RuntimeError) as e:
            warnings.append(
                ScanWarning(str(path), f"models folder cannot be read ({type(e).__name__})")
            )
            continue
        if root in seen:
            continue
        seen.add(root)
        tree = Tree(root, warnings, "models folder")
        before = len(warnings)
        found = _folder_installs(tree, location, path)
        if not found and any(w.path == str(path) for w in warnings[before:]):
            continue  # the folder itself could not be listed
        installs.extend(found)
        read.append(location)
    return InstallScan(
        installs=tuple(sorted(installs, key=lambda i: (i.location.lock_text(), i.name))),
        warnings=tuple(warnings),
        read=tuple(read),
        tried=tuple(InstallLocation(LocationKind.STORE, _name(names, p)) for p in folders),
    )


class LmStudioFolders:
    """Models in LM Studio models folders: the named ones, else the default folder."""

    name = "lmstudio-models"
    runtime = Runtime.LMSTUDIO
    kind = LocationKind.STORE
    label = "the LM Studio models folder"

    def collect(self, options: InstallOptions) -> InstallScan:
        """Read every folder; a named path that is not a directory is a UsageError."""
        dirs, names = directories(options, self.name, "--lmstudio-models", default_models_dirs)
        return collect_folder(dirs, names)

    def same_model(self, wanted: str, install: Install) -> bool:
        """The path in the folder, or its `publisher/repo`, in any case."""
        want = wanted.strip().lower()
        name = install.name.lower()
        return want == name or (name.endswith(".gguf") and want == name.rsplit("/", 1)[0])


def _name(names: Mapping[Path, str] | None, path: Path) -> str:
    return names.get(path, str(path)) if names else str(path)
