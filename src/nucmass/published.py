"""Published numbers the package is compared against (RMSD in MeV), with their sources."""

__all__ = ["CONN_RMSD"]

# Paper 001 (Zai, Cheng, Zhang: Cooperative Neural Network), abstract: ensemble RMSD on the
# whole AME2020 table, on the 20 % validation part of the AME2016 pool, and on the nuclei
# new in AME2020 (the ``conn`` split's parts all / validation / extrapolation).
CONN_RMSD = {"all": 0.269, "validation": 0.419, "extrapolation": 0.728}
