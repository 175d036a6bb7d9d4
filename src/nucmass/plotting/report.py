"""Static PNG figures of a model report, for papers: residual and uncertainty charts, S_2n
chains, ensemble spread against distance to measured nuclei."""

from pathlib import Path

import matplotlib.pyplot as plt

from nucmass.plotting.chart import plot_chart

__all__ = ["plot_chains", "plot_coverage", "plot_reliability", "plot_spread", "write_pngs"]


def plot_chains(chains, name: str, ax=None):
    """S_2n (MeV) against N per Z: model lines, AME2020 measured markers; return the Axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    for z, chain in chains.sort_values("N").groupby("Z"):
        (line,) = ax.plot(chain.N, chain.S_2n, lw=1.2, label=f"Z={z}")
        ax.plot(chain.N, chain.S_2n_exp, "o", ms=2.5, color=line.get_color())
    ax.set(xlabel="N", ylabel="$S_{2n}$ (MeV)", title=f"$S_{{2n}}$: {name} (lines), AME2020 (dots)")
    ax.legend(fontsize=8, ncol=2)
    ax.grid(alpha=0.3)
    return ax


def plot_spread(spread, ax=None):
    """Mean and 90th-percentile ensemble spread per distance band; return the Axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    centre = spread.distance_min
    ax.plot(centre, spread.sigma_mean, "o-", label="mean")
    ax.plot(centre, spread.sigma_p90, "s--", label="90th percentile")
    ax.set(
        xlabel="steps to the nearest measured nucleus (band start)",
        ylabel="spread (MeV)",
        title="Ensemble spread vs distance to data",
    )
    ax.legend()
    ax.grid(alpha=0.3)
    return ax


def plot_reliability(table, ax=None):
    """Observed against nominal coverage of central Gaussian intervals; return the Axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="gray", label="calibrated")
    ax.plot(table.level, table.observed, "o-", label="model")
    ax.set(xlabel="nominal coverage", ylabel="observed coverage", xlim=(0, 1), ylim=(0, 1),
           title="Reliability: held-out binding energies")  # fmt: skip
    ax.legend()
    ax.grid(alpha=0.3)
    return ax


def plot_coverage(coverage, ax=None):
    """1- and 2-sigma coverage of held-out B per band of steps beyond the training data."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    rows = coverage[
        (coverage.quantity == "binding_energy") & coverage.subset.str.startswith("steps")
    ]
    labels = (rows.subset + "\n" + rows.part).tolist()
    for column, nominal, marker in (("within_1sigma", 0.683, "o"), ("within_2sigma", 0.954, "s")):
        ax.plot(labels, rows[column], marker, label=column.replace("_", " "))
        ax.axhline(nominal, ls="--", color="gray", lw=0.8)
    ax.set(ylabel="observed coverage", ylim=(0, 1.02), title="Coverage vs extrapolation")
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=8)
    return ax


def _save(ax, path: Path) -> Path:
    ax.figure.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    return path


def write_pngs(data, directory: "str | Path") -> list[Path]:
    """Write the PNGs of a :class:`nucmass.report.ReportData` into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    measured = data.predictions[~data.predictions.is_estimated]
    title = f"{data.name}: B_model - B_AME2020 (MeV), {len(measured)} measured nuclei"
    paths = [
        _save(
            plot_chart(measured.Z, measured.N, measured.residual, title=title),
            directory / "residual_chart.png",
        ),
        _save(plot_chains(data.chains, data.name), directory / "s2n_chains.png"),
    ]
    if data.spread is not None:
        domain = data.domain
        ax = plot_chart(
            domain.Z,
            domain.N,
            domain.binding_energy_std,
            diverging=False,
            label="ensemble spread (MeV)",
            title=f"{data.name}: ensemble spread",
        )
        paths += [
            _save(ax, directory / "uncertainty_chart.png"),
            _save(plot_spread(data.spread), directory / "spread_vs_distance.png"),
        ]
    if data.coverage is not None:
        paths += [
            _save(plot_reliability(data.reliability), directory / "reliability.png"),
            _save(plot_coverage(data.coverage), directory / "coverage_vs_steps.png"),
        ]
    return paths
