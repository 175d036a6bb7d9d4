"""CoNN model: components, embedding indexing, grid lookup, parity structure, save/load."""

import dataclasses

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.models.conn import ABLATIONS, CoNN, CoNNConfig
from nucmass.models.conn_modules import (
    LIGHT_RANGE,
    PAIRING_GAP,
    WIGNER_DAMPING,
    WIGNER_WIDTH,
    light_terms,
    liquid_drop_terms,
)
from nucmass.models.ensemble import Ensemble, Scaling, stack_members
from nucmass.models.saved import load_model
from nucmass.presets import PRESETS, conn_preset

WIDTHS = {"bulk_width": 8, "bulk_depth": 1, "pairing_width": 4, "pairing_depth": 1}
# the four modules of paper 001 only; RICH: the defaults (Wigner term, shell product, finer grid)
SMALL = CoNNConfig(**WIDTHS, bulk_wigner="none", product_rank=0, grid_fine_below=0)
RICH = CoNNConfig(**WIDTHS)
Z = np.array([1, 2, 8, 20, 28, 50, 82, 92, 3, 117])
N = np.array([0, 2, 8, 28, 30, 82, 126, 146, 4, 177])


def _randomised(model: CoNN, seed: int = 1) -> CoNN:
    """``model`` with random (non-zero) shell, grid and pairing-output parameters."""
    keys = jax.random.split(jax.random.PRNGKey(seed), 5)
    last = model.pairing.net.layers[-1]
    if model.product is not None:
        v = jax.random.normal(keys[4], model.product.v.shape)
        model = eqx.tree_at(lambda m: m.product.v, model, v)
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


def _ensemble(members: list, info=None) -> Ensemble:
    """CoNN members as an ensemble on raw (Z, N) inputs and B targets (identity scaling)."""
    config = members[0].config
    status = ("ok",) * len(members)
    return Ensemble(stack_members(members), Scaling.of(np.zeros(2), np.ones(2)), config, status,
                    info=info or {})  # fmt: skip


@pytest.fixture(scope="module")
def model() -> CoNN:
    return _randomised(CoNN(SMALL, key=jax.random.PRNGKey(0)))


@pytest.fixture(scope="module")
def rich() -> CoNN:
    return _randomised(CoNN(RICH, key=jax.random.PRNGKey(0)))


def test_default_modules_and_optional_product():
    assert CoNNConfig().active == ("bulk", "shell", "product", "grid", "pairing")
    assert SMALL.active == ("bulk", "shell", "grid", "pairing")
    assert RICH.bulk_wigner == "gaussian" and RICH.product_rank == 2
    assert CoNN(SMALL, key=jax.random.PRNGKey(0)).product is None
    with pytest.raises(NucmassError, match="product_rank"):
        CoNNConfig(product_rank=-1)


@pytest.mark.parametrize("config_name", ["SMALL", "RICH"])
def test_components_sum_to_prediction(config_name):
    config = {"SMALL": SMALL, "RICH": RICH}[config_name]
    model = _randomised(CoNN(config, key=jax.random.PRNGKey(0)))
    ensemble = _ensemble([model, _randomised(model, seed=2)])
    parts = ensemble.member_components(Z, N)
    assert set(parts) == set(config.active)
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


@pytest.mark.parametrize("fine_below", [0, 20])
def test_grid_is_exact_at_nodes_and_bilinear_between(fine_below):
    config = dataclasses.replace(SMALL, grid_fine_below=fine_below, grid_fine_spacing=2.0)
    grid = _randomised(CoNN(config, key=jax.random.PRNGKey(0))).grid
    kz, kn = np.array(grid.knots_z), np.array(grid.knots_n)
    assert (
        kz[-1] >= 140
        and kn[-1] >= 240
        and np.all(np.diff(kz) == np.where(kz[1:] <= fine_below, 2, 5))
    )
    g = np.asarray(grid.values)
    i, j = np.meshgrid(np.arange(g.shape[0] - 1), np.arange(g.shape[1] - 1), indexing="ij")
    i, j = i.ravel(), j.ravel()
    np.testing.assert_allclose(np.asarray(grid(kz[i], kn[j])), g[i, j], rtol=1e-6)
    # a quarter of the way across each cell along Z, half along N: hand-written bilinear
    zq, nq = kz[i] + 0.25 * (kz[i + 1] - kz[i]), kn[j] + 0.5 * (kn[j + 1] - kn[j])
    expected = 0.5 * (0.75 * (g[i, j] + g[i, j + 1]) + 0.25 * (g[i + 1, j] + g[i + 1, j + 1]))
    np.testing.assert_allclose(np.asarray(grid(zq, nq)), expected, rtol=1e-5, atol=1e-6)
    # the last node along each axis is reachable (no off-by-one at the upper edge)
    top = grid(jnp.array([kz[-1]]), jnp.array([0.0]))
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


