"""Why the MFDNN extrapolated badly from the sigma < 100 keV data, and what fixes it
(issue 15): MFDNN variants scored on a deep chain-end carve of the training part.

For each split, the training part is carved as the ``chain-ends`` split carves AME2020:
the 3 outermost training isotopes at each end of every element with at least 10 are the
validation part (1-3 steps of extrapolation along the chain, like the nuclei measured
after 2016), the rest is trained on. Every candidate (overrides of ``MFDNNConfig()``)
trains ``seeds`` members; the validation RMSD (MeV, binding energy) is reported for the
members (mean), their ensemble mean and by the number of steps beyond the remaining
training data, next to the theory tables on the same nuclei. The test nuclei of the splits
are never used. ``MFDNNConfig``'s defaults are the candidate with the lowest ensemble-mean
RMSD averaged over the two splits (the criterion fixed before the scores were read).
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.analysis.recipes import configure
from nucmass.data.splits import CHAIN_END_DEPTH, CHAIN_END_MIN, chain_positions, get_split
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import rmsd
from nucmass.presets import PAPER_MFDNN
from nucmass.train.fit import fit

__all__ = ["DESCRIPTION", "SCALES", "deep_carve", "run"]

DESCRIPTION = "MFDNN variants on the chain ends of the training part (issue 15 extrapolation)"
THEORIES = ("HFB14", "FRDM95")
STEPS = tuple(range(1, CHAIN_END_DEPTH + 1))  # steps beyond the carved training data
# paper 002's network (preset mfdnn-paper) as overrides of MFDNNConfig()
_PAPER = {k: getattr(PAPER_MFDNN, k) for k in ("features", "nonlinear_theory", "l2")}
_SHELL = {"features": "shell", "l2": 1e-3}
_FULL = {
    "splits": ["sigma100-ame2016", "measured-since-2016"],
    "candidates": {
        "paper (none, NNh2 with theories, lambda 1e-4)": _PAPER,
        "none, NNh2 without theories, lambda 3e-4": {"l2": 3e-4},
        "default (none, NNh2 without theories, lambda 1e-3)": {"l2": 1e-3},
        "none, NNh2 without theories, lambda 3e-3": {"l2": 3e-3},
        "shell, NNh2 with theories, lambda 1e-3": {**_SHELL, "nonlinear_theory": True},
        "shell, NNh2 with theories, lambda 1e-2": {**_SHELL, "nonlinear_theory": True, "l2": 1e-2},
        "shell, NNh2 without theories, lambda 1e-3": _SHELL,
        "shell, NNh2 without theories, lambda 3e-3": {**_SHELL, "l2": 3e-3},
    },
    "training": {},
    "seeds": [0, 1, 2],
    "workers": 1,
}
SCALES = {
    "smoke": {**_FULL, "splits": ["sigma100-ame2016"], "seeds": [0],
              "candidates": {"paper": {**_PAPER, "width": 8, "depth": 2},
                             "default": {"width": 8, "depth": 2}},
              "training": {"epochs": 30}},
    "cpu": _FULL,
    "paper": _FULL,
}  # fmt: skip


def deep_carve(split: str) -> pd.DataFrame:
    """The training part of ``split`` with ``part`` train / validation (the chain ends)
    and ``step``: neutrons from the nearest remaining training isotope of the chain (1 to
    ``CHAIN_END_DEPTH``, the outermost isotope farthest; 0 for train rows)."""
    table = get_split(split).table()
    train = table[table.part == "train"].sort_values(["Z", "N"], ignore_index=True)
    position, size = chain_positions(train)
    validation = (size >= CHAIN_END_MIN) & (position <= CHAIN_END_DEPTH)
    return train.assign(part=np.where(validation, "validation", "train"),
                        step=np.where(validation, CHAIN_END_DEPTH + 1 - position, 0))  # fmt: skip


def _scores(residuals: np.ndarray, step: np.ndarray) -> dict:
    """RMSDs of member residuals (K, m): member mean, ensemble mean, member mean by step."""
    ok = np.isfinite(residuals).all(axis=0)
    by_step = {
        f"step {s}": float(np.mean([rmsd(r[ok & (step == s)]) for r in residuals])) for s in STEPS
    }
    members = float(np.mean([rmsd(r[ok]) for r in residuals]))
    return {"n": int(ok.sum()), "members": members, "ensemble": rmsd(residuals.mean(0)[ok]),
            **by_step}  # fmt: skip


def _candidate(settings: dict, overrides: dict, carved: pd.DataFrame) -> dict:
    """The candidate's validation scores on ``carved``."""
    model, training = configure("mfdnn", {"model": overrides, "training": settings["training"]})
    ensemble = fit(model, carved, training, seeds=settings["seeds"], progress=False,
                   workers=settings["workers"])  # fmt: skip
    rows = carved[carved.part == "validation"]
    residuals = ensemble.predict_members(rows.Z, rows.N) - rows.binding_energy.to_numpy()
    return _scores(residuals, rows.step.to_numpy())


def _theories(carved: pd.DataFrame) -> list:
    """Rows of the theory tables on the validation part (one 'member' each)."""
    rows = carved[carved.part == "validation"]
    out = []
    for name in THEORIES:
        residual = theory_binding_energy(rows.Z, rows.N, name) - rows.binding_energy.to_numpy()
        out.append({"candidate": name, **_scores(residual[None], rows.step.to_numpy())})
    return out


def run(settings: dict, out: Path) -> dict:
    """Score every candidate on every split's carve; write scores.csv and summary rows."""
    out, rows = Path(out), []
    for split in settings["splits"]:
        carved = deep_carve(split)
        found = [{"candidate": name, **_candidate(settings, overrides, carved)}
                 for name, overrides in settings["candidates"].items()]  # fmt: skip
        rows += [{"split": split, **row} for row in [*found, *_theories(carved)]]
        pd.DataFrame(rows).to_csv(out / "scores.csv", index=False)
    (out / "scores.json").write_text(json.dumps(rows, indent=2))
    return {"rows": rows}
