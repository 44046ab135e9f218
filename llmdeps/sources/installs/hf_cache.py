"""Models in a Hugging Face hub cache on disk: repos, snapshots, refs, weights (REFERENCE 4).

A cache is `<HF_HUB_CACHE>/models--<org>--<name>/` with `refs/<ref>` (a commit), `snapshots/
<commit>/<file>` (symlinks into `blobs/`) and `blobs/<etag>`, where the etag of an LFS file (the
weights) is the SHA-256 of its content: a digest had for free, without reading gigabytes. One
install per snapshot: the repo id, its commit, the refs pointing at it, the weights files with
their blob digests, `config.json`'s `architectures` and `model_type`, and from the README card's
YAML front matter the licence and `base_model`. Datasets and spaces are not models: skipped.

The cache is untrusted input: symlinks that resolve outside it are not followed, small files are
size-capped, a card is parsed by the alias-sharing YAML reader within a cap, weights files are
only named and stat'ed (never opened, except a GGUF header through the shared bounded reader),
and every listing is counted. Each problem is a warning naming the path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from llmdeps.lazyre import lazy_compile
from llmdeps.model import (
    GgufInfo,
    Install,
    InstallLocation,
    LocationKind,
    Runtime,
    ScanWarning,
    WeightsFile,
)
from llmdeps.sources.base import InstallOptions, InstallScan
from llmdeps.sources.installs.gguf import quantization_name
from llmdeps.sources.installs.licenses import license_id_from_text
from llmdeps.sources.installs.ondisk import (
    Tree,
    directories,
    env_path,
    existing_dirs,
    home_dir,
    iso_mtime,
)
from llmdeps.sources.parse import yamlpos
from llmdeps.sources.parse.spans import Node

MAX_REPOS = 10_000
MAX_SNAPSHOTS = 1_000
"""Per repo."""
MAX_REFS = 1_000
"""Per repo."""
MAX_FILES = 10_000
"""Per snapshot."""
MAX_DEPTH = 16
"""Directory levels inside a snapshot or under refs/."""
MAX_REF_BYTES = 256
MAX_CONFIG_BYTES = 1024 * 1024
MAX_CARD_BYTES = 1024 * 1024
MAX_FRONT_MATTER_CHARS = 256 * 1024
MAX_CARD_NODES = 20_000

WEIGHTS_SUFFIXES = (
    ".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".onnx",
    ".tflite", ".mlmodel", ".ot", ".npz", ".nemo", ".pdparams",
)  # fmt: skip
"""Files that hold weights, as the Hub's own `*.safetensors`/`*.bin`/... filters name them."""

# Format of a snapshot, by its first weights kind in this order (safetensors is the Hub default).
_FORMATS = (
    (".safetensors", "safetensors"),
    (".gguf", "gguf"),
    (".bin", "pytorch"),
    (".pt", "pytorch"),
    (".pth", "pytorch"),
    (".onnx", "onnx"),
    (".h5", "tensorflow"),
    (".msgpack", "flax"),
)

_HEX64 = lazy_compile(r"[0-9a-f]{64}")
_HEX40 = lazy_compile(r"[0-9a-f]{40}")
_REPO_PART = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
_NAME_CHARS = lazy_compile(r"[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?")
_PREFIX = "models--"


def default_cache_dirs(environ: Mapping[str, str]) -> list[Path]:
    """The cache `huggingface_hub` would use: HF_HUB_CACHE (or its legacy alias), else
    `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`."""
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        named = env_path(environ, name)
        if named is not None:
            return existing_dirs([named])
    hf_home = env_path(environ, "HF_HOME")
    if hf_home is None:
        xdg = env_path(environ, "XDG_CACHE_HOME")
        if xdg is None:
            home = home_dir(environ)
            xdg = home / ".cache" if home is not None else None
        hf_home = xdg / "huggingface" if xdg is not None else None
    return existing_dirs([hf_home / "hub"]) if hf_home is not None else []


def repo_id_of(dir_name: str) -> str | None:
    """`models--org--name` -> `org/name` (`models--gpt2` -> `gpt2`); None for other repo types
    and names that are no repo id (`..`, stray characters, more than one `--`)."""
    if not dir_name.startswith(_PREFIX):
        return None
    parts = dir_name[len(_PREFIX) :].split("--")
    if not 1 <= len(parts) <= 2 or not all(_REPO_PART.fullmatch(p) for p in parts):
        return None
    if any(".." in p for p in parts):
        return None
    return "/".join(parts)


