"""Named splits: documented sizes, determinism (recorded hashes), disjoint parts, targets."""

import pytest

from nucmass.data.ame import load_ame
from nucmass.data.splits import SPLIT_NAMES, get_split
from nucmass.errors import NucmassError

SIZES = {
    "conn": {"train": 2749, "validation": 687, "extrapolation": 122, "total": 3558},
    "zeng": {"train": 3436, "test": 122, "total": 3558},
    "measured": {"train": 1966, "test": 491, "total": 2457},
    "measured-since-2016": {"train": 2498, "test": 74, "total": 2572},
    "chain-ends": {"train": 1911, "test": 546, "total": 2457},
    "sigma100": {"train": 1871, "test": 468, "total": 2339},
    "sigma100-ame2016": {"train": 1817, "test": 454, "total": 2271},
    "sigma100-ame2003": {"train": 1544, "test": 386, "total": 1930},
}
# Recorded once; a change here means the published splits changed (numpy RNG or code).
HASH_PREFIXES = {
    "conn": "cf0cc60ff5ce",
    "zeng": "262be7d3448b",
    "measured": "732823a7d03a",
    "measured-since-2016": "61b421ced88a",
    "chain-ends": "bb2b0e372996",
    "sigma100": "023f9dd68d02",
    "sigma100-ame2016": "08395b451a3e",
    "sigma100-ame2003": "b85c71ec8808",
}


@pytest.mark.parametrize("name", SPLIT_NAMES)
def test_sizes_and_recorded_hash(name):
    split = get_split(name)
    assert split.sizes() == SIZES[name]
    assert split.hash.startswith(HASH_PREFIXES[name])
    assert get_split(name).hash == split.hash
    assert not split.membership.duplicated(["Z", "N"]).any()


def test_seed_changes_random_parts_only():
    a, b = get_split("conn", 0), get_split("conn", 1)
    assert a.hash != b.hash and a.sizes() == b.sizes()
    assert a.membership[a.membership.part == "extrapolation"].equals(
        b.membership[b.membership.part == "extrapolation"]
    )
    assert get_split("zeng", 0).hash == get_split("zeng", 5).hash


def test_conn_protocol():
    table = get_split("conn").table()
    ame16 = load_ame("ame2016").set_index(["Z", "N"]).index
    in16 = table.set_index(["Z", "N"]).index.isin(ame16)
    assert (in16 == (table.part != "extrapolation").to_numpy()).all()
    ame20 = load_ame("ame2020").set_index(["Z", "N"])
    assert (table.binding_energy.to_numpy() == ame20.binding_energy.to_numpy()).all()
    extrapolation = table[table.part == "extrapolation"]
    assert (~extrapolation.is_estimated).sum() == 3


def test_measured_since_2016_targets_by_vintage():
    split = get_split("measured-since-2016")
    table = split.table()
    assert split.targets == {"train": "ame2016", "test": "ame2020"}
    test = table[table.part == "test"]
    assert not test.is_estimated.any()
    ame16 = load_ame("ame2016").set_index(["Z", "N"])
    in16 = test.set_index(["Z", "N"]).index.isin(ame16.index)
    assert in16.sum() == 71  # 71 of the 74 were estimates in AME2016
    assert ame16.loc[test[in16].set_index(["Z", "N"]).index].is_estimated.all()
    train = table[table.part == "train"].set_index(["Z", "N"])
    assert (train.binding_energy == ame16.loc[train.index].binding_energy).all()


def test_save_writes_csv_and_hash(tmp_path):
    split = get_split("measured", seed=3)
    path = split.save(tmp_path / "measured.csv")
    assert path.read_text().splitlines()[0] == "Z,N,part"
    assert split.hash in (tmp_path / "measured.csv.sha256").read_text()


def test_unknown_split():
    with pytest.raises(NucmassError, match="unknown split"):
        get_split("random")
