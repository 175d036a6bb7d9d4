"""CoNN model: components, embedding indexing, grid lookup, parity structure, save/load."""

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.models.base import load_model
from nucmass.models.conn import ABLATIONS, CoNN, CoNNConfig, CoNNEnsemble
from nucmass.models.conn_modules import PAIRING_GAP

SMALL = CoNNConfig(bulk_width=8, bulk_depth=1, pairing_width=4, pairing_depth=1)
Z = np.array([1, 2, 8, 20, 28, 50, 82, 92, 3, 117])
N = np.array([0, 2, 8, 28, 30, 82, 126, 146, 4, 177])


def _randomised(model: CoNN, seed: int = 1) -> CoNN:
    """``model`` with random (non-zero) shell, grid and pairing-output parameters."""
    keys = jax.random.split(jax.random.PRNGKey(seed), 4)
    last = model.pairing.net.layers[-1]
    return eqx.tree_at(
        lambda m: (m.shell.e_z, m.shell.e_n, m.grid.values, m.pairing.net.layers[-1].weight),
        model,
        (
            jax.random.normal(keys[0], model.shell.e_z.shape),
            jax.random.normal(keys[1], model.shell.e_n.shape),
            jax.random.normal(keys[2], model.grid.values.shape),
            jax.random.normal(keys[3], last.weight.shape),
        ),
    )


@pytest.fixture(scope="module")
def model() -> CoNN:
    return _randomised(CoNN(SMALL, key=jax.random.PRNGKey(0)))


def test_components_sum_to_prediction(model):
    ensemble = CoNNEnsemble([model, _randomised(model, seed=2)])
    parts = ensemble.member_components(Z, N)
    assert set(parts) == {"bulk", "shell", "grid", "pairing"}
    assert all(np.abs(v).max() > 0 for v in parts.values())
    np.testing.assert_allclose(sum(parts.values()), ensemble.predict_members(Z, N))
    np.testing.assert_allclose(sum(ensemble.components(Z, N).values()), ensemble.predict(Z, N))
    np.testing.assert_allclose(np.asarray(model(Z, N)), ensemble.predict_members(Z, N)[0], 1e-6)


def test_embeddings_index_the_right_z_and_n(model):
    shell = eqx.tree_at(
        lambda s: (s.e_z, s.e_n),
        model.shell,
        (jnp.arange(model.shell.e_z.size) * 1.0, jnp.arange(model.shell.e_n.size) * 1000.0),
    )
    np.testing.assert_array_equal(np.asarray(shell(Z, N)), Z + 1000.0 * N)


def test_grid_is_exact_at_nodes_and_bilinear_between(model):
    grid = model.grid
    g = np.asarray(grid.values)
    i, j = np.meshgrid(np.arange(g.shape[0] - 1), np.arange(g.shape[1] - 1), indexing="ij")
    i, j = i.ravel(), j.ravel()
    at_nodes = grid(i * grid.spacing_z, j * grid.spacing_n)
    np.testing.assert_allclose(np.asarray(at_nodes), g[i, j], rtol=1e-6)
    # a quarter of the way across each cell along Z, half along N: hand-written bilinear
    zq, nq = (i + 0.25) * grid.spacing_z, (j + 0.5) * grid.spacing_n
    expected = 0.5 * (0.75 * (g[i, j] + g[i, j + 1]) + 0.25 * (g[i + 1, j] + g[i + 1, j + 1]))
    np.testing.assert_allclose(np.asarray(grid(zq, nq)), expected, rtol=1e-5, atol=1e-6)
    # the last node along each axis is reachable (no off-by-one at the upper edge)
    top = grid(jnp.array([(g.shape[0] - 1) * grid.spacing_z]), jnp.array([0.0]))
    np.testing.assert_allclose(np.asarray(top), g[-1, 0], rtol=1e-6)


def test_pairing_follows_the_parities_of_z_and_n(model):
    z = np.array([50, 51, 50, 51])
    n = np.array([70, 70, 71, 71])  # even-even, odd-even, even-odd, odd-odd
    h = np.asarray(model.pairing.amplitudes(z, n))
    sz, sn = np.array([1, -1, 1, -1]), np.array([1, 1, -1, -1])
    expected = sz * h[:, 0] + sn * h[:, 1] + sz * sn * h[:, 2]
    np.testing.assert_allclose(np.asarray(model.pairing(z, n)), expected, rtol=1e-6)
    # the amplitudes carry the 12/sqrt(A) MeV scale of the pairing gap
    g = np.asarray(jax.vmap(model.pairing.net)(jnp.array([[0.5, 0.8]])))
    a = np.asarray(model.pairing.amplitudes(np.array([50]), np.array([120])))
    np.testing.assert_allclose(a, g * PAIRING_GAP / np.sqrt(170.0), rtol=1e-5)


@pytest.mark.parametrize("name", sorted(ABLATIONS))
def test_ablations_switch_modules(name):
    config = CoNNConfig().ablate(name)
    model = CoNN(config, key=jax.random.PRNGKey(0))
    assert tuple(model.components(Z, N)) == ABLATIONS[name]


def test_bad_configs_and_inputs_raise(model):
    with pytest.raises(NucmassError, match="bulk"):
        CoNNConfig(modules=("shell",))
    with pytest.raises(NucmassError, match="unknown ablation"):
        CoNNConfig().ablate("no-bulk")
    with pytest.raises(NucmassError, match="Z <= 140"):
        CoNNEnsemble([model]).predict([141], [200])
    with pytest.raises(NucmassError, match="A >= 1"):
        CoNNEnsemble([model]).predict([0], [0])


def test_saved_ensemble_reloads_and_predicts_identically(model, tmp_path):
    ensemble = CoNNEnsemble([model, _randomised(model, seed=3)], info={"note": "test"})
    ensemble.save(tmp_path / "conn")
    loaded = load_model(tmp_path / "conn")
    assert loaded.kind == "conn" and loaded.config == SMALL and loaded.info == {"note": "test"}
    np.testing.assert_array_equal(loaded.predict_members(Z, N), ensemble.predict_members(Z, N))
    assert loaded.predict_std(Z, N).shape == Z.shape
