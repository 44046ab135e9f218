"""Licence text or identifier -> a licence id (`llama3.1`, `gemma`, `apache-2.0`, `qwen`, ...).

Two inputs reach this module: the text of an Ollama `application/vnd.ollama.image.license` layer
(the full licence, as `/api/show` returns it in `license`), and a GGUF `general.license` value,
which llama.cpp copies verbatim from the Hugging Face model card (`llama3.1`, `gemma`, `other`,
`apache-2.0`; several joined with `,`; REFERENCE 3.2). Identifiers go through `IDENTIFIERS`; texts
are matched by the headings their real documents open with (`HEADINGS`, first match wins, most
specific first), looked for only in the first lines so that a licence quoting another is not
mistaken for it. Unknown -> None.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile

# Identifier (lower case, `_`/space -> `-`) -> licence id. Hugging Face `license:` values, SPDX ids
# and what converters write into `general.license`.
IDENTIFIERS: dict[str, str] = {
    "llama2": "llama2",
    "llama-2": "llama2",
    "llama3": "llama3",
    "llama-3": "llama3",
    "llama3.1": "llama3.1",
    "llama-3.1": "llama3.1",
    "llama3.2": "llama3.2",
    "llama-3.2": "llama3.2",
    "llama3.3": "llama3.3",
    "llama-3.3": "llama3.3",
    "llama4": "llama4",
    "llama-4": "llama4",
    "gemma": "gemma",
    "apache-2.0": "apache-2.0",
    "apache-2": "apache-2.0",
    "apache2": "apache-2.0",
    "apache-license-2.0": "apache-2.0",
    "mit": "mit",
    "qwen": "qwen",
    "tongyi-qianwen": "qwen",
    "qwen-research": "qwen-research",
    "deepseek": "deepseek",
    "deepseek-license": "deepseek",
    "cc-by-nc-4.0": "cc-by-nc-4.0",
    "cc-by-4.0": "cc-by-4.0",
    "cc-by-sa-4.0": "cc-by-sa-4.0",
    "cc-by-nc-sa-4.0": "cc-by-nc-sa-4.0",
    "mrl": "mistral-research",
    "mistral-research": "mistral-research",
    "mnpl": "mistral-non-production",
    "openrail": "openrail",
    "openrail++": "openrail++",
    "bigscience-openrail-m": "bigscience-openrail-m",
    "bigcode-openrail-m": "bigcode-openrail-m",
    "creativeml-openrail-m": "creativeml-openrail-m",
    "bsd-3-clause": "bsd-3-clause",
    "bsd-2-clause": "bsd-2-clause",
    "gpl-3.0": "gpl-3.0",
    "agpl-3.0": "agpl-3.0",
    "lgpl-3.0": "lgpl-3.0",
    "mpl-2.0": "mpl-2.0",
    "unlicense": "unlicense",
    "cc0-1.0": "cc0-1.0",
    "falcon-llm": "falcon",
    "tii-falcon": "falcon",
    "nvidia-open-model-license": "nvidia-open-model",
    "gemma-terms-of-use": "gemma",
}

# (regex over the lower-cased, whitespace-collapsed opening of the text, licence id). Order matters:
# "llama 3.1" before "llama 3", research licences before the general ones.
HEADINGS: tuple[tuple[str, str], ...] = (
    (r"llama 4 community license", "llama4"),
    (r"llama 3\.3 community license", "llama3.3"),
    (r"llama 3\.2 community license", "llama3.2"),
    (r"llama 3\.1 community license", "llama3.1"),
    (r"(meta )?llama 3 community license", "llama3"),
    (r"llama 2 community license", "llama2"),
    (r"gemma terms of use", "gemma"),
    (r"(qwen|tongyi qianwen) research license agreement", "qwen-research"),
    (r"(qwen|tongyi qianwen) license agreement", "qwen"),
    (r"deepseek license agreement", "deepseek"),
    (r"mistral ai research license", "mistral-research"),
    (r"mistral ai non-production license", "mistral-non-production"),
    (r"attribution-noncommercial-sharealike 4\.0 international", "cc-by-nc-sa-4.0"),
    (r"attribution-noncommercial 4\.0 international", "cc-by-nc-4.0"),
    (r"attribution-sharealike 4\.0 international", "cc-by-sa-4.0"),
    (r"attribution 4\.0 international", "cc-by-4.0"),
    (r"bigcode open rail-m", "bigcode-openrail-m"),
    (r"creativeml open rail-m", "creativeml-openrail-m"),
    (r"bigscience open rail-m|bigscience rail license", "bigscience-openrail-m"),
    (r"open ?rail", "openrail"),
    (r"nvidia open model license", "nvidia-open-model"),
    (r"falcon (llm|180b) (tii )?license|tii falcon", "falcon"),
    (r"apache license,? (version )?2\.0|licensed under the apache license", "apache-2.0"),
    (r"\bmit license\b|permission is hereby granted, free of charge, to any person", "mit"),
    (r"gnu affero general public license version 3", "agpl-3.0"),
    (r"gnu lesser general public license version 3", "lgpl-3.0"),
    (r"gnu general public license version 3", "gpl-3.0"),
    (r"mozilla public license,? (version )?2\.0", "mpl-2.0"),
)

_HEAD_LINES = 20
_HEAD_CHARS = 3000
_COMPILED = tuple((lazy_compile(p), lic) for p, lic in HEADINGS)
_SPACES = lazy_compile(r"\s+")


def _identifier(token: str) -> str | None:
    key = _SPACES.sub("-", token.strip().strip("\"'").lower()).replace("_", "-")
    return IDENTIFIERS.get(key)


def license_id_from_text(text: str) -> str | None:
    """The licence id a licence text or identifier names, or None when it is not known."""
    stripped = text.strip()
    if not stripped:
        return None
    if "\n" not in stripped and len(stripped) <= 80:
        # An identifier, or several joined with ',' (llama.cpp's converter) or ' OR ' (SPDX).
        parts = [p for p in re.split(r",| or | OR ", stripped) if p.strip()]
        ids = [i for i in (_identifier(p) for p in parts) if i]
        if ids:
            return ",".join(dict.fromkeys(ids))
    lines = [ln for ln in stripped.splitlines() if ln.strip()][:_HEAD_LINES]
    head = _SPACES.sub(" ", " ".join(lines)[:_HEAD_CHARS]).lower()
    for pattern, lic in _COMPILED:
        if pattern.search(head):
            return lic
    return None
