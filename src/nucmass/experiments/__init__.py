"""Reproductions of the papers' figures and tables, one module per figure or table.

Each experiment module defines

``DESCRIPTION``  one line: what figure/table of which paper it reproduces;
``SCALES``       ``{"smoke": {...}, "cpu": {...}, "paper": {...}}``: plain keyword settings;
                 ``smoke`` runs in seconds (tests), ``cpu`` fits this 2-core machine in well
                 under an hour, ``paper`` is the paper's full settings;
``run(settings, out) -> dict``  computes, writes its numbers (CSV/JSON) and PNG into the
                 directory ``out`` and returns a JSON-serialisable summary.

Modules are discovered by name, so adding an experiment needs no registry edit.
``experiments/README.md`` at the top of the repository maps figure -> command -> output.
"""

import importlib
import json
import pkgutil
import time
from pathlib import Path

from nucmass.errors import NucmassError

__all__ = ["list_experiments", "reproduce"]

SCALE_NAMES = ("smoke", "cpu", "paper")


def list_experiments() -> dict[str, str]:
    """Experiment name -> one-line description, for every experiment module."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "SCALES") and hasattr(module, "run"):
            found[info.name] = module.DESCRIPTION
    return dict(sorted(found.items()))


def reproduce(name: str, scale: str = "smoke", out: "str | Path | None" = None) -> dict:
    """Run experiment ``name`` at ``scale``; write its outputs under ``out``.

    Returns the experiment's summary with ``"scale"``, ``"seconds"`` and ``"out"`` added;
    the summary is also saved as ``summary.json`` in ``out``.
    """
    if name not in list_experiments():
        raise NucmassError(f"unknown experiment {name!r}; see 'nucmass reproduce --list'")
    if scale not in SCALE_NAMES:
        raise NucmassError(f"unknown scale {scale!r}; choose from {', '.join(SCALE_NAMES)}")
    module = importlib.import_module(f"{__name__}.{name}")
    out = Path(out or Path("runs") / name / scale)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    summary = module.run(dict(module.SCALES[scale]), out)
    summary = {**summary, "scale": scale, "seconds": round(time.perf_counter() - start, 2)}
    summary["out"] = str(out)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return summary
