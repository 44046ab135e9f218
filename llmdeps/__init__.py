"""llmdeps: which LLMs you depend on, who makes them, and what if that vendor changes its mind."""

__version__ = "0.1.0"
