"""Models and theory tables side by side: RMSD of masses and observables on the same nuclei.

For each part of a named split, every table is compared on the same nuclei: for the
binding energy, the part's nuclei present in every table (targets: the split's); for an
observable, the part's nuclei where the experimental value exists (both masses measured in
the part's AME vintage) and every table gives one (each from its own masses).
"""

import numpy as np
import pandas as pd

from nucmass.data.splits import get_split
from nucmass.evaluation import rmsd
from nucmass.masstable.build import measured_ame, model_limits, predict_table
from nucmass.observables import OBSERVABLES, compute_observables, partner_nuclei

__all__ = ["QUANTITIES", "compare", "model_masses"]

QUANTITIES = ("binding_energy", *OBSERVABLES)


def model_masses(model, z, n) -> pd.DataFrame:
    """A model's table (Z, N, binding_energy) on (z, n) and every observable partner."""
    pz, pn = partner_nuclei(z, n)
    z_max, n_max = model_limits(model)
    keep = (pz <= z_max) & (pn <= n_max)
    return predict_table(model, pz[keep], pn[keep])[["Z", "N", "binding_energy"]]


def _values(table: pd.DataFrame, z, n) -> pd.DataFrame:
    """Binding energy and observables of ``table`` at (z, n); NaN where unavailable."""
    values = compute_observables(table, z, n)
    keyed = table.set_index(["Z", "N"]).binding_energy
    values["binding_energy"] = keyed.reindex(pd.MultiIndex.from_arrays([z, n])).to_numpy()
    return values


def _part_rows(split_table, part, vintage, tables: dict) -> list[dict]:
    nuclei = split_table[split_table.part == part]
    z, n = nuclei.Z.to_numpy(), nuclei.N.to_numpy()
    reference = _values(measured_ame(vintage), z, n)
    reference["binding_energy"] = nuclei.binding_energy.to_numpy()
    predicted = {name: _values(table, z, n) for name, table in tables.items()}
    rows = []
    for quantity in QUANTITIES:
        common = np.isfinite(reference[quantity].to_numpy())
        for values in predicted.values():
            common &= np.isfinite(values[quantity].to_numpy())
        row = {"part": part, "quantity": quantity, "n_part": len(nuclei), "n": int(common.sum())}
        for name, values in predicted.items():
            residual = values[quantity].to_numpy()[common] - reference[quantity].to_numpy()[common]
            row[name] = rmsd(residual)
        rows.append(row)
    return rows


def compare(models: dict, theories: dict, split: str = "measured", seed: int = 0):
    """RMSD (MeV) of every model and theory table per split part and quantity.

    Parameters
    ----------
    models : dict
        name -> MassModel (predicted on the split's nuclei and their partners).
    theories : dict
        name -> table with Z, N, binding_energy (MeV), e.g. ``load_theory(name)``.
    split, seed : the named split (``nucmass.data.splits``).

    Returns
    -------
    pandas.DataFrame
        One row per (part, quantity): part, quantity, n_part (nuclei in the part), n (nuclei
        compared, the same for every table), then one RMSD column per model and theory.
    """
    chosen = get_split(split, seed)
    split_table = chosen.table()
    z, n = split_table.Z.to_numpy(), split_table.N.to_numpy()
    tables = {name: model_masses(model, z, n) for name, model in models.items()}
    tables.update({name: table[["Z", "N", "binding_energy"]] for name, table in theories.items()})
    rows = []
    for part in chosen.parts:
        rows += _part_rows(split_table, part, chosen.targets[part], tables)
    return pd.DataFrame(rows)
