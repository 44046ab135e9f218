"""`llmdeps scan --format lock` (the default): the lock file itself."""

from __future__ import annotations

from llmdeps.inventory import Inventory
from llmdeps.lockfile import dump
from llmdeps.lockfile.model import Lock

name = "lock"
writes_lock = True
"""The product is llmdeps.lock: written to PATH/llmdeps.lock unless --output says otherwise."""


def render(inventory: Inventory, lock: Lock) -> str:
    """The lock as YAML, byte-identical for the same lock."""
    return dump(lock)