@dataclass(frozen=True, slots=True)
class Card:
    """What a model card's YAML front matter says about identity."""

    license: str | None = None
    base_models: tuple[str, ...] = ()


def front_matter(text: str) -> str | None:
    """The YAML between a card's leading `---` line and the next one, None if there is none."""
    if not text.startswith("---"):
        return None
    first = text.find("\n")
    if first < 0 or text[:first].strip() != "---":
        return None
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[first + 1 :], re.MULTILINE)
    if end is None:
        return None
    return text[first + 1 : first + 1 + end.start()]


def _scalars(node: Node | None) -> tuple[str, ...]:
    """A string, or a list of strings, one level deep (nested structures are not followed)."""
    if node is None:
        return ()
    if node.value is not None:
        return (node.value.strip(),) if node.value.strip() else ()
    return tuple(i.value.strip() for i in node.items or () if i.value and i.value.strip())


def read_card(text: str, tree: Tree, path: Path) -> Card:
    """The licence and base models of a card; a card without front matter says nothing."""
    yaml_text = front_matter(text)
    if yaml_text is None:
        return Card()
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        tree.warn(
            path, f"model card front matter is over {MAX_FRONT_MATTER_CHARS} characters, not parsed"
        )
        return Card()
    parsed = yamlpos.read(yaml_text)
    if parsed.nodes > MAX_CARD_NODES:
        tree.warn(path, f"model card front matter has over {MAX_CARD_NODES} nodes, not parsed")
        return Card()
    if parsed.error is not None and parsed.error > 0:
        tree.warn(path, f"model card front matter is not valid YAML (line {parsed.error})")
    if not parsed.documents or parsed.documents[0].pairs is None:
        return Card()
    # Only top-level keys are looked at: an alias bomb below them is never walked.
    keys = {k.value: v for k, v in parsed.documents[0].pairs if k.value is not None}
    licences = _scalars(keys.get("license"))
    bases = tuple(b for b in _scalars(keys.get("base_model")) if _NAME_CHARS.fullmatch(b))
    return Card(license=licences[0] if licences else None, base_models=bases)


@dataclass(slots=True)
class _Repo:
    tree: Tree
    path: Path
    repo_id: str
    location: InstallLocation


def _refs(repo: _Repo) -> dict[str, list[str]]:
    """Commit -> the refs naming it (`main`, `v1.0`, `refs/pr/1`), from files under refs/."""
    out: dict[str, list[str]] = {}
    top = repo.path / "refs"
    if not top.is_dir():
        return out
    count = 0
    stack: list[tuple[Path, str, int]] = [(top, "", 0)]
    while stack:
        directory, prefix, depth = stack.pop()
        for entry in repo.tree.listing(directory):
            name = f"{prefix}{entry.name}"
            if repo.tree.is_dir(entry, "ref directory"):
                if depth < MAX_DEPTH:
                    stack.append((Path(entry.path), f"{name}/", depth + 1))
                continue
            count += 1
            if count > MAX_REFS:
                repo.tree.warn(top, f"more than {MAX_REFS} refs, the rest skipped")
                return out
            data = repo.tree.read(Path(entry.path), MAX_REF_BYTES, "ref")
            if data is None:
                continue
            commit = data.decode("ascii", errors="replace").strip()
            if not _HEX40.fullmatch(commit):
                repo.tree.warn(entry.path, "ref does not hold a commit hash, skipped")
                continue
            out.setdefault(commit, []).append(name)
    return out


def _snapshot_files(repo: _Repo, snapshot: Path) -> list[tuple[str, Path]]:
    """(relative path, path) of every file in a snapshot, bounded in depth and count."""
    out: list[tuple[str, Path]] = []
    stack: list[tuple[Path, str, int]] = [(snapshot, "", 0)]
    while stack:
        directory, prefix, depth = stack.pop()
        for entry in repo.tree.listing(directory):
            rel = f"{prefix}{entry.name}"
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if depth < MAX_DEPTH:
                    stack.append((path, f"{rel}/", depth + 1))
                continue
            if len(out) >= MAX_FILES:
                repo.tree.warn(snapshot, f"more than {MAX_FILES} files, the rest skipped")
                return sorted(out)
            out.append((rel, path))
    return sorted(out)


