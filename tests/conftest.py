"""Shared fixtures: the RIPL-4 directory beside the checkout, when it exists."""

from pathlib import Path

import pytest

RIPL4 = Path(__file__).resolve().parents[2] / "shared" / "data" / "ripl4"


@pytest.fixture
def ripl_dir() -> Path:
    """The RIPL-4 tables in ../shared/data/ripl4; the test is skipped where they are absent."""
    if not (RIPL4 / "mass-ws4.dat").is_file():
        pytest.skip("RIPL-4 tables not available (../shared/data/ripl4)")
    return RIPL4