def test_shell_product_is_the_sum_of_u_times_v(rich):
    u, v = np.asarray(rich.product.u), np.asarray(rich.product.v)
    assert u.shape == (141, 2) and v.shape == (241, 2)
    expected = [u[z] @ v[n] for z, n in zip(Z, N, strict=True)]
    np.testing.assert_allclose(np.asarray(rich.product(Z, N)), expected, rtol=1e-5, atol=1e-6)
    assert float(rich.product.norm()) == pytest.approx(np.sum(u**2) + np.sum(v**2), rel=1e-5)
    fresh = CoNN(RICH, key=jax.random.PRNGKey(0)).product
    assert np.all(np.asarray(fresh(Z, N)) == 0) and np.abs(np.asarray(fresh.u)).max() > 0


def test_wigner_terms_by_hand():
    """Linear: -(|N-Z| + 1 for odd-odd N = Z)/A; damped: linear x (1 - exp(-(min(Z, N)/x0)^2));
    Gaussian: exp(-lambda ((N-Z)/A)^2)."""
    z, n = np.array([6, 7, 8, 82]), np.array([6, 7, 10, 126])  # 12C, 14N, 18O, 208Pb
    linear = np.asarray(liquid_drop_terms(z, n, surface_symmetry=True, wigner="linear"))
    np.testing.assert_allclose(linear[:, 5], [0.0, -1 / 14, -2 / 18, -44 / 208], rtol=1e-6)
    damped = np.asarray(liquid_drop_terms([8, 2], [10, 4], wigner="damped"))[:, 4]
    damping = 1 - np.exp(-((np.array([8, 2]) / WIGNER_DAMPING) ** 2))  # 18O, 6He
    np.testing.assert_allclose(damped, np.array([-2 / 18, -2 / 6]) * damping, rtol=1e-5)
    gaussian = np.asarray(liquid_drop_terms(z, n, wigner="gaussian"))
    expected = np.exp(-WIGNER_WIDTH * np.array([0.0, 0.0, 2 / 18, 44 / 208]) ** 2)
    np.testing.assert_allclose(gaussian[:, 4], expected, rtol=1e-5, atol=1e-30)
    broad = np.asarray(liquid_drop_terms([8], [10], wigner="gaussian", wigner_width=100.0))
    np.testing.assert_allclose(broad[0, 4], np.exp(-100 * (2 / 18) ** 2), rtol=1e-5)
    assert np.asarray(liquid_drop_terms(z, n, surface_symmetry=True)).shape == (4, 5)
    with pytest.raises(NucmassError, match="bulk_wigner"):
        CoNNConfig(bulk_wigner="quadratic")


@pytest.mark.parametrize("name", sorted(ABLATIONS))
def test_ablations_switch_modules(name, rich):
    config = RICH.ablate(name)
    model = CoNN(config, key=jax.random.PRNGKey(0))
    expected = ABLATIONS[name].get("modules", RICH.active)
    assert tuple(model.components(Z, N)) == expected
    assert (config.bulk_wigner == "none") == (name == "no-wigner")
    if name == "no-wigner":  # the bulk loses exactly the Wigner and light Wigner columns
        assert RICH.bulk_light == ("wigner", "ridge") and config.bulk_light == ()
        assert model.bulk.coefficients.shape == (5,) and rich.bulk.coefficients.shape == (8,)


def test_ablations_of_a_config_without_the_product():
    assert SMALL.ablate("no-product").active == SMALL.active
    assert SMALL.ablate("no-pairing").active == ("bulk", "shell", "grid")


def test_bad_configs_and_inputs_raise(model):
    with pytest.raises(NucmassError, match="bulk"):
        CoNNConfig(modules=("shell",))
    with pytest.raises(NucmassError, match="unknown ablation"):
        CoNNConfig().ablate("no-bulk")
    with pytest.raises(NucmassError, match="Z <= 140"):
        _ensemble([model]).predict([141], [200])
    with pytest.raises(NucmassError, match="A >= 1"):
        _ensemble([model]).predict([0], [0])


