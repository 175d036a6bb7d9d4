"""Splits from a CSV file of Z, N, part: the same object as a named split, checked."""

import pytest

from nucmass.data.splits import get_split
from nucmass.errors import NucmassError


def _write(tmp_path, text: str):
    path = tmp_path / "split.csv"
    path.write_text(text)
    return path


def test_a_saved_named_split_reads_back_as_the_same_split(tmp_path):
    named = get_split("measured", seed=3)
    path = named.save(tmp_path / "measured.csv")
    again = get_split(str(path))
    assert again.hash == named.hash and again.sizes() == named.sizes()
    table = again.table()
    assert table.binding_energy.notna().all() and set(table.part) == {"train", "test"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Z,N,part\n26,30,train\n26,30,test\n", "appears more than once"),
        ("Z,N,part\n26,30,train\n150,300,test\n", "not in AME2020"),
        ("Z,N,part\n26,30,train\n82,126,train\n", "needs a 'train' part and another"),
        ("Z,N,part\n26,30,test\n82,126,other\n", "needs a 'train' part"),
        ("Z,N,part\n26,30,train\n82,126,\n", "row 3 has no part"),
        ("Z,N\n26,30\n", "lacks the column"),
        ("Z,N,part\niron,30,train\n", "must be integers"),
        ("Z,N,part\n26.5,30,train\n", "must be integers"),
    ],
)
def test_bad_split_files_are_one_clear_error(tmp_path, text, message):
    with pytest.raises(NucmassError, match=message):
        get_split(str(_write(tmp_path, text)))


def test_a_missing_or_binary_file_is_a_clear_error(tmp_path):
    with pytest.raises(NucmassError, match="cannot read split file"):
        get_split(str(tmp_path / "absent.csv"))
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x01" * 50)
    with pytest.raises(NucmassError):
        get_split(str(path))


def test_the_command_line_takes_a_split_file(tmp_path, capsys):
    from nucmass.cli import main

    path = get_split("measured", seed=1).save(tmp_path / "mine.csv")
    assert main(["fit", "ldm", "--split", str(path), "--out", str(tmp_path / "ldm")]) == 0
    assert "1966 nuclei" in capsys.readouterr().out
    bad = _write(tmp_path, "Z,N,part\n26,30,train\n26,30,test\n")
    assert main(["fit", "ldm", "--split", str(bad), "--out", str(tmp_path / "bad")]) == 2
    assert capsys.readouterr().err.count("\n") == 1 and not (tmp_path / "bad").exists()
