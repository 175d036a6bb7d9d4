"""Sweeps over one architecture field and the statistics of paper 000 Sec. IV.

``sweep`` trains an ensemble per value of a ``TrainConfig`` field and returns one row per
member (binding-energy RMSD, parameter deltas, Frobenius norms). The statistics are the
paper's: the Table I cut (RMSD > 100 MeV or NaN excluded from mean/std but counted) and the
interquartile exclusion of Figs. 11-12.
"""

import itertools
import time

import numpy as np
import pandas as pd

from nucmass.data.features import MinMaxScaler
from nucmass.models.mlp import layer_sizes
from nucmass.train.config import TrainConfig
from nucmass.train.engine import EnsembleResult, table_arrays, train_ensemble, train_members
from nucmass.train.metrics import frobenius_norms, parameter_deltas

__all__ = [
    "TABLE1_PAPER",
    "epoch_cost_model",
    "estimate_sweep_seconds",
    "flops_per_epoch",
    "interquartile_mean",
    "member_rows",
    "rmsd_statistics",
    "sweep",
]

# Paper 000 Table I: width -> (mean RMSD MeV, std MeV, number of runs), l_out = 4.
TABLE1_PAPER = {
    1: (71.9549, 0.0, 100), 4: (68.9716, 11.2120, 100), 10: (55.9824, 25.3620, 99),
    20: (35.2627, 31.6383, 99), 30: (14.9702, 24.1069, 98), 40: (6.0500, 12.0067, 99),
    50: (3.0745, 1.0921, 100), 60: (2.9027, 0.3699, 100), 70: (2.8203, 0.3005, 100),
    80: (2.7189, 0.3137, 100), 90: (2.6223, 0.2980, 100), 115: (2.5392, 0.2326, 100),
    120: (2.5250, 0.2221, 100), 180: (2.5964, 0.1523, 100), 240: (2.7347, 0.1328, 100),
    500: (3.1506, 0.1641, 100), 1000: (3.6029, 0.1780, 100), 2000: (4.0420, 0.1850, 84),
}  # fmt: skip


def member_rows(result: EnsembleResult) -> pd.DataFrame:
    """One row per member: seed, failed, final loss, RMSD per part, deltas and norms."""
    frame = pd.DataFrame(
        {"seed": result.seeds, "failed": result.failed, "final_loss": result.losses[:, -1]}
    )
    for part, values in result.rmsd.items():
        frame[f"rmsd_{part}"] = values
    deltas = parameter_deltas(result.initial, result.final)
    norms = frobenius_norms(result.initial, result.final)
    for name, values in {**deltas, **{f"frob_{k}": v for k, v in norms.items()}}.items():
        frame[name] = values
    return frame


def sweep(base: TrainConfig, field: str, values, seeds, table, progress=None) -> tuple:
    """Train ``base`` with ``field`` set to each of ``values``.

    Returns
    -------
    rows : DataFrame
        ``member_rows`` of every ensemble with a column ``field``.
    results : dict value -> EnsembleResult
    """
    frames, results = [], {}
    for value in values:
        result = train_ensemble(base.replace(**{field: value}), seeds, table)
        results[value] = result
        frames.append(member_rows(result).assign(**{field: value}))
        if progress is not None:
            progress(field, value, result)
    return pd.concat(frames, ignore_index=True), results


def rmsd_statistics(rmsd, failed=None, cutoff: float = 100.0) -> dict:
    """Table I statistics: runs with RMSD > ``cutoff`` MeV, NaN, or failed are excluded.

    Returns mean, std (population, as numpy's default), the number of runs used and the
    number excluded.
    """
    rmsd = np.asarray(rmsd, dtype=float)
    bad = ~np.isfinite(rmsd) | (rmsd > cutoff)
    if failed is not None:
        bad |= np.asarray(failed, dtype=bool)
    kept = rmsd[~bad]
    return {
        "mean": float(kept.mean()) if kept.size else float("nan"),
        "std": float(kept.std()) if kept.size else float("nan"),
        "runs": int(kept.size),
        "excluded": int(bad.sum()),
    }


def interquartile_mean(values) -> float:
    """Mean of the finite values inside the interquartile fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR].

    Paper 000 Figs. 11-12: "outliers outside of the interquartile range of the distribution
    of each norm being excluded"; we read this as Tukey's fences (the literal [Q1, Q3] would
    leave nothing for two runs).
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return float("nan")
    q1, q3 = np.percentile(values, [25, 75])
    low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    return float(values[(values >= low) & (values <= high)].mean())


def flops_per_epoch(config: TrainConfig, nuclei: int) -> float:
    """Forward + backward FLOPs of one full-batch epoch: 6 m sum_l n_{l-1} n_l."""
    sizes = layer_sizes(config.inputs, config.width, config.depth)
    return 6.0 * nuclei * sum(a * b for a, b in itertools.pairwise(sizes))


def _seconds_per_epoch(config: TrainConfig, x, y, epochs: int) -> float:
    sample = config.replace(epochs=epochs, chunk_epochs=epochs, strategy="sequential")
    for _ in range(2):  # the first call compiles
        start = time.perf_counter()
        np.asarray(train_members(sample, [0], x, y, "sequential")[-1])
        seconds = time.perf_counter() - start
    return seconds / epochs


def epoch_cost_model(base: TrainConfig, table, epochs: int = 20) -> tuple[float, float]:
    """(a, b) of seconds per network-epoch = a + b * FLOPs, measured on this machine.

    Times ``epochs`` epochs of one ``base`` network (after compilation) at widths 4 and 120.
    """
    scaler = MinMaxScaler.fit(np.column_stack([table.N, table.Z]))
    x, y = table_arrays(table, base.inputs, scaler)
    flops = [flops_per_epoch(base.replace(width=w), len(table)) for w in (4, 120)]
    times = [_seconds_per_epoch(base.replace(width=w), x, y, epochs) for w in (4, 120)]
    slope = max((times[1] - times[0]) / (flops[1] - flops[0]), 0.0)
    return max(times[0] - slope * flops[0], 0.0), slope


def estimate_sweep_seconds(cost: tuple, base: TrainConfig, widths, seeds: int, nuclei: int):
    """Wall seconds of a width sweep (widths x seeds x ``base.epochs``) on ``base.workers``
    processes, from a ``epoch_cost_model``."""
    offset, slope = cost
    per_epoch = [offset + slope * flops_per_epoch(base.replace(width=w), nuclei) for w in widths]
    return sum(per_epoch) * seeds * base.epochs / base.workers
