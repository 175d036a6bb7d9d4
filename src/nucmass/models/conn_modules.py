"""The four terms of the Cooperative Neural Network (CoNN, paper 001, Fig. 2).

Paper 001 describes the modules in words only (abstract and Fig. 2 caption); the choices
below are ours and each is documented where it is made. Every module maps integer arrays
``z``, ``n`` of shape (m,) to an energy in MeV of shape (m,), and every learned parameter
is stored in MeV (or MeV per nucleon), so that Adam's steps, which are of the order of the
learning rate in parameter units, are steps of comparable size in energy for every module.
(A prototype stalled at 2-12 MeV until the module outputs were scaled this way.)

- :class:`Bulk`: a smooth network written per nucleon, ``A * MLP(Z/z_scale, N/n_scale)``,
  so that the network output is O(1) MeV and the growth with A is built in, plus (by
  default) the four liquid-drop terms with learnable coefficients. Smooth activation
  (tanh by default).
- :class:`Shell`: one learned scalar per proton number and one per neutron number, summed:
  ``e_Z[Z] + e_N[N]`` (separable shell corrections, Fig. 4 of paper 001).
- :class:`ShellProduct` (our addition): a low-rank product ``sum_k u_k[Z] v_k[N]`` of
  learned per-Z and per-N vectors, the non-separable part of the shell correction (shell
  gaps in both Z and N bind doubly magic nuclei more than the sum of the two; the
  product of proton and neutron shell corrections / valence-pair interaction).
- :class:`Grid`: a coarse two-dimensional grid of values E_cor on nodes spaced
  ``grid_spacing`` nucleons apart (optionally closer below ``fine_below``, for the light
  nuclei), read by bilinear interpolation, so that it can only represent regional
  (several-nuclei-wide), non-separable structure (Fig. 5).
- :class:`Pairing`: ``s_Z h_Z + s_N h_N + s_Z s_N h_ZN`` with the signed parities
  ``s = +1`` (even) / ``-1`` (odd) and smooth amplitudes ``h = (12 MeV / sqrt(A)) g(Z, N)``,
  ``g`` a small MLP: it depends on the parities of Z and N by construction, averages to
  zero over the four parity classes (so the bulk stays the parity-averaged trend), and its
  scale follows the empirical pairing gap 12/sqrt(A) MeV, so ``g`` is O(1) everywhere.
  (Without that factor, free amplitudes per parity class grew to +-20 MeV among the light
  nuclei and extrapolated badly to held-out light nuclei.)
"""

import math

import equinox as eqx
import jax
import jax.numpy as jnp

__all__ = [
    "ACTIVATIONS",
    "LDM_START",
    "LIGHT_RANGE",
    "LIGHT_TERMS",
    "PAIRING_GAP",
    "WIGNER_DAMPING",
    "WIGNER_FORMS",
    "WIGNER_WIDTH",
    "Bulk",
    "Grid",
    "Pairing",
    "Shell",
    "ShellProduct",
    "grid_knots",
    "light_terms",
    "liquid_drop_terms",
    "scaled_inputs",
    "signed_parity",
    "wigner_term",
]

ACTIVATIONS = {
    "tanh": jnp.tanh,
    "softplus": jax.nn.softplus,
    "silu": jax.nn.silu,
    "gelu": jax.nn.gelu,
}


def scaled_inputs(z, n, z_scale: float, n_scale: float) -> jnp.ndarray:
    """Network inputs (Z/z_scale, N/n_scale), shape (m, 2), from integer arrays (m,)."""
    return jnp.stack([z / z_scale, n / n_scale], axis=-1).astype(jnp.float32)


def signed_parity(values) -> jnp.ndarray:
    """+1 for even, -1 for odd, float32 of the same shape as ``values``."""
    return (1 - 2 * (values % 2)).astype(jnp.float32)


def _mlp(width: int, depth: int, out: int, activation: str, key) -> eqx.nn.MLP:
    """A 2 -> width (x depth hidden layers) -> out MLP with the named smooth activation."""
    return eqx.nn.MLP(2, out, width, depth, activation=ACTIVATIONS[activation], key=key)


# Textbook liquid-drop coefficients (MeV): volume, surface, Coulomb, asymmetry; the optional
# surface-symmetry and Wigner coefficients start at zero (Myers-Swiatecki and FRDM forms).
LDM_START = (15.75, 17.8, 0.711, 23.7)
WIGNER_FORMS = ("none", "linear", "damped", "gaussian")
WIGNER_WIDTH = 380.0  # lambda of the Gaussian form exp(-lambda I^2): < 0.03 at |I| = 0.1
WIGNER_DAMPING = 6.0  # x_0 of the damped linear form (nucleons)
LIGHT_TERMS = ("alpha", "wigner", "ridge")
LIGHT_RANGE = 28.0  # A_0 of the light-nucleus envelope exp(-(A/A_0)^2): 0.72 at A = 16


