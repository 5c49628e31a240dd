"""Placeholder: filled in by its owner."""

INDICATORS: tuple = ()
