"""The report in a real browser: headless Chromium loads the file, plotly draws the charts
(checked in the DOM) and a screenshot is taken. Skipped where Chromium is absent."""

import shutil
import subprocess

import pytest

from nucmass.report import build_report

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--virtual-time-budget=15000",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("Chromium is not installed (make test installs it when run as root)")


def run_chromium(url: str, profile, *extra) -> subprocess.CompletedProcess:
    argv = [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory, liquid_drop):
    out = tmp_path_factory.mktemp("browser") / "report.html"
    build_report(liquid_drop, "ldm", out, "measured", theories={})
    return out


def test_chart_renders(page, tmp_path):
    dom = run_chromium(page.as_uri(), tmp_path / "profile", "--dump-dom").stdout
    # plotly replaces each empty div by an SVG tree: two charts, each with a heatmap/lines
    assert dom.count('class="main-svg"') >= 4
    assert 'class="hm"' in dom and "scatterlayer" in dom
    assert dom.count('class="plotly-graph-div') == 2


def test_screenshot(page, tmp_path):
    shot = tmp_path / "report.png"
    run_chromium(
        page.as_uri(), tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1800"
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
