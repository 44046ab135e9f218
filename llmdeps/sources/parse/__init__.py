"""Position-keeping readers of source text, shared by the detectors."""
