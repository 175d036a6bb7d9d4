"""Model reports: one self-contained HTML file (plotly inline) plus static PNGs beside it."""

from nucmass.atomic import atomic_directory, check_writable, write_text
from nucmass.plotting.report import write_pngs
from nucmass.report.data import DEFAULT_THEORIES, ReportData, collect
from nucmass.report.html import render_html

__all__ = ["DEFAULT_THEORIES", "ReportData", "build_report", "collect", "render_html"]


def build_report(model, name: str, out, split: str, seed: int = 0, theories=None):
    """Write ``out`` (HTML) and PNGs in ``<out stem>_figures/``; return (data, html, pngs).

    ``theories``: name -> theory table for the comparison (default: ``DEFAULT_THEORIES``).
    Both are written atomically after everything is computed (an earlier figure directory
    is replaced whole); ``out`` inside the installed package is refused before any work.
    """
    out = check_writable(out)
    figures = out.parent / f"{out.stem}_figures"
    data = collect(model, name, split, seed, theories)
    html = render_html(data)
    with atomic_directory(figures, overwrite=True) as temporary:
        pngs = [figures / path.name for path in write_pngs(data, temporary)]
    return data, write_text(out, html), pngs
