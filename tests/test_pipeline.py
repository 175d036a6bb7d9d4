"""The training pipeline: choice on a carve of the training part, metrics, saved files."""

import numpy as np
import pandas as pd
import pytest

from nucmass import pipeline
from nucmass.models import LDMConfig, load_model
from nucmass.presets import TINY_CONN
from nucmass.train import Adam

GRID_3 = {"model": {"grid_spacing_z": 3.0, "grid_spacing_n": 3.0}}


@pytest.fixture(scope="module")
def trained():
    candidates = {"default": {}, "grid 3": GRID_3}
    return pipeline.run(TINY_CONN, "measured", Adam(epochs=10, learning_rate=1e-2), seeds=[0, 1],
                        candidates=candidates, progress=False)  # fmt: skip


def test_the_choice_is_scored_on_a_carve_of_the_training_part(trained):
    choice = trained.choice
    assert list(choice.candidate) == ["default", "grid 3"] and set(choice.carve) == {"random"}
    assert (choice.n_validation == round(0.2 * 1966)).all()
    best = choice.candidate[choice.validation_rmsd.idxmin()]
    assert trained.chosen == best
    expected = 3.0 if best == "grid 3" else TINY_CONN.grid_spacing_z
    assert trained.ensemble.config.grid_spacing_z == expected


def test_the_choice_never_reads_test_nuclei(monkeypatch):
    """Every fit of the choice sees only training nuclei: poison the test part's targets."""
    table = pipeline._table("measured", 0)[0]
    poisoned = table.assign(
        binding_energy=np.where(table.part == "test", np.nan, table.binding_energy)
    )
    seen = []
    real_fit = pipeline.fit

    def spy(model, data, *args, **kwargs):
        seen.append(data)
        return real_fit(model, data, *args, **kwargs)

    monkeypatch.setattr(pipeline, "fit", spy)
    _, scores = pipeline.choose(LDMConfig(), None, poisoned, {"a": {}, "b": {}})
    assert np.isfinite(scores.validation_rmsd).all()
    for data in seen:
        assert set(data.part) == {"train", "validation"}
        assert data.binding_energy.notna().all()


def test_metrics_cover_every_member_and_the_ensemble(trained):
    models = set(trained.metrics.model)
    assert models == {"member-0", "member-1", "ensemble"}
    row = trained.summary.query("part == 'test' and subset == 'all'").iloc[0]
    assert row.n == 491 and np.isfinite(row.ensemble_rmsd)


def test_saved_outputs_reload_to_the_same_predictions(trained, tmp_path):
    out = pipeline.save_trained(trained, tmp_path / "run")
    names = {p.name for p in out.iterdir()}
    expected = {"config.json", "ensemble.eqx", "losses.npz", "predictions.csv", "metrics.csv"}
    assert expected | {"summary.csv", "choice.csv", "missing.csv"} <= names
    model = load_model(out)
    saved = pd.read_csv(out / "predictions.csv")
    assert saved.predicted.to_numpy() == pytest.approx(model.predict(saved.Z, saved.N), abs=1e-4)
