"""The vendored tables are byte-identical to their sources (checksums of the provenance README)."""

import hashlib
import re
from importlib import resources

import pytest

TABLES = resources.files("nucmass.data") / "tables"


def _readme_checksums() -> dict[str, str]:
    text = (TABLES / "README.md").read_text()
    rows = re.findall(r"^\| (\S+\.(?:mas\d\d|txt)) \|.*\| ([0-9a-f]{32}) \|$", text, re.M)
    return dict(rows)


def test_readme_lists_every_vendored_file():
    files = {p.name for d in ("ame", "theory") for p in (TABLES / d).iterdir()}
    assert set(_readme_checksums()) == files
    assert len(files) == 9


@pytest.mark.parametrize("name, md5", sorted(_readme_checksums().items()))
def test_checksum(name, md5):
    folder = "ame" if name.startswith("mass") else "theory"
    assert hashlib.md5((TABLES / folder / name).read_bytes()).hexdigest() == md5
