"""The lock: its model (`model.py`), its deterministic YAML codec (`codec.py`), how it is built
from an inventory and its analysis (`build.py`)."""

from llmdeps.lockfile.build import Analysis, lock_from
from llmdeps.lockfile.codec import HEADER, dump, load, read, read_text, to_data, to_dict

__all__ = [
    "HEADER",
    "Analysis",
    "dump",
    "load",
    "lock_from",
    "read",
    "read_text",
    "to_data",
    "to_dict",
]
