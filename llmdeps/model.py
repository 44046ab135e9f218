"""The data that flows between pipeline stages: references, fallbacks, installs, identities.

Every stage passes frozen dataclasses. A reference's identity is (path, context, model, kind), never
its line, so that a moved line is not a changed dependency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NewType

from llmdeps.sources.packages.base import DeclaredPackage

if TYPE_CHECKING:
    from llmdeps.rules.base import RuleId


ModelId = NewType("ModelId", str)
"""A canonical model id, `<runtime>/<id>`: `ollama/llama3.1:8b`, `openai/gpt-4o-2024-08-06`."""
Vendor = NewType("Vendor", str)
"""A vendor as the catalog names it: `Meta`, `OpenAI`, `Alibaba`."""
UNKNOWN_VENDOR = Vendor("unknown")
"""The vendor of a model the catalog cannot place (it counts as a vendor of its own)."""
UNKNOWN_FAMILY = "unknown"
"""The family of a model the catalog cannot place."""
UNKNOWN_LICENSE = "unknown"
"""The licence of a model the catalog cannot place (or whose licence it does not know)."""


def display_name(model_id: str) -> str:
    """`ollama/llama3.1:8b` -> `llama3.1:8b`: the id without its runtime prefix."""
    return model_id.split("/", 1)[1] if "/" in model_id else model_id


class Runtime(StrEnum):
    """Who serves a model, as far as the code or config says (a hint at detection time)."""

    OLLAMA = "ollama"
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    GOOGLE = "google"
    VERTEX = "vertex"
    HUGGINGFACE = "huggingface"
    LITELLM = "litellm"
    BEDROCK = "bedrock"
    AZURE = "azure"
    GROQ = "groq"
    MISTRAL = "mistral"
    COHERE = "cohere"
    XAI = "xai"
    DEEPSEEK = "deepseek"
    OPENROUTER = "openrouter"
    TOGETHER = "together"
    VLLM = "vllm"
    GATEWAY = "gateway"  # Vercel AI Gateway style "provider/model" strings
    LOCAL = "local"  # a model file on disk (GGUF path in a Modelfile)
    LMSTUDIO = "lmstudio"  # LM Studio's models folder (GGUF files and MLX folders)
    UNKNOWN = "unknown"


class RefKind(StrEnum):
    """How a model id appears in the source."""

    CALL = "call"  # argument of an SDK call: chat(model="x")
    CONSTANT = "constant"  # MODEL = "x", class attribute, pydantic/argparse default
    ENV_DEFAULT = "env-default"  # os.getenv("LLM_MODEL", "x"), ${VAR:-x}
    CONFIG = "config"  # a model-carrying key in YAML/JSON/TOML/INI
    ENV = "env"  # a MODEL key in a .env file
    PULL = "pull"  # ollama pull|run|create|cp in Dockerfile, shell, Makefile, CI
    MODELFILE = "modelfile"  # Ollama Modelfile FROM <model>
    LOCAL_FILE = "local-file"  # Modelfile FROM ./weights.gguf
    CATALOG = "catalog"  # a list/map of model ids offered to users (JS/TS model catalogues)
    TEST = "test"  # assert or test fixture pinning behaviour to a model
    FALLBACK = "fallback"  # named only as a fallback target


class PinStatus(StrEnum):
    """Whether the id names one immutable artifact (REFERENCE.md section 7)."""

    PINNED = "pinned"  # dated/numbered snapshot, HF commit revision
    DIGEST = "digest"  # floating tag, but the installed digest is locked
    FLOATING = "floating"  # alias, -latest, Ollama tag without digest, HF branch
    DEPLOYMENT = "deployment"  # Azure deployment / served alias: resolve from infra
    LOCAL = "local"  # a file on disk
    UNKNOWN = "unknown"


class FallbackStyle(StrEnum):
    """Which mechanism declares a fallback."""

    LITELLM_CONFIG = "litellm-config"  # router_settings / litellm_settings fallbacks
    LITELLM_ROUTER = "litellm-router"  # Router(fallbacks=...)
    LITELLM_CALL = "litellm-call"  # litellm.completion(fallbacks=[...])
    LANGCHAIN = "langchain"  # llm.with_fallbacks([...])
    MODEL_GROUP = "model-group"  # several deployments behind one model_list name
    DEFAULT = "default"  # default_fallbacks: applies to every group


@dataclass(frozen=True, slots=True)
class Location:
    """Where a reference stands: the file, 1-based line and column, and a stable context."""

    path: str
    """Path relative to the scan root, with forward slashes."""
    line: int
    column: int
    context: str
    """Stable location: Python scope (`app.llm.Summarizer.run`), key path (`model_list[0].model`),
    env key (`LLM_MODEL`), Dockerfile instruction (`RUN ollama pull`). Never a line number."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One place where the code or config names a model."""

    model: str
    """The model string exactly as written (after resolving constants)."""
    location: Location
    kind: RefKind
    runtime: Runtime
    """Runtime hint from the surrounding code (which SDK, which provider prefix)."""
    detector: str
    revision: str | None = None
    """A revision given next to the id (`revision="<sha>"`): the HF pin."""
    env_var: str | None = None
    """The env var or setting that can override this value: the choice is configurable."""
    group: str | None = None
    """The alias this reference serves under (LiteLLM `model_name`, vLLM served name)."""
    base_url: str | None = None
    """A base URL next to the call: an OpenAI SDK pointed at Ollama is an Ollama dependency."""

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What a lock records: no line, no column."""
        return (self.location.path, self.location.context, self.model, self.kind.value)


@dataclass(frozen=True, slots=True)
class Fallback:
    """A declared fallback: when `primary` fails, `targets` are tried in order."""

    location: Location
    primary: str
    """A model id or a group name (LiteLLM model_name); `*` for default fallbacks."""
    targets: tuple[str, ...]
    style: FallbackStyle


@dataclass(frozen=True, slots=True)
class ScanWarning:
    """A file or source that could not be fully read; counted and listed with -v."""

    path: str
    reason: str


Detection = Reference | Fallback | ScanWarning

Found = Detection | DeclaredPackage
"""What a detector may yield: a `DeclaredPackage` comes from a manifest or lock file."""


@dataclass(frozen=True, slots=True)
class GgufInfo:
    """The identity-bearing `general.*` keys of a GGUF header."""

    architecture: str | None = None
    name: str | None = None
    basename: str | None = None
    organization: str | None = None
    finetune: str | None = None
    size_label: str | None = None
    version: str | None = None
    license: str | None = None
    file_type: int | None = None
    base_models: tuple[BaseModelRef, ...] = ()
    source_repo_url: str | None = None


@dataclass(frozen=True, slots=True)
class BaseModelRef:
    """One `general.base_model.N.*` entry: a parent this model was fine-tuned or merged from."""

    name: str | None = None
    organization: str | None = None
    version: str | None = None
    repo_url: str | None = None


class LocationKind(StrEnum):
    """What kind of place an install source reads."""

    SERVER = "server"  # a running server asked over HTTP
    STORE = "store"  # a runtime's model directory on disk (Ollama `models/`)
    CACHE = "cache"  # a download cache on disk (Hugging Face hub cache)


# How a location is spelled in the lock: a server by its URL, the others behind a prefix. The lock
# format predates InstallLocation, so this is the one place that text is made and read.
_LOCK_PREFIX = {LocationKind.STORE: "store:", LocationKind.CACHE: "cache:"}


@dataclass(frozen=True, slots=True)
class InstallLocation:
    """One server, store or cache that an install source reads."""

    kind: LocationKind
    where: str
    """A server's resolved URL (`http://127.0.0.1:11434`) or a directory as given."""

    def lock_text(self) -> str:
        """The location as the lock writes it: `http://127.0.0.1:11434`, `store:<path>`."""
        return _LOCK_PREFIX.get(self.kind, "") + self.where

    @classmethod
    def from_lock_text(cls, text: str) -> InstallLocation:
        """Read `lock_text()` back; anything without a known prefix is a server URL."""
        for kind, prefix in _LOCK_PREFIX.items():
            if text.startswith(prefix):
                return cls(kind, text.removeprefix(prefix))
        return cls(LocationKind.SERVER, text)


