"""What a file name says about its format, shared by the detectors that pick files by name."""

from __future__ import annotations

TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist", ".tmpl", ".tpl")
"""A copy kept as a template (`settings.yaml.example`, `.env.dist`) is read as its base type."""


def without_template_suffix(name: str) -> str:
    """`settings.yaml.example` -> `settings.yaml`; a name without such a suffix is unchanged."""
    low = name.lower()
    for suffix in TEMPLATE_SUFFIXES:
        if low.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
