"""Library parts of the CoNN (paper 001) and MFDNN (paper 002) studies.

``recipes``  model and training configurations from plain settings; candidate grids;
``scores``   held-out comparisons with theory tables, headline records, score tables;
``conn``     the numbers behind the CoNN figures (residual maps, embeddings, staggering);
``mfdnn``    the numbers behind the MFDNN figures (deviations, isotopes, chart maps).

The experiments and ``nucmass train conn|mfdnn`` call these; drawing is in
:mod:`nucmass.plotting.conn` and :mod:`nucmass.plotting.mfdnn`.
"""
