"""The training pipeline: choice on a carve of the training part, metrics, saved files."""

import numpy as np
import pandas as pd
import pytest

from nucmass import pipeline
from nucmass.models import FNNConfig, LDMConfig, load_model
from nucmass.train import Adam

MODEL = FNNConfig(width=4, depth=1, target_scaling="standard")
CANDIDATES = {
    "width 4": {},
    "width 8, lr 2e-2": {"model": {"width": 8}, "training": {"learning_rate": 2e-2}},
}


@pytest.fixture(scope="module")
def trained():
    return pipeline.run(MODEL, "measured", Adam(epochs=30, learning_rate=1e-2), seeds=[0, 1],
                        candidates=CANDIDATES, progress=False)  # fmt: skip


def test_the_choice_is_scored_on_a_carve_of_the_training_part(trained):
    choice = trained.choice
    assert list(choice.candidate) == list(CANDIDATES) and set(choice.carve) == {"random"}
    assert (choice.n_validation == round(0.2 * 1966)).all()
    best = choice.candidate[choice.validation_rmsd.idxmin()]
    assert trained.chosen == best
    assert trained.ensemble.config.width == (8 if best.startswith("width 8") else 4)
    expected_rate = 2e-2 if best.startswith("width 8") else 1e-2
    assert trained.ensemble.info["training"]["learning_rate"] == expected_rate


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
