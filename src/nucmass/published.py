"""Published numbers the package is compared against (RMSD in MeV), with their sources."""

__all__ = ["ACCURACY_ANCHORS", "CONN_RMSD"]

# Paper 001 (Zai, Cheng, Zhang: Cooperative Neural Network), abstract: ensemble RMSD on the
# whole AME2020 table, on the 20 % validation part of the AME2016 pool, and on the nuclei
# new in AME2020 (the ``conn`` split's parts all / validation / extrapolation).
CONN_RMSD = {"all": 0.269, "validation": 0.419, "extrapolation": 0.728}

# Issue 15's anchors for the most accurate models: RMSD of B (MeV) on random held-out or
# newly measured nuclei, each on its own nuclei (close to, not the same as, ours).
ACCURACY_ANCHORS = [
    {"model": "LightGBM on WS4 residuals", "held_out": "random", "rmsd": 0.170,
     "nuclei": "random 20 % splits (+- 0.011)", "source": "Gao et al., 2021"},
    {"model": "LightGBM on WS4 residuals", "held_out": "temporal", "rmsd": 0.222,
     "nuclei": "66 new in AME2020", "source": "Gao et al., 2021"},
    {"model": "KRR, odd-even kernel, on WS4", "held_out": "random", "rmsd": 0.128,
     "nuclei": "cross-validated, whole table", "source": "Wu, Guo, Zhao, 2021"},
    {"model": "BML over 8 models", "held_out": "temporal", "rmsd": 0.170,
     "nuclei": "new in AME2020, sigma < 100 keV", "source": "Niu & Liang, 2022"},
    {"model": "Zeng ANN7", "held_out": "temporal", "rmsd": 0.340,
     "nuclei": "122 new in AME2020 (all, not only measured)", "source": "Zeng et al., 2024"},
    {"model": "physics-informed network on a macroscopic model", "held_out": "temporal",
     "rmsd": 0.191, "nuclei": "AME2016 -> AME2020", "source": "arXiv:2501.01352"},
]  # fmt: skip
