"""What training feed-forward networks costs on this machine: FLOPs per epoch, a measured
cost model (seconds per network-epoch = a + b FLOPs) and the wall time of a width sweep.
"""

import itertools
import time

from nucmass.models.fnn import FNNConfig
from nucmass.train.members import train_members
from nucmass.train.problem import training_problem

__all__ = ["epoch_cost_model", "estimate_sweep_seconds", "flops_per_epoch"]


def flops_per_epoch(model: FNNConfig, nuclei: int) -> float:
    """Forward + backward FLOPs of one full-batch epoch: 6 m sum_l n_{l-1} n_l, for
    m = ``nuclei`` training nuclei."""
    sizes = model.sizes
    return 6.0 * nuclei * sum(a * b for a, b in itertools.pairwise(sizes))


def _seconds_per_epoch(model, training, problem, epochs: int) -> float:
    """Wall seconds per epoch of one member (seed 0), timed after compilation."""
    training = training.replace(epochs=epochs)
    for _ in range(2):  # the first call compiles (runners are cached)
        start = time.perf_counter()
        train_members(model, training, [0], problem, "sequential", epochs)
        seconds = time.perf_counter() - start
    return seconds / epochs


def epoch_cost_model(model, training, table, epochs: int = 20) -> tuple[float, float]:
    """(a, b) of seconds per network-epoch = a + b * FLOPs, measured on this machine.

    Times ``epochs`` epochs of one network of ``model`` trained with ``training`` on
    ``table`` (after compilation) at widths 4 and 120; a, b >= 0.
    """
    widths = (4, 120)
    problem = training_problem(model, table)
    flops = [flops_per_epoch(model.replace(width=w), problem.x.shape[0]) for w in widths]
    times = [_seconds_per_epoch(model.replace(width=w), training, problem, epochs) for w in widths]
    slope = max((times[1] - times[0]) / (flops[1] - flops[0]), 0.0)
    return max(times[0] - slope * flops[0], 0.0), slope


def estimate_sweep_seconds(cost, model, training, widths, seeds: int, nuclei: int, workers=1):
    """Wall seconds of a width sweep: ``widths`` x ``seeds`` networks of ``model``, each
    trained ``training.epochs`` epochs on ``nuclei`` nuclei, on ``workers`` processes,
    from an :func:`epoch_cost_model` ``cost`` = (a, b)."""
    offset, slope = cost
    per_epoch = [offset + slope * flops_per_epoch(model.replace(width=w), nuclei) for w in widths]
    return sum(per_epoch) * seeds * training.epochs / workers
