"""A model named in a URL's query: `wss://api.openai.com/v1/realtime?model=gpt-realtime`,
`.../deployments?api-version=1&deployment=gpt-4o`. Shared by the code detectors."""

from __future__ import annotations

from urllib.parse import unquote

from llmdeps.lazyre import lazy_compile

_URL_MODEL = lazy_compile(
    r"[?&]((?:\w+_)?(?:model|deployment)(?:_id|_name)?)=([\w.:/@%+-]{1,200})"
)


def model_in_url(value: str) -> tuple[str, str] | None:
    """(parameter, model) of a URL whose query names the model; None for any other text (a
    template's `%s` or `${model}` is no model, and callers still judge the value's shape)."""
    if "://" not in value or len(value) > 2000:
        return None
    found = _URL_MODEL.search(value)
    return (found.group(1), unquote(found.group(2))) if found else None
