"""The README's Python quickstart runs as written (so it cannot rot)."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def quickstart_code() -> str:
    """The first ``python`` block after the heading "Python quickstart"."""
    text = README.read_text().split("## Python quickstart", 1)[1]
    return re.search(r"```python\n(.*?)```", text, re.S).group(1)


def test_readme_quickstart_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(quickstart_code(), str(README), "exec"), namespace)
    families = [namespace[name].family for name in ("conn", "fnn", "mfdnn")]
    assert families == ["conn", "fnn", "mfdnn"]
    out = capsys.readouterr().out
    rmsd = {line.split()[0]: float(line.split()[1]) for line in out.splitlines()[:3]}
    assert rmsd["conn"] < 1.5 and rmsd["mfdnn"] < 1.5 and rmsd["fnn"] < 10  # MeV, 491 nuclei
    assert "208Pb" in out and "S_2n" in out
