"""Everything a model report shows, computed once: metrics, predictions on AME2020, the
drip-line domain, the comparison with theory tables, calibration and S_2n chains."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nucmass.data.ame import load_ame
from nucmass.data.splits import get_split
from nucmass.data.theory import load_theory
from nucmass.evaluation import evaluate
from nucmass.masstable.build import mass_table, measured_ame
from nucmass.masstable.compare import compare
from nucmass.masstable.domain import domain_nuclei, drip_line_domain
from nucmass.observables import compute_observables
from nucmass.uncertainty import coverage, reliability, spread_vs_distance
from nucmass.uncertainty.apply import model_calibration
from nucmass.uncertainty.evaluate import coverage_table, scored_predictions

__all__ = ["CHAIN_Z", "DEFAULT_THEORIES", "ReportData", "collect"]

DEFAULT_THEORIES = ("FRDM95", "HFB14", "HFB26", "DUZU", "KTUY05", "WS32011")
CHAIN_Z = (20, 28, 40, 50, 62, 82, 92)  # isotopic chains drawn in the S_2n figure
OUTSIDE = "outside split"  # part of AME2020 nuclei that the split leaves out


@dataclass
class ReportData:
    """Tables of one model's report (energies in MeV); ensemble-only fields may be None."""

    name: str
    family: str
    split: str
    seed: int
    split_hash: str
    metrics: pd.DataFrame
    predictions: pd.DataFrame  # AME2020 nuclei: prediction, experiment, residual, part
    domain: pd.DataFrame  # mass_table over the drip-line domain
    comparison: pd.DataFrame
    chains: pd.DataFrame  # Z, N, S_2n model and experiment for CHAIN_Z
    calibration: "pd.DataFrame | None" = None
    spread: "pd.DataFrame | None" = None
    coverage: "pd.DataFrame | None" = None  # calibrated models: uncertainty.evaluate
    reliability: "pd.DataFrame | None" = None  # calibrated models: held-out B
    notes: dict = field(default_factory=dict)

    @property
    def is_ensemble(self) -> bool:
        return "binding_energy_std" in self.domain


def _predictions(model, split_table: pd.DataFrame) -> pd.DataFrame:
    ame = load_ame("ame2020")
    table = mass_table(model, ame.Z.to_numpy(), ame.N.to_numpy())
    table["experiment"] = ame.binding_energy.to_numpy()
    table["is_estimated"] = ame.is_estimated.to_numpy()
    table["residual"] = table.binding_energy - table.experiment
    parts = split_table[["Z", "N", "part"]]
    table = table.merge(parts, on=["Z", "N"], how="left")
    table["part"] = table.part.fillna(OUTSIDE)
    return table


def _calibration(predictions: pd.DataFrame, parts: tuple) -> pd.DataFrame:
    """Calibration on the measured nuclei of each split part (``parts[0]`` trains)."""
    rows = []
    measured = predictions[~predictions.is_estimated & (predictions.binding_energy_std > 0)]
    for part in parts:
        chosen = measured[measured.part == part]
        if len(chosen):
            stats = coverage(chosen.residual, chosen.binding_energy_std)
            rows.append({"part": part, **stats, "held_out": part != parts[0]})
    return pd.DataFrame(rows)


def _chains(domain: pd.DataFrame) -> pd.DataFrame:
    model = domain[domain.Z.isin(CHAIN_Z)][["Z", "N", "S_2n"]]
    ame = measured_ame()
    experiment = compute_observables(ame)[["Z", "N", "S_2n"]]
    experiment = experiment[experiment.Z.isin(CHAIN_Z)]
    return model.merge(experiment, on=["Z", "N"], how="outer", suffixes=("", "_exp"))


def collect(model, name: str, split: str, seed: int = 0, theories: "dict | None" = None):
    """Compute the :class:`ReportData` of ``model`` evaluated on split ``split``.

    ``theories`` maps names to theory tables (Z, N, binding_energy) for the comparison;
    default: the vendored ``DEFAULT_THEORIES``.
    """
    chosen = get_split(split, seed)
    split_table = chosen.table()
    predicted = model.predict(split_table.Z.to_numpy(), split_table.N.to_numpy())
    drip = drip_line_domain(model)
    domain = mass_table(model, *domain_nuclei(drip))
    if theories is None:
        theories = {t: load_theory(t) for t in DEFAULT_THEORIES}
    data = ReportData(
        name=name,
        family=model.family,
        split=chosen.name,
        seed=chosen.seed,
        split_hash=chosen.hash,
        metrics=evaluate(split_table, predicted),
        predictions=_predictions(model, split_table),
        domain=domain,
        comparison=compare({name: model}, theories, split, seed),
        chains=_chains(domain),
    )
    data.notes["domain"] = {"nuclei": len(domain), "Z": f"{drip.Z.min()}-{drip.Z.max()}"}
    if data.is_ensemble and np.any(domain.binding_energy_std > 0):
        data.calibration = _calibration(data.predictions, chosen.parts)
        data.spread = spread_vs_distance(domain.distance_to_measured, domain.binding_energy_std)
    if model_calibration(model) is not None:
        data.coverage, data.reliability = _calibrated(model, split_table)
    return data


def _calibrated(model, split_table: pd.DataFrame) -> tuple:
    """Coverage of the calibrated intervals on the held-out parts, and the reliability of
    the binding-energy sigma there."""
    coverage = coverage_table(model, split_table)
    held_out = [p for p in dict.fromkeys(split_table.part) if p != "train"]
    frames = [scored_predictions(model, split_table, part) for part in held_out]
    masses = pd.concat(frames).query("quantity == 'binding_energy'")
    return coverage, reliability(masses.residual, masses.sigma)
