"""Output ensembles of randomly initialised networks (paper 000 Sec. III).

A network of ``depth`` L hidden layers of ``width`` n and one output neuron, weights
W^(l) ~ N(0, C_W^(l) / n_{l-1}) and biases b^(l) ~ N(0, C_b^(l)) (paper 000 Eqs. 4-8),
evaluated at k inputs (shape (k, n0)). Three samplers with the same law:

``naive``        draws every weight and bias: O(n^2 k) per draw and layer.
``conditional``  exact conditional sampling (paper 000 Eqs. 25-26): given layer l, the
                 preactivations of layer l + 1 are i.i.d. over neurons, Gaussian with
                 k x k covariance G_hat = C_b + (C_W / n) sum_j sigma_j sigma_j^T, so a draw
                 costs O(n k^2) per layer (the random-number limit: n k normals per layer).
``exact``        ``conditional``, except for one input with ReLU or linear activation,
                 where the whole layer sum is drawn at once: given G_hat^(l),
                 sum_j relu(z_j)^2 = G_hat^(l) chi^2_K with K ~ Binomial(n, 1/2) (K = n for
                 linear), so G_hat^(l+1) = C_b + C_W G_hat^(l) chi^2_K / n: O(1) per layer.

With ``record_layers`` every draw returns one neuron's preactivation at each layer
l = 1..L+1 (shape (L + 1, k)); each has exactly the law of the output of a depth l - 1
network (the joint law across layers is not reproduced by the ``exact`` shortcut).

Requests are bounded before any draw (``_check``): ``MAX_DRAWS``, ``MAX_WIDTH``, the
random numbers to draw (``MAX_NORMALS``, about half an hour on one core) and the memory
of one batch (``MAX_BATCH_BYTES``) or, for :func:`sample_outputs`, of all draws kept.
"""

from collections.abc import Iterator

import numpy as np

from nucmass.errors import NucmassError
from nucmass.limits import MAX_DEPTH, MAX_DRAWS, MAX_WIDTH, check_memory
from nucmass.theory.activations import ACTIVATIONS, get_activation
from nucmass.theory.kernels import as_inputs, first_layer_kernel, per_layer
from nucmass.theory.moments import StreamingMoments

__all__ = ["METHODS", "sample_batches", "sample_moments", "sample_outputs"]

METHODS = ("exact", "conditional", "naive")
_SCALE_FAMILY = {"relu": 0.5, "linear": 1.0}  # probability that a neuron is active
MAX_NORMALS = 10**11  # random numbers drawn by one call
MAX_BATCH_BYTES = 2**30  # the largest array of one batch


def _psd_root(g: np.ndarray) -> np.ndarray:
    """R with R R^T = g for a batch of PSD matrices g (b, k, k)."""
    if g.shape[-1] == 1:
        return np.sqrt(np.clip(g, 0.0, None))
    try:
        return np.linalg.cholesky(g)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(g)
        return vectors * np.sqrt(np.clip(values, 0.0, None))[:, None, :]


def _conditional_batch(rng, act, c_w, c_b, width, kernel1, size, record):
    depth = c_w.size - 1
    root = np.broadcast_to(_psd_root(kernel1[None]), (size, *kernel1.shape))
    records = []
    for layer in range(depth + 1):
        n_out = width if layer < depth else 1
        z = rng.standard_normal((size, n_out, kernel1.shape[0]))
        if kernel1.shape[0] == 1:
            z *= root  # one input: scale in place, no batched matmul
        else:
            z = z @ root.transpose(0, 2, 1)
        records.append(z[:, 0, :])
        if layer < depth:
            s = act.fn(z)
            g_hat = c_b[layer + 1] + (c_w[layer + 1] / width) * (s.transpose(0, 2, 1) @ s)
            root = _psd_root(g_hat)
    return np.stack(records, axis=1) if record else records[-1]


def _scale_family_batch(rng, act, c_w, c_b, width, kernel1, size, record):
    depth, active = c_w.size - 1, _SCALE_FAMILY[act.name]
    g_hat = np.full(size, kernel1[0, 0])
    records = []
    for layer in range(depth + 1):
        if record or layer == depth:
            records.append(np.sqrt(g_hat) * rng.standard_normal(size))
        if layer < depth:
            dof = rng.binomial(width, active, size) if active < 1 else np.full(size, width)
            chi2 = 2.0 * rng.gamma(0.5 * dof)
            g_hat = c_b[layer + 1] + c_w[layer + 1] * g_hat * chi2 / width
    out = np.stack(records, axis=1)[:, :, None]
    return out if record else out[:, 0, :]


