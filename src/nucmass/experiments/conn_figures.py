"""CoNN figures (paper 001, Figs. 3-5) plus odd-even staggering and S_2n along chains.

Uses a trained CoNN ensemble (``model``: a directory or a shipped name such as ``conn``),
or trains one on the default ``conn`` split when ``model`` is None (smoke scale). The
macroscopic reference of Fig. 3(a) is FRDM2012's Mth - Emic when ``ripl_dir`` (or
NUCMASS_DATA_DIR) holds mass-frdm12.dat, otherwise a liquid drop fitted to the same
AME2016-overlap set, labelled as such. Fig. 3(d) is the full model with its pairing term
removed (what the pairing module contributes); the retrained no-pairing ablation is in
``conn_ablation``.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nucmass.data.ame import load_ame
from nucmass.data.theory import load_theory, ripl_directory
from nucmass.evaluation import rmsd
from nucmass.experiments.conn_accuracy import TINY_MODEL
from nucmass.experiments.conn_common import train_on_split
from nucmass.models.base import load_model
from nucmass.models.ldm import fit_liquid_drop
from nucmass.models.pretrained import resolve
from nucmass.observables import compute_observables
from nucmass.plotting.conn import (
    plot_chains,
    plot_embeddings,
    plot_grid,
    plot_residual_maps,
    plot_staggering,
)

__all__ = ["DESCRIPTION", "SCALES", "run", "write_figures"]

DESCRIPTION = "Paper 001 CoNN Figs. 3-5: residual maps, embeddings, grid, staggering, S_2n"
SCALES = {
    "smoke": {
        "model": None,
        "train": {"steps": 40, "chunk": 20},
        "seeds": [0],
        "architecture": TINY_MODEL,
        "ripl_dir": None,
    },
    "cpu": {"model": "conn", "ripl_dir": None},
    "paper": {"model": "conn", "ripl_dir": None},
}
STAGGERING_CHAINS = {"Sn (Z = 50)": 50, "Pb (Z = 82)": 82}
S2N_CHAINS = {"Ca": 20, "Ni": 28, "Zr": 40, "Sn": 50, "Sm": 62, "Pb": 82}


def _model(settings: dict):
    if settings.get("model"):
        return load_model(resolve(settings["model"]))
    training = {**settings, "model": settings.get("architecture", {})}
    return train_on_split("conn", 0, training)[0]


def _macroscopic(overlap: pd.DataFrame, ripl_dir) -> tuple[str, np.ndarray]:
    """Fig. 3(a) reference: FRDM2012 Mth - Emic as B (MeV), or a fitted liquid drop."""
    if ripl_dir is not None and (Path(ripl_dir) / "mass-frdm12.dat").is_file():
        frdm = load_theory("FRDM2012", ripl_dir)
        # B = Z Delta_H + N Delta_n - M: removing Emic from M adds it to B
        frdm = frdm.assign(binding_energy=frdm.binding_energy + frdm.Emic)
        joined = overlap[["Z", "N"]].merge(frdm, on=["Z", "N"], how="left")
        return "FRDM2012 macroscopic (Mth - Emic)", joined.binding_energy.to_numpy()
    ldm = fit_liquid_drop(overlap.Z, overlap.N, overlap.binding_energy)
    return "liquid drop fitted to this set", ldm.predict(overlap.Z, overlap.N)


def residual_maps(model, ripl_dir, out: Path) -> dict:
    """Fig. 3 on the AME2016-overlap set (AME2020 values of the 3436 AME2016 nuclei)."""
    ame16 = load_ame("ame2016")[["Z", "N"]]
    overlap = ame16.merge(load_ame("ame2020"), on=["Z", "N"])
    z, n, b = overlap.Z.to_numpy(), overlap.N.to_numpy(), overlap.binding_energy.to_numpy()
    parts = model.components(z, n)
    full = sum(parts.values())
    label, macro = _macroscopic(overlap, ripl_dir)
    panels = {
        f"(a) {label}": macro - b,
        "(b) CoNN macroscopic (bulk) branch only": parts["bulk"] - b,
        "(c) CoNN full": full - b,
        "(d) CoNN without the pairing term": full - parts.get("pairing", 0.0) - b,
    }
    scores = {title: rmsd(r[np.isfinite(r)]) for title, r in panels.items()}
    sizes = {title: int(np.isfinite(r).sum()) for title, r in panels.items()}
    titled = {f"{t}: RMSD {scores[t]:.3f} MeV (n={sizes[t]})": r for t, r in panels.items()}
    _save(plot_residual_maps(z, n, titled), out / "conn_residual_maps.png")
    zn8 = (z >= 8) & (n >= 8)
    scores_zn8 = {t: rmsd(r[zn8 & np.isfinite(r)]) for t, r in panels.items()}
    return {"n": sizes, "rmsd": scores, "rmsd_zn8": scores_zn8, "n_zn8": int(zn8.sum())}


def _three_point_gap(b: pd.Series) -> pd.Series:
    """Delta_3(N) = (-1)^(N+1) / 2 [B(N+1) - 2 B(N) + B(N-1)] along a chain indexed by N."""
    n = b.index.to_numpy()
    return (-1.0) ** (n + 1) / 2 * (b.shift(-1) - 2 * b + b.shift(1))


def staggering(model, table: pd.DataFrame, out: Path) -> dict:
    """Three-point gaps along isotopic chains: experiment, full CoNN, pairing term alone."""
    chains, scores = {}, {}
    for label, z in STAGGERING_CHAINS.items():
        chain = table[table.Z == z].set_index("N").sort_index()
        n = chain.index.to_numpy()
        parts = model.components(np.full(n.size, z), n)
        model_b = pd.Series(sum(parts.values()), index=n)
        pairing = pd.Series(parts.get("pairing", np.zeros(n.size)), index=n)
        gaps = {
            k: _three_point_gap(s).reindex(range(n.min(), n.max() + 1)).to_numpy()
            for k, s in (
                ("gap_exp", chain.binding_energy),
                ("gap_model", model_b),
                ("pairing", pairing),
            )
        }
        chains[label] = {"N": np.arange(n.min(), n.max() + 1), **gaps}
        ok = np.isfinite(gaps["gap_exp"]) & np.isfinite(gaps["gap_model"])
        scores[label] = rmsd(gaps["gap_model"][ok] - gaps["gap_exp"][ok])
    _save(plot_staggering(chains), out / "conn_staggering.png")
    return {"delta3_rmsd": scores}


def s2n_chains(model, table: pd.DataFrame, out: Path) -> dict:
    """Two-neutron separation energies along chains; RMSD over every AME2020 S_2n."""
    predicted = table[["Z", "N"]].assign(binding_energy=model.predict(table.Z, table.N))
    exp, mod = compute_observables(table), compute_observables(predicted)
    chains = {}
    for label, z in S2N_CHAINS.items():
        rows = (exp.Z == z).to_numpy()
        chains[f"{label} (Z={z})"] = {
            "N": exp.N[rows].to_numpy(),
            "exp": exp.S_2n[rows].to_numpy(),
            "model": mod.S_2n[rows].to_numpy(),
        }
    _save(plot_chains(chains), out / "conn_s2n.png")
    ok = np.isfinite(exp.S_2n.to_numpy())
    return {"s2n_rmsd_all": rmsd((mod.S_2n - exp.S_2n).to_numpy()[ok]), "s2n_n": int(ok.sum())}


def _local_maxima(values: np.ndarray, count: int = 8) -> list[int]:
    """Indices of the ``count`` largest local maxima of ``values``, sorted by index."""
    inner = np.flatnonzero((values[1:-1] > values[:-2]) & (values[1:-1] >= values[2:])) + 1
    return sorted(int(i) for i in inner[np.argsort(values[inner])[::-1][:count]])


def _save(fig, path: Path) -> None:
    fig.savefig(path, dpi=130)
    plt.close(fig)


_DOUBLY_MAGIC = {
    "16O": (8, 8),
    "40Ca": (20, 20),
    "48Ca": (20, 28),
    "56Ni": (28, 28),
    "100Sn": (50, 50),
    "132Sn": (50, 82),
    "208Pb": (82, 126),
}


def _at(model, term: str, nuclei: dict) -> dict:
    """The member-mean value (MeV) of component ``term`` at the named (Z, N)."""
    z, n = np.array(list(nuclei.values())).T
    values = model.components(z, n)[term]
    return {name: round(float(v), 3) for name, v in zip(nuclei, values, strict=True)}


def write_figures(model, out: Path, ripl_dir=None) -> dict:
    """Every CoNN figure of ``model`` into ``out``; returns the numbers shown in them."""
    table = load_ame("ame2020")
    summary = {"fig3": residual_maps(model, ripl_directory(ripl_dir), out)}
    shells = [m.shell for m in model.members]
    e_z, e_n = (np.stack([np.asarray(getattr(s, k)) for s in shells]) for k in ("e_z", "e_n"))
    fig = plot_embeddings(e_z, e_n, int(table.Z.max()), int(table.N.max()))
    _save(fig, out / "conn_embeddings.png")
    seen = {"Z": e_z[:, : table.Z.max() + 1], "N": e_n[:, : table.N.max() + 1]}
    summary["embedding_maxima"] = {k: _local_maxima(v.mean(axis=0)) for k, v in seen.items()}
    parts = model.components(table.Z, table.N)
    c = model.config
    nodes = f"nodes every {c.grid_spacing_z:g} Z, {c.grid_spacing_n:g} N"
    if c.grid_fine_below:
        nodes += f"; every {c.grid_fine_spacing:g} below {c.grid_fine_below}"
    grid = parts.get("grid", np.zeros(len(table)))
    _save(
        plot_grid(table.Z, table.N, grid, f"CoNN correlation grid E_cor ({nodes})"),
        out / "conn_grid.png",
    )
    if "product" in parts:
        title = f"CoNN shell product E_prod = sum_k u_k(Z) v_k(N), rank {c.product_rank}"
        fig = plot_grid(table.Z, table.N, parts["product"], title, "E_prod (MeV)")
        _save(fig, out / "conn_product.png")
        summary["product_at_doubly_magic"] = _at(model, "product", _DOUBLY_MAGIC)
    summary.update(staggering(model, table, out))
    summary.update(s2n_chains(model, table, out))
    return summary


def run(settings: dict, out: Path) -> dict:
    return write_figures(_model(settings), out, settings.get("ripl_dir"))
