"""Atomic outputs: whole or nothing, old state kept on failure."""

import pytest

from nucmass.atomic import atomic_directory, write_text
from nucmass.errors import NucmassError


def test_a_failed_write_leaves_the_old_directory_untouched(tmp_path):
    target = tmp_path / "model"
    with atomic_directory(target) as directory:
        (directory / "a.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_directory(target, overwrite=True) as directory:
        (directory / "a.txt").write_text("new")
        raise RuntimeError("crash mid-write")
    assert (target / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]  # no temporary left behind


def test_an_existing_directory_needs_overwrite(tmp_path):
    (tmp_path / "model").mkdir()
    with pytest.raises(NucmassError, match="exists"), atomic_directory(tmp_path / "model"):
        pass


def test_write_text_replaces_the_file_whole(tmp_path):
    path = write_text(tmp_path / "out" / "x.json", "{}")
    write_text(path, '{"a": 1}')
    assert path.read_text() == '{"a": 1}' and len(list(path.parent.iterdir())) == 1
