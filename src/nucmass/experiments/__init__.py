"""Reproductions of the papers' figures and tables, one module per figure or table.

Each experiment module defines

``DESCRIPTION``  one line: what figure/table of which paper it reproduces;
``SCALES``       ``{"smoke": {...}, "cpu": {...}, "paper": {...}}``: plain keyword settings;
                 ``smoke`` runs in seconds (tests), ``cpu`` fits this 2-core machine in well
                 under an hour, ``paper`` is the paper's full settings;
``run(settings, out) -> dict``  computes, writes its numbers (CSV/JSON) and PNG into the
                 directory ``out`` and returns a JSON-serialisable summary.

Modules are discovered by name, so adding an experiment needs no registry edit; only
modules of this package are ever imported (a name is checked against them first).
``experiments/README.md`` at the top of the repository maps figure -> command -> output.

``reproduce`` writes atomically and resumes: the experiment runs in the work directory
``.OUT.EXPERIMENT-SCALE.partial`` beside ``out``
(:func:`nucmass.atomic.resumable_directory`), renamed into place when it succeeds, so a
failed or interrupted run leaves ``out`` as it was; an existing non-empty ``out`` is
refused unless ``overwrite`` (then replaced whole). A rerun of the same experiment and
scale into the same ``out`` continues in the work directory: experiments that save cells
or jobs there as they finish (``table1_probes``, ``uncertainty_coverage``) skip them.
"""

import importlib
import json
import pkgutil
import time
from pathlib import Path

from nucmass.atomic import check_new_directory, resumable_directory
from nucmass.errors import NucmassError

__all__ = ["experiment_names", "list_experiments", "reproduce"]

SCALE_NAMES = ("smoke", "cpu", "paper")


def experiment_names() -> list[str]:
    """Names of the experiment modules, without importing them."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__))


def list_experiments() -> dict[str, str]:
    """Experiment name -> one-line description, for every experiment module."""
    found = {}
    for name in experiment_names():
        module = importlib.import_module(f"{__name__}.{name}")
        if hasattr(module, "SCALES") and hasattr(module, "run"):
            found[name] = module.DESCRIPTION
    return found


def _output(name: str, scale: str, out, overwrite: bool) -> Path:
    """The checked output directory: an existing empty one counts as new."""
    out = Path(out or Path("runs") / name / scale)
    empty = out.is_dir() and not any(out.iterdir())
    return check_new_directory(out, overwrite or empty)


def reproduce(
    name: str, scale: str = "smoke", out: "str | Path | None" = None, overwrite: bool = False
) -> dict:
    """Run experiment ``name`` at ``scale``; write its outputs into the directory ``out``
    (default ``runs/NAME/SCALE``), atomically (module docstring).

    Returns the experiment's summary with ``"scale"``, ``"seconds"`` and ``"out"`` added;
    the summary is also saved as ``summary.json`` in ``out``.
    """
    if name not in experiment_names():
        raise NucmassError(f"unknown experiment {name!r}; see 'nucmass reproduce --list'")
    if scale not in SCALE_NAMES:
        raise NucmassError(f"unknown scale {scale!r}; choose from {', '.join(SCALE_NAMES)}")
    out = _output(name, scale, out, overwrite)
    module = importlib.import_module(f"{__name__}.{name}")
    if not (hasattr(module, "SCALES") and hasattr(module, "run")):
        raise NucmassError(f"{name} is not an experiment; see 'nucmass reproduce --list'")
    start = time.perf_counter()
    with resumable_directory(out, overwrite=True, key=f"{name}-{scale}") as directory:
        summary = module.run(dict(module.SCALES[scale]), directory)
        summary = {**summary, "scale": scale, "seconds": round(time.perf_counter() - start, 2)}
        summary["out"] = str(out)
        text = json.dumps(summary, indent=2, default=str) + "\n"
        (directory / "summary.json").write_text(text)
    return summary
