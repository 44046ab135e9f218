"""Model id -> ModelIdentity from the YAML catalog (REFERENCE.md 2.3, 5.3-5.4, 6 and 7).

An id is first routed (LangChain `provider:`, LiteLLM `provider/`, Bedrock, Vertex and Gemini
forms, else the runtime hint, else its shape), then matched against the family patterns of
models.yaml: the longest pattern that matches at the start of the name, ends at a token boundary and
leaves only words that models.yaml `suffix_words` allows (sizes, `instruct`, quantisations, dates,
versions). Nothing is guessed from a family word inside a longer name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from llmdeps import fastdata
from llmdeps.lazyre import lazy_compile
from llmdeps.model import (
    UNKNOWN_FAMILY,
    UNKNOWN_LICENSE,
    UNKNOWN_VENDOR,
    Alternative,
    ModelId,
    ModelIdentity,
    PinStatus,
    Runtime,
    Vendor,
)
from llmdeps.sources.idshape import without_namespace
from llmdeps.sources.sourceurl import model_source

# A family prefix ends at the end, at - _ : @ / space, or at a dot that does not start a version.
_BOUNDARY = r"(?=$|[-_:@/ ]|\.(?!\d))"
_HEX40 = lazy_compile(r"[0-9a-fA-F]{40}")
# Digest forms (REFERENCE 7): Ollama `name[:tag]@sha256:<64 hex>`, Hugging Face `org/name@<40 hex>`.
_OLLAMA_DIGEST = lazy_compile(r"(?P<base>[^@\s]+)@sha256:(?P<digest>[0-9a-fA-F]{64})")
_HF_REVISION = lazy_compile(r"(?P<base>[^@/\s]+/[^@/:\s]+)@(?P<rev>[0-9a-fA-F]{40})")
_TAIL_SPLIT = lazy_compile(r"[-_.:@/ ]+")
_SIZE = lazy_compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)([bm])(?![a-z0-9])")
_MOE = lazy_compile(r"(?<![a-z0-9.])(\d+)x(\d+(?:\.\d+)?)b(?![a-z0-9])")
_ARN = lazy_compile(
    r"arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)/(.+)"
)
_PUBLISHER = lazy_compile(r"(?:projects/[^/]+/locations/[^/]+/)?publishers/([^/]+)/models/(.+)")
_FINE_TUNE = lazy_compile(r"ft:([^:]+):(.+)")  # OpenAI fine-tune: ft:<base>:<org>:<suffix>:<id>
_MAX_ID = 512  # longer text is not a model id (and keeps every regex here cheap)
_OLLAMA_HOSTS = ("registry.ollama.ai",)
_HF_HOSTS = ("hf.co", "huggingface.co")
_HUB = (Runtime.HUGGINGFACE, Runtime.VLLM)
_ORG_SLASH = (Runtime.HUGGINGFACE, Runtime.VLLM, Runtime.GATEWAY, Runtime.OPENROUTER)


def norm(text: str) -> str:
    """Case- and punctuation-insensitive key for organisation spellings."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


class LazyPattern:
    """A case-insensitive catalog pattern, compiled on first use.

    The catalog holds about 400 patterns and compiling them all cost 0.3 s at every start, while
    one `identify` needs a handful. A pattern that starts with literal text (`llama3`, `gpt-4o`)
    cannot match a name that does not start with it, so `match` and `fullmatch` rule such names
    out without compiling anything.
    """

    __slots__ = ("_compiled", "_prefix", "_source")

    def __init__(self, pattern: str, *, suffix: str = "") -> None:
        self._source = f"(?:{pattern}){suffix}" if suffix else pattern
        self._prefix = _literal_prefix(pattern)
        self._compiled: re.Pattern[str] | None = None

    def _regex(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, re.I)
        return self._compiled

    def _ruled_out(self, text: str) -> bool:
        return bool(self._prefix) and text[: len(self._prefix)].lower() != self._prefix

    def match(self, text: str) -> re.Match[str] | None:
        """`re.match`, case-insensitive."""
        return None if self._ruled_out(text) else self._regex().match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """`re.fullmatch`, case-insensitive."""
        return None if self._ruled_out(text) else self._regex().fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        """`re.search`, case-insensitive (no prefix shortcut: it may match anywhere)."""
        return self._regex().search(text)


