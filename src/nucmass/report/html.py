"""One self-contained HTML file per model: plotly.js is embedded, nothing is fetched."""

import html

import pandas as pd
import plotly.offline

from nucmass.report.data import ReportData
from nucmass.report.figures import (
    band_labels,
    chains_figure,
    chart_figure,
    coverage_figure,
    reliability_figure,
    spread_figure,
)

__all__ = ["render_html"]

_STYLE = """
body { font-family: sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }
table.data { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0 1.5em; }
table.data th, table.data td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
table.data th { background: #f2f2f2; }
p.note { color: #555; font-size: 0.9em; }
"""


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, classes="data", float_format="{:.3f}".format, na_rep="-")


def _figure(figure, div_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=div_id)


def _sections(data: ReportData) -> list[str]:
    hover = {
        "prediction (MeV)": "binding_energy",
        "experiment (MeV)": "experiment",
        "residual (MeV)": "residual",
    }
    if data.is_ensemble:
        hover["uncertainty (MeV)"] = "binding_energy_std"
    residual_chart = chart_figure(
        data.predictions, "residual", hover, "Residual B_model - B_AME2020 (MeV); hover for values"
    )
    metrics = data.metrics[data.metrics.subset.isin(["all", "measured", "estimated"])]
    parts = [
        f"<h2>Accuracy on split {data.split} (seed {data.seed})</h2>",
        "<p class='note'>RMSD in MeV, residual = prediction - experiment; n = set size. "
        f"Split hash {data.split_hash[:16]}.</p>" + _table(metrics),
        "<h2>Comparison with theory tables (same nuclei per row)</h2>",
        "<p class='note'>RMSD (MeV): binding energy against the split's targets; observables "
        "(each from the table's own masses) against those of measured AME masses. n = nuclei "
        "of the part where every table and the experiment have a value ('-' when none).</p>"
        + _table(data.comparison),
        "<h2>Nuclear chart</h2>",
        _figure(residual_chart, "chart-residual"),
        "<h2>S<sub>2n</sub> chains</h2>",
        _figure(chains_figure(data.chains, data.name), "chart-s2n"),
    ]
    return parts + _uncertainty_sections(data) + _calibrated_sections(data)


def _calibrated_sections(data: ReportData) -> list[str]:
    if data.coverage is None:
        return ["<p class='note'>Not calibrated: the spread above is the members' spread, "
                "not an error bar (nucmass calibrate fits one).</p>"]  # fmt: skip
    shown = data.coverage[data.coverage.quantity.isin(["binding_energy", "S_2n"])]
    return [
        "<h2>Calibrated uncertainty</h2>",
        "<p class='note'>Held-out measured nuclei: fraction within 1 and 2 calibrated sigma "
        "(Gaussian 0.683, 0.954), coverage and mean width (MeV) of the 68 % and 95 % "
        "intervals, Gaussian NLL and CRPS (MeV), by steps beyond the training data.</p>",
        _table(shown),
        _figure(reliability_figure(data.reliability), "chart-reliability"),
        _figure(coverage_figure(data.coverage), "chart-coverage"),
    ]


def _uncertainty_sections(data: ReportData) -> list[str]:
    if not data.is_ensemble or data.calibration is None:
        return ["<h2>Uncertainty</h2><p class='note'>Not an ensemble: no spread to show.</p>"]
    hover = {
        "prediction (MeV)": "binding_energy",
        "uncertainty (MeV)": "binding_energy_std",
        "distance to data": "distance_to_measured",
    }
    title = "Ensemble spread (MeV) between the model's drip lines"
    spread_table = data.spread.drop(columns=["distance_min", "distance_max"])
    spread_table.insert(0, "distance", band_labels(data.spread))
    spread_chart = chart_figure(data.domain, "binding_energy_std", hover, title, diverging=False)
    return [
        "<h2>Uncertainty</h2>",
        "<p class='note'>The member spread taken as sigma, on measured nuclei: fraction of "
        "residuals within 1 and 2 spreads (Gaussian: 0.683 and 0.954); rms_z = RMS of "
        "residual / spread. A seed ensemble's spread is far smaller than its error.</p>",
        _table(data.calibration),
        _figure(spread_chart, "chart-uncertainty"),
        _table(spread_table),
        _figure(spread_figure(data.spread), "chart-spread"),
    ]


def render_html(data: ReportData) -> str:
    """The report page as a string (with plotly.js inline, about 5 MB)."""
    title = html.escape(f"nucmass report: {data.name} ({data.family})")
    domain = data.notes.get("domain", {})
    intro = (
        f"<p>Model <b>{html.escape(data.name)}</b>, family {html.escape(data.family)}. "
        f"Drip-line domain: {domain.get('nuclei')} nuclei, Z {domain.get('Z')}.</p>"
    )
    body = "\n".join([f"<h1>{title}</h1>", intro, *_sections(data)])
    script = f"<script type='text/javascript'>{plotly.offline.get_plotlyjs()}</script>"
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{_STYLE}</style>{script}</head>\n<body>\n{body}\n</body></html>\n"
    )
