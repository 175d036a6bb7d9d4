"""Plots of initialisation ensembles: histograms, corner plots and depth profiles.

Free functions over arrays, each drawing into given Axes and returning them (callers
create the figure and save it).
"""

import numpy as np
from scipy import stats

__all__ = ["plot_corner", "plot_depth_curves", "plot_output_histogram"]


def plot_output_histogram(ax, samples, bins: int = 80, clip: float = 6.0):
    """Density histogram of 1-d ``samples`` with the Gaussian of the same mean and variance.

    The range is mean +- ``clip`` standard deviations (the far tails are not drawn).
    """
    samples = np.asarray(samples, dtype=float)
    mean, std = samples.mean(), samples.std()
    span = (mean - clip * std, mean + clip * std) if std > 0 else (mean - 1, mean + 1)
    ax.hist(samples, bins=bins, range=span, density=True, color="0.6", edgecolor="none")
    grid = np.linspace(*span, 400)
    if std > 0:
        ax.plot(grid, stats.norm.pdf(grid, mean, std), color="red", lw=1.2)
    ax.set_xlim(span)
    return ax


def plot_corner(axes, samples, labels, theory_correlation=None, bins: int = 60):
    """Corner plot of ``samples`` (m, k) on a k x k array of Axes.

    Diagonal: histograms with a Gaussian overlay; lower triangle: 2-d histograms (log
    colour) annotated with the measured correlation and, if given, the theory one; upper
    triangle hidden.
    """
    samples = np.asarray(samples, dtype=float)
    k = samples.shape[1]
    measured = np.corrcoef(samples.T)
    spans = [np.quantile(samples[:, a], [0.002, 0.998]) for a in range(k)]
    for a in range(k):
        for b in range(k):
            ax = axes[a, b]
            if b > a:
                ax.set_visible(False)
                continue
            if a == b:
                plot_output_histogram(ax, samples[:, a], bins=bins)
                ax.set_yticks([])
            else:
                ax.hist2d(
                    samples[:, b],
                    samples[:, a],
                    bins=bins,
                    range=[spans[b], spans[a]],
                    cmap="Blues",
                    norm="log",
                )
                text = f"ρ={measured[a, b]:.2f}"
                if theory_correlation is not None:
                    text += f"\nGP {theory_correlation[a, b]:.2f}"
                ax.text(0.03, 0.97, text, transform=ax.transAxes, va="top", fontsize=6)
            ax.tick_params(labelsize=5)
            if a == k - 1:
                ax.set_xlabel(labels[b], fontsize=7)
            if b == 0 and a > 0:
                ax.set_ylabel(labels[a], fontsize=7)
    return axes


def plot_depth_curves(ax, depth, measured, measured_se, curves: dict, log=None):
    """Measured values with 1-sigma error bars and predicted ``curves`` (label -> (y, style)).

    ``style`` is a dict of matplotlib line keywords. ``log`` None means a logarithmic y
    axis when the first curve spans more than a factor 30, else linear.
    """
    ax.errorbar(
        depth,
        measured,
        yerr=measured_se,
        fmt="o-",
        ms=3,
        lw=1,
        capsize=2,
        label="measured",
        zorder=3,
    )
    for label, (values, style) in curves.items():
        ax.plot(depth, values, label=label, **style)
    if log is None:
        first = np.abs(np.asarray(next(iter(curves.values()))[0], dtype=float))
        log = bool(first.min() > 0 and first.max() / first.min() > 30)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("depth L (hidden layers)")
    return ax