def _top_level_alternative(pattern: str) -> bool:
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


def _literal_prefix(pattern: str) -> str:
    """The lower-cased literal text every match must start with ('' when unsure)."""
    if _top_level_alternative(pattern):  # `a|b` could start with anything
        return ""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern) and pattern[i + 1] in ".-_/:@":
            out.append(pattern[i + 1])
            i += 2
            continue
        if char.isalnum() or char in "-_/:@ ":
            out.append(char.lower())
            i += 1
            continue
        if char in "?*{" and out:  # the character before an optional quantifier may be absent
            out.pop()
        break
    return "".join(out)


@dataclass(frozen=True, slots=True)
class PinRule:
    pattern: LazyPattern | None
    pin: PinStatus


@dataclass(frozen=True, slots=True)
class Variant:
    sizes: frozenset[float]
    tag: LazyPattern | None
    family: str | None
    lineage: str | None
    license: str | None
    task: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Family:
    family: str
    vendor: str
    lineage: str
    license: str
    open_weights: bool | None
    task: str
    source: str
    ollama: tuple[str, ...]
    patterns: tuple[LazyPattern, ...]
    api: Runtime | None
    pin: tuple[PinRule, ...]
    params: float | None
    sizes: tuple[tuple[str, float], ...]
    variants: tuple[Variant, ...]
    license_note: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Data:
    reviewed: str
    families: tuple[Family, ...]
    suffix_words: re.Pattern[str]
    ollama: dict[str, Family]
    orgs: dict[str, str]
    vendors: frozenset[str]
    quantizers: frozenset[str]
    litellm: dict[str, Runtime]
    deployment_prefixes: frozenset[str]
    compatible_prefixes: frozenset[str]
    langchain: dict[str, Runtime]
    langchain_deployments: frozenset[str]
    bedrock: dict[str, str]
    bedrock_re: re.Pattern[str]
    alternatives: tuple[Alternative, ...]
    license_rank: dict[str, int]
    """Licence id -> 0 open, 1 community, 2 non-production (licenses.yaml `classes`)."""


_LICENSE_CLASSES = ("open", "community", "non-production")
UNLISTED_RANK = 1  # a licence not classified ranks with the community licences


@dataclass(frozen=True, slots=True)
class Route:
    runtime: Runtime
    id: str
    deployment: bool = False
    prefix: str | None = None
    """A recognised provider prefix kept in the canonical id when its runtime is unknown."""


def _yaml(name: str) -> Any:
    text = resources.files("llmdeps.catalog").joinpath(name).read_text("utf-8")
    # Parsed once per catalog edition with the C loader, then read back as JSON (fastdata).
    return fastdata.load_yaml(name, text)


def _family(raw: dict[str, Any], rules: dict[str, tuple[PinRule, ...]]) -> Family:
    variants = tuple(
        Variant(
            sizes=frozenset(float(s) for s in v.get("sizes", ())),
            tag=LazyPattern(v["tag"]) if v.get("tag") else None,
            family=v.get("family"),
            lineage=v.get("lineage"),
            license=v.get("license"),
            task=v.get("task"),
            source=v.get("source"),
        )
        for v in raw.get("variants", ())
    )
    return Family(
        family=raw["family"],
        vendor=raw["vendor"],
        lineage=raw.get("lineage", raw["vendor"]),
        license=raw["license"],
        open_weights=raw.get("open_weights"),
        task=raw.get("task", "chat"),
        source=raw["source"],
        ollama=tuple(raw.get("ollama", ())),
        patterns=tuple(LazyPattern(p, suffix=_BOUNDARY) for p in raw.get("patterns", ())),
        api=Runtime(raw["api"]) if raw.get("api") else None,
        pin=rules[raw.get("pin", "floating")],
        params=float(raw["params"]) if raw.get("params") is not None else None,
        sizes=tuple((str(k).lower(), float(v)) for k, v in raw.get("sizes", {}).items()),
        variants=variants,
        license_note=_note(raw.get("license_note")),
    )


