"""Sweep configs: grid expansion, hashes, and rejection of bad configs before anything runs."""

import pytest

from nucmass.cli import main
from nucmass.errors import NucmassError
from nucmass.runs.config import canonical_hash, load_sweep_config, parse_sweep_config

GOOD = {
    "sweep": {"name": "t", "family": "ldm", "seeds": 5, "seeds_per_cell": 2},
    "fixed": {"bootstrap": 3},
    "grid": {"split": ["measured", "sigma100"]},
}


def with_changes(section: str, **changes) -> dict:
    data = {key: dict(value) for key, value in GOOD.items()}
    data[section].update(changes)
    return data


def test_cells_are_grid_product_times_seed_groups():
    cells = parse_sweep_config(GOOD).cells()
    assert [c.seeds for c in cells] == [(0, 1), (2, 3), (4,)] * 2
    assert [c.settings["split"] for c in cells] == ["measured"] * 3 + ["sigma100"] * 3
    assert all(c.settings["bootstrap"] == 3 for c in cells)
    assert [c.position for c in cells] == list(range(6))
    assert len({c.hash for c in cells}) == 6


def test_cell_hash_depends_on_content_not_on_sweep():
    renamed = parse_sweep_config(with_changes("sweep", name="other")).cells()
    assert [c.hash for c in renamed] == [c.hash for c in parse_sweep_config(GOOD).cells()]
    first = parse_sweep_config(GOOD).cells()[0]
    expected = {"family": "ldm", "settings": {"bootstrap": 3, "split": "measured"}, "seeds": [0, 1]}
    assert first.hash == canonical_hash(expected)
    assert parse_sweep_config(with_changes("fixed", bootstrap=4)).cells()[0].hash != first.hash


def test_seed_forms():
    listed = parse_sweep_config(with_changes("sweep", seeds=[7, 3]))
    ranged = parse_sweep_config(with_changes("sweep", seeds={"start": 10, "count": 3}))
    assert listed.seeds == (7, 3)
    assert ranged.seeds == (10, 11, 12)


@pytest.mark.parametrize(
    ("section", "changes", "message"),
    [
        ("sweep", {"family": "nope"}, "unknown model family 'nope'"),
        ("sweep", {"seeds": [1, 1]}, "seeds must not repeat"),
        ("sweep", {"seeds": [-1]}, "non-negative"),
        ("sweep", {"seeds": []}, "non-empty list"),
        ("sweep", {"seeds_per_cell": 0}, "seeds_per_cell must be an integer >= 1"),
        ("sweep", {"colour": "red"}, "unknown [sweep] key(s) colour"),
        ("fixed", {"split": "measured"}, "split is both fixed and in the grid"),
        ("fixed", {"bootstrap": -1}, "bootstrap must be >= 0"),
        ("fixed", {"epochs": 3}, "unknown ldm setting(s) epochs"),
        ("fixed", {"bootstrap": {"a": 1}}, "fixed.bootstrap must hold numbers"),
        ("grid", {"split": []}, "grid.split must be a non-empty list"),
        ("grid", {"split": ["measured", "measured"]}, "grid.split repeats a value"),
        ("grid", {"split": ["measured", "nowhere"]}, "ldm needs split = one of"),
        ("sweep", {"family": "os"}, "unknown model family 'os'; choose from ldm, fnn, fault"),
        ("sweep", {"family": "nucmass.runs.ldm"}, "unknown model family"),
        ("sweep", {"family": 5}, "family must be a string"),
        ("sweep", {"name": "../up"}, "name '../up' must be 1-100 letters"),
        ("sweep", {"name": "a/b"}, "name 'a/b' must be"),
        ("sweep", {"out": "/tmp/x"}, "relative path without '..'"),
        ("sweep", {"out": "runs/../../x"}, "relative path without '..'"),
        ("sweep", {"seeds": 10**12}, "at most 100000 seeds"),
        ("sweep", {"seeds": {"start": 0, "count": 10**12}}, "at most 100000 seeds"),
        ("sweep", {"seeds": [2**40]}, "seeds must be non-negative integers <="),
        ("fixed", {"bootstrap": float("nan")}, "fixed.bootstrap must hold finite numbers"),
        ("grid", {"split": ["measured", float("inf")]}, "grid.split must hold finite numbers"),
    ],
)
def test_bad_configs_are_rejected_with_a_clear_message(section, changes, message):
    with pytest.raises(NucmassError, match=r"^sweep config: ") as error:
        parse_sweep_config(with_changes(section, **changes))
    assert message in str(error.value)


def test_missing_sections_and_keys():
    with pytest.raises(NucmassError, match="missing \\[sweep\\] section"):
        parse_sweep_config({"grid": {}})
    with pytest.raises(NucmassError, match="needs 'seeds'"):
        parse_sweep_config({"sweep": {"name": "x", "family": "ldm"}})
    with pytest.raises(NucmassError, match="unknown section"):
        parse_sweep_config({**GOOD, "extra": {}})


def test_cli_rejects_before_anything_runs(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text('[sweep]\nname = "b"\nfamily = "ldm"\nseeds = 2\n[grid]\nsplit = ["x"]\n')
    out = tmp_path / "out"
    assert main(["sweep", str(config), "--out", str(out), "--workers", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nucmass: error: ") and "ldm needs split" in err
    assert len(err.splitlines()) == 1 and not out.exists()
    config.write_text("[sweep\n")
    assert main(["sweep", str(config), "--out", str(out)]) == 2
    assert "not valid TOML" in capsys.readouterr().err and not out.exists()


def test_seeds_per_cell_for_some_grid_values():
    data = with_changes("sweep", seeds_per_cell_for={"split": {"sigma100": 1}})
    cells = parse_sweep_config(data).cells()
    assert [c.seeds for c in cells] == [(0, 1), (2, 3), (4,), (0,), (1,), (2,), (3,), (4,)]
    assert cells[0].hash == parse_sweep_config(GOOD).cells()[0].hash
    for bad in ({"split": {"nowhere": 1}}, {"bootstrap": {"3": 1}}, {"split": {"measured": 0}}):
        with pytest.raises(NucmassError, match="seeds_per_cell_for"):
            parse_sweep_config(with_changes("sweep", seeds_per_cell_for=bad))


def test_a_config_never_imports_its_family(tmp_path, monkeypatch):
    (tmp_path / "evil.py").write_text("open(__file__ + '.ran', 'w')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(NucmassError, match="unknown model family 'evil'"):
        parse_sweep_config(with_changes("sweep", family="evil"))
    assert not (tmp_path / "evil.py.ran").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\xff", "not a text file"),
        (b'[sweep]\nname = "\xe9"\n', "not a text file"),
        (b"# padding\n" * 200_000, "must be under"),
    ],
)
def test_config_files_that_are_not_toml_text(tmp_path, content, message):
    path = tmp_path / "c.toml"
    path.write_bytes(content)
    with pytest.raises(NucmassError, match=message):
        load_sweep_config(path)


def test_a_grid_too_large_to_expand_is_refused_before_expansion():
    grid = {"split": list(range(317)), "bootstrap": list(range(317))}  # 100489 points
    with pytest.raises(NucmassError, match=r"100489 points .* at most 100000 points"):
        parse_sweep_config({"sweep": GOOD["sweep"], "grid": grid})