@dataclass(frozen=True, slots=True)
class WeightsFile:
    """One weights file of an install, named, never read: its digest comes from where it lies."""

    path: str
    """Relative to the snapshot or model folder, forward slashes."""
    sha256: str | None = None
    """Hugging Face cache: the LFS SHA-256 its blob is named by; None when not known."""
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Install:
    """One model installed in one location (server, store or cache) of one runtime."""

    name: str
    """The name the runtime lists it under; Ollama: the display name with its tag
    (`llama3.1:8b`, `user/m:v1`, `hf.co/o/r:Q4_K_M`)."""
    runtime: Runtime
    """The runtime of the source that found it; only references of that runtime can match it."""
    location: InstallLocation
    digest: str
    """64-hex SHA-256 that names this exact install (Ollama: of the manifest, as /api/tags)."""
    weights_digest: str | None = None
    """64-hex digest of the weights alone (Ollama: the `application/vnd.ollama.image.model`
    layer), so a moved tag can be told from changed weights."""
    size: int | None = None
    format: str | None = None
    family: str | None = None
    families: tuple[str, ...] = ()
    parameter_size: str | None = None
    quantization: str | None = None
    parent_model: str | None = None
    license_text_digest: str | None = None
    license_id: str | None = None
    """The license layer text mapped to a known license id (`llama3.1`, `apache-2.0`, `gemma`)."""
    capabilities: tuple[str, ...] = ()
    remote_host: str | None = None
    gguf: GgufInfo | None = None
    lineage_vendor: Vendor | None = None
    """Vendor of the base model as the artifact says (GGUF organization / base_model), if known."""
    modified_at: str | None = None
    revision: str | None = None
    """The commit a cache snapshot is (Hugging Face: 40-hex), when the source has one."""
    refs: tuple[str, ...] = ()
    """Refs that point at that commit (`main`, a tag, `refs/pr/1`), sorted."""
    files: tuple[WeightsFile, ...] = ()
    """The weights files, sorted by path (sources that read files on disk, not Ollama)."""