def _note(text: object) -> str | None:
    return " ".join(str(text).split()) if text else None


def load_license_labels() -> dict[str, str]:
    """licenses.yaml: licence id (lower case) -> the label a report shows."""
    raw = _yaml("licenses.yaml")["labels"]
    return {str(k).lower(): str(v) for k, v in raw.items()}


@cache
def load_data() -> Data:
    """Read the three YAML files once."""
    models, vendors, alts = _yaml("models.yaml"), _yaml("vendors.yaml"), _yaml("alternatives.yaml")
    classes = _yaml("licenses.yaml")["classes"]
    rules = {
        name: tuple(
            PinRule(
                LazyPattern(r["match"]) if "match" in r else None,
                PinStatus(r.get("pin", r.get("default"))),
            )
            for r in body
        )
        for name, body in models["pin_rules"].items()
    }
    families = tuple(_family(raw, rules) for raw in models["families"])
    orgs = {norm(o): vendor for vendor, names in vendors["vendors"].items() for o in names}
    litellm = dict.fromkeys(vendors["litellm_other"].split(), Runtime.UNKNOWN)
    litellm.update({k: Runtime(v) for k, v in vendors["litellm_runtimes"].items()})
    bedrock = dict(vendors["bedrock_providers"])
    geos = "|".join(re.escape(g) for g in vendors["bedrock_geos"])
    provs = "|".join(re.escape(p) for p in bedrock)
    words = "|".join(f"(?:{w})" for w in models["suffix_words"])
    return Data(
        reviewed=str(models["reviewed"]),
        families=families,
        suffix_words=re.compile(rf"(?:{words})", re.I),
        ollama={name: f for f in families for name in f.ollama},
        orgs=orgs,
        vendors=frozenset(vendors["vendors"]),
        quantizers=frozenset(norm(q) for q in vendors["quantizers"]),
        litellm=litellm,
        deployment_prefixes=frozenset(vendors["deployment_prefixes"]),
        compatible_prefixes=frozenset(vendors["compatible_prefixes"]),
        langchain={k: Runtime(v) for k, v in vendors["langchain_runtimes"].items()},
        langchain_deployments=frozenset(vendors["langchain_deployments"]),
        bedrock=bedrock,
        bedrock_re=re.compile(
            rf"(?:(?:{geos})\.)?(?P<prov>{provs})\.(?P<model>[a-z0-9].*?)"
            r"(?:-(?P<ver>v\d+(?::\d+)?))?(?::\d+k)?",
            re.I,
        ),
        alternatives=tuple(
            Alternative(
                ollama_tag=a.get("ollama", ""),
                vendor=a["vendor"],
                license=a["license"],
                family=a["family"],
                task=a["task"],
                parameters_b=float(a["params"]) if a.get("params") is not None else None,
                source=a["source"],
                runtime=a.get("runtime", "ollama"),
                id=a.get("id") or a.get("ollama"),
                license_class=_class_of(classes, a["license"]),
            )
            for a in alts["alternatives"]
        ),
        license_rank={
            str(lic).lower(): rank
            for rank, name in enumerate(_LICENSE_CLASSES)
            for lic in classes[name]
        },
    )


# ------------------------------------------------------------------------------------- matching


def whole_id(d: Data, tail: str) -> bool:
    """Whether what follows a family pattern is only words models.yaml allows after a name."""
    return all(d.suffix_words.fullmatch(word) for word in _TAIL_SPLIT.split(tail) if word)


def best_match(
    d: Data, name: str, *, open_only: bool = False, prefer_open: bool = False
) -> tuple[Family, str] | None:
    """The family whose pattern matches the longest prefix of `name` (first in file on ties),
    provided the rest of `name` is only allowed suffix words; `prefer_open` breaks ties for
    open-weight families (`xai-org/grok-1` is the open release, not the API)."""
    best: tuple[Family, str] | None = None
    for fam in d.families:
        if open_only and not fam.open_weights:
            continue
        for pattern in fam.patterns:
            m = pattern.match(name)
            if not m or not whole_id(d, name[m.end() :]):
                continue
            longer = best is None or m.end() > len(best[1])
            tie_to_open = (
                prefer_open
                and best is not None
                and m.end() == len(best[1])
                and bool(fam.open_weights)
                and not best[0].open_weights
            )
            if longer or tie_to_open:
                best = (fam, m.group(0))
    return best


