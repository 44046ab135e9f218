"""Go alias maps: the values (what an alias resolves to) are models, the keys are not."""

from __future__ import annotations

from llmdeps.model import RefKind

from .support import models, scan

ALIASES = """\
package models

var modelAliases = map[string]string{
	"sonnet": "claude-sonnet-4-5-20250929",
}

func resolveModelAlias(provider, modelName string) string {
	aliasMap := map[string]string{
		"claude-opus-latest":   "claude-opus-4-20250514",
		"claude-3-5-haiku-latest": `claude-3-5-haiku-20241022`,
	}
	return aliasMap[modelName]
}
"""


def test_alias_map_values_are_catalogue_models_and_keys_are_not() -> None:
    assert models(ALIASES, "internal/models/providers.go") == [
        ("claude-sonnet-4-5-20250929", 4),
        ("claude-opus-4-20250514", 9),
        ("claude-3-5-haiku-20241022", 10),
    ]
    found = scan(ALIASES, "internal/models/providers.go")
    assert {r.kind for r in found} == {RefKind.CATALOG}
    assert not {r.model for r in found} & {"sonnet", "claude-opus-latest", "claude-3-5-haiku-latest"}


def test_maps_not_named_alias_and_non_model_values_stay_unread() -> None:
    text = """\
package cfg

var regions = map[string]string{
	"claude-opus-latest": "claude-opus-4-20250514",
}

func shell() map[string]string {
	aliases := map[string]string{
		"ll":   "ls -la",
		"prod": "us-east-1",
	}
	return aliases
}
"""
    assert models(text, "internal/cfg/cfg.go") == []
