"""Zeng et al.'s networks as published (Phys. Rev. C 109, 034318 (2024); paper 000's
Ref. [6]): ANN2, ANN4, ANN6, ANN7, trained on AME2016 and tested on the 122 nuclei new in
AME2020 (the ``zeng`` split).

Layers [n_in, 32, 16, 1], GELU, MAE, Adam at 1e-4 with decay constants (0.9, 0.999)
(``nucmass.presets.zeng_network``). Zeng et al. state neither batch size nor epochs:
the probe trains ANN7 at every batch size and epoch count of the settings on an inner
split of the training part (a random 20 % held out, seed 0; the 122 test nuclei are never
looked at) and takes the setting with the lowest validation RMSD; the four networks are
then trained with it on the whole training part and scored on both parts.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.data.splits import get_split
from nucmass.plotting.training import plot_loss_curves
from nucmass.presets import zeng_network
from nucmass.train.fit import fit
from nucmass.train.studies import member_rmsd
from nucmass.train.validation import carve_validation

__all__ = ["DESCRIPTION", "PUBLISHED", "SCALES", "run"]

DESCRIPTION = "Zeng et al. ANN2/4/6/7 ([n, 32, 16, 1], GELU, Adam 1e-4, MAE): AME2016 -> new 122"
# network inputs -> (train RMSD, RMSD on the 122 new nuclei), MeV, Zeng et al. Table
PUBLISHED = {2: (1.183, 1.053), 4: (0.548, 0.628), 6: (0.289, 0.514), 7: (0.190, 0.340)}
SCALES = {
    "smoke": {"probe_inputs": 7, "batches": [None], "probe_epochs": [4],
              "probe_seeds": 1, "networks": [2, 7], "seeds": 1, "workers": 1},
    "cpu": {"probe_inputs": 7, "batches": [32, 128, None], "probe_epochs": [2000, 8000],
            "probe_seeds": 2, "networks": [2, 4, 6, 7], "seeds": 4, "workers": 2},
    "paper": {"probe_inputs": 7, "batches": [16, 32, 128, None],
              "probe_epochs": [2000, 8000, 32000, 128000], "probe_seeds": 2,
              "networks": [2, 4, 6, 7], "seeds": 10, "workers": 2},
}  # fmt: skip


def _rows(ensemble, table, **labels) -> list[dict]:
    rmsd, sizes = member_rmsd(ensemble, table)
    return [{**labels, "seed": seed, "part": part, "nuclei": sizes[part],
             "rmsd_MeV": float(values[k])}
            for part, values in rmsd.items()
            for k, seed in enumerate(ensemble.seeds)]  # fmt: skip


def _probe(settings: dict, table: pd.DataFrame) -> pd.DataFrame:
    """Validation RMSD of ANN<probe_inputs> per (batch, epochs) on the inner split."""
    inner = carve_validation(table, seed=0, fraction=0.2)
    rows = []
    for batch in settings["batches"]:
        for epochs in settings["probe_epochs"]:
            model, training = zeng_network(settings["probe_inputs"], epochs, batch)
            ensemble = fit(model, inner, training, seeds=np.arange(settings["probe_seeds"]),
                           workers=settings["workers"])  # fmt: skip
            rows += _rows(ensemble, inner, batch="full" if batch is None else batch,
                          epochs=epochs, seconds=ensemble.info["seconds"])  # fmt: skip
    return pd.DataFrame(rows)


def _choice(probe: pd.DataFrame) -> tuple:
    """(batch, epochs) with the lowest mean validation RMSD."""
    validation = probe[probe.part == "validation"]
    best = validation.groupby(["batch", "epochs"]).rmsd_MeV.mean().idxmin()
    return (None if best[0] == "full" else int(best[0])), int(best[1])


def _figure(curves: dict, frame: pd.DataFrame, path: Path) -> None:
    fig = Figure(figsize=(11, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    plot_loss_curves(curves, left, title="member-mean MAE (MeV), zeng train part")
    means = frame.groupby(["inputs", "part"]).rmsd_MeV.mean().unstack()
    for part, marker in (("train", "o"), ("test", "s")):
        right.plot(means.index, means[part], marker=marker, label=f"ours, {part}")
        right.plot(list(PUBLISHED), [v[0 if part == "train" else 1] for v in PUBLISHED.values()],
                   marker=marker, ls="--", color="gray", label=f"Zeng et al., {part}")  # fmt: skip
    right.set_xlabel("inputs (ANN2, ANN4, ANN6, ANN7)")
    right.set_ylabel("RMSD (MeV), member mean")
    right.set_yscale("log")
    right.legend(fontsize=7)
    fig.savefig(path, dpi=120)


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    split = get_split("zeng")
    table = split.table()
    probe = _probe(settings, table)
    probe.to_csv(out / "probe.csv", index=False)
    batch, epochs = _choice(probe)
    rows, curves, ensembles = [], {}, {}
    for inputs in settings["networks"]:
        model, training = zeng_network(inputs, epochs, batch)
        ensemble = fit(model, split, training, seeds=np.arange(settings["seeds"]),
                       workers=settings["workers"])  # fmt: skip
        rows += _rows(ensemble, table, network=f"ANN{inputs}", inputs=inputs,
                      seconds=ensemble.info["seconds"])  # fmt: skip
        curves[f"ANN{inputs}"] = np.nanmean(ensemble.history.losses, axis=0)
        ensembles[inputs] = ensemble
    frame = pd.DataFrame(rows)
    frame.to_csv(out / "zeng.csv", index=False)
    _figure(curves, frame, out / "zeng_networks.png")
    means = frame.groupby(["network", "part"]).rmsd_MeV.agg(["mean", "std"]).round(4)
    return {"batch_size": "full" if batch is None else batch, "epochs": epochs,
            "member_rmsd_MeV": means.reset_index().to_dict(orient="records"),
            "ensemble_rmsd_MeV": _ensemble_rmsd(ensembles, table),
            "published_MeV": {f"ANN{k}": v for k, v in PUBLISHED.items()}}  # fmt: skip


def _ensemble_rmsd(ensembles: dict, table: pd.DataFrame) -> dict:
    """RMSD (MeV) of each ensemble's mean prediction per part."""
    result = {}
    for inputs, ensemble in ensembles.items():
        for part, rows in table.groupby("part"):
            residual = ensemble.predict(rows.Z, rows.N) - rows.binding_energy.to_numpy()
            result[f"ANN{inputs} {part}"] = round(float(np.sqrt(np.mean(residual**2))), 4)
    return result
