"""Sweep configurations: parsed from TOML, validated, expanded into cells, hashed.

A sweep config names a model family (a cell runner, see ``nucmass.runs.runners``), its
fixed settings, a grid over some settings and the seeds::

    [sweep]
    name = "table1-smoke"
    family = "fnn"
    seeds = 8               # 0..7; or a list [0, 3, 7]; or {start = 100, count = 8}
    seeds_per_cell = 4      # seeds trained together as one ensemble (one cell)
    seeds_per_cell_for = {width = {2000 = 1}}   # optional: smaller cells for some values

    [fixed]
    split = "zeng"
    depth = 3

    [grid]
    width = [10, 20, 50]

The sweep is the product of the grid values (in the order written) times the seeds cut
into groups of ``seeds_per_cell`` (or the smallest ``seeds_per_cell_for`` entry matching
the grid point, so the most expensive networks can go one seed per cell). A cell is
identified by its hash: SHA-256 of the canonical JSON of (family, settings, seeds), so the
same cell in two sweeps sharing a registry is trained once.

A config can neither run code nor write outside its output directory: ``family`` is a name
of ``nucmass.runs.runners.RUNNERS`` (never imported as given), ``name`` is a plain file
name, ``out`` a relative path without ``..``, and every number is finite. Hard caps
(``MAX_CONFIG_BYTES``, ``MAX_SEEDS``, ``MAX_GRID_POINTS``, ``MAX_CELLS``) bound what is
expanded in memory; the cost limits of ``nucmass.runs.size`` come on top.
"""

import hashlib
import itertools
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from nucmass.errors import NucmassError
from nucmass.limits import MAX_SEED

__all__ = ["Cell", "SweepConfig", "canonical_hash", "load_sweep_config", "parse_sweep_config"]

SWEEP_KEYS = {"name", "family", "seeds", "seeds_per_cell", "seeds_per_cell_for", "out"}
SCALAR = (bool, int, float, str)
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_CONFIG_BYTES = 1_000_000
MAX_SEEDS = 100_000  # seeds of one sweep
MAX_GRID_POINTS = 100_000
MAX_CELLS = 1_000_000  # expanded cells (grid points x seed groups)


def canonical_hash(data) -> str:
    """SHA-256 (hex) of ``data`` as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Cell:
    """One unit of work: ``seeds`` trained together as one ensemble with ``settings``."""

    family: str
    settings: dict
    seeds: tuple[int, ...]
    position: int

    @property
    def hash(self) -> str:
        """The cell's config hash (independent of the sweep it belongs to)."""
        return canonical_hash(
            {"family": self.family, "settings": self.settings, "seeds": list(self.seeds)}
        )


@dataclass(frozen=True)
class SweepConfig:
    """A validated sweep: see the module docstring for the meaning of each field."""

    name: str
    family: str
    fixed: dict
    grid: dict
    seeds: tuple[int, ...]
    seeds_per_cell: int
    out: "str | None" = None
    seeds_per_cell_for: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "family": self.family,
            "fixed": self.fixed,
            "grid": self.grid,
            "seeds": list(self.seeds),
            "seeds_per_cell": self.seeds_per_cell,
            **({"seeds_per_cell_for": self.seeds_per_cell_for} if self.seeds_per_cell_for else {}),
        }

    @property
    def hash(self) -> str:
        """Config hash of the whole sweep (the output directory ``out`` excluded)."""
        return canonical_hash(self.to_dict())

    def cells(self) -> list[Cell]:
        """The cells, grid points in the order written, each cut into seed groups."""
        names, cells = list(self.grid), []
        for point in itertools.product(*(self.grid[name] for name in names)):
            settings = {**self.fixed, **dict(zip(names, point, strict=True))}
            k = self.cell_size(settings)
            for i in range(0, len(self.seeds), k):
                cells.append(Cell(self.family, settings, self.seeds[i : i + k], len(cells)))
        return cells

    def cell_size(self, settings: dict) -> int:
        """Seeds per cell at the grid point ``settings``."""
        matches = [
            sizes[str(settings[name])]
            for name, sizes in self.seeds_per_cell_for.items()
            if str(settings[name]) in sizes
        ]
        return min([self.seeds_per_cell, *matches])