def _naive_batch(rng, act, c_w, c_b, width, x, size, record):
    depth = c_w.size - 1
    h = np.broadcast_to(x.T, (size, *x.T.shape))  # sigma^(0) = x, (b, n0, k)
    records = []
    for layer in range(depth + 1):
        n_in, n_out = h.shape[1], width if layer < depth else 1
        w = rng.standard_normal((size, n_out, n_in)) * np.sqrt(c_w[layer] / n_in)
        b = rng.standard_normal((size, n_out, 1)) * np.sqrt(c_b[layer])
        z = w @ h + b
        records.append(z[:, 0, :])
        h = act.fn(z)
    return np.stack(records, axis=1) if record else records[-1]


def _check_count(name: str, value, low: int, high: int) -> None:
    try:
        good = int(value) == value and low <= value <= high
    except (TypeError, ValueError, OverflowError):
        good = False
    if not good:
        raise NucmassError(f"{name} must be an integer between {low} and {high}, got {value!r}")


def _check(width, depth, draws, method, x, fast: bool) -> None:
    """Refuse bad or unbounded requests (module docstring) before anything is drawn;
    ``fast``: the O(1)-per-layer ``exact`` shortcut applies."""
    _check_count("width", width, 1, MAX_WIDTH)
    _check_count("depth", depth, 0, MAX_DEPTH)
    _check_count("draws", draws, 1, MAX_DRAWS)
    if method not in METHODS:
        raise NucmassError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    k, n0 = x.shape
    fan = width * max(width, n0) if method == "naive" else width * k + k * k
    fan = 1 if method == "exact" and fast else fan
    if draws * (depth + 1) * fan > MAX_NORMALS:
        raise NucmassError(
            f"{draws} draws of width {width}, depth {depth} ({method}) need about"
            f" {draws * (depth + 1) * fan:.2g} random numbers; at most {MAX_NORMALS:.0e}"
        )
    if 8 * fan > MAX_BATCH_BYTES:
        raise NucmassError(f"width {width} is too large for the {method} sampler's memory")


def sample_batches(
    activation,
    c_w,
    c_b,
    width,
    depth,
    inputs,
    draws,
    *,
    method="exact",
    seed=0,
    batch_size=None,
    record_layers=False,
) -> Iterator[np.ndarray]:
    """Yield batches of network outputs at ``inputs`` (k, n0) until ``draws`` are made.

    Each batch has shape (b, k), or (b, L + 1, k) with ``record_layers``. ``c_w``, ``c_b``
    are scalars or per-layer arrays (layers 1..L+1). Deterministic given ``seed`` and
    ``batch_size``.
    """
    act, x = get_activation(activation), as_inputs(inputs)
    fast = len(x) == 1 and ACTIVATIONS.get(act.name) is act and act.name in _SCALE_FAMILY
    _check(width, depth, draws, method, x, fast)
    c_w, c_b = per_layer(c_w, depth, "c_w"), per_layer(c_b, depth, "c_b")
    kernel1 = first_layer_kernel(x, c_w[0], c_b[0])
    if method == "naive":
        default, step = 2**22 // (width * max(width, x.shape[1]) * len(x)), _naive_batch
    elif method == "exact" and fast:
        default, step = 2**18, _scale_family_batch
    else:
        default, step = 2**18 // (width * len(x)), _conditional_batch  # 2 MB: no page faults
    size = max(1, int(batch_size or default))
    rng = np.random.default_rng(seed)
    arg = x if method == "naive" else kernel1
    width, draws = int(width), int(draws)
    for start in range(0, draws, size):
        yield step(rng, act, c_w, c_b, width, arg, min(size, draws - start), record_layers)


def sample_outputs(activation, c_w, c_b, width, depth, inputs, draws, **options) -> np.ndarray:
    """All draws at once: shape (draws, k), or (draws, L + 1, k) with ``record_layers``."""
    layers = depth + 1 if options.get("record_layers") else 1
    check_memory(f"keeping {draws} draws", 8.0 * draws * layers * len(as_inputs(inputs)))
    batches = sample_batches(activation, c_w, c_b, width, depth, inputs, draws, **options)
    return np.concatenate(list(batches))


def sample_moments(activation, c_w, c_b, width, depth, inputs, draws, **options) -> dict:
    """Streaming moments (see :class:`StreamingMoments`) of the draws, without storing them.

    Columns are the k outputs, or (layer, input) pairs flattened layer-major with
    ``record_layers``. Returns the summary dict of :meth:`StreamingMoments.summary`.
    """
    moments = StreamingMoments()
    for batch in sample_batches(activation, c_w, c_b, width, depth, inputs, draws, **options):
        moments.update(batch.reshape(len(batch), -1))
    return moments.summary()
