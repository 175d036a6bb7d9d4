"""Interactive plotly figures of a report: nuclear charts with hover, S_2n chains, spread.

Charts follow the project convention: N on x, Z on y, diverging colours centred on 0 for
residuals, dashed lines at the magic numbers.
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from nucmass.plotting.chart import MAGIC_NUMBERS

__all__ = [
    "band_labels",
    "chains_figure",
    "chart_figure",
    "coverage_figure",
    "reliability_figure",
    "spread_figure",
]

_LAYOUT = {"template": "plotly_white", "margin": {"l": 60, "r": 20, "t": 50, "b": 50}}


def _magic_shapes(z_max: int, n_max: int) -> list[dict]:
    line = {"color": "rgba(80,80,80,0.6)", "width": 1, "dash": "dash"}
    shapes = [
        {"type": "line", "x0": m, "x1": m, "y0": 0, "y1": z_max, "line": line}
        for m in MAGIC_NUMBERS
        if m <= n_max
    ]
    shapes += [
        {"type": "line", "x0": 0, "x1": n_max, "y0": m, "y1": m, "line": line}
        for m in MAGIC_NUMBERS
        if m <= z_max
    ]
    return shapes


def chart_figure(table: pd.DataFrame, value: str, hover: dict, title: str, diverging=True):
    """A nuclear chart of ``table[value]`` with a hover box.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns Z, N, nuclide, ``value`` and those named in ``hover``.
    hover : dict
        label -> column shown in the hover box (numbers with 3 decimals, MeV).
    diverging : bool
        Residual colours centred on 0 (else a sequential scale from 0).
    """
    z_max, n_max = int(table.Z.max()), int(table.N.max())
    grid = np.full((z_max + 1, n_max + 1), np.nan)
    grid[table.Z, table.N] = table[value]
    custom = np.full((z_max + 1, n_max + 1, len(hover) + 1), None, dtype=object)
    custom[table.Z, table.N, 0] = table.nuclide
    for k, column in enumerate(hover.values(), start=1):
        custom[table.Z, table.N, k] = np.round(table[column].to_numpy(dtype=float), 3)
    lines = [f"{label}: %{{customdata[{k}]}}" for k, label in enumerate(hover, start=1)]
    template = "<b>%{customdata[0]}</b> (Z=%{y}, N=%{x})<br>" + "<br>".join(lines)
    finite = np.abs(table[value].to_numpy(dtype=float))
    limit = float(np.nanpercentile(finite, 99)) if np.isfinite(finite).any() else 1.0
    colours = {"colorscale": "RdBu_r", "zmid": 0.0, "zmin": -limit, "zmax": limit}
    if not diverging:
        colours = {"colorscale": "Viridis", "zmin": 0.0, "zmax": limit}
    heatmap = go.Heatmap(
        z=grid,
        customdata=custom,
        hovertemplate=template + "<extra></extra>",
        hoverongaps=False,
        colorbar={"title": "MeV"},
        **colours,
    )
    figure = go.Figure(heatmap)
    figure.update_layout(title=title, height=560, shapes=_magic_shapes(z_max, n_max), **_LAYOUT)
    figure.update_xaxes(title="N", range=[-0.5, n_max + 0.5])
    figure.update_yaxes(title="Z", range=[-0.5, z_max + 0.5], scaleanchor="x")
    return figure


def chains_figure(chains: pd.DataFrame, name: str):
    """S_2n along isotopic chains: the model (lines) and AME2020 measured (markers)."""
    figure = go.Figure()
    palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"]
    for k, (z, chain) in enumerate(chains.sort_values("N").groupby("Z")):
        colour = palette[k % len(palette)]
        figure.add_scatter(
            x=chain.N, y=chain.S_2n, mode="lines", name=f"Z={z} {name}", line={"color": colour}
        )
        exp = chain.dropna(subset=["S_2n_exp"])
        figure.add_scatter(
            x=exp.N,
            y=exp.S_2n_exp,
            mode="markers",
            name=f"Z={z} AME2020",
            marker={"color": colour, "size": 5},
        )
    figure.update_layout(title="Two-neutron separation energies", height=480, **_LAYOUT)
    figure.update_xaxes(title="N")
    figure.update_yaxes(title="S_2n (MeV)")
    return figure


def band_labels(spread: pd.DataFrame) -> list[str]:
    """Distance bands of :func:`nucmass.uncertainty.spread_vs_distance` as "3-4", ">=21"."""
    return [
        f"{lo:.0f}" if lo == hi else f"{lo:.0f}-{hi:.0f}" if hi == hi else f">={lo:.0f}"
        for lo, hi in zip(spread.distance_min, spread.distance_max, strict=True)
    ]


def spread_figure(spread: pd.DataFrame):
    """Mean and 90th percentile of the ensemble spread per band of distance to data."""
    labels = band_labels(spread)
    figure = go.Figure()
    figure.add_bar(x=labels, y=spread.sigma_mean, name="mean", text=spread.n)
    figure.add_bar(x=labels, y=spread.sigma_p90, name="90th percentile")
    figure.update_layout(
        title="Ensemble spread vs distance to measured nuclei",
        height=400,
        barmode="group",
        **_LAYOUT,
    )
    figure.update_xaxes(title="steps |dZ| + |dN| to the nearest measured nucleus")
    figure.update_yaxes(title="spread (MeV)")
    return figure


def reliability_figure(table: pd.DataFrame):
    """Observed against nominal coverage of central Gaussian intervals (held-out B)."""
    figure = go.Figure()
    figure.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="calibrated",
                       line={"dash": "dash", "color": "gray"})  # fmt: skip
    figure.add_scatter(x=table.level, y=table.observed, mode="lines+markers", name="model")
    figure.update_layout(title="Reliability: held-out binding energies", height=400, **_LAYOUT)
    figure.update_xaxes(title="nominal coverage", range=[0, 1])
    figure.update_yaxes(title="observed coverage", range=[0, 1])
    return figure


def coverage_figure(coverage: pd.DataFrame):
    """1- and 2-sigma coverage of held-out binding energies per band of extrapolation."""
    rows = coverage[
        (coverage.quantity == "binding_energy") & coverage.subset.str.startswith("steps")
    ]
    figure = go.Figure()
    for column, nominal in (("within_1sigma", 0.683), ("within_2sigma", 0.954)):
        label = column.replace("within_", "within ")
        figure.add_scatter(x=rows.subset + " (" + rows.part + ")", y=rows[column],
                           mode="markers", name=label, text=rows.n)  # fmt: skip
        figure.add_hline(y=nominal, line={"dash": "dash", "color": "gray"})
    figure.update_layout(title="Coverage vs steps beyond the training data", height=400,
                         **_LAYOUT)  # fmt: skip
    figure.update_yaxes(title="observed coverage", range=[0, 1.02])
    return figure
