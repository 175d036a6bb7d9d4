"""Figures of the multi-fidelity paper (paper 002, Figs. 2-5) as free functions over arrays.

Each function draws on the Axes it is given (or on a new Figure, not managed by pyplot)
and returns them; the caller saves. :func:`mfdnn_figures` draws Figs. 2-5 of a trained
ensemble from the numbers of :mod:`nucmass.analysis.mfdnn`. Energies in MeV; deviations
are model - experiment.
"""

import numpy as np
from matplotlib.figure import Figure

from nucmass.analysis import mfdnn as numbers
from nucmass.plotting.chart import plot_chart

__all__ = ["mfdnn_figures", "plot_chart_pair", "plot_deviations", "plot_isotopes"]


def plot_deviations(a, deviations: dict, held_out=None, axes=None):
    """Fig. 2: model - experiment (MeV) against A, one panel per model (shared y axis).

    Parameters
    ----------
    a : array_like of int, shape (m,)
    deviations : dict
        Model name -> deviations, shape (m,).
    held_out : array_like of bool, shape (m,), optional
        Nuclei not used in training, drawn in a second colour.
    """
    if axes is None:
        figure = Figure(figsize=(4 * len(deviations), 3.6))
        axes = figure.subplots(1, len(deviations), sharey=True)
    a = np.asarray(a)
    held_out = np.zeros(len(a), bool) if held_out is None else np.asarray(held_out, bool)
    for ax, (name, values) in zip(np.atleast_1d(axes), deviations.items(), strict=True):
        values = np.asarray(values, float)
        rms = np.sqrt(np.nanmean(values**2))
        ax.scatter(a[~held_out], values[~held_out], s=3, c="C0", label="train")
        if held_out.any():
            ax.scatter(a[held_out], values[held_out], s=5, c="C3", label="held out")
        ax.axhline(0.0, color="0.3", lw=0.6)
        ax.set(xlabel="A", title=f"{name} (rms {rms:.3f} MeV)")
    np.atleast_1d(axes)[0].set_ylabel("model - experiment (MeV)")
    np.atleast_1d(axes)[0].legend(loc="lower right", markerscale=3)
    return axes


def plot_isotopes(n_exp, m_exp, curves: dict, axes=None, element="Ba"):
    """Fig. 3: mass excess along an isotopic chain, and each model minus experiment.

    Parameters
    ----------
    n_exp, m_exp : array_like, shape (m,)
        Neutron numbers and experimental mass excesses (MeV).
    curves : dict
        Model name -> (n, mass excess (MeV)) over the model's range (may exceed the data).
    """
    if axes is None:
        figure = Figure(figsize=(6.5, 6))
        axes = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    top, bottom = axes
    top.plot(n_exp, m_exp, "ko", ms=4, label="experiment", zorder=3)
    exp = dict(zip(np.asarray(n_exp).tolist(), np.asarray(m_exp, float), strict=True))
    for name, (n, m) in curves.items():
        top.plot(n, m, "-", lw=1.2, label=name)
        common = [(k, v) for k, v in zip(np.asarray(n).tolist(), m, strict=True) if k in exp]
        if common:
            nn, mm = np.array(common).T
            bottom.plot(nn, mm - np.array([exp[k] for k in nn]), ".-", label=name)
    bottom.axhline(0.0, color="0.3", lw=0.6)
    top.set(ylabel="mass excess (MeV)", title=f"{element} isotopes")
    bottom.set(xlabel="N", ylabel="model - experiment (MeV)")
    top.legend()
    return axes


def plot_chart_pair(z, n, first, second, titles, label, axes=None, vmax=None):
    """Two nuclear charts side by side on a common colour scale (Figs. 4 and 5)."""
    if axes is None:
        axes = Figure(figsize=(15, 5.2)).subplots(1, 2)
    first, second = np.asarray(first, float), np.asarray(second, float)
    both = np.abs(np.concatenate([first, second]))
    limit = vmax or float(np.nanpercentile(both, 99))
    for ax, values, title in zip(axes, (first, second), titles, strict=True):
        plot_chart(z, n, values, ax=ax, vmax=limit, label=label, title=title)
    return axes


def _chart_figures(chart: dict) -> dict:
    """Figs. 4 (MFDNN and the other table minus the reference) and 5 (NNh2) by file name."""
    names = [k for k in chart if "-" in k]
    pair = plot_chart_pair(chart["Z"], chart["N"], chart[names[0]], chart[names[1]],
                           names, "mass excess difference (MeV)")  # fmt: skip
    nnh2 = plot_chart(chart["Z"], chart["N"], chart["nonlinear"],
                      Figure(figsize=(9, 5.6)).subplots(),
                      label="NNh2 output (MeV of mass excess)",
                      title="NNh2 contribution (ensemble mean)")  # fmt: skip
    reference = names[0].split("-")[1].lower()
    return {f"fig4_mfdnn_minus_{reference}.png": pair[0].figure, "fig5_nnh2.png": nnh2.figure}


def mfdnn_figures(ensemble, table, element: tuple = ("Ba", 56)) -> tuple[dict, dict]:
    """Figs. 2-5 of paper 002 for a trained MFDNN ensemble on two theory tables.

    ``table`` is its split table (``part`` marks the held-out nuclei); ``element`` the
    (symbol, Z) of the isotopic chain of Fig. 3. Returns (figures, numbers): file name
    -> Figure, and the spread of MFDNN - reference and other - reference over the chart
    nuclei off the data (``nucmass.analysis.mfdnn.far_from_data``).
    """
    held_out = (table.part != "train").to_numpy()
    found = numbers.deviations(ensemble, table)
    deviations = np.atleast_1d(plot_deviations(table.A.to_numpy(), found, held_out))
    n_exp, m_exp, curves = numbers.isotope_curves(ensemble, table, element[1])
    isotopes = plot_isotopes(n_exp, m_exp, curves, element=element[0])
    figures = {
        "fig2_deviations.png": deviations[0].figure,
        f"fig3_{element[0].lower()}_isotopes.png": isotopes[0].figure,
    }
    chart = numbers.chart_differences(ensemble)
    return {**figures, **_chart_figures(chart)}, numbers.far_from_data(chart, table)