def _family_name(fam: Family, matched: str) -> str:
    if fam.family != "{match}":
        return fam.family
    return re.sub(r"(?<![\d.])(\d)-(\d)(?![\d])", r"\1.\2", matched.lower())


def parse_size(fam: Family | None, *texts: str) -> float | None:
    """Billions of parameters from a tag or name (`8b`, `1.5b`, `335m`, `8x7b`, `mini`)."""
    for text in texts:
        low = text.lower()
        tokens = set(re.split(r"[-_:./ ]", low))
        for key, value in fam.sizes if fam else ():
            if key in tokens:
                return value
        if m := _MOE.search(low):
            return float(m.group(1)) * float(m.group(2))
        if m := _SIZE.search(low):
            value = float(m.group(1))
            return value if m.group(2) == "b" else value / 1000
    return fam.params if fam else None


def pin_of(fam: Family, bare: str) -> tuple[PinStatus, str, str | None]:
    """Pin status, name and version of an API id by its family's rule set (REFERENCE 7)."""
    for rule in fam.pin:
        if rule.pattern is None:
            return rule.pin, bare, None
        m = rule.pattern.fullmatch(bare)
        if m:
            groups = m.groupdict()
            return rule.pin, groups.get("name") or bare, groups.get("version")
    return PinStatus.UNKNOWN, bare, None


# -------------------------------------------------------------------------------------- routing


def _shape_runtime(d: Data, s: str) -> Runtime:
    """Runtime from the id alone (no prefix, no hint)."""
    low = s.lower()
    if d.bedrock_re.fullmatch(low) and "/" not in low:
        return Runtime.BEDROCK
    if low.startswith(tuple(h + "/" for h in _HF_HOSTS)):
        return Runtime.OLLAMA
    if "/" not in low and "@" in low and low.startswith("claude"):
        return Runtime.VERTEX
    if ":" in low.rsplit("/", 1)[-1]:
        return Runtime.OLLAMA
    if "/" not in low:
        if low in d.ollama:
            return Runtime.OLLAMA
        hit = best_match(d, low)
        if hit and hit[0].api:
            return hit[0].api
        return Runtime.UNKNOWN
    if low.count("/") != 1:
        return Runtime.UNKNOWN
    org, name = low.split("/", 1)
    hit = best_match(d, name, prefer_open=True)
    own_org = hit is not None and d.orgs.get(norm(org)) == hit[0].vendor
    if hit and own_org and hit[0].open_weights is False and hit[0].api:
        # `google/gemini-2.5-flash`: weights never published, so a provider/model gateway id
        # (Vercel AI Gateway, OpenRouter style), not a Hugging Face repository.
        return Runtime.GATEWAY
    return Runtime.HUGGINGFACE


