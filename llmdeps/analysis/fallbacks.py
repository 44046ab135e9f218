"""The one fallback resolver: declared fallbacks and the names they use, resolved to model ids.

A fallback is a declaration in code or config that, when a model call fails, another model
answers instead. Each is locked as a `LockedFallback`: a `primary` name, the `targets` tried in
order, the style that declared it and the workflow whose files declare it. Names are written as
the code writes them: a LiteLLM group (`model_name`), a model string (`gpt-4o-2024-08-06`), a
canonical id (`openai/gpt-4o-2024-08-06`) or an id without its runtime (`llama3.1:8b`). A name
that is a group stands for every deployment behind it; any other name for the models whose
references write it, are it, or are it without the runtime prefix.

How each style is resolved:

* LiteLLM proxy config (`router_settings.fallbacks`, `litellm_settings.fallbacks`) and
  `Router(fallbacks=...)`: `{triage: [triage-backup]}` between group names. The proxy applies
  it, so it protects the workflow that declares it and every workflow whose references name the
  primary; within the report it covers the references that reach their model through that group,
  not a direct call to the same model elsewhere.
* Model groups: several deployments under one `model_name`. The router moves between them on
  failure, so each deployment stands in for the others.
* `default_fallbacks` (style `default`, or primary `*`): apply to every group. For the workflow's
  cross-vendor judgement a group with its own specific entry keeps that entry instead; the report
  adds them to every reference made through a group.
* `completion(model=..., fallbacks=[...])` and LangChain `.with_fallbacks([...])`: given with one
  call or chain, they protect that call only: the workflow of the declaring file, and in the
  report only references in that same file.

The report follows fallbacks transitively (a target's own fallbacks count, a per-call one only
within the same file); the workflow analysis looks at each declaration's own targets.

Two lookups answer "which models does this name mean", because the workflow analysis (which the
lock records) and the report matched names differently before they shared this resolver, and
outputs stay byte-identical: `ids` takes the first kind of name that matches exactly (group,
then written, then canonical id, then id without runtime); `ids_any_spelling` unites every
exact spelling and, when none matches, compares case-insensitively with an untagged Ollama name
meaning `:latest`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from llmdeps.lockfile.model import LockedFallback, LockedModel, LockedReference
from llmdeps.model import UNKNOWN_VENDOR, FallbackStyle, ModelId, Vendor, display_name

PER_CALL = frozenset({FallbackStyle.LANGCHAIN, FallbackStyle.LITELLM_CALL})
"""Styles given with one call or chain: they protect that call only."""
_SPECIFIC = frozenset(
    {FallbackStyle.LITELLM_CONFIG, FallbackStyle.LITELLM_ROUTER, FallbackStyle.LITELLM_CALL}
)
"""Styles whose entry for a group wins over `default_fallbacks`."""


def is_default(fallback: LockedFallback) -> bool:
    """True for `default_fallbacks`, which apply to every group rather than to one primary."""
    return fallback.primary == "*" or fallback.style is FallbackStyle.DEFAULT


def proxy_group(ref: LockedReference) -> str | None:
    """The LiteLLM group a reference reaches its model through, if it names one (`*` does not)."""
    return ref.group if ref.group and ref.group != "*" else None


class FallbackResolver:
    """Declared fallbacks with every name they use resolved to canonical model ids."""

    def __init__(
        self,
        references: Iterable[LockedReference],
        models: Mapping[ModelId, LockedModel],
        fallbacks: Sequence[LockedFallback],
    ) -> None:
        self._models = models
        self._fallbacks = fallbacks
        self._groups: dict[str, set[ModelId]] = defaultdict(set)
        """A LiteLLM group (model_name) -> the deployments behind it."""
        self._written: dict[str, set[ModelId]] = defaultdict(set)
        """A model string as references write it -> the ids it resolved to."""
        self._canonical: dict[str, set[ModelId]] = {mid: {mid} for mid in models}
        """A canonical id -> itself, so every spelling is looked up the same way."""
        self._bare: dict[str, set[ModelId]] = defaultdict(set)
        """An id without its runtime prefix -> the ids."""
        self._refs: dict[tuple[str, str], list[LockedReference]] = defaultdict(list)
        for mid in sorted(models):
            self._bare[display_name(mid)].add(mid)
        for r in references:
            self._refs[(r.workflow, r.model_id)].append(r)
            self._written[r.model].add(r.model_id)
            if group := proxy_group(r):
                self._groups[group].add(r.model_id)
        self._edges: dict[str, list[tuple[tuple[str, ...], str | None]]] = defaultdict(list)
        """Primary name -> (targets, the file a per-call fallback is limited to, else None)."""
        self._default: list[str] = []
        for f in fallbacks:
            if is_default(f):
                self._default += f.targets
            else:
                self._edges[f.primary].append((f.targets, f.path if f.style in PER_CALL else None))
        self._specific = {f.primary for f in fallbacks if f.style in _SPECIFIC and f.primary != "*"}
        self._targets: dict[str | None, set[str]] = defaultdict(set)
        """Names written as fallback targets: per file for per-call styles, None for the rest.
        A model group's deployments stand in for each other and are not fallback targets."""
        for f in fallbacks:
            if f.style is not FallbackStyle.MODEL_GROUP:
                self._targets[f.path if f.style in PER_CALL else None].update(f.targets)

    # Names

    def ids(self, name: str) -> set[ModelId]:
        """The ids a name means: a group's deployments, else the first exact match of a model
        string as written, a canonical id, an id without runtime."""
        if name in self._groups:
            return set(self._groups[name])
        if name in self._written:
            return set(self._written[name])
        if name in self._models:
            return {ModelId(name)}
        # `claude-3-5-haiku-20241022` written once as a target, locked as `anthropic/claude-...`
        return set(self._bare.get(name, ()))

    def ids_any_spelling(self, name: str) -> set[ModelId]:
        """The ids a name means: a group's deployments, else every model that any exact spelling
        names, else the same compared case-insensitively (an untagged name means `:latest`)."""
        if name in self._groups:
            return set(self._groups[name])
        spellings = (self._written, self._canonical, self._bare)
        exact = {mid for names in spellings for mid in names.get(name, ())}
        if exact:
            return exact
        # An Ollama name without a tag means `:latest`; names compare case-insensitively.
        wanted = {name.casefold()}
        if ":" not in name.rsplit("/", 1)[-1]:
            wanted.add(f"{name}:latest".casefold())
        return {
            mid
            for names in spellings
            for spelled, ids in names.items()
            if spelled.casefold() in wanted
            for mid in ids
        }

    def vendor(self, model_id: ModelId) -> Vendor:
        """The lineage vendor of a model id, `unknown` when the lock does not hold it."""
        model = self._models.get(model_id)
        return model.lineage_vendor if model else UNKNOWN_VENDOR

    def vendors(self, names: Iterable[str]) -> set[Vendor]:
        """The lineage vendors of the models these names mean (`ids`)."""
        return {self.vendor(m) for name in names for m in self.ids(name)}

    def deployments(self, group: str) -> set[ModelId]:
        """The models deployed behind a LiteLLM group."""
        return set(self._groups.get(group, ()))

    def is_target(self, ref: LockedReference) -> bool:
        """True when a declared fallback names this reference's model as a target: a per-call one
        (`.with_fallbacks([ChatOllama(model=...)])`, `completion(fallbacks=[...])`) in the same
        file, or a proxy or router one anywhere. Such a reference is a backup, never a primary."""
        names = {ref.model, ref.model_id, display_name(ref.model_id)}
        return bool(names & (self._targets.get(ref.path, set()) | self._targets.get(None, set())))

    # Declarations, per workflow

    def protecting(self, workflow: str, refs: Sequence[LockedReference]) -> list[LockedFallback]:
        """The fallbacks that protect a workflow: declared in its files, or applied by a proxy or
        router to a name its references use (`default_fallbacks` when it uses any group)."""
        groups = {g for r in refs if (g := proxy_group(r))}
        names = groups | {r.model for r in refs} | {r.model_id for r in refs}
        return [
            f
            for f in self._fallbacks
            if f.workflow == workflow
            or (
                f.style not in PER_CALL
                and (f.primary in names or (bool(groups) and is_default(f)))
            )
        ]

    def under_default(self, groups: Iterable[str]) -> list[str]:
        """The groups `default_fallbacks` apply to: those without a specific entry, sorted."""
        return sorted(set(groups) - self._specific)

    # Reach, per reference

    def backups(self, workflow: str, model_id: ModelId) -> set[ModelId]:
        """Models `model_id` falls back to in this workflow by a declared fallback."""
        out: set[ModelId] = set()
        for r in self._refs.get((workflow, model_id), ()):
            out |= self._reached(r)
        return out - {model_id}

    def reachable(self, workflow: str, model_id: ModelId) -> set[ModelId]:
        """Every model that can stand in for `model_id` in this workflow: its backups and the
        other deployments of the groups it is reached through."""
        out = self.backups(workflow, model_id)
        for r in self._refs.get((workflow, model_id), ()):
            if group := proxy_group(r):
                out |= self.deployments(group)
        return out - {model_id}

    def _reached(self, ref: LockedReference) -> set[ModelId]:
        """Models reached from one reference through fallback declarations, transitively."""
        grouped = proxy_group(ref) is not None
        todo: list[str] = list(self._default) if grouped else []
        for name in {ref.model, ref.group or ref.model}:
            for targets, scope in self._edges.get(name, ()):
                # A proxy fallback needs the reference to go through the proxy group.
                if (scope is None and grouped and name == ref.group) or scope == ref.path:
                    todo += targets
        seen: set[str] = set()
        reached: set[ModelId] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            reached |= self.ids_any_spelling(name)
            for targets, scope in self._edges.get(name, ()):
                if scope is None or scope == ref.path:
                    todo += targets
        return reached
