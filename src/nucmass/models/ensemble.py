"""One ensemble type for every model family: :class:`Ensemble`.

An ensemble holds K members of one family stacked as a single pytree (leading axis K on
every array), the input and target scaling fitted on the training data (:class:`Scaling`)
and, for residual models, the name of the theory table it corrects:

    B(Z, N) = B_baseline(Z, N) + to_B(target_shift + target_scale * member(x_scaled))

with ``to_B`` the identity for binding-energy targets and B = Z Delta_H + N Delta_n - M
for mass-excess targets. ``predict`` is the mean over the members whose training
succeeded; ``std`` their sample standard deviation (ddof = 1; 0 for one member), in MeV.
Members that diverged or collapsed to a constant are kept in the file with their status
and never enter a prediction.

On disk (:mod:`nucmass.models.files`): ``config.json`` (format version, family,
architecture, status, baseline, info) and ``ensemble.eqx`` (members and scaling).
"""

from dataclasses import dataclass

import equinox as eqx
import jax
import numpy as np

from nucmass.data.ame import binding_energy_mev
from nucmass.data.nuclide import nuclei_arrays
from nucmass.data.theory import theory_binding_energy
from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig
from nucmass.models.files import save_ensemble

__all__ = [
    "STATUSES",
    "Ensemble",
    "History",
    "Scaling",
    "concat_members",
    "map_arrays",
    "skeleton",
    "stack_members",
]

STATUSES = ("ok", "diverged", "collapsed")


class Scaling(eqx.Module):
    """Affine maps fitted on training data: members see (x - input_shift) / input_scale
    and output (t - target_shift) / target_scale. Shapes (d,), (d,), (), (); float64."""

    input_shift: np.ndarray
    input_scale: np.ndarray
    target_shift: np.ndarray
    target_scale: np.ndarray

    @classmethod
    def of(cls, input_shift, input_scale, target_shift=0.0, target_scale=1.0) -> "Scaling":
        arrays = (input_shift, input_scale, target_shift, target_scale)
        return cls(*(np.asarray(a, dtype=np.float64) for a in arrays))


@dataclass(eq=False)
class History:
    """What training recorded (kept in memory; the loss curves are also saved).

    Attributes
    ----------
    losses : (K, epochs) float array
        Data loss plus penalty before each epoch's update, in target units (MeV for MAE,
        MeV^2 for MSE); NaN after a member diverged.
    initial : pytree
        The members before training, stacked like ``Ensemble.members``.
    seconds : float
        Wall time of the training.
    """

    losses: np.ndarray
    initial: object = None
    seconds: float = 0.0


def map_arrays(function, *trees):
    """``function`` over the array leaves of equally shaped module trees; the other leaves
    (activation functions, ...) are taken from the first tree."""
    arrays = [eqx.filter(tree, eqx.is_array) for tree in trees]
    rest = eqx.filter(trees[0], eqx.is_array, inverse=True)
    return eqx.combine(jax.tree.map(function, *arrays), rest)


def stack_members(members: list):
    """One module with a leading member axis on every array (numpy) from K members."""
    return map_arrays(lambda *leaves: np.stack([np.asarray(v) for v in leaves]), *members)


def concat_members(stacks: list):
    """Concatenate stacked members along the member axis (numpy arrays)."""
    return map_arrays(lambda *leaves: np.concatenate([np.asarray(v) for v in leaves]), *stacks)


@eqx.filter_jit
def _compiled_components(config, members, x):
    return eqx.filter_vmap(lambda member: config.components(member, x))(members)


def _member(members, k: int):
    """Member ``k`` of stacked members."""
    return map_arrays(lambda leaf: leaf[k], members)


def _components(config, members, x) -> dict:
    """Each named term per member, (K, m). Trained families run compiled in float32;
    closed-form ones (small linear models) in numpy float64, exactly as they were solved."""
    if not config.closed_form:
        return _compiled_components(config, members, x.astype(np.float32))
    size = jax.tree.leaves(eqx.filter(members, eqx.is_array))[0].shape[0]
    each = [config.components(_member(members, k), x) for k in range(size)]
    return {name: np.stack([terms[name] for terms in each]) for name in each[0]}


