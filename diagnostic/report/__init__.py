"""Reports and exports: the HTML report, tables for the terminal, CSV/XLSX and chart images."""

from __future__ import annotations


def write_report(*args, **kwargs):
    """Write the self-contained HTML report (see :mod:`diagnostic.report.html`)."""
    from diagnostic.report.html import write_report as _write

    return _write(*args, **kwargs)
