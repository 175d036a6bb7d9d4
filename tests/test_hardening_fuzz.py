"""Fuzz tests (hypothesis) of everything a user types or hands over (issue 16).

Nuclide strings, numeric options, sweep configs (as data and as TOML text) and table files:
each is either accepted with sane values or refused with ``NucmassError`` (on the command
line: exit 2 and one line); nothing else may escape. Examples are bounded to keep the
suite fast.
"""

import argparse
import contextlib
import io
import math
import string
import tomllib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nucmass.cli import checks, main
from nucmass.data.ame import read_ame
from nucmass.data.nuclide import parse_nuclide
from nucmass.data.theory import read_ripl, read_zn_table
from nucmass.errors import NucmassError
from nucmass.runs.config import MAX_CELLS, NAME, load_sweep_config, parse_sweep_config
from nucmass.runs.runners import RUNNERS

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["nan", "-inf", "1e999", "0x10", "", " ", "1,5", "٣", "1_000", "-0"]),
    st.text(max_size=8),
)
SCALARS = st.one_of(
    st.booleans(), st.integers(-(10**15), 10**15), st.floats(), st.text(max_size=12)
)


@FEW
@given(st.one_of(st.text(max_size=12), st.from_regex(r"[0-9]{1,4}[A-Za-z]{1,3}", fullmatch=True)))
def test_nuclide_strings_parse_or_are_refused(text):
    try:
        z, n = parse_nuclide(text)
    except NucmassError:
        return
    assert isinstance(z, int) and isinstance(n, int) and z >= 0 and n >= 0 and z + n > 0


@FEW
@given(NUMBER_TEXT)
def test_numeric_options_are_finite_and_in_range_or_refused(text):
    for parse, low, high in ((checks.integer(1, 1000), 1, 1000), (checks.seed, 0, 2**32 - 1),
                             (checks.number(positive=True), 0.0, math.inf)):  # fmt: skip
        try:
            value = parse(text)
        except argparse.ArgumentTypeError:
            continue
        assert math.isfinite(value) and low <= value <= high and (value > 0 or low == 0)


@FEW
@given(cw=NUMBER_TEXT, width=NUMBER_TEXT, value=NUMBER_TEXT)
def test_theory_recursion_exits_0_or_2_with_one_line(cw, width, value):
    argv = ["theory", "recursion", "--activation", "tanh", "--cw", cw, "--cb", "0",
            "--width", width, "--depth", "2", "--input", value, "--json"]  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code
    if code == 0:
        assert "NaN" not in out.getvalue() and "Infinity" not in out.getvalue()
    else:
        assert code == 2 and len(err.getvalue().strip().splitlines()) == 1


SWEEP = st.fixed_dictionaries(
    {"name": st.one_of(st.text(max_size=12), st.sampled_from(["ok", "../up", "a/b", ".x"])),
     "family": st.one_of(st.sampled_from(["fault", "ldm", "os", "this", "nucmass.cli"]), SCALARS),
     "seeds": st.one_of(st.integers(-5, 10**13), st.lists(st.integers(-3, 10**12), max_size=4),
                        st.fixed_dictionaries({"start": SCALARS, "count": SCALARS})),
     "seeds_per_cell": st.one_of(st.integers(-2, 5), SCALARS)},
    optional={"out": st.one_of(st.sampled_from(["runs/x", "/etc", "../x", "~/x", "a\\b"]),
                               SCALARS)},
)  # fmt: skip
SECTION = st.dictionaries(st.sampled_from(["fail", "seconds", "split", "bootstrap"]), SCALARS)


@FEW
@given(
    sweep=SWEEP,
    fixed=SECTION,
    grid=st.dictionaries(st.sampled_from(["fail", "seconds"]), st.lists(SCALARS, max_size=3)),
)
def test_sweep_configs_are_valid_or_refused(sweep, fixed, grid):
    try:
        config = parse_sweep_config({"sweep": sweep, "fixed": fixed, "grid": grid})
    except NucmassError:
        return
    assert config.family in RUNNERS and NAME.fullmatch(config.name)
    assert config.out is None or not config.out.startswith(("/", ".."))
    values = [*config.fixed.values(), *(v for vs in config.grid.values() for v in vs)]
    assert all(math.isfinite(v) for v in values if isinstance(v, float))
    assert len(config.cells()) <= MAX_CELLS


@FEW
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_sweep_config_files_are_valid_or_refused(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("config") / "c.toml"
    path.write_bytes(content)
    try:
        load_sweep_config(path)
    except NucmassError:
        pass
    except tomllib.TOMLDecodeError:  # pragma: no cover - must never escape
        pytest.fail("a TOML error escaped")


TOKEN = st.one_of(st.sampled_from(["8", "9", "-1", "8.5", "nan", "inf", "1e999", "x", "", "#"]),
                  st.floats().map(repr), st.integers(-5, 2000).map(str))  # fmt: skip
ROWS = st.lists(st.lists(TOKEN, min_size=0, max_size=5).map(" ".join), max_size=6)


def _sane(table) -> None:
    assert np.isfinite(table.mass_excess).all() and np.isfinite(table.binding_energy).all()
    assert not table.duplicated(["Z", "N"]).any() and (table.N >= 0).all()


@FEW
@given(rows=ROWS, junk=st.binary(max_size=64))
def test_zn_tables_are_read_or_refused(tmp_path_factory, rows, junk):
    directory = tmp_path_factory.mktemp("zn")
    for name, content in (("a.txt", ("Z N M\n" + "\n".join(rows)).encode()), ("b.txt", junk)):
        (directory / name).write_bytes(content)
        try:
            _sane(read_zn_table(directory / name))
        except NucmassError:
            pass


RIPL_ROW = st.builds(
    lambda z, a, m: f"{z:>4}{a:>4} Xx  0{'':>10}{'':>10}{m:>10}",
    st.integers(-5, 1200),
    st.integers(-5, 1200),
    TOKEN,
)
HEADER = "#  Z   A s fl  Mexp      Err       Mth       Emic\n"


@FEW
@given(rows=st.lists(st.one_of(RIPL_ROW, st.text(string.printable, max_size=50)), max_size=5),
       junk=st.binary(max_size=64))  # fmt: skip
def test_ripl_tables_are_read_or_refused(tmp_path_factory, rows, junk):
    directory = tmp_path_factory.mktemp("ripl")
    for name, content in (("a.dat", (HEADER + "\n".join(rows)).encode()), ("b.dat", junk)):
        (directory / name).write_bytes(content)
        try:
            _sane(read_ripl(directory / name))
        except NucmassError:
            pass


@FEW
@given(st.binary(max_size=300))
def test_ame_files_are_read_or_refused(tmp_path_factory, junk):
    path = tmp_path_factory.mktemp("ame") / "mass.txt"
    path.write_bytes(b"format : a1,i3,i5,i5,i5,1x,a3,a4,1x,f14.6,f12.6\n1N-Z\n" + junk)
    try:
        table = read_ame(path)
    except NucmassError:
        return
    assert np.isfinite(table.mass_excess.dropna()).all()