class Ensemble(eqx.Module):
    """K members of one family with their scaling: a mass model (see the module docs).

    Attributes
    ----------
    members : eqx.Module
        The stacked members (leading axis K on every array).
    scaling : Scaling
    config : ModelConfig
        The family's architecture configuration.
    status : tuple of str, length K
        ``"ok"``, ``"diverged"`` or ``"collapsed"`` per member (``STATUSES``).
    baseline : str or None
        Theory table the members correct (residual models), or None.
    data_dir : str or None
        RIPL-4 directory for RIPL tables (baseline, low-fidelity inputs).
    info : dict
        JSON-serialisable record of the training (seeds, training settings, data, losses).
    history : History or None
        The training record of a freshly fitted ensemble (None after loading).
    calibration : dict or None
        The calibrated uncertainty the model is saved with (JSON form of
        :class:`nucmass.uncertainty.calibration.Calibration`), or None.
    """

    members: eqx.Module
    scaling: Scaling
    config: ModelConfig = eqx.field(static=True)
    status: tuple = eqx.field(static=True)
    baseline: "str | None" = eqx.field(static=True, default=None)
    data_dir: "str | None" = eqx.field(static=True, default=None)
    info: dict = eqx.field(static=True, default_factory=dict)
    history: "History | None" = eqx.field(static=True, default=None)
    calibration: "dict | None" = eqx.field(static=True, default=None)

    def __check_init__(self):
        unknown = set(self.status) - set(STATUSES)
        if unknown or len(self.status) != self.size:
            raise NucmassError(f"need one status of {STATUSES} per member, got {self.status}")
        if self.baseline is not None and self.config.target != "binding_energy":
            raise NucmassError("a model on a theory baseline must learn binding energies")

    @property
    def family(self) -> str:
        """The model family (``fnn``, ``conn``, ``mfdnn``, ``ldm``)."""
        return self.config.family

    @property
    def size(self) -> int:
        """Number of members K (failed ones included)."""
        return int(jax.tree.leaves(eqx.filter(self.members, eqx.is_array))[0].shape[0])

    @property
    def ok(self) -> np.ndarray:
        """Mask (K,) of the members that enter predictions."""
        return np.array([s == "ok" for s in self.status])

    @property
    def seeds(self) -> list:
        """The members' seeds, as recorded in ``info`` (0..K-1 when unrecorded)."""
        return list(self.info.get("seeds", range(self.size)))

    def inputs(self, z, n) -> tuple[np.ndarray, np.ndarray]:
        """Scaled inputs (m, d) float64 and the mask (m,) of nuclei the model covers."""
        x, covered = self.config.raw_inputs(z, n, self.data_dir)
        return (x - self.scaling.input_shift) / self.scaling.input_scale, covered

    def _baseline(self, z, n) -> np.ndarray:
        if self.baseline is None:
            return np.zeros(len(z))
        return theory_binding_energy(z, n, self.baseline, self.data_dir)

    def _selected(self, include_failed: bool):
        if include_failed:
            return self.members
        if not self.ok.any():
            raise NucmassError(
                f"every member of this {self.family} ensemble failed in training "
                f"({', '.join(self.status)}); it cannot predict"
            )
        index = np.flatnonzero(self.ok)
        return map_arrays(lambda leaf: leaf[index], self.members)

    def _terms(self, z, n, include_failed: bool) -> tuple[dict, np.ndarray]:
        """Named terms per member (K, m) in target units, float64, and the covered mask;
        the target shift is added to the first term, so the terms sum to the target."""
        x, covered = self.inputs(z, n)
        parts = _components(self.config, self._selected(include_failed), x)
        scale = self.scaling.target_scale
        out = {k: np.asarray(parts[k], float) * scale for k in self.config.component_names}
        out[self.config.component_names[0]] += self.scaling.target_shift
        return out, covered

    def predict_members(self, z, n=None, include_failed: bool = False) -> np.ndarray:
        """Binding energy (MeV) of each member, shape (K_ok, m) (K with ``include_failed``);
        NaN for nuclei the model does not cover. ``z`` may be nuclide names (n omitted)."""
        z, n = nuclei_arrays(z, n)
        terms, covered = self._terms(z, n, include_failed)
        target = sum(terms.values())
        if self.config.target == "mass_excess":
            target = binding_energy_mev(z, n, 1e3 * target)
        elif self.config.target == "binding_per_nucleon":
            target = target * (np.asarray(z) + np.asarray(n))
        values = self._baseline(z, n)[None] + target
        return np.where(covered, values, np.nan)

    def predict(self, z, n=None) -> np.ndarray:
        """Ensemble-mean binding energy (MeV), shape (m,)."""
        return self.predict_members(z, n).mean(axis=0)

    def std(self, z, n=None) -> np.ndarray:
        """Sample standard deviation (ddof = 1) of the members (MeV), shape (m,); 0 for one."""
        members = self.predict_members(z, n)
        return members.std(axis=0, ddof=1) if len(members) > 1 else np.zeros(members.shape[1])

    def member_components(self, z, n=None) -> dict:
        """Each named term per good member, shape (K_ok, m), in target units (MeV): B, or
        the mass excess for mass-excess targets; the baseline is not included."""
        z, n = nuclei_arrays(z, n)
        terms, covered = self._terms(z, n, include_failed=False)
        return {k: np.where(covered, v, np.nan) for k, v in terms.items()}

    def components(self, z, n=None) -> dict:
        """Member mean of each named term (m,), in target units (MeV)."""
        return {k: v.mean(axis=0) for k, v in self.member_components(z, n).items()}

    def save(self, directory, overwrite: bool = False):
        """Write the ensemble into ``directory`` atomically (format of
        :mod:`nucmass.models.files`); an existing directory needs ``overwrite``, which
        replaces it whole. Returns the path."""
        return save_ensemble(self, directory, overwrite)


def skeleton(config, size: int, n_inputs: int, shapes=None):
    """(members, scaling) of the right shapes and dtypes to deserialise into; ``shapes``
    (the stacked arrays' shapes, in leaf order) when the members' sizes depend on data."""
    member = config.init(jax.random.PRNGKey(0), n_inputs, (0.0, 1.0))
    members = map_arrays(lambda leaf: np.zeros((size, *leaf.shape), leaf.dtype), member)
    if shapes is not None:
        arrays, rest = eqx.partition(members, eqx.is_array)
        leaves, tree = jax.tree.flatten(arrays)
        if len(shapes) != len(leaves):
            raise NucmassError(f"{len(shapes)} member array shapes for {len(leaves)} arrays")
        resized = [np.zeros(tuple(s), v.dtype) for s, v in zip(shapes, leaves, strict=True)]
        members = eqx.combine(jax.tree.unflatten(tree, resized), rest)
    scaling = Scaling.of(np.zeros(n_inputs), np.ones(n_inputs))
    return members, scaling