def route(d: Data, s: str, hint: Runtime) -> Route:
    """Split provider prefixes and pick the runtime (REFERENCE 5.3, 6, 7)."""
    if source := model_source(s):  # `hf://org/name` as written: the hub id after the scheme
        return Route(*source)
    if (bare := without_namespace(s)) != s and "::" not in bare:
        # `groq::openai/gpt-oss-20b`, `ollama_cloud::gemma3:4b`: a client's adapter namespace; the
        # id after it is sent as written, to the provider the namespace names when it names one
        space = s[: len(s) - len(bare) - 2].lower()
        named = d.langchain.get(space) or d.litellm.get(space) or Runtime.UNKNOWN
        return route(d, bare, hint) if named is Runtime.UNKNOWN else Route(named, bare)
    head, colon, rest = s.partition(":")
    head = head.replace("-", "_")  # LangChain.js writes `google-vertexai:`
    if colon and rest and "/" not in head and head in d.langchain:
        rt = d.langchain[head]
        deployment = head in d.langchain_deployments
        if rt is Runtime.UNKNOWN:
            return Route(rt, rest, deployment, prefix=head)
        return Route(rt, rest, deployment) if deployment else route(d, rest, rt)
    if m := _ARN.fullmatch(s):
        return Route(Runtime.BEDROCK, m.group(1))
    if m := _PUBLISHER.fullmatch(s):
        google = hint is Runtime.GOOGLE
        return Route(Runtime.GOOGLE if google else Runtime.VERTEX, m.group(2))
    if s.startswith("models/") and s.count("/") == 1:
        return Route(hint if hint is Runtime.VERTEX else Runtime.GOOGLE, s[len("models/") :])
    head, slash, rest = s.partition("/")
    if hint in (Runtime.GOOGLE, Runtime.VERTEX) and head == "google" and "/" not in rest:
        return Route(hint, rest)
    known_hint = hint not in (Runtime.UNKNOWN, Runtime.LITELLM, Runtime.OPENAI)
    if slash and rest and head in d.litellm and hint not in _ORG_SLASH:
        rt = d.litellm[head]
        if rt is Runtime.UNKNOWN and known_hint:
            return Route(hint, s)  # `meta/llama-...` sent to Vertex is an org slug, not LiteLLM
        if head in d.compatible_prefixes and hint is Runtime.OLLAMA:
            rt = Runtime.OLLAMA
        if rt is Runtime.BEDROCK:
            rest = re.sub(r"^(?:converse|invoke|converse_like)/", "", rest)
        if rt is Runtime.UNKNOWN:
            return Route(Runtime.UNKNOWN, rest, prefix=head)
        if head in d.deployment_prefixes:
            return Route(rt, rest, deployment=True)
        return Route(rt, rest)
    if hint is Runtime.AZURE:
        return Route(hint, s, deployment=True)
    shaped = _shape_runtime(d, s)
    if hint in (Runtime.UNKNOWN, Runtime.LITELLM):
        return Route(hint if shaped is Runtime.UNKNOWN else shaped, s)
    if hint is Runtime.OPENAI and shaped is Runtime.OLLAMA:
        return Route(Runtime.OLLAMA, s)  # an OpenAI-compatible client sending an Ollama tag
    return Route(hint, s)


# ----------------------------------------------------------------------------------- identities


@dataclass(frozen=True, slots=True)
class _Who:
    vendor: str
    lineage: str
    license: str
    family: Family | None
    matched: str
    known: bool


_NOBODY = _Who(UNKNOWN_VENDOR, UNKNOWN_VENDOR, UNKNOWN_LICENSE, None, "", False)


def _who(
    d: Data, name: str, org: str | None, *, local_name: bool = False, open_hub: bool = False
) -> _Who:
    """Vendor and lineage from an optional organisation and a model name.

    A quantizer's repo is the family's; a known vendor's fine-tune keeps the family's lineage;
    an unknown publisher's model only inherits a lineage from an open-weight family. A known
    organisation alone is no model: `HuggingFaceH4/ultrachat_200k` stays unknown."""
    org_vendor = d.orgs.get(norm(org)) if org else None
    quantizer = org is not None and norm(org) in d.quantizers
    trusted = (org is None and not local_name) or quantizer
    hit = best_match(d, name, open_only=not trusted and org_vendor is None, prefer_open=open_hub)
    if hit is None:
        return _NOBODY
    fam, matched = hit
    if trusted or org_vendor == fam.vendor:
        return _Who(fam.vendor, fam.lineage, fam.license, fam, matched, True)
    if org_vendor:
        return _Who(org_vendor, fam.lineage, fam.license, fam, matched, True)
    return _Who(UNKNOWN_VENDOR, fam.lineage, UNKNOWN_LICENSE, fam, matched, True)


def _variant(fam: Family | None, size: float | None, text: str) -> Variant | None:
    """The first variant whose sizes (if any) hold `size` and whose tag (if any) is in `text`."""
    for v in fam.variants if fam else ():
        if v.sizes and size not in v.sizes:
            continue
        if v.tag is not None and not v.tag.search(text):
            continue
        if v.sizes or v.tag is not None:
            return v
    return None


