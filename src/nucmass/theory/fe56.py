"""The 56Fe network input of paper 000's initialization figures, and depth profiles at it.

Paper 000 (Figs. 4, 6, 7) feeds 56Fe (N = 30, Z = 26) to networks at initialization, as
the scaled input x = (N_scaled, Z_scaled) of Eq. 40: min-max scaling over a table of
nuclei. Over all of AME2020 (Z in [0, 118], N in [0, 177]) that is (0.1695, 0.2203); the
caption's values match the table restricted to Z, N >= 8 instead (``min_z_n=8``).
"""

import numpy as np
import pandas as pd

from nucmass.data.ame import load_ame
from nucmass.data.features import MinMaxScaler, fnn_inputs
from nucmass.theory.profiles import depth_profile

__all__ = ["fe56_input", "profile_grid"]


def fe56_input(min_z_n: int = 0) -> np.ndarray:
    """56Fe as the network input (scaled N, scaled Z), shape (1, 2), float64.

    Min-max scaling (paper 000 Eq. 40) fitted on the AME2020 table, restricted to
    Z, N >= ``min_z_n`` (0: the whole table).
    """
    table = load_ame("ame2020")
    table = table[(table.Z >= min_z_n) & (table.N >= min_z_n)]
    return fnn_inputs([26], [30], MinMaxScaler.fit(table[["N", "Z"]]))


def profile_grid(activations, c_ws, c_b, width, max_depth, draws, seed=0) -> pd.DataFrame:
    """Depth profiles at the 56Fe input for every (activation, C_W), one frame.

    Parameters
    ----------
    activations : sequence of str
    c_ws : sequence of float
        Weight variances C_W (per fan-in).
    c_b : float
        Bias variance C_b.
    width, max_depth : int
        Hidden units n and the deepest network L.
    draws : int
        Networks sampled per profile.
    seed : int
        Profile (i, j) of activation i and C_W j uses seed ``seed + 10 i + j``.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`nucmass.theory.profiles.depth_profile` (one per layer) with
        columns ``activation``, ``c_w`` and ``c_b`` added.
    """
    x = fe56_input()
    frames = []
    for i, activation in enumerate(activations):
        for j, c_w in enumerate(c_ws):
            frame = depth_profile(
                activation, c_w, c_b, width, max_depth, x, draws, seed=seed + 10 * i + j
            )
            frames.append(frame.assign(activation=activation, c_w=c_w, c_b=c_b))
    return pd.concat(frames, ignore_index=True)
