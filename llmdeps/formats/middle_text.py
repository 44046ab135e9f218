"""The middle-layer section's words, shared by the text, Markdown and HTML reports."""

from __future__ import annotations

from llmdeps.analysis.middle import AdvisoryHit, MiddleLayer, PackageRow

TITLE = "Middle layer: gateways, SDKs, frameworks and runtimes"


def shown(middle: MiddleLayer) -> bool:
    """The section appears when the lock has packages or an environment hit an advisory."""
    return bool(middle.workflows or middle.hits or middle.payloads)


def summary_line(middle: MiddleLayer) -> str:
    """`3 packages, 1 not pinned; 1 advisory hit (6 advisories in force)`."""
    hits = len(middle.hits)
    return (
        f"{middle.packages} package{'s' if middle.packages != 1 else ''}, "
        f"{middle.unpinned} not pinned; {hits} advisory hit{'s' if hits != 1 else ''} "
        f"({middle.advisories_in_force} advisories in force)"
    )


def package_text(row: PackageRow) -> str:
    """`litellm 1.82.6 (PyPI gateway; pinned, hashed; requirements.txt)`."""
    version = ", ".join(row.versions) or ", ".join(row.specs) or "any version"
    state = ["pinned" if row.pinned else "NOT pinned"]
    if row.hashed:
        state.append("hashed")
    if row.locked:
        state.append("locked")
    text = f"{row.name} {version} ({row.ecosystem} {row.role}; {', '.join(state)}; "
    text += ", ".join(row.files) + ")"
    if row.advisories:
        text += " COMPROMISED: " + ", ".join(row.advisories)
    return text


def hit_text(hit: AdvisoryHit) -> str:
    """`MAL-2026-2144 (PYSEC-2026-2): litellm 1.82.7 (PyPI) in requirements.txt; ...`."""
    aka = f" ({', '.join(hit.aliases)})" if hit.aliases else ""
    return f"{hit.advisory}{aka}: {hit.package} in {hit.where}: {hit.summary}; {hit.fixed}"
