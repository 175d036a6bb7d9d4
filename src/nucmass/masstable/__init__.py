"""Mass tables from a model: selection of nuclei, full tables, merged tables, RIPL export,
and comparison of models with theory tables.

=================  ===========================================================
module             what
=================  ===========================================================
``build``          ``predict_table``, ``mass_table`` (masses, spread, observables,
                   is_measured, distance_to_measured)
``domain``         the model's drip-line domain, chains, rectangles
``merge``          measured AME2020 masses where they exist, model elsewhere;
                   boundary jumps
``ripl``           the RIPL-4 ``mass-*.dat`` layout
``compare``        RMSD of masses and observables of models and theory tables
=================  ===========================================================
"""

from nucmass.masstable.build import mass_table, model_limits, predict_table
from nucmass.masstable.compare import compare
from nucmass.masstable.domain import (
    chain_nuclei,
    domain_nuclei,
    drip_line_domain,
    isotones,
    isotopes,
)
from nucmass.masstable.merge import boundary_summary, mark_boundary, merge_measured
from nucmass.masstable.ripl import format_ripl, write_ripl

__all__ = [
    "boundary_summary",
    "chain_nuclei",
    "compare",
    "domain_nuclei",
    "drip_line_domain",
    "format_ripl",
    "isotones",
    "isotopes",
    "mark_boundary",
    "mass_table",
    "merge_measured",
    "model_limits",
    "predict_table",
    "write_ripl",
]
