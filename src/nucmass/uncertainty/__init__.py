"""Uncertainties of mass predictions.

=================  ===========================================================
module             what
=================  ===========================================================
``distance``       steps on the chart to measured or training nuclei
``scores``         coverage, sharpness, NLL, CRPS, reliability, per-bin tables
``calibration``    the calibrated sigma model and split-conformal intervals
``heldout``        held-out residuals from a carve of the training part, and
                   ``calibrate`` (fits the calibration a model is saved with)
=================  ===========================================================

``heldout`` trains models and is imported on its own (it is not loaded here).
"""

from nucmass.uncertainty.distance import distance_to_measured
from nucmass.uncertainty.scores import (
    GAUSSIAN_COVERAGE,
    coverage,
    crps_gaussian,
    interval_scores,
    nll_gaussian,
    reliability,
    scores_by_bin,
    spread_vs_distance,
)

__all__ = [
    "GAUSSIAN_COVERAGE",
    "coverage",
    "crps_gaussian",
    "distance_to_measured",
    "interval_scores",
    "nll_gaussian",
    "reliability",
    "scores_by_bin",
    "spread_vs_distance",
]
