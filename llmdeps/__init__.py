"""llmdeps: know which LLMs you depend on, who makes them, and what happens if that vendor changes its mind."""

__version__ = "0.1.0"
