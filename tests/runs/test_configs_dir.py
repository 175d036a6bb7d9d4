"""Every sweep config shipped in experiments/configs/ is valid (rejected configs never run)."""

from pathlib import Path

import pytest

from nucmass.runs.config import load_sweep_config
from nucmass.runs.sweep import sweep_results

CONFIGS = sorted((Path(__file__).parents[2] / "experiments" / "configs").glob("*.toml"))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_shipped_config_is_valid(path):
    config = load_sweep_config(path)
    assert config.out == f"runs/{config.name}" and path.stem == config.name
    assert len(config.cells()) >= 1


def test_table1_paper_scale_is_the_papers_grid():
    config = load_sweep_config(Path(CONFIGS[0]).with_name("table1-paper.toml"))
    assert len(config.grid["width"]) == 18 and len(config.seeds) == 100
    assert config.fixed["epochs"] == 20000 and config.fixed["depth"] == 3  # l_out = 4


def test_sweep_results_one_call(tmp_path):
    config = load_sweep_config(Path(CONFIGS[0]).with_name("ldm-bootstrap.toml"))
    small = type(config)(**{**config.__dict__, "seeds": (3,), "fixed": {"bootstrap": 2}})
    frame = sweep_results(small, tmp_path, workers=1)
    assert len(frame) == 3 and set(frame.status) == {"done"}
    assert set(frame.split) == {"measured", "sigma100", "conn"}