@dataclass(frozen=True, slots=True)
class ModelIdentity:
    """What the catalog knows about a model id."""

    canonical_id: ModelId
    """`<runtime>/<id>`: `ollama/llama3.1:8b`, `openai/gpt-4o-2024-08-06`, `huggingface/o/n`."""
    runtime: Runtime
    """The runtime that serves it (after provider prefixes are resolved)."""
    name: str
    """Model name without tag or snapshot suffix where one can be split off (`llama3.1`)."""
    version: str | None
    """Tag, snapshot date or revision (`8b`, `2024-08-06`)."""
    vendor: Vendor
    """Who made this artifact (`unknown` when the catalog does not know)."""
    lineage_vendor: Vendor
    """Whose base model it descends from: a Qwen distill by DeepSeek counts for Alibaba."""
    family: str
    license: str
    open_weights: bool | None
    pin: PinStatus
    task: str = "chat"
    """chat, code, embedding, vision, reasoning, rerank, ..."""
    parameters_b: float | None = None
    """Size in billions of parameters when known (for alternatives)."""
    known: bool = True
    """False when the catalog had no entry and every field is a placeholder."""
    source: str | None = None
    """Where the catalog fact comes from (URL or document) for audit."""
    license_note: str | None = None
    """How the licence came to be what it is on the catalog's review date (a re-licence)."""
    facts_from: tuple[tuple[str, str], ...] = ()
    """Facts that did not come from the catalog, and where they came from: (`vendor`,
    `config: .llmdeps.yaml models[0]`), (`license`, `artifact: store:... llama3.1:8b`)."""


