"""Licence texts and identifiers -> licence ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.sources.installs.licenses import license_id_from_text

# Opening lines of the real documents as Ollama's licence layers carry them.
TEXTS = {
    "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024\n": "llama3",
    "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n": "llama3.1",
    "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n": "llama3.2",
    "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT\nLlama 3.3 Version Release Date: December 6, 2024\n": "llama3.3",
    "LLAMA 4 COMMUNITY LICENSE AGREEMENT\nLlama 4 Version Effective Date: April 5, 2025\n": "llama4",
    "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n": "llama2",
    "Gemma Terms of Use\n\nLast modified: February 21, 2024\n": "gemma",
    "\n                                 Apache License\n                           Version 2.0, January 2004\n": "apache-2.0",
    "MIT License\n\nCopyright (c) Microsoft Corporation.\n\nPermission is hereby granted, free of charge, to any person": "mit",
    "Microsoft.\nCopyright (c) Microsoft Corporation.\n\nMIT License\n": "mit",
    "Tongyi Qianwen LICENSE AGREEMENT\n\nTongyi Qianwen Release Date: August 3, 2023\n": "qwen",
    "Qwen LICENSE AGREEMENT\n\nQwen LICENSE AGREEMENT Release Date: September 19, 2024\n": "qwen",
    "Qwen RESEARCH LICENSE AGREEMENT\n\nQwen RESEARCH LICENSE AGREEMENT Release Date: September 19, 2024\n": "qwen-research",
    "DEEPSEEK LICENSE AGREEMENT\n\nVersion 1.0, 23 October 2023\n": "deepseek",
    "Attribution-NonCommercial 4.0 International\n\n=======\n": "cc-by-nc-4.0",
    "# Mistral AI Research License\n\nIf You want to use a Mistral Model": "mistral-research",
    "BigCode Open RAIL-M v1 License Agreement\n": "bigcode-openrail-m",
}


@pytest.mark.parametrize(("text", "expected"), TEXTS.items())
def test_licence_texts(text: str, expected: str) -> None:
    assert license_id_from_text(text) == expected
    assert license_id_from_text(text + "\n" + "lorem ipsum " * 2000) == expected


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("llama3.1", "llama3.1"),
        ("Llama3.2", "llama3.2"),
        (" LLAMA3.3 ", "llama3.3"),
        ("llama-3.1", "llama3.1"),
        ("gemma", "gemma"),
        ("Apache-2.0", "apache-2.0"),
        ("apache 2.0", "apache-2.0"),
        ("MIT", "mit"),
        ("cc-by-nc-4.0", "cc-by-nc-4.0"),
        ("apache-2.0,mit", "apache-2.0,mit"),
        ("MIT OR Apache-2.0", "mit,apache-2.0"),
        ("other", None),
        ("unknown-licence", None),
        ("", None),
        ("   \n ", None),
    ],
)
def test_identifiers(ident: str, expected: str | None) -> None:
    assert license_id_from_text(ident) == expected


def test_a_licence_named_deep_in_another_is_not_matched() -> None:
    text = (
        "ACME MODEL LICENSE\n"
        + "\n".join(f"clause {i}" for i in range(40))
        + "\nApache License, Version 2.0"
    )
    assert license_id_from_text(text) is None


@given(st.text(max_size=300))
def test_any_text_gives_str_or_none(text: str) -> None:
    result = license_id_from_text(text)
    assert result is None or (isinstance(result, str) and result)
