"""The lock: its model (`model.py`) and its deterministic YAML codec (`codec.py`)."""

from llmdeps.lockfile.codec import HEADER, dump, load, read, read_text, to_data, to_dict

__all__ = ["HEADER", "dump", "load", "read", "read_text", "to_data", "to_dict"]