@dataclass(frozen=True, slots=True)
class Alternative:
    """A replacement suggested for a model of a concentrated vendor: open weights, or (for a hosted
    API model) another vendor's hosted model."""

    ollama_tag: str
    """The tag to `ollama pull`; empty for a Hugging Face repo or a hosted API model."""
    vendor: Vendor
    license: str
    family: str
    task: str
    parameters_b: float | None = None
    source: str | None = None
    runtime: str = "ollama"
    """`ollama` (a tag to pull), `huggingface` (a repo id) or `hosted` (an API model id)."""
    id: str | None = None
    """The id to write in code: the tag, the repo id or `provider/model`."""
    license_class: str | None = None
    """`open` (OSI-approved or permissive), `community` or `non-production` (licenses.yaml)."""

    @property
    def name(self) -> str:
        """What a person types: the Ollama tag, else the id."""
        return self.ollama_tag or self.id or ""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything the sources found, before analysis."""

    root: str
    references: tuple[Reference, ...]
    fallbacks: tuple[Fallback, ...]
    installs: tuple[Install, ...]
    warnings: tuple[ScanWarning, ...]
    files_scanned: int = 0
    bytes_scanned: int = 0
    install_sources: tuple[InstallLocation, ...] = field(default=())
    """Servers, stores and caches that were read successfully."""
    packages: tuple[DeclaredPackage, ...] = ()
    """Model-layer packages from manifests and lock files, sorted by file, key and name."""


class Severity(StrEnum):
    """How bad a finding is; `check --fail-on` compares against it (note < warning < error)."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for note, 1 for warning, 2 for error: the order of declaration."""
        return tuple(Severity).index(self)

    def at_least(self, floor: Severity) -> bool:
        """True when this severity is `floor` or worse (what `--fail-on floor` fails on)."""
        return self.rank >= floor.rank


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is accepted for now: an `ignore:` entry of the config that matches it."""

    reason: str
    entry: str
    """Where the entry is: `.llmdeps.yaml:31 ignore[0]`."""
    until: str | None = None
    """The last day it holds (ISO date), if it expires."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by check: stale lock, drift, policy violation."""

    rule: RuleId
    """The rule that found it (`lock-stale`, `drift-digest`, `max-vendor-share`, ...)."""
    message: str
    """A plain sentence a non-engineer understands."""
    severity: Severity = Severity.ERROR
    paths: tuple[str, ...] = ()
    workflow: str | None = None
    vendor: Vendor | None = None
    model: ModelId | None = None
    fix: str | None = None
    """What to run or change to resolve it."""
    line: int | None = None
    """1-based line in `paths[0]` (in the lock file when there are no paths), when known."""
    column: int | None = None
    """1-based column (Unicode code points) on that line, when known."""
    context: str | None = None
    """The stable location it is about, as `Location.context`: a reference's context in
    `paths[0]`, or a key path in the lock (`concentration.hhi`) when it names no file."""
    suppression: Suppression | None = None
    """Set when an unexpired `ignore:` entry accepts it: reported, but it does not fail."""
    package: str | None = None
    """The package it is about, as a purl with its version (`pkg:pypi/litellm@1.82.7`)."""
    advisory: str | None = None
    """The advisory id it is about (`MAL-2026-2144`)."""


class ModelUse(StrEnum):
    """How a workflow depends on one of its models (issue 10)."""

    CALLS = "calls"
    """The code uses it: a call, a constant or setting that picks it, a config entry."""
    FALLBACK = "fallback"
    """Used only when another model fails: a declared fallback target (one resolver decides)."""
    OPTION = "option"
    """Offered as a runtime choice among several: a model list, provider registry, settings enum."""

