"""Validation parts carved out of a training part, for choosing hyper-parameters.

Choices (lambda, tree sizes, ...) are made on these carved parts, never on a test part.
"""

import numpy as np
import pandas as pd

from nucmass.errors import NucmassError

__all__ = ["CARVES", "carve_validation"]

CARVES = ("random", "edge")  # validation parts, see carve_validation


def _chain_edges(train: pd.DataFrame) -> np.ndarray:
    """Mask of the lightest and heaviest isotope of every Z with at least 3 nuclei."""
    n = train.groupby("Z").N
    long_chain = n.transform("size").to_numpy() >= 3
    edge = (train.N == n.transform("min")) | (train.N == n.transform("max"))
    return edge.to_numpy() & long_chain


def carve_validation(
    table: pd.DataFrame, seed: int, fraction: float = 0.2, how: str = "random"
) -> pd.DataFrame:
    """The ``train`` rows of ``table`` re-split into train / validation.

    ``how="random"``: a random ``fraction`` (seed ``seed``) is validation. ``how="edge"``:
    the validation part is the most neutron-poor and the most neutron-rich training
    nucleus of every isotopic chain with at least 3 (``fraction`` and ``seed`` unused), so
    that validation measures extrapolation one step beyond the data, as a test on newly
    measured nuclei does.
    """
    if how not in CARVES:
        raise NucmassError(f"validation carve must be one of {', '.join(CARVES)}, not {how!r}")
    train = table[table.part == "train"] if "part" in table else table
    part = np.full(len(train), "train", dtype=object)
    if how == "edge":
        part[_chain_edges(train)] = "validation"
    else:
        order = np.random.default_rng(seed).permutation(len(train))
        part[order[: round(fraction * len(train))]] = "validation"
    return train.assign(part=part).reset_index(drop=True)