@pytest.mark.parametrize("config_name", ["SMALL", "RICH"])
def test_saved_ensemble_reloads_and_predicts_identically(config_name, tmp_path):
    config = {"SMALL": SMALL, "RICH": RICH}[config_name]
    model = _randomised(CoNN(config, key=jax.random.PRNGKey(0)))
    ensemble = _ensemble([model, _randomised(model, seed=3)], info={"note": "test"})
    ensemble.save(tmp_path / "conn")
    loaded = load_model(tmp_path / "conn")
    assert loaded.family == "conn" and loaded.config == config and loaded.info == {"note": "test"}
    np.testing.assert_array_equal(loaded.predict_members(Z, N), ensemble.predict_members(Z, N))
    members = ensemble.predict_members(Z, N)
    np.testing.assert_allclose(loaded.std(Z, N), members.std(axis=0, ddof=1), rtol=1e-6)


def test_configs_saved_before_the_new_terms_load_without_them():
    saved = RICH.to_dict()
    for key in ("bulk_surface_symmetry", "bulk_wigner", "product_rank", "bulk_light"):
        del saved[key]
    saved["modules"] = ["bulk", "shell", "grid", "pairing"]
    old = CoNNConfig.from_dict(saved)
    assert not old.bulk_surface_symmetry and old.bulk_wigner == "none" and old.product_rank == 0
    assert old.bulk_light == ()


def test_light_terms_by_hand():
    """alpha: min(floor(Z/2), floor(N/2)), wigner: -|N-Z|, ridge: exp(-lambda ((N-Z)/A)^2),
    each times exp(-(A/A_0)^2)."""
    z, n = np.array([2, 2, 0, 6, 82]), np.array([2, 3, 1, 6, 126])  # 4He 5He 1n 12C 208Pb
    envelope = np.exp(-(((z + n) / LIGHT_RANGE) ** 2))
    terms = np.asarray(light_terms(z, n))
    assert terms.shape == (5, 3) and LIGHT_RANGE == 28.0
    np.testing.assert_allclose(terms[:, 0], [1, 1, 0, 3, 41] * envelope, rtol=1e-5, atol=1e-30)
    np.testing.assert_allclose(terms[:, 1], [0, -1, -1, 0, -44] * envelope, rtol=1e-5, atol=1e-30)
    ridge = np.exp(-WIGNER_WIDTH * ((n - z) / (z + n)) ** 2) * envelope
    np.testing.assert_allclose(terms[:, 2], ridge, rtol=1e-5, atol=1e-30)
    np.testing.assert_allclose(terms[0], [np.exp(-((4 / 28) ** 2)), 0, np.exp(-((4 / 28) ** 2))],
                               rtol=1e-6)  # 4He: 0.98  # fmt: skip
    wide = np.asarray(light_terms([2], [3], ("wigner",), a0=10.0))
    np.testing.assert_allclose(wide, [[-np.exp(-0.25)]], rtol=1e-6)


def test_light_terms_extend_the_bulk_coefficients():
    config = RICH.replace(bulk_light=["ridge", "wigner", "alpha"])
    assert config.bulk_light == ("alpha", "wigner", "ridge")  # LIGHT_TERMS order, a tuple
    model = CoNN(config, key=jax.random.PRNGKey(0))
    assert model.bulk.coefficients.shape == (9,)
    np.testing.assert_array_equal(model.bulk.coefficients[6:], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(model.bulk.terms(Z, N)[:, 6:], light_terms(Z, N), rtol=1e-6)
    assert CoNNConfig.from_dict(config.to_dict()) == config
    with pytest.raises(NucmassError, match="bulk_light"):
        CoNNConfig(bulk_light=("beta",))
    with pytest.raises(NucmassError, match="bulk_light_range"):
        CoNNConfig(bulk_light_range=0.0)


def test_conn_presets_keep_the_paper_and_the_issue5_designs():
    from nucmass.cli.names import CONN_PRESETS as CLI_PRESETS

    assert conn_preset("conn-issue5")[0] == load_model("conn").config  # the shipped ensemble
    paper = conn_preset("conn-paper")[0]
    assert paper.active == ("bulk", "shell", "grid", "pairing")
    assert (paper.bulk_wigner, paper.bulk_light, paper.grid_fine_below) == ("none", (), 0)
    assert set(CLI_PRESETS) == {k for k, (m, _) in PRESETS.items() if m.family == "conn"}
    with pytest.raises(NucmassError, match="not a CoNN preset"):
        conn_preset("fnn-tiny")
