"""Placeholder: filled in by its owner."""

FORMATS: tuple = ()
