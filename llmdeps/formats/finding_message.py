"""How one finding reads as a single message: its sentence, then its fix (SARIF and GitHub)."""

from __future__ import annotations

from llmdeps.model import Finding


def sentence(clause: str) -> str:
    """A fix clause (`run ... and commit ...`) as a sentence: capitalised, ending in a full stop."""
    return f"{clause[:1].upper()}{clause[1:]}."


def message_text(f: Finding) -> str:
    """The finding's sentence, then its fix (GitHub titles the alert with the first sentence)."""
    text = f.message
    if f.fix:
        text = f"{text.rstrip()}{'' if text.rstrip().endswith('.') else '.'} Fix: {f.fix}."
    return text
