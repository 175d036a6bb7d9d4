"""Nuclide names in every accepted spelling, and clear errors for bad input (fuzzed)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nucmass.data.nuclide import ELEMENTS, MAX_N, MAX_Z, format_nuclide, parse_nuclide
from nucmass.errors import NucmassError


@pytest.mark.parametrize("text", ["56Fe", "Fe56", "fe-56", "FE56", " 56fe ", "56-Fe", (26, 30)])
def test_spellings_of_iron_56(text):
    assert parse_nuclide(text) == (26, 30)


def test_special_names():
    assert parse_nuclide("1n") == (0, 1) == parse_nuclide("n1")
    assert parse_nuclide("n14") == (7, 7) == parse_nuclide("14N")
    assert parse_nuclide("H1") == (1, 0)
    assert format_nuclide(82, 126) == "208Pb"
    assert format_nuclide(0, 1) == "1n"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("56Xx", "unknown element"),
        ("Fe", "cannot read"),
        ("", "cannot read"),
        ("5Fe", "smaller than Z"),
        ((-1, 5), "non-negative"),
        ((5, -1), "non-negative"),
        ((131, 200), "outside"),
        ((50, 351), "outside"),
        ((0, 0), "not a nuclide"),
        ((1, 2, 3), "must be"),
    ],
)
def test_bad_input(bad, message):
    with pytest.raises(NucmassError, match=message):
        parse_nuclide(bad)


@given(st.integers(0, len(ELEMENTS) - 1), st.integers(0, MAX_N))
def test_roundtrip(z, n):
    if z + n == 0 or (z == 0 and n > 1):  # "n" with A > 1 reads as nitrogen
        return
    name = format_nuclide(z, n)
    assert parse_nuclide(name) == (z, n)
    symbol = ELEMENTS[z]
    assert parse_nuclide(f"{symbol.lower()}-{z + n}") == (z, n)
    assert parse_nuclide(f"{symbol}{z + n}") == (z, n)


@given(st.text(max_size=12))
def test_arbitrary_text_parses_or_raises_clearly(text):
    try:
        z, n = parse_nuclide(text)
    except NucmassError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert 0 <= z <= MAX_Z and 0 <= n <= MAX_N


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_tuples_in_or_out_of_range(z, n):
    valid = 0 <= z <= MAX_Z and 0 <= n <= MAX_N and z + n > 0
    if valid:
        assert parse_nuclide((z, n)) == (z, n)
    else:
        with pytest.raises(NucmassError):
            parse_nuclide((z, n))
