"""``nucmass report``: one self-contained HTML file and static PNGs for a saved model."""

import re

import plotly.offline
import pytest

from nucmass.cli import main
from nucmass.cli.report import model_split


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    assert main(["fit", "ldm", "--out", str(root / "ldm")]) == 0
    assert main(["report", str(root / "ldm"), "--theory", "FRDM95,HFB14"]) == 0
    return root / "ldm"


def test_html_is_self_contained(report):
    text = (report / "report.html").read_text()
    library = plotly.offline.get_plotlyjs()
    assert library in text  # plotly.js is inline
    page = text.replace(library, "")  # the library's own links are never fetched
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"""(src|href)=["']https?://""", page)
    for div in ("chart-residual", "chart-s2n"):
        assert f'id="{div}"' in text
    assert "Not an ensemble" in text


def test_html_content(report):
    text = (report / "report.html").read_text()
    assert "Accuracy on split measured (seed 0)" in text
    assert "<th>FRDM95</th>" in text and "<th>HFB14</th>" in text and "Q_beta-" in text
    assert '"208Pb"' in text  # hover data of the chart
    assert "prediction (MeV)" in text and "experiment (MeV)" in text


def test_pngs(report):
    for name in ("residual_chart.png", "s2n_chains.png"):
        assert (report / "report_figures" / name).stat().st_size > 20_000


def test_report_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "not a saved model" in capsys.readouterr().err


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"kind": "ldm"}, ("measured", 0)),
        ({"kind": "conn", "info": {"split": "conn", "split_seed": 3}}, ("conn", 3)),
        ({"kind": "x", "split": {"name": "zeng", "seed": 1}}, ("zeng", 1)),
    ],
)
def test_model_split(config, expected):
    assert model_split(config) == expected
