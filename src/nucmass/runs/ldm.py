"""Cell runner ``ldm``: the liquid-drop baseline per seed, with bootstrap uncertainties.

Settings: ``split`` (a split name, required) and ``bootstrap`` (number of bootstrap
resamples of the training part, default 0). The seed selects the random part of the split
and the bootstrap resamples, so a cell is deterministic given (settings, seed). Per seed it
saves the model (``seed-S/config.json``, loadable by ``nucmass predict``) and
``seed-S.npz`` (Z, N, predicted binding energy in MeV, bootstrap coefficients (B, 5) in
MeV) and reports the RMSD (MeV) and size of every part, the coefficients and, with a
bootstrap, their standard deviations.
"""

from pathlib import Path

import numpy as np

from nucmass.errors import NucmassError
from nucmass.limits import check_integer

__all__ = ["estimate", "run_cell", "validate"]

SETTINGS = {"split": str, "bootstrap": int}
MAX_BOOTSTRAP = 1_000_000
# Rough cost: loading the split, then one least-squares fit per resample; a pandas process.
SEED_SECONDS, RESAMPLE_SECONDS, PROCESS_BYTES = 1.0, 1e-3, 5e8


def validate(settings: dict) -> None:
    """Raise ``NucmassError`` unless ``settings`` are valid ldm settings."""
    from nucmass.data.splits import SPLIT_NAMES

    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise NucmassError(f"unknown ldm setting(s) {', '.join(sorted(unknown))}")
    if settings.get("split") not in SPLIT_NAMES:
        raise NucmassError(f"ldm needs split = one of {', '.join(SPLIT_NAMES)}")
    check_integer("bootstrap", settings.get("bootstrap", 0), 0, MAX_BOOTSTRAP)


def estimate(settings: dict, seeds: int) -> tuple[float, float]:
    """(CPU seconds, peak bytes) of one cell of ``seeds`` seeds (rough)."""
    return seeds * (SEED_SECONDS + RESAMPLE_SECONDS * settings.get("bootstrap", 0)), PROCESS_BYTES


def bootstrap_coefficients(train, resamples: int, seed: int) -> np.ndarray:
    """Coefficients (MeV) fitted on ``resamples`` bootstrap resamples, shape (B, 5)."""
    from nucmass.models.ldm import TERMS, LDMConfig, design_matrix

    rng = np.random.default_rng(seed)
    x = design_matrix(train.Z.to_numpy(), train.N.to_numpy())
    b = train.binding_energy.to_numpy()
    rows = []
    for _ in range(resamples):
        pick = rng.integers(0, len(train), len(train))
        rows.append(np.asarray(LDMConfig().solve(x[pick], b[pick]).coefficients))
    return np.array(rows, dtype=float).reshape(resamples, len(TERMS))


def _run_seed(settings: dict, seed: int, out_dir: Path) -> dict:
    from nucmass.data.splits import get_split
    from nucmass.evaluation import evaluate
    from nucmass.models.ldm import LDMConfig, coefficients
    from nucmass.train.fit import fit

    table = get_split(settings["split"], seed).table()
    train = table[table.part == "train"]
    model = fit(LDMConfig(), table, progress=False)
    fitted = coefficients(model)
    predicted = model.predict(table.Z.to_numpy(), table.N.to_numpy())
    boot = bootstrap_coefficients(train, settings.get("bootstrap", 0), seed)
    overall = evaluate(table, predicted).query("subset == 'all'")
    metrics = {f"rmsd_{row.part}": row.rmsd for row in overall.itertuples()}
    metrics |= {f"n_{row.part}": row.n for row in overall.itertuples()}
    metrics |= {f"coef_{t}": value for t, value in fitted.items()}
    if len(boot):
        metrics |= {f"coef_{t}_std": s for t, s in zip(fitted, boot.std(axis=0), strict=True)}
    arrays = out_dir / f"seed-{seed}.npz"
    np.savez(arrays, Z=table.Z, N=table.N, binding_energy=predicted, bootstrap=boot)
    model_dir = model.save(out_dir / f"seed-{seed}", overwrite=True)
    return {"metrics": metrics, "arrays": arrays.name, "model": model_dir.name}


def run_cell(settings: dict, seeds: list[int], out_dir: Path) -> dict:
    """Fit one liquid drop per seed (see the module docstring)."""
    return {seed: _run_seed(settings, seed, Path(out_dir)) for seed in seeds}