def _seed_range(start, count) -> list[int]:
    for name, value in (("start", start), ("count", count)):
        if not _integer(value) or value < 0:
            raise NucmassError(f"seeds {name} must be an integer >= 0")
    if count > MAX_SEEDS or start + count - 1 > MAX_SEED:
        raise NucmassError(f"seeds: at most {MAX_SEEDS} seeds, each <= {MAX_SEED}")
    return list(range(start, start + count))


def _seeds(value) -> tuple[int, ...]:
    if _integer(value):
        value = {"start": 0, "count": value}
    if isinstance(value, dict):
        if set(value) != {"start", "count"}:
            raise NucmassError("seeds as a table needs exactly the keys 'start' and 'count'")
        value = _seed_range(value["start"], value["count"])
    if not isinstance(value, list) or not value:
        raise NucmassError("seeds must be a count, a non-empty list or {start, count}")
    if not all(_integer(s) and 0 <= s <= MAX_SEED for s in value):
        raise NucmassError(f"seeds must be non-negative integers <= {MAX_SEED}")
    if len(value) > MAX_SEEDS:
        raise NucmassError(f"seeds: at most {MAX_SEEDS} seeds")
    if len(set(value)) != len(value):
        raise NucmassError("seeds must not repeat")
    return tuple(value)


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_values(table: dict, section: str) -> None:
    for key, value in table.items():
        values = value if section == "grid" else [value]
        if section == "grid" and (not isinstance(value, list) or not value):
            raise NucmassError(f"grid.{key} must be a non-empty list of values")
        for item in values:
            flat = item if isinstance(item, list) else [item]
            if not all(isinstance(v, SCALAR) for v in flat):
                raise NucmassError(f"{section}.{key} must hold numbers, strings or lists of them")
            if any(isinstance(v, float) and not math.isfinite(v) for v in flat):
                raise NucmassError(f"{section}.{key} must hold finite numbers, not nan or inf")
        if section == "grid" and len({json.dumps(v) for v in value}) != len(value):
            raise NucmassError(f"grid.{key} repeats a value")


def parse_sweep_config(data: dict, source: str = "sweep config") -> SweepConfig:
    """Validate a parsed TOML document and return the ``SweepConfig``.

    Every grid point is also checked by the family's runner (``validate``), so a
    malformed or inconsistent config is rejected before anything runs.
    """
    from nucmass.runs.runners import validate_settings

    try:
        config = _parse(data)
        validate_settings(config.family, {**config.fixed, **_first_point(config.grid)})
        for settings in {canonical_hash(c.settings): c.settings for c in config.cells()}.values():
            validate_settings(config.family, settings)
    except NucmassError as error:
        raise NucmassError(f"{source}: {error}") from None
    return config


