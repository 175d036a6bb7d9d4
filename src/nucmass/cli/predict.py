"""``nucmass predict --model DIR --nuclides "56Fe,208Pb" | --all [--out FILE]``."""

import numpy as np
import pandas as pd

from nucmass.cli.output import write_table
from nucmass.data.ame import load_ame, mass_excess_mev
from nucmass.data.nuclide import format_nuclide, parse_nuclide
from nucmass.errors import NucmassError
from nucmass.models.base import load_model

__all__ = ["predict_table", "register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("predict", help="predictions of a saved model")
    parser.add_argument("--model", required=True, help="saved model directory")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--nuclides", help='comma-separated, e.g. "56Fe,208Pb,Sn132"')
    which.add_argument("--all", action="store_true", help="every nucleus of AME2020 (3558)")
    parser.add_argument("--out", help="output file .csv or .parquet (default: CSV on stdout)")
    parser.set_defaults(func=_predict)


def predict_table(model, z, n) -> pd.DataFrame:
    """Predictions of ``model`` for nuclei (z, n), shape (m,), as a table.

    Columns: Z, N, A, nuclide, binding_energy (MeV), mass_excess (MeV), and for ensembles
    binding_energy_std (MeV, spread of the members).
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    frame = pd.DataFrame({"Z": z, "N": n, "A": z + n})
    frame["nuclide"] = [format_nuclide(a, b) for a, b in zip(z, n, strict=True)]
    if hasattr(model, "predict_members"):
        members = np.asarray(model.predict_members(z, n))
        frame["binding_energy"] = members.mean(axis=0)
        frame["binding_energy_std"] = members.std(axis=0, ddof=1) if len(members) > 1 else 0.0
    else:
        frame["binding_energy"] = model.predict(z, n)
    frame["mass_excess"] = mass_excess_mev(z, n, frame.binding_energy)
    return frame


def _nuclides(args) -> tuple[np.ndarray, np.ndarray]:
    if args.all:
        table = load_ame("ame2020")
        return table.Z.to_numpy(), table.N.to_numpy()
    names = [name for name in args.nuclides.split(",") if name.strip()]
    if not names:
        raise NucmassError("--nuclides is empty; give e.g. --nuclides 56Fe,208Pb")
    pairs = np.array([parse_nuclide(name) for name in names])
    return pairs[:, 0], pairs[:, 1]


def _predict(args) -> int:
    z, n = _nuclides(args)
    write_table(predict_table(load_model(args.model), z, n), args.out)
    return 0