def wigner_term(z, n, form: str, width: float = WIGNER_WIDTH) -> jnp.ndarray:
    """The Wigner-energy column (binding, per MeV of coefficient), shape (m,), float32.

    ``"linear"``: -(|N-Z| + d)/A, d = 1 for odd-odd N = Z (the FRDM form; large for the
    lightest nuclei, -1 at A = 1). ``"damped"``: the linear form times
    1 - exp(-(min(Z, N)/x_0)^2), x_0 = ``WIGNER_DAMPING``: unchanged for Z, N >= 12 (0.98),
    switched off towards Z or N = 0, where |N-Z|/A is large and the term would dominate.
    ``"gaussian"``: exp(-lambda I^2), I = (N-Z)/A, lambda = ``width``, a bounded ridge
    along N = Z (the form of the HFB mass models), <= 1.
    """
    z, n = jnp.asarray(z, jnp.float32), jnp.asarray(n, jnp.float32)
    a = z + n
    if form == "gaussian":
        return jnp.exp(-width * ((n - z) / a) ** 2)
    odd_odd_nz = ((z == n) & (z % 2 == 1)).astype(jnp.float32)
    linear = -(jnp.abs(n - z) + odd_odd_nz) / a
    if form == "damped":
        return linear * (1 - jnp.exp(-((jnp.minimum(z, n) / WIGNER_DAMPING) ** 2)))
    return linear