def _identity(
    who: _Who,
    *,
    canonical: str,
    runtime: Runtime,
    name: str,
    version: str | None,
    pin: PinStatus,
    size: float | None,
    open_weights: bool | None = None,
    detail: str = "",
) -> ModelIdentity:
    fam = who.family
    size = size if who.known else None  # an unknown id's fields are all placeholders
    var = _variant(fam, size, detail)
    lineage = var.lineage if var and var.lineage else who.lineage
    return ModelIdentity(
        canonical_id=ModelId(canonical),
        runtime=runtime,
        name=name,
        version=version,
        vendor=Vendor(who.vendor),
        lineage_vendor=Vendor(lineage),
        family=(var.family if var and var.family else None)
        or (_family_name(fam, who.matched) if fam else UNKNOWN_FAMILY),
        license=(var.license if var and var.license and who.license != UNKNOWN_LICENSE else None)
        or who.license,
        open_weights=fam.open_weights if fam and fam.open_weights is not None else open_weights,
        pin=pin,
        task=_classifier(
            (var.task if var and var.task else None) or (fam.task if fam else "chat"), name
        ),
        parameters_b=size,
        known=who.known,
        source=(var.source if var and var.source else None) or (fam.source if fam else None),
        license_note=fam.license_note if fam and who.known else None,
    )


_CLASSIFIER = lazy_compile(
    r"(?:^|[-_./])(?:sst-?2|sentiment|emotion|classifier|classification|toxicity|mnli|nli|ner)"
    r"(?:$|[-_./])"
)
"""Words that name a classification head on an encoder (`...-finetuned-sst-2-english`)."""


def _classifier(task: str, name: str) -> str:
    """An encoder (task embedding) fine-tuned with a classification head is a classifier."""
    return "classification" if task == "embedding" and _CLASSIFIER.search(name.lower()) else task


def _ollama(d: Data, s: str) -> ModelIdentity:
    """Ollama names (REFERENCE 2.3): `[host/][namespace/]model[:tag]`, tag default `latest`."""
    s = re.sub(r"^[a-z]+://", "", s)
    path, tag = s, "latest"
    if ":" in s.rsplit("/", 1)[-1]:
        path, tag = s.rsplit(":", 1)
    parts = path.split("/")
    host = parts[0].lower() if len(parts) == 3 else None
    namespace = parts[-2] if len(parts) >= 2 else "library"
    model = parts[-1]
    hub = host in _HF_HOSTS
    if not hub:
        path, tag, namespace, model = path.lower(), tag.lower(), namespace.lower(), model.lower()
        if host in _OLLAMA_HOSTS:
            path = path.split("/", 1)[1]
        if path.startswith("library/"):
            path = path[len("library/") :]
    display = f"{path}:{tag}"
    if hub:
        who = _who(d, model, namespace)
    elif namespace == "library" and model in d.ollama:
        fam = d.ollama[model]
        who = _Who(fam.vendor, fam.lineage, fam.license, fam, model, True)
    elif namespace == "library":
        who = _who(d, model, None, local_name=True)
    else:
        who = _who(d, model, namespace)
    size = parse_size(who.family, tag, model) if tag != "latest" else None
    if size is None:
        size = parse_size(who.family, model)
    return _identity(
        who,
        canonical=f"ollama/{display}",
        runtime=Runtime.OLLAMA,
        name=path,
        version=tag,
        pin=PinStatus.FLOATING,
        size=size,
        open_weights=None if "cloud" in tag else True,
        detail=tag,
    )


def _hub(d: Data, s: str, runtime: Runtime, revision: str | None) -> ModelIdentity:
    """Hugging Face `org/name` ids: pinned only by a 40-hex commit `revision` (REFERENCE 7)."""
    org, _, name = s.rpartition("/")
    who = _who(d, name, org or None, open_hub=True)
    pinned = revision is not None and _HEX40.fullmatch(revision) is not None
    return _identity(
        who,
        canonical=f"{runtime.value}/{s}",
        runtime=runtime,
        name=s,
        version=revision,
        pin=PinStatus.PINNED if pinned else PinStatus.FLOATING,
        size=parse_size(who.family, name),
        open_weights=True,
    )