def _blob_of(repo: _Repo, path: Path) -> tuple[str | None, int | None, bool]:
    """(blob name, size, usable) of a snapshot file: a symlink must resolve inside the cache."""
    tree = repo.tree
    try:
        if path.is_symlink():
            if not tree.inside(path):
                tree.warn(
                    path, "snapshot file is a symlink that points outside the cache, not followed"
                )
                return None, None, False
            target = path.resolve()
            if not target.exists():
                tree.warn(path, "snapshot file points at a missing blob")
                return None, None, False
            blob = target.name if target.parent.name == "blobs" else None
            return blob, tree.size(target), True
    except (OSError, RuntimeError):
        tree.warn(path, "snapshot file cannot be resolved")
        return None, None, False
    # Without symlink support the cache holds copies: no blob name, no free digest.
    return None, tree.size(path), True


def _json_object(repo: _Repo, path: Path, what: str) -> dict[str, object]:
    data = repo.tree.read(path, MAX_CONFIG_BYTES, what)
    if data is None:
        return {}
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        repo.tree.warn(path, f"{what} is not valid JSON")
        return {}
    if not isinstance(obj, dict):
        repo.tree.warn(path, f"{what} is not a JSON object")
        return {}
    return obj


def _card(repo: _Repo, path: Path) -> Card:
    data = repo.tree.read(path, MAX_CARD_BYTES, "model card")
    if data is None:
        return Card()
    return read_card(data.decode("utf-8", errors="replace"), repo.tree, path)


def _digest_of_lines(lines: Sequence[str]) -> str:
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode("utf-8")).hexdigest()


def _format(weights: Sequence[WeightsFile]) -> str | None:
    for suffix, name in _FORMATS:
        if any(w.path.endswith(suffix) for w in weights):
            return name
    return None


def _snapshot(repo: _Repo, snapshot: Path, commit: str, refs: Sequence[str]) -> Install:
    files = _snapshot_files(repo, snapshot)
    listing: list[str] = []
    weights: list[WeightsFile] = []
    sizes: dict[str, int] = {}
    by_name: dict[str, Path] = {}
    for rel, path in files:
        blob, size, usable = _blob_of(repo, path)
        if not usable:
            continue
        by_name[rel] = path
        listing.append(f"{rel}\t{blob or ''}")
        if size is not None:
            sizes[blob or rel] = size  # a blob shared by two files is counted once
        if rel.lower().endswith(WEIGHTS_SUFFIXES):
            digest = blob if blob and _HEX64.fullmatch(blob) else None
            weights.append(WeightsFile(rel, digest, size))
    config = (
        _json_object(repo, by_name["config.json"], "config.json")
        if ("config.json" in by_name)
        else {}
    )
    card = _card(repo, by_name["README.md"]) if "README.md" in by_name else Card()
    model_type = config.get("model_type")
    architectures = config.get("architectures")
    gguf = _first_gguf(repo, weights, by_name)
    digests = [w.sha256 for w in weights]
    weights_digest: str | None = None
    if len(weights) == 1:
        weights_digest = digests[0]
    elif weights and None not in digests:
        # Sharded weights: one digest of every shard's path and digest, in path order.
        weights_digest = _digest_of_lines([f"{w.path}\t{w.sha256}" for w in weights])
    return Install(
        name=repo.repo_id,
        runtime=Runtime.HUGGINGFACE,
        location=repo.location,
        # The snapshot as cached: every file with the blob it is, so a partial download differs.
        digest=_digest_of_lines([f"{repo.repo_id}@{commit}", *listing]),
        weights_digest=weights_digest,
        size=sum(sizes.values()) if sizes else None,
        format=_format(weights),
        family=model_type if isinstance(model_type, str) and model_type else None,
        families=tuple(a for a in architectures if isinstance(a, str))
        if isinstance(architectures, list)
        else (),
        quantization=quantization_name(gguf.file_type) if gguf else None,
        parent_model=card.base_models[0] if card.base_models else None,
        license_id=license_id_from_text(card.license) if card.license else None,
        gguf=gguf,
        modified_at=iso_mtime(snapshot),
        revision=commit,
        refs=tuple(sorted(refs)),
        files=tuple(weights),
    )


def _first_gguf(
    repo: _Repo, weights: Sequence[WeightsFile], by_name: Mapping[str, Path]
) -> GgufInfo | None:
    """The header of the first GGUF file (a GGUF repo's quantisations share one lineage)."""
    for w in weights:
        if w.path.lower().endswith(".gguf"):
            return repo.tree.gguf(by_name[w.path])
    return None


