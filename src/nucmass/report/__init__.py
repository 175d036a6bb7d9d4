"""Model reports: one self-contained HTML file (plotly inline) plus static PNGs beside it."""

from pathlib import Path

from nucmass.plotting.report import write_pngs
from nucmass.report.data import DEFAULT_THEORIES, ReportData, collect
from nucmass.report.html import render_html, write_html

__all__ = ["DEFAULT_THEORIES", "ReportData", "build_report", "collect", "render_html"]


def build_report(model, name: str, out, split: str, seed: int = 0, theories=None):
    """Write ``out`` (HTML) and PNGs in ``<out stem>_figures/``; return (data, html, pngs).

    ``theories``: name -> theory table for the comparison (default: ``DEFAULT_THEORIES``).
    """
    out = Path(out)
    data = collect(model, name, split, seed, theories)
    page = write_html(data, out)
    pngs = write_pngs(data, out.parent / f"{out.stem}_figures")
    return data, page, pngs