def _bedrock(d: Data, s: str) -> ModelIdentity:
    """`[geo.]provider.model[-vN[:M]]`: every Bedrock id names a fixed version (REFERENCE 7)."""
    m = d.bedrock_re.fullmatch(s.lower())
    if m is None:
        return _identity(
            _NOBODY,
            canonical=f"bedrock/{s}",
            runtime=Runtime.BEDROCK,
            name=s,
            version=None,
            pin=PinStatus.UNKNOWN,
            size=None,
        )
    inner = m.group("model")
    who = _who(d, inner, None)
    if who.family is None:
        vendor = d.bedrock[m.group("prov")]
        who = _Who(vendor, vendor, UNKNOWN_LICENSE, None, "", True)
    version = pin_of(who.family, inner)[2] if who.family else None
    return _identity(
        who,
        canonical=f"bedrock/{s}",
        runtime=Runtime.BEDROCK,
        name=s,
        version=version or m.group("ver"),
        pin=PinStatus.PINNED,
        size=parse_size(who.family, inner),
    )


def _api(d: Data, r: Route) -> ModelIdentity:
    """Hosted ids: bare (`gpt-4o`) or `org/name` slugs (OpenRouter, Together, AI Gateway)."""
    org, _, name = r.id.rpartition("/")
    who = _who(d, name.lower(), org if org and "/" not in org else None)
    bare = name.lower()
    short = name
    if r.deployment:
        pin, version = PinStatus.DEPLOYMENT, None
    elif who.family is None:
        pin, version = PinStatus.UNKNOWN, None
    else:
        pin, short, version = pin_of(who.family, name)
    label = r.runtime.value if r.prefix is None else f"{r.runtime.value}/{r.prefix}"
    return _identity(
        who,
        canonical=f"{label}/{r.id}",
        runtime=r.runtime,
        name=f"{org}/{short}" if org else short,
        version=version,
        pin=pin,
        size=parse_size(who.family, bare),
    )


def identify(d: Data, model: str, runtime: Runtime, revision: str | None) -> ModelIdentity:
    """What the catalog knows about one id as written in code or config."""
    s = model.strip()
    if not s or len(s) > _MAX_ID:
        return _identity(
            _NOBODY,
            canonical=f"{runtime.value}/{s}",
            runtime=runtime,
            name=s,
            version=None,
            pin=PinStatus.UNKNOWN,
            size=None,
        )
    if m := _OLLAMA_DIGEST.fullmatch(s):
        base = identify(d, m.group("base"), Runtime.OLLAMA, None)
        return replace(
            base,
            canonical_id=ModelId(f"{base.canonical_id}@sha256:{m.group('digest').lower()}"),
            pin=PinStatus.PINNED,
        )
    if (m := _HF_REVISION.fullmatch(s)) and revision is None:
        hub = runtime if runtime in _HUB else Runtime.HUGGINGFACE
        return identify(d, m.group("base"), hub, m.group("rev"))
    if m := _FINE_TUNE.fullmatch(s):
        base = identify(d, m.group(1), Runtime.OPENAI, None)
        return replace(
            base,
            canonical_id=ModelId(f"openai/{s}"),
            name=s,
            version=m.group(2),
            pin=PinStatus.PINNED,
        )
    if "/" not in s and ":" not in s and norm(s) in d.orgs and s not in d.ollama:
        # `Qwen`, `Mistral AI`: an organisation as written, not an Ollama library name.
        return _identity(
            _NOBODY,
            canonical=f"{runtime.value}/{s}",
            runtime=runtime,
            name=s,
            version=None,
            pin=PinStatus.UNKNOWN,
            size=None,
        )
    r = route(d, s, runtime)
    if r.runtime is Runtime.OLLAMA:
        return _ollama(d, r.id)
    if r.runtime in _HUB:
        return _hub(d, r.id, r.runtime, revision)
    if r.runtime is Runtime.BEDROCK and not r.deployment:
        return _bedrock(d, r.id)
    return _api(d, r)


def _class_of(classes: Mapping[str, Any], license_id: str) -> str:
    if license_id.lower() == "proprietary":
        return "proprietary"  # a hosted API model's terms of service
    for name in _LICENSE_CLASSES:
        if license_id.lower() in {str(x).lower() for x in classes[name]}:
            return str(name)
    return "community"  # unlisted licences rank as community ones (licenses.yaml)