def light_terms(z, n, names: tuple = LIGHT_TERMS, a0: float = LIGHT_RANGE) -> jnp.ndarray:
    """Light-nucleus columns (binding, per MeV of coefficient), shape (m, len(names)).

    Each is a count times the envelope exp(-(A/A_0)^2), A_0 = ``a0`` (1 at A = 1, 0.72 at
    A = 16, < 0.01 at A = 60), so that it acts on the light nuclei only:

    ``"alpha"``: the number of alpha-like quartets min(floor(Z/2), floor(N/2)) (alpha
    clustering: 4He, 8Be, 12C, 16O bind like 1-4 alpha particles; a held-out 4He, 5He or
    5Li keeps the quartet its neighbours have). ``"wigner"``: -|N - Z|, the light-nucleus
    Wigner term V'_W |N - Z| exp(-(A/A_0)^2) of the Skyrme-HFB mass models (Goriely,
    Chamel, Pearson, e.g. HFB-21, PRC 82, 035804 (2010); A_0 = 28 there). ``"ridge"``: the
    Gaussian Wigner ridge exp(-lambda ((N-Z)/A)^2), lambda = ``WIGNER_WIDTH``, so that the
    N = Z cusp can grow towards small A (the Wigner energy falls roughly as 47/A MeV:
    Satula et al., PLB 407, 103 (1997)).
    """
    z, n = jnp.asarray(z), jnp.asarray(n)
    envelope = jnp.exp(-(((z + n) / a0) ** 2)).astype(jnp.float32)
    counts = {
        "alpha": jnp.minimum(z // 2, n // 2).astype(jnp.float32),
        "wigner": -jnp.abs(n - z).astype(jnp.float32),
        "ridge": wigner_term(z, n, "gaussian"),
    }
    return jnp.stack([counts[name] * envelope for name in names], axis=-1)


def liquid_drop_terms(
    z, n, surface_symmetry: bool = False, wigner: str = "none", wigner_width: float = WIGNER_WIDTH
):
    """The terms (A, -A^(2/3), -Z(Z-1)/A^(1/3), -(N-Z)^2/A), shape (m, 4), float32.

    With ``surface_symmetry`` a column +(N-Z)^2/A^(4/3) lets the asymmetry energy weaken at
    small A (the surface-symmetry energy). With ``wigner`` != "none" a column
    :func:`wigner_term` (``wigner_width``: lambda of the Gaussian form) gives N = Z nuclei
    the cusp of extra binding (Wigner energy) that a smooth network cannot make.
    Shape (m, 4 to 6).
    """
    z, n = jnp.asarray(z, jnp.float32), jnp.asarray(n, jnp.float32)
    a = z + n
    columns = [a, -(a ** (2 / 3)), -z * (z - 1) / a ** (1 / 3), -((n - z) ** 2) / a]
    if surface_symmetry:
        columns.append((n - z) ** 2 / a ** (4 / 3))
    if wigner != "none":
        columns.append(wigner_term(z, n, wigner, wigner_width))
    return jnp.stack(columns, axis=-1)


class Bulk(eqx.Module):
    """Smooth liquid-drop trend (MeV): B_bulk = A (offset + f(Z, N)) or, with ``ldm``,
    B_bulk = sum_k c_k T_k(Z, N) + A f(Z, N).

    ``f`` is a smooth MLP of (Z, N) giving MeV per nucleon. Without ``ldm`` the fixed
    ``offset`` (MeV per nucleon) starts the prediction near 8 MeV per nucleon. With ``ldm``
    the liquid-drop terms T_k of :func:`liquid_drop_terms` (and the ``light`` terms of
    :func:`light_terms`) carry learnable coefficients c_k (MeV, starting at ``LDM_START``
    and zero for the optional terms): the architecture holds the liquid-drop form, no
    external mass table enters, and ``f`` only learns the deviations from it.
    """

    net: eqx.nn.MLP
    coefficients: jnp.ndarray
    offset: float = eqx.field(static=True)
    z_scale: float = eqx.field(static=True)
    n_scale: float = eqx.field(static=True)
    ldm: bool = eqx.field(static=True)
    surface_symmetry: bool = eqx.field(static=True)
    wigner: str = eqx.field(static=True)
    wigner_width: float = eqx.field(static=True)
    light: tuple = eqx.field(static=True)
    light_range: float = eqx.field(static=True)

    def __init__(
        self,
        width,
        depth,
        activation,
        offset,
        z_scale,
        n_scale,
        ldm,
        surface_symmetry=False,
        wigner="none",
        wigner_width=WIGNER_WIDTH,
        light=(),
        light_range=LIGHT_RANGE,
        *,
        key,
    ):
        self.net = _mlp(width, depth, 1, activation, key)
        extra = int(surface_symmetry) + int(wigner != "none") + len(light)
        start = LDM_START + (0.0,) * extra
        self.coefficients = jnp.asarray(start, dtype=jnp.float32)
        self.offset, self.z_scale, self.n_scale = float(offset), float(z_scale), float(n_scale)
        self.ldm, self.surface_symmetry, self.wigner = (
            bool(ldm),
            bool(surface_symmetry),
            str(wigner),
        )
        self.wigner_width = float(wigner_width)
        self.light, self.light_range = tuple(light), float(light_range)

    def terms(self, z, n) -> jnp.ndarray:
        """The liquid-drop terms this bulk uses, then its :func:`light_terms`, shape
        (m, 4 to 8)."""
        terms = liquid_drop_terms(z, n, self.surface_symmetry, self.wigner, self.wigner_width)
        if not self.light:
            return terms
        return jnp.concatenate([terms, light_terms(z, n, self.light, self.light_range)], -1)

    def __call__(self, z, n):
        x = scaled_inputs(z, n, self.z_scale, self.n_scale)
        per_nucleon = jax.vmap(self.net)(x)[:, 0]
        if self.ldm:
            return self.terms(z, n) @ self.coefficients + (z + n) * per_nucleon
        return (z + n) * (self.offset + per_nucleon)


class Shell(eqx.Module):
    """Discrete scalar embeddings e_Z[Z] + e_N[N] (MeV), zero at initialization.

    Tables have ``z_max + 1`` and ``n_max + 1`` entries; callers check the range.
    """

    e_z: jnp.ndarray
    e_n: jnp.ndarray

    def __init__(self, z_max: int, n_max: int):
        self.e_z = jnp.zeros(z_max + 1, dtype=jnp.float32)
        self.e_n = jnp.zeros(n_max + 1, dtype=jnp.float32)

    def __call__(self, z, n):
        return self.e_z[z] + self.e_n[n]


class ShellProduct(eqx.Module):
    """Low-rank non-separable shell term sum_k u[Z, k] v[N, k] (MeV), zero at initialization.

    ``u`` (z_max + 1, rank) starts small and random, ``v`` (n_max + 1, rank) at zero, so the
    term starts at zero but both factors receive gradients. Both are in sqrt(MeV); their L2
    penalty (training) is a nuclear-norm penalty on the product matrix.
    """

    u: jnp.ndarray
    v: jnp.ndarray

    def __init__(self, z_max: int, n_max: int, rank: int, *, key):
        self.u = 0.1 * jax.random.normal(key, (z_max + 1, rank), dtype=jnp.float32)
        self.v = jnp.zeros((n_max + 1, rank), dtype=jnp.float32)

    def __call__(self, z, n):
        return jnp.sum(self.u[z] * self.v[n], axis=-1)

    def norm(self) -> jnp.ndarray:
        """Sum of squared entries of both factors (MeV)."""
        return jnp.sum(self.u**2) + jnp.sum(self.v**2)


def grid_knots(top: int, spacing: float, fine_below: int = 0, fine_spacing: float = 2.0):
    """Knot positions 0, fine_spacing, ... below ``fine_below``, then every ``spacing`` from
    ``fine_below`` until the first knot >= ``top``; a tuple of floats."""
    fine = [i * fine_spacing for i in range(math.ceil(fine_below / fine_spacing))]
    count = math.ceil(max(top - fine_below, 0) / spacing) + 1
    return tuple(fine + [fine_below + j * spacing for j in range(count)])


def _locate(x, knots: tuple):
    """Cell index (m,) and fractional position in the cell (m,) of ``x`` among ``knots``."""
    k = jnp.asarray(knots, jnp.float32)
    x = jnp.clip(jnp.asarray(x, jnp.float32), k[0], k[-1])
    i = jnp.clip(jnp.searchsorted(k, x, side="right") - 1, 0, len(knots) - 2)
    return i, (x - k[i]) / (k[i + 1] - k[i])


class Grid(eqx.Module):
    """Regional correlation energy E_cor(Z, N) (MeV): bilinear interpolation on a grid.

    Node (i, j) sits at Z = knots_z[i], N = knots_n[j] (every ``spacing`` nucleons, or every
    ``fine_spacing`` below ``fine_below``: :func:`grid_knots`); ``values`` has shape
    (len(knots_z), len(knots_n)) and starts at zero. At a node the lookup returns exactly
    the node value; in between it is bilinear.
    """

    values: jnp.ndarray
    knots_z: tuple = eqx.field(static=True)
    knots_n: tuple = eqx.field(static=True)

    def __init__(
        self, z_max, n_max, spacing_z, spacing_n, fine_below: int = 0, fine_spacing: float = 2.0
    ):
        self.knots_z = grid_knots(z_max, spacing_z, fine_below, fine_spacing)
        self.knots_n = grid_knots(n_max, spacing_n, fine_below, fine_spacing)
        self.values = jnp.zeros((len(self.knots_z), len(self.knots_n)), dtype=jnp.float32)

    def __call__(self, z, n):
        i, fu = _locate(z, self.knots_z)
        j, fv = _locate(n, self.knots_n)
        g = self.values
        return (
            (1 - fu) * (1 - fv) * g[i, j]
            + fu * (1 - fv) * g[i + 1, j]
            + (1 - fu) * fv * g[i, j + 1]
            + fu * fv * g[i + 1, j + 1]
        )

    def roughness(self) -> jnp.ndarray:
        """Sum of squared first differences between neighbouring nodes (MeV^2)."""
        dz = jnp.diff(self.values, axis=0)
        dn = jnp.diff(self.values, axis=1)
        return jnp.sum(dz**2) + jnp.sum(dn**2)


PAIRING_GAP = 12.0  # MeV; empirical pairing gap Delta ~ 12 / sqrt(A) MeV


class Pairing(eqx.Module):
    """Odd-even staggering s_Z h_Z + s_N h_N + s_Z s_N h_ZN (MeV), h = 12/sqrt(A) g(Z, N).

    The last layer starts at zero so the term is switched on by training, not by chance.
    """

    net: eqx.nn.MLP
    z_scale: float = eqx.field(static=True)
    n_scale: float = eqx.field(static=True)

    def __init__(self, width, depth, activation, z_scale, n_scale, *, key):
        net = _mlp(width, depth, 3, activation, key)
        last = net.layers[-1]
        last = eqx.tree_at(
            lambda layer: (layer.weight, layer.bias),
            last,
            (jnp.zeros_like(last.weight), jnp.zeros_like(last.bias)),
        )
        self.net = eqx.tree_at(lambda m: m.layers[-1], net, last)
        self.z_scale, self.n_scale = float(z_scale), float(n_scale)

    def amplitudes(self, z, n) -> jnp.ndarray:
        """(h_Z, h_N, h_ZN) in MeV, shape (m, 3)."""
        g = jax.vmap(self.net)(scaled_inputs(z, n, self.z_scale, self.n_scale))
        return g * (PAIRING_GAP / jnp.sqrt(z + n))[:, None]

    def __call__(self, z, n):
        h = self.amplitudes(z, n)
        sz, sn = signed_parity(z), signed_parity(n)
        return sz * h[:, 0] + sn * h[:, 1] + sz * sn * h[:, 2]
