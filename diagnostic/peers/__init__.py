"""Benchmark packs: compare with peers without sharing anyone's data.

``pack`` reduces a scorecard to what may leave the organisation, ``reading`` checks packs that
arrive from elsewhere (untrusted input), ``compare`` sets ours beside theirs, and ``generated``
makes packs for fictional organisations so there is something to compare with on first run.
"""
