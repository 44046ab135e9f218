"""LiteLLM proxy configs (REFERENCE.md section 5): `model_list` deployments and the model groups
they form, `model_group_alias`, and the router's fallbacks, as references and fallbacks."""

from __future__ import annotations

from dataclasses import replace

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Fallback, FallbackStyle, Location, Reference, Runtime
from llmdeps.sources.detectors.config.keys import candidate
from llmdeps.sources.detectors.config.walk import Path, Walk, context, text_of
from llmdeps.sources.parse.spans import Node

NAME_TEXT = lazy_compile(r"^[\w.:/@+*-]{1,200}$")
"""A group name or model id as a fallback list writes it (never a URL with userinfo, a path)."""
_Groups = dict[str, list[tuple[Node, Reference, bool]]]
"""model_name -> (position, reference, is a deployment model rather than a base_model)."""


def is_proxy_config(walk: Walk, root: Node) -> bool:
    """A LiteLLM proxy config: a `model_list` of deployments, or router or litellm settings."""
    model_list = walk.get(root, "model_list")
    if model_list is not None and model_list.items is not None:
        return any(walk.get(d, "litellm_params") is not None for d in model_list.items)
    return any(walk.get(root, s) is not None for s in ("router_settings", "litellm_settings"))


def read_proxy_config(walk: Walk, root: Node) -> frozenset[Path]:
    """model_list deployments, groups, aliases and fallbacks; returns the paths it handled."""
    handled: set[Path] = set()
    model_list = walk.get(root, "model_list")
    groups: _Groups = {}
    if model_list is not None and model_list.items is not None:
        handled.add(("model_list",))
        for index, deployment in enumerate(model_list.items):
            if walk.spend():
                _deployment(walk, deployment, index, groups)
    for group, members in groups.items():
        deployments = [(node, ref) for node, ref, deployed in members if deployed]
        models = list(dict.fromkeys(ref.model for _n, ref in deployments))
        if len(deployments) > 1:
            first = deployments[0][0]
            walk.emit(
                Fallback(
                    Location(
                        walk.file.path,
                        first.line,
                        first.column,
                        context((*walk.prefix, "model_list", group)),
                    ),
                    group,
                    tuple(models),
                    FallbackStyle.MODEL_GROUP,
                )
            )
    for section in ("router_settings", "litellm_settings"):
        settings = walk.get(root, section)
        if settings is None or settings.pairs is None:
            continue
        for key, _kn, value in walk.pairs(settings):
            path: Path = (section, key)
            if key in ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks"):
                handled.add(path)
                _fallbacks(walk, value, path)
            elif key == "default_fallbacks":
                handled.add(path)
                targets = _names(value)
                if targets:
                    walk.emit(
                        Fallback(walk.location(value, path), "*", targets, FallbackStyle.DEFAULT)
                    )
            elif key == "model_group_alias":
                handled.add(path)
                _aliases(walk, value, path, groups)
    return frozenset(handled)


def _names(value: Node) -> tuple[str, ...]:
    """Group names or model ids as written in a fallback list."""
    nodes = value.items if value.items is not None else [value]
    out = []
    for node in nodes:
        text = node.value
        if text and NAME_TEXT.match(text) and not text.startswith("os.environ/"):
            out.append(text)
    return tuple(out)


def _deployment(walk: Walk, deployment: Node, index: int, groups: _Groups) -> None:
    """One `model_list` entry: its model (and `base_model`) as references in its group."""
    name_node = walk.get(deployment, "model_name")
    group = text_of(name_node)
    if group is not None and not NAME_TEXT.match(group):
        group = None
    params = walk.get(deployment, "litellm_params")
    siblings = walk.pairs(params)
    _runtime, base_url = walk.hints(siblings, ())
    model = walk.get(params, "model")
    if model is not None and model.value is not None:
        found = candidate(model.value, strong=True)
        if found is not None:
            ref = walk.reference(
                model,
                found,
                ("model_list", index, "litellm_params", "model"),
                runtime=Runtime.LITELLM,
                group=group,
                base_url=base_url,
            )
            walk.emit(ref)
            if group is not None and group != "*":
                groups.setdefault(group, []).append((name_node or model, ref, True))
    base = walk.get(walk.get(deployment, "model_info"), "base_model")
    if base is not None and base.value is not None:
        found = candidate(base.value, strong=True)
        if found is not None:
            ref = walk.reference(
                base,
                found,
                ("model_list", index, "model_info", "base_model"),
                runtime=Runtime.LITELLM,
                group=group,
            )
            walk.emit(ref)
            if group is not None and group != "*":
                groups.setdefault(group, []).append((base, ref, False))


def _fallbacks(walk: Walk, value: Node, path: Path) -> None:
    """`fallbacks: [{primary: [target, ...]}, ...]`."""
    for index, item in enumerate(value.items or ()):
        for primary, key_node, targets in walk.pairs(item):
            names = _names(targets)
            if names and NAME_TEXT.match(primary):
                walk.emit(
                    Fallback(
                        walk.location(key_node, (*path, index)),
                        primary,
                        names,
                        FallbackStyle.LITELLM_CONFIG,
                    )
                )


def _aliases(walk: Walk, value: Node, path: Path, groups: _Groups) -> None:
    """`model_group_alias: {"gpt-4": "gpt-4o"}`: calls to the alias reach the group."""
    for alias, _kn, target in walk.pairs(value):
        group = text_of(target) or text_of(walk.get(target, "model"))
        if not group or not NAME_TEXT.match(alias):
            continue
        for _node, ref, _deployed in groups.get(group, ()):
            loc = walk.location(target, (*path, alias))
            walk.emit(replace(ref, location=loc, group=alias))