def _repo_installs(repo: _Repo) -> list[Install]:
    tree = repo.tree
    refs = _refs(repo)
    snapshots_dir = repo.path / "snapshots"
    if not snapshots_dir.is_dir():
        tree.warn(repo.path, "repo has no snapshots/ directory, skipped")
        return []
    installs: list[Install] = []
    seen: set[str] = set()
    for entry in tree.listing(snapshots_dir):
        if not tree.is_dir(entry, "snapshot"):
            continue
        if len(seen) >= MAX_SNAPSHOTS:
            tree.warn(snapshots_dir, f"more than {MAX_SNAPSHOTS} snapshots, the rest skipped")
            break
        seen.add(entry.name)
        installs.append(_snapshot(repo, Path(entry.path), entry.name, refs.get(entry.name, ())))
    for commit, names in sorted(refs.items()):
        if commit not in seen:
            for name in sorted(names):
                tree.warn(
                    repo.path / "refs" / name,
                    f"ref {name} points at commit {commit}, which has no snapshot",
                )
    return installs


def collect_cache(caches: Sequence[Path], names: Mapping[Path, str] | None = None) -> InstallScan:
    """Every model repo of each cache, one install per snapshot; datasets and spaces skipped."""
    warnings: list[ScanWarning] = []
    installs: list[Install] = []
    read: list[InstallLocation] = []
    seen: set[Path] = set()
    for path in caches:
        location = InstallLocation(LocationKind.CACHE, _name(names, path))
        try:
            root = path.resolve(strict=True)
        except (OSError, RuntimeError) as e:
            warnings.append(ScanWarning(str(path), f"cache cannot be read ({type(e).__name__})"))
            continue
        if root in seen:
            continue
        seen.add(root)
        tree = Tree(root, warnings, "cache")
        if not os.access(path, os.R_OK | os.X_OK):
            tree.warn(path, "cache is not readable (permission denied)")
            continue
        entries = tree.listing(path)
        repos = 0
        for entry in entries:
            repo_id = repo_id_of(entry.name)
            if repo_id is None:
                if entry.name.startswith(_PREFIX):
                    tree.warn(entry.path, "directory name is not a repo id, skipped")
                continue  # datasets--, spaces--, .locks, CACHEDIR.TAG: not models
            if not tree.is_dir(entry, "repo"):
                continue
            repos += 1
            if repos > MAX_REPOS:
                tree.warn(path, f"more than {MAX_REPOS} model repos, the rest skipped")
                break
            installs.extend(_repo_installs(_Repo(tree, Path(entry.path), repo_id, location)))
        read.append(location)
    return InstallScan(
        installs=tuple(
            sorted(installs, key=lambda i: (i.location.lock_text(), i.name, i.revision or ""))
        ),
        warnings=tuple(warnings),
        read=tuple(read),
        tried=tuple(InstallLocation(LocationKind.CACHE, _name(names, p)) for p in caches),
    )


def same_repo(wanted: str, install: Install) -> bool:
    """A code reference's HF id names this snapshot: the repo id in any case, and, when it carries
    a revision (`org/name@<rev>`), a commit (or its 7+ hex prefix) or a ref that points here."""
    repo, _, revision = wanted.partition("@")
    if repo.strip().lower() != install.name.lower():
        return False
    if not revision:
        return True
    revision = revision.strip()
    commit = install.revision or ""
    if re.fullmatch(r"[0-9a-f]{7,40}", revision.lower()) and commit.startswith(revision.lower()):
        return True
    return revision in install.refs or f"refs/{revision}" in install.refs


class HfCaches:
    """Models in Hugging Face hub caches: the named ones, else the one the environment names."""

    name = "hf-cache"
    runtime = Runtime.HUGGINGFACE
    kind = LocationKind.CACHE
    label = "the Hugging Face cache"
    serves = (Runtime.HUGGINGFACE, Runtime.VLLM)
    """`vllm serve org/name` and `from_pretrained("org/name")` both load from this cache."""

    def collect(self, options: InstallOptions) -> InstallScan:
        """Read every cache; a named path that is not a directory is a UsageError."""
        dirs, names = directories(
            options,
            self.name,
            "--hf-cache",
            default_cache_dirs,
            ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"),
        )
        return collect_cache(dirs, names)

    def same_model(self, wanted: str, install: Install) -> bool:
        """The repo id in any case; a revision after `@` must be this snapshot's."""
        return same_repo(wanted, install)


def _name(names: Mapping[Path, str] | None, path: Path) -> str:
    return names.get(path, str(path)) if names else str(path)
