"""The installs section every report format shows: where each locked model is installed and what
pins it there (an Ollama digest, a Hugging Face commit and weights, an LM Studio file, a served
model). Rows come from the lock as the Report carries it; each format lays them out its way."""

from __future__ import annotations

from dataclasses import dataclass

from llmdeps.analysis.report import Report
from llmdeps.lockfile.model import LockedInstall, LockedModel


@dataclass(frozen=True, slots=True)
class InstallRow:
    """One locked install: the model, where it is, and its pin in words."""

    model: str
    location: str
    name: str
    pin: str
    """`sha256:<12 hex>, weights <12 hex>`, `commit <12 hex> (main), 2 weights files`, ..."""


def _short(digest: str | None) -> str:
    return (digest or "").lower().removeprefix("sha256:")[:12] or "unknown"


def pin_text(m: LockedModel, i: LockedInstall) -> str:
    """The pin of one install, in the words of its source kind."""
    parts: list[str] = []
    if i.server:
        parts.append(f"served by {i.server}")
        if i.served_from and i.served_from != i.name:
            parts.append(f"from {i.served_from}")
        if i.revision:
            parts.append(f"commit {_short(i.revision)}")
        if i.context_length:
            parts.append(f"context {i.context_length}")
        parts.append(f"identity {_short(i.digest)}")
        return ", ".join(parts)
    if i.revision:
        refs = f" ({', '.join(i.refs)})" if i.refs else ""
        parts.append(f"commit {_short(i.revision)}{refs}")
        hashed = [f for f in i.files if f.sha256]
        if len(hashed) == 1:
            parts.append(f"weights sha256:{_short(hashed[0].sha256)}")
        elif hashed:
            parts.append(f"{len(hashed)} weights files with sha256")
        return ", ".join(parts)
    parts.append(f"sha256:{_short(i.digest)}")
    if i.weights_digest:
        parts.append(f"weights {_short(i.weights_digest)}")
    if i.quantization:
        parts.append(i.quantization)
    return ", ".join(parts)


def install_rows(report: Report) -> list[InstallRow]:
    """Every locked install of every model, by model, location and name."""
    rows = [
        InstallRow(m.id, i.source, i.name, pin_text(m, i))
        for m in report.locked_models
        for i in m.installs
    ]
    return sorted(rows, key=lambda r: (r.model, r.location, r.name, r.pin))


def loaded_lines(report: Report) -> list[str]:
    """One sentence per model a server holds in memory now (only when the report scanned)."""
    out = []
    for m in sorted(report.loaded, key=lambda m: (m.location.where, m.name)):
        until = f" until {m.expires_at}" if m.expires_at else ""
        ctx = f", context {m.context_length}" if m.context_length else ""
        out.append(f"{m.name} on {m.location.where}{until} (digest {_short(m.digest)}{ctx})")
    return out