def _parse(data: dict) -> SweepConfig:
    unknown = set(data) - {"sweep", "fixed", "grid"}
    if unknown:
        raise NucmassError(f"unknown section(s) {', '.join(sorted(unknown))}")
    sweep, fixed, grid = data.get("sweep"), data.get("fixed", {}), data.get("grid", {})
    if not isinstance(sweep, dict):
        raise NucmassError("missing [sweep] section")
    if set(sweep) - SWEEP_KEYS:
        raise NucmassError(f"unknown [sweep] key(s) {', '.join(sorted(set(sweep) - SWEEP_KEYS))}")
    for key in ("name", "family", "seeds"):
        if key not in sweep:
            raise NucmassError(f"[sweep] needs '{key}'")
    _check_name(sweep["name"])
    _check_out(sweep.get("out"))
    if not isinstance(fixed, dict) or not isinstance(grid, dict):
        raise NucmassError("[fixed] and [grid] must be tables")
    both = set(fixed) & set(grid)
    if both:
        raise NucmassError(f"{', '.join(sorted(both))} is both fixed and in the grid")
    _check_values(fixed, "fixed")
    _check_values(grid, "grid")
    per_cell = sweep.get("seeds_per_cell", 1)
    if not _count(per_cell):
        raise NucmassError("seeds_per_cell must be an integer >= 1")
    per_value = sweep.get("seeds_per_cell_for", {})
    _check_cell_sizes(per_value, grid)
    _check_expansion(grid, len(_seeds(sweep["seeds"])), per_cell, per_value)
    if not isinstance(sweep["family"], str):
        raise NucmassError("[sweep] family must be a string")
    return SweepConfig(
        name=sweep["name"],
        family=sweep["family"],
        fixed=dict(fixed),
        grid=dict(grid),
        seeds=_seeds(sweep["seeds"]),
        seeds_per_cell=per_cell,
        out=sweep.get("out"),
        seeds_per_cell_for=per_value,
    )


def _count(value) -> bool:
    return _integer(value) and value >= 1


def _check_name(name) -> None:
    """A sweep name is a plain file name: it becomes the directory ``runs/NAME``."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise NucmassError(
            f"[sweep] name {name!r} must be 1-100 letters, digits, '.', '_' or '-', starting"
            " with a letter or digit (it names a directory)"
        )


def _check_out(out) -> None:
    """``out`` stays below the current directory: relative, no '..', no '~'."""
    if out is None:
        return
    path = PurePosixPath(out) if isinstance(out, str) else None
    if path is None or not out.strip() or path.is_absolute() or ".." in path.parts:
        raise NucmassError(f"[sweep] out {out!r} must be a relative path without '..'")
    if out.startswith("~") or "\\" in out or "\0" in out:
        raise NucmassError(f"[sweep] out {out!r} must be a plain relative path")


def _check_expansion(grid: dict, seeds: int, per_cell: int, per_value: dict) -> None:
    """Refuse grids too large to expand (before any list of cells is built)."""
    points = math.prod(len(values) for values in grid.values())
    smallest = min([per_cell, *(n for sizes in per_value.values() for n in sizes.values())])
    if points > MAX_GRID_POINTS or points * math.ceil(seeds / smallest) > MAX_CELLS:
        raise NucmassError(
            f"the grid has {points} points and up to {points * math.ceil(seeds / smallest)}"
            f" cells; at most {MAX_GRID_POINTS} points and {MAX_CELLS} cells"
        )


def _first_point(grid: dict) -> dict:
    return {name: values[0] for name, values in grid.items()}


def _check_cell_sizes(per_value, grid: dict) -> None:
    """``seeds_per_cell_for`` maps grid keys to {value (as text): seeds per cell}."""
    if not isinstance(per_value, dict):
        raise NucmassError("seeds_per_cell_for must be a table {grid key = {value = n}}")
    for name, sizes in per_value.items():
        if name not in grid or not isinstance(sizes, dict):
            raise NucmassError(f"seeds_per_cell_for.{name} must name a grid key with a table")
        values = {str(v) for v in grid[name]}
        for value, size in sizes.items():
            if value not in values or not _count(size):
                raise NucmassError(
                    f"seeds_per_cell_for.{name}: {value} = {size} needs a value of grid.{name}"
                    " and an integer >= 1"
                )


def load_sweep_config(path: "str | Path") -> SweepConfig:
    """Read and validate the sweep config TOML file ``path``."""
    path = Path(path)
    if path.is_dir():
        raise NucmassError(f"{path} is a directory, not a sweep config (TOML)")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise NucmassError(f"{path}: a sweep config must be under {MAX_CONFIG_BYTES} bytes")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise NucmassError(f"{path}: not a text file (not UTF-8 at byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise NucmassError(f"{path}: not valid TOML: {error}") from None
    return parse_sweep_config(data, str(path))
