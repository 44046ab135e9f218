"""Fallback declarations in Python: LiteLLM Router deployments and fallbacks, call fallbacks,
LangChain `.with_fallbacks`.

`FallbackRules` reads each declaration where the visitor meets it, returns the model slots it
fills (a deployment's model, a fallback target), and keeps the declaration pending until the
module is read, when `resolve` turns names into model ids.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from llmdeps.model import Fallback, FallbackStyle, Location, RefKind, Runtime
from llmdeps.sources.detectors.python.bindings import (
    Bindings,
    Where,
    keyword,
    literal_str,
)
from llmdeps.sources.detectors.python.names import group_ok, strong_ok
from llmdeps.sources.detectors.python.sdk import (
    ModelSlot,
    SdkCalls,
    SlotUse,
    model_argument,
)

_ROUTER_FALLBACK_KWARGS = ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks")


@dataclass(slots=True)
class PendingFallback:
    """A fallback declaration whose primary and targets are still expressions (or group names)."""

    node: ast.AST
    context: str
    style: FallbackStyle
    primary: ast.expr | str | None
    targets: list[ast.expr | str]
    where: Where


class FallbackRules:
    """The fallback declarations of one module."""

    def __init__(self, bindings: Bindings, sdk: SdkCalls) -> None:
        self._bindings = bindings
        self._sdk = sdk
        self._llm_models: dict[str, ast.expr] = {}
        """Variable (`llm`, `self.llm`) bound to an LLM constructor -> its model argument."""
        self.pending: list[PendingFallback] = []

    def bind_llm(self, key: str, call: ast.Call) -> None:
        """`llm = ChatOpenAI(model=...)`: `llm.with_fallbacks(...)` names this model."""
        model = self._sdk.model_of(call)
        if model is not None:
            self._llm_models[key] = model

    # --- LiteLLM -----------------------------------------------------------------------------

    def router(self, node: ast.Call, where: Where, context: str) -> list[SlotUse]:
        """`Router(model_list=[...], fallbacks=[...], default_fallbacks=[...])`."""
        resolve = self._bindings.resolve_node
        uses: list[SlotUse] = []
        model_list = resolve(keyword(node, "model_list"))
        if isinstance(model_list, ast.List | ast.Tuple):
            for item in model_list.elts:
                uses += self._deployment(resolve(item), where, context)
        for kwarg in _ROUTER_FALLBACK_KWARGS:
            value = resolve(keyword(node, kwarg))
            if isinstance(value, ast.List | ast.Tuple):
                for item in value.elts:
                    entry = resolve(item)
                    if isinstance(entry, ast.Dict):
                        self._router_entry(entry, where, context)
        default = resolve(keyword(node, "default_fallbacks"))
        if isinstance(default, ast.List | ast.Tuple) and default.elts:
            self.pending.append(
                PendingFallback(
                    default, context, FallbackStyle.DEFAULT, "*", list(default.elts), where
                )
            )
        return uses

    def _router_entry(self, entry: ast.Dict, where: Where, context: str) -> None:
        """`{"gpt-4o": ["claude", "llama"]}`: a group and the groups it falls back to."""
        for k, raw in zip(entry.keys, entry.values, strict=False):
            primary = literal_str(k)
            v = self._bindings.resolve_node(raw)
            if primary and isinstance(v, ast.List | ast.Tuple):
                targets: list[ast.expr | str] = list(v.elts)
                style = FallbackStyle.LITELLM_ROUTER
                self.pending.append(
                    PendingFallback(k or entry, context, style, primary, targets, where)
                )

    def _deployment(self, item: ast.expr | None, where: Where, context: str) -> list[SlotUse]:
        """One `model_list` entry: its `litellm_params` model, in its group, at its api_base."""
        group: str | None = None
        params: ast.expr | None = None
        if isinstance(item, ast.Dict):
            for k, v in zip(item.keys, item.values, strict=False):
                key = literal_str(k)
                if key == "model_name":
                    group = literal_str(v)
                elif key == "litellm_params":
                    params = self._bindings.resolve_node(v)
        model: ast.expr | None = None
        api_base: ast.expr | None = None
        if isinstance(params, ast.Dict):
            for k, v in zip(params.keys, params.values, strict=False):
                if literal_str(k) == "model":
                    model = v
                elif literal_str(k) in ("api_base", "base_url"):
                    api_base = v
        elif isinstance(params, ast.Call) and getattr(params.func, "id", "") == "dict":
            model = keyword(params, "model")
            api_base = keyword(params, "api_base", "base_url")
        if model is None:
            return []
        slot = ModelSlot(Runtime.LITELLM, context, True, base_url=self._bindings.url(api_base))
        slot.group = group if group and group_ok(group) else None
        return [(model, where, slot)]

    def call_fallbacks(
        self,
        node: ast.Call,
        model: ast.expr | None,
        fallbacks: ast.expr,
        where: Where,
        context: str,
    ) -> list[SlotUse]:
        """`completion(model=..., fallbacks=[...])`: each target is a reference and a fallback."""
        fallbacks = self._bindings.resolve_node(fallbacks) or fallbacks
        if not isinstance(fallbacks, ast.List | ast.Tuple):
            return []
        targets: list[ast.expr | str] = []
        for entry in fallbacks.elts:
            if isinstance(entry, ast.Dict):
                for k, v in zip(entry.keys, entry.values, strict=False):
                    if literal_str(k) == "model" and v is not None:
                        targets.append(v)
            else:
                targets.append(entry)
        uses: list[SlotUse] = []
        for t in targets:
            if isinstance(t, ast.expr):
                slot = ModelSlot(Runtime.LITELLM, context, True, kind=RefKind.FALLBACK)
                uses.append((t, where, slot))
        if targets:
            style = FallbackStyle.LITELLM_CALL
            self.pending.append(PendingFallback(node, context, style, model, targets, where))
        return uses

    # --- LangChain ---------------------------------------------------------------------------

    def _llm_expr(self, expr: ast.expr) -> ast.expr | None:
        """The model argument of an LLM object: its constructor call or a variable bound to one."""
        if isinstance(expr, ast.Call):
            target = self._sdk.classify(expr)
            return model_argument(expr, target) if target.strong else None
        if isinstance(expr, ast.Name):
            return self._llm_models.get(expr.id)
        if isinstance(expr, ast.Attribute) and getattr(expr.value, "id", "") == "self":
            return self._llm_models.get(f"self.{expr.attr}")
        return None

    def with_fallbacks(self, node: ast.Call) -> None:
        """`llm.with_fallbacks([other, ChatAnthropic(model=...)])`."""
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        primary = self._llm_expr(func.value)
        listed = node.args[0] if node.args else keyword(node, "fallbacks")
        listed = self._bindings.resolve_node(listed)
        if primary is None or not isinstance(listed, ast.List | ast.Tuple):
            return
        targets: list[ast.expr | str] = []
        for elt in listed.elts:
            model = self._llm_expr(elt)
            if model is not None:
                targets.append(model)
        if targets:
            self.pending.append(
                PendingFallback(
                    node,
                    self._bindings.context("with_fallbacks"),
                    FallbackStyle.LANGCHAIN,
                    primary,
                    targets,
                    self._bindings.where(),
                )
            )

    # --- resolution --------------------------------------------------------------------------

    def resolve(self, locate: Callable[[ast.AST, str], Location]) -> list[Fallback]:
        """Every pending declaration whose primary and at least one target resolve to ids, as
        written (a `provider:model` id keeps its prefix, as its reference does)."""
        out: list[Fallback] = []
        for fb in self.pending:
            groups = fb.style is not FallbackStyle.LANGCHAIN
            primary = self._first(fb.primary, fb.where, groups)
            if primary is None:
                continue
            found = (self._first(x, fb.where, groups) for x in fb.targets)
            targets = tuple(t for t in found if t)
            if not targets:
                continue
            out.append(Fallback(locate(fb.node, fb.context), primary, targets, fb.style))
        return out

    def _first(
        self,
        expr: ast.expr | str | None,
        where: Where,
        groups: bool,
    ) -> str | None:
        """The first acceptable value of an expression: a group name, or a model id."""
        ok = group_ok if groups else strong_ok
        if isinstance(expr, str):
            return expr if ok(expr) else None
        for lit in self._bindings.values(expr, where, where.scope):
            if ok(lit.value):
                return lit.value
        return None
