"""Readers that keep source positions: text in, positioned nodes out, errors as data, no models."""
