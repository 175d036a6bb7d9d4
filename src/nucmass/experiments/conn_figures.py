"""CoNN figures (paper 001, Figs. 3-5) plus odd-even staggering and S_2n along chains.

Uses a trained CoNN ensemble (``pretrained``: a directory or a shipped name such as
``conn``), or trains one on the default ``conn`` split when ``pretrained`` is None (smoke
scale, with the ``model`` / ``training`` overrides). The macroscopic reference of Fig. 3(a)
is FRDM2012's Mth - Emic when ``ripl_dir`` (or NUCMASS_DATA_DIR) holds mass-frdm12.dat,
otherwise a liquid drop fitted to the same AME2016-overlap set, labelled as such. Fig.
3(d) is the full model with its pairing term removed (what the pairing module
contributes); the retrained no-pairing ablation is in ``conn_ablation``. Figures and
numbers: :func:`nucmass.plotting.conn.conn_figures`.
"""

from pathlib import Path

from nucmass.analysis.recipes import configure
from nucmass.data.splits import get_split
from nucmass.models.pretrained import resolve
from nucmass.models.saved import load_model
from nucmass.plotting.conn import conn_figures
from nucmass.presets import TINY_CONN
from nucmass.train.fit import fit

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "Paper 001 CoNN Figs. 3-5: residual maps, embeddings, grid, staggering, S_2n"
SCALES = {
    "smoke": {"pretrained": None, "model": TINY_CONN.to_dict(), "training": {"epochs": 40},
              "seeds": [0], "ripl_dir": None},
    "cpu": {"pretrained": "conn", "ripl_dir": None},
    "paper": {"pretrained": "conn", "ripl_dir": None},
}  # fmt: skip


def _model(settings: dict):
    if settings.get("pretrained"):
        return load_model(resolve(settings["pretrained"]))
    model, training = configure("conn", settings)
    return fit(model, get_split("conn"), training, seeds=settings["seeds"])


def run(settings: dict, out: Path) -> dict:
    """Draw every CoNN figure of the model into ``out``; return the numbers shown."""
    figures, numbers = conn_figures(_model(settings), settings.get("ripl_dir"))
    for name, figure in figures.items():
        figure.savefig(Path(out) / name, dpi=130)
    return numbers
