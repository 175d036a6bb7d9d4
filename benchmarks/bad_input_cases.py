"""The bad inputs tried by ``benchmarks/bad_inputs.py``, by class (issue 16).

Each case is ``(class, argv, files)``: the command line after ``nucmass`` and the files to
create in the empty working directory first (path -> text, bytes, or a fixture name from
``FIXTURES``). ``{pkg}`` in an argument stands for the installed package directory.
"""

__all__ = ["CASES", "CLASSES", "FIXTURES"]

CLASSES = {
    "usage": "unknown names, missing or malformed options",
    "numbers": "non-finite, negative, zero or out-of-range numbers",
    "files": "malformed artifacts: models, registries, configs, tables, split files",
    "writes": "outputs where they should not go, or in the wrong format",
    "security": "configs that try to run code",
    "resources": "unbounded widths, draws, seeds, grids, epochs",
}
# Fixtures the harness builds once and copies in (see bad_inputs.py).
FIXTURES = ("@model", "@truncated-model", "@empty-weights", "@collapsed-model", "@registry")

SAMPLE = ["theory", "sample", "--activation", "relu", "--cw", "2", "--cb", "0", "--depth", "2"]
REC = ["theory", "recursion", "--activation", "relu", "--cw", "2", "--cb", "0", "--depth", "2"]
KER = ["theory", "kernel", "--activation", "relu", "--cw", "2", "--cb", "0", "--depth", "2"]
FNN = ["train", "fnn", "--epochs", "5", "--out", "o"]
CONN = ["train", "conn", "--epochs", "5", "--seeds", "1", "--no-figures", "--out", "o"]
MFDNN = ["train", "mfdnn", "--epochs", "5", "--seeds", "1", "--l2", "0.001", "--out", "o"]
PREDICT = ["predict", "--model", "conn"]
RIPL_HEADER = "#  Z   A s fl  Mexp      Err       Mth       Emic\n"


def ripl(*rows: str) -> str:
    return RIPL_HEADER + "".join(f"{row}\n" for row in rows)


GOOD_RIPL_ROW = "   8  16 O  0    -4.737     0.000    -4.600     0.100"


def sweep(body: str, family: str = "ldm", name: str = "s", seeds: str = "2") -> dict:
    """A sweep config file c.toml: [sweep] with name, family, seeds, then ``body``."""
    head = f'[sweep]\nname = "{name}"\nfamily = "{family}"\nseeds = {seeds}\n'
    return {"c.toml": head + body}


LDM = '[fixed]\nsplit = "measured"\n'
FNN_FIXED = '[fixed]\ndata = "ame2020"\nepochs = 5\n'
EVIL = "open('PWNED', 'w').write('imported')\n"


def _usage() -> list:
    u = "usage"
    return [
        (u, [], {}), (u, ["frobnicate"], {}), (u, ["data", "split", "nope"], {}),
        (u, ["data", "split", "conn", "--seed", "x"], {}), (u, ["data", "summary", "--bogus"], {}),
        (u, ["fit", "ldm", "--split", "nope"], {}), (u, ["fit", "nope"], {}),
        (u, [*PREDICT, "--nuclides", "56Xx"], {}), (u, [*PREDICT, "--nuclides", "300Fe"], {}),
        (u, [*PREDICT, "--nuclides", ","], {}), (u, [*PREDICT, "--chain", "Q=5"], {}),
        (u, [*PREDICT, "--rect", "Z=60:40,N=50:90"], {}), (u, ["predict", "--model", "nowhere",
        "--all"], {}), (u, PREDICT, {}), (u, ["compare", "conn", "--theory", "NOPE"], {}),
        (u, ["compare", "conn", "--split", "nope"], {}), (u, ["report", "nowhere"], {}),
        (u, ["reproduce", "nope"], {}), (u, ["reproduce", "fig6_variance_depth", "--scale",
        "huge"], {}), (u, ["theory", "critical", "--activation", "nope"], {}),
        (u, [*REC, "--activation", "nope", "--width", "10", "--input", "1"], {}),
        (u, [*KER, "--inputs", "1,2;3"], {}), (u, [*REC, "--width", "10", "--input", "1;2"], {}),
        (u, [*REC, "--width", "10", "--input", "a,b"], {}), (u, [*FNN, "--activation", "nope"],
        {}), (u, [*FNN, "--regime", "nope"], {}), (u, [*FNN, "--activation", "gelu"], {}),
        (u, [*FNN, "--baseline", "NOPE"], {}), (u, [*CONN, "--ablate", "nope"], {}),
        (u, [*CONN, "--baseline", "NOPE"], {}), (u, [*MFDNN, "--low-fidelity", "NOPE"], {}),
        (u, [*MFDNN, "--l2", "abc"], {}), (u, ["train", "mfdnn", "--data", "ame1999"], {}),
        (u, ["runs", "list", "nowhere"], {}), (u, ["runs", "show", "r.sqlite", "--sweep", "nope"],
        {"r.sqlite": "@registry"}), (u, ["sweep", "nowhere.toml"], {}),
        (u, ["data", "theory-rmsd", "--data-dir", "/nonexistent"], {}),
        (u, ["sweep", "c.toml", "--scheduler", "tcp://127.0.0.1:9", "--executor", "local"],
        sweep(LDM)), (u, ["sweep", "c.toml", "--dry-run"], sweep(LDM + "colour = 1\n")),
        (u, ["sweep", "c.toml", "--dry-run"], sweep("[fixed]\nsplit = \"nope\"\n")),
        (u, ["calibrate", "nowhere"], {}), (u, ["calibrate", "conn", "--split", "nope"], {}),
    ]  # fmt: skip


def _numbers() -> list:
    n, dom = "numbers", [*PREDICT, "--domain", "--margin"]
    cases = [
        (n, [*dom, "nan"], {}), (n, [*dom, "inf"], {}), (n, [*dom, "-5"], {}),
        (n, ["compare", "conn", "--seed", "-1"], {}), (n, ["report", "conn", "--seed", "-1",
        "--out", "r.html"], {}), (n, ["fit", "ldm", "--seed", "-1"], {}),
        (n, ["data", "split", "conn", "--seed", "-1"], {}),
        (n, ["calibrate", "conn", "--workers", "0"], {}), (n, ["sweep", "c.toml", "--workers",
        "0"], sweep(LDM)), (n, ["sweep", "c.toml", "--workers", "-2"], sweep(LDM)),
    ]  # fmt: skip
    for option, values in [
        ("--raw-rates", ["inf", "1"]), ("--raw-rates", ["nan", "1"]), ("--raw-rates", ["-1", "1"]),
        ("--raw-rates", ["0", "0"]), ("--fine-rates", ["1", "nan"]), ("--adam-lr", ["nan"]),
        ("--adam-lr", ["0"]), ("--adam-lr", ["-1"]), ("--c-b", ["nan"]), ("--c-w", ["-1"]),
        ("--c-w", ["inf"]), ("--epochs", ["0"]), ("--epochs", ["-5"]), ("--switch-epoch", ["-1"]),
        ("--width", ["0"]), ("--depth", ["0"]), ("--seeds", ["0"]), ("--first-seed", ["-1"]),
        ("--batch-size", ["0"]), ("--workers", ["0"]),
    ]:  # fmt: skip
        cases.append((n, [*FNN, option, *values], {}))
    for option, value in [("--epochs", "0"), ("--seeds", "0"), ("--workers", "0"),
                          ("--split-seed", "-1")]:  # fmt: skip
        cases.append((n, [*CONN, option, value], {}))
    for option, value in [("--lr", "nan"), ("--lr", "0"), ("--l2", "nan"), ("--l2", "-1"),
                          ("--l2", "inf"), ("--epochs", "0"), ("--seeds", "0"),
                          ("--split-seed", "-1")]:  # fmt: skip
        cases.append((n, [*MFDNN, option, value], {}))
    cases += [
        (n, [*REC, "--cw", "nan", "--width", "10", "--input", "1"], {}),
        (n, [*REC, "--cb", "-1", "--width", "10", "--input", "1"], {}),
        (n, [*REC, "--cw", "inf", "--width", "10", "--input", "1"], {}),
        (n, [*REC, "--width", "0", "--input", "1"], {}),
        (n, [*REC, "--depth", "-1", "--width", "10", "--input", "1"], {}),
        (n, [*REC, "--width", "10", "--input", "nan"], {}),
        (n, [*REC, "--width", "10", "--input", "inf,1"], {}),
        (n, [*KER, "--cw", "nan", "--inputs", "1;2"], {}), (n, [*KER, "--inputs", "nan;1"], {}),
        (n, [*SAMPLE, "--width", "10", "--input", "1", "--draws", "0"], {}),
        (n, [*SAMPLE, "--width", "10", "--input", "1", "--draws", "10", "--seed", "-1"], {}),
        (n, [*SAMPLE, "--width", "10", "--input", "nan", "--draws", "10"], {}),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(LDM + "bootstrap = nan\n")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(LDM + "bootstrap = inf\n")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(LDM + "[grid]\nbootstrap = [1.5]\n")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(LDM, seeds="0")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(LDM, seeds="-3")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep("seeds_per_cell = 1.5\n" + LDM)),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(FNN_FIXED + "adam_lr = nan\n", "fnn")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(FNN_FIXED + "width = 0\n", "fnn")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep(FNN_FIXED + "raw_rates = [inf, 1]\n", "fnn")),
        (n, ["sweep", "c.toml", "--dry-run"], sweep('[fixed]\ndata = "ame2020"\nepochs = 0\n',
                                                    "fnn")),
    ]  # fmt: skip
    return cases


def _files() -> list:
    f, model = "files", {"m": "@model"}
    broken = {
        "truncated weights": {"m": "@truncated-model"}, "empty weights": {"m": "@empty-weights"},
        "config.json garbage": {**model, "m/config.json": "{not json"},
        "config.json binary": {**model, "m/config.json": b"\xff\xfe\x00\x81"},
        "config.json a list": {**model, "m/config.json": "[1, 2]"},
    }  # fmt: skip
    cases = [(f, ["predict", "--model", "m", "--nuclides", "56Fe"], v) for v in broken.values()]
    cases += [
        (f, ["compare", "m"], {"m": "@truncated-model"}),
        (f, ["report", "m", "--out", "r.html"], {"m": "@truncated-model"}),
        (f, ["predict", "--model", "m", "--nuclides", "56Fe"], {"m/config.json": "{}"}),
        (f, ["predict", "--model", "m", "--nuclides", "56Fe", "--out", "a.csv"],
         {"m": "@collapsed-model"}),
        (f, ["compare", "m"], {"m": "@collapsed-model"}),
    ]  # fmt: skip
    for content in (b"garbage" * 100, b"", b"SQLite format 3\x00" + b"\x00" * 200):
        cases.append((f, ["runs", "list", "r.sqlite"], {"r.sqlite": content}))
    cases += [
        (f, ["runs", "show", "r.sqlite"], {"r.sqlite": b"\x00\x01garbage" * 50}),
        (f, ["runs", "export", "r.sqlite", "--out", "x.csv"], {"r.sqlite": b"junk" * 99}),
        (f, ["runs", "list", "d"], {"d/readme.txt": "no registry here"}),
        (f, ["sweep", "c.toml", "--out", "o"], {**sweep(LDM), "o/registry.sqlite": b"junk" * 99}),
    ]
    for content in (b"\x89PNG\r\n\x1a\n\x00\x00", b'[sweep]\nname = "\xe9t\xe9"\n', b"",
                    "sweep = 3\n", '[sweep]\nname = 5\nfamily = "ldm"\nseeds = 1\n',
                    '[sweep]\nname = "x"\nfamily = 5\nseeds = 1\n'):  # fmt: skip
        cases.append((f, ["sweep", "c.toml", "--dry-run"], {"c.toml": content}))
    cases.append((f, ["sweep", "d", "--dry-run"], {"d/x": "a directory, not a config"}))
    ws4 = "d/mass-ws4.dat"
    for content in (b"\x00\x01\x02\xff" * 64, ripl(GOOD_RIPL_ROW.replace("-4.600", "   inf")),
                    ripl(GOOD_RIPL_ROW.replace("-4.600", "   nan")), ripl("   8  16 O  0  garbage"),
                    RIPL_HEADER.encode() + b"   8  16 \xd6  0    -4.737     0.000    -4.600\n",
                    "", GOOD_RIPL_ROW + "\n", ripl(GOOD_RIPL_ROW.replace("  16", "   3")),
                    ripl(GOOD_RIPL_ROW, GOOD_RIPL_ROW)):  # fmt: skip
        cases.append((f, ["data", "theory-rmsd", "--data-dir", "d"], {ws4: content}))
    cases.append((f, [*CONN, "--baseline", "WS4", "--data-dir", "d"], {ws4: b"\xff" * 99}))
    for content in (b"\x00\xff" * 50, "", "Z,N\n8,8\n", "Z,N,part\nnan,8,train\n8,9,test\n",
                    "Z,N,part\n8,8,train\n", "Z,N,part\n8.5,8,train\n8,9,test\n",
                    b"Z,N,part\n8,8,tr\xe9in\n8,9,test\n"):  # fmt: skip
        cases.append((f, ["fit", "ldm", "--split", "s.csv", "--out", "o"], {"s.csv": content}))
    cases += [
        (f, ["fit", "ldm", "--split", "d.csv", "--out", "o"], {"d.csv/x": ""}),
        (f, [*FNN, "--split", "s.csv"], {"s.csv": b"\x00" * 64}),
        (f, ["compare", "conn", "--split", "s.csv"], {"s.csv": b"\x00\xff" * 64}),
    ]
    return cases


def _writes() -> list:
    w, reg = "writes", {"r.sqlite": "@registry"}
    return [
        (w, ["report", "conn"], {}), (w, ["report", "conn", "--out", "r.txt"], {}),
        (w, ["fit", "ldm", "--out", "{pkg}/ldm"], {}), (w, [*FNN, "--out", "{pkg}/fnn"], {}),
        (w, ["reproduce", "fig6_variance_depth", "--out", "{pkg}/x"], {}),
        (w, ["data", "split", "conn", "--out", "{pkg}/s.csv"], {}),
        (w, ["runs", "export", "r.sqlite", "--out", "{pkg}/r.csv"], reg),
        (w, ["demo", "--out", "{pkg}/demo"], {}),
        (w, ["calibrate", "conn", "--out", "{pkg}/c"], {}),
        (w, [*PREDICT, "--nuclides", "56Fe", "--out", "{pkg}/p.csv"], {}),
        (w, ["sweep", "c.toml", "--out", "{pkg}/sweep"], sweep(LDM)),
        (w, ["sweep", "c.toml", "--registry", "{pkg}/r.sqlite", "--out", "o"], sweep(LDM)),
        (w, ["data", "split", "conn", "--out", "s.parquet"], {}),
        (w, ["data", "split", "conn", "--out", "s.txt"], {}),
        (w, ["runs", "export", "r.sqlite", "--out", "r.txt"], reg),
        (w, ["runs", "export", "r.sqlite", "--out", "r.json"], reg),
        (w, [*PREDICT, "--nuclides", "56Fe", "--out", "p.txt"], {}),
        (w, [*PREDICT, "--nuclides", "56Fe", "--out", "a.csv", "--ripl", "f/x.dat"],
         {"f": "a file where a directory goes"}),
        (w, [*PREDICT, "--nuclides", "56Fe", "--out", "a.csv", "--ripl", "x.txt"], {}),
        (w, [*PREDICT, "--nuclides", "56Fe", "--out", "a.csv", "--ripl", "{pkg}/x.dat"], {}),
        (w, ["demo", "--out", "f"], {"f": "a file where the output directory goes"}),
        (w, ["fit", "ldm", "--out", "f"], {"f": "a file where the model directory goes"}),
        (w, ["fit", "ldm", "--out", "o"], {"o/keep.txt": "an earlier result"}),
        (w, [*FNN, "--out", "o"], {"o/keep.txt": "an earlier result"}),
        (w, CONN, {"o/keep.txt": "an earlier result"}),
        (w, MFDNN, {"o/keep.txt": "an earlier result"}),
        (w, ["reproduce", "fig6_variance_depth", "--out", "o"], {"o/keep.txt": "earlier"}),
        (w, ["sweep", "c.toml"], sweep(LDM, name="../escape")),
        (w, ["sweep", "c.toml"], sweep(LDM, name="/tmp/escape")),
        (w, ["sweep", "c.toml"], sweep(LDM, name="a/b")),
        (w, ["sweep", "c.toml"], {"c.toml": sweep(LDM)["c.toml"].replace(
            "seeds = 2\n", 'seeds = 2\nout = "../escape"\n')}),
        (w, ["sweep", "c.toml"], {"c.toml": sweep(LDM)["c.toml"].replace(
            "seeds = 2\n", 'seeds = 2\nout = "/tmp/nucmass-escape"\n')}),
    ]  # fmt: skip


def _security() -> list:
    s, evil = "security", {"evil.py": EVIL}
    cases = [
        (s, ["sweep", "c.toml", "--dry-run"], sweep(LDM, family=f))
        for f in ("this", "os", "nucmass.cli", "nucmass.runs.ldm", "__main__", "", "evil.sub")
    ]
    cases += [
        (s, ["sweep", "c.toml", "--dry-run"], {**sweep(LDM, family="evil"), **evil}),
        (s, ["sweep", "c.toml", "--out", "o"], {**sweep(LDM, family="evil"), **evil}),
        (s, ["runs", "show", "r.sqlite", "--sweep", "evil"], {"r.sqlite": "@registry", **evil}),
    ]  # fmt: skip
    return cases


def _resources() -> list:
    r, big = "resources", "1000000000000"
    fnn = '[fixed]\ndata = "ame2020"\nepochs = 5\n'
    return [
        (r, [*SAMPLE, "--width", "1000000000", "--input", "1", "--draws", "10"], {}),
        (r, [*SAMPLE, "--width", "10", "--input", "1", "--draws", big], {}),
        (r, [*SAMPLE, "--width", "100000", "--input", "1,2", "--draws", "100000", "--method",
             "naive"], {}),
        (r, [*SAMPLE, "--width", "10000", "--input", ",".join(["1"] * 50000), "--draws", "10",
             "--method", "naive"], {}),
        (r, [*REC, "--depth", "1000000000", "--width", "10", "--input", "1"], {}),
        (r, [*KER, "--depth", "1000000000", "--inputs", "1;2"], {}),
        (r, [*KER, "--inputs", ";".join(["1"] * 20000)], {}),
        (r, ["sweep", "c.toml", "--dry-run"], sweep(fnn + "[grid]\nwidth = [" + ", ".join(
            str(k) for k in range(1, 2001)) + "]\ndepth = [" + ", ".join(
            str(k) for k in range(1, 2001)) + "]\n", "fnn")),
        (r, ["sweep", "c.toml", "--dry-run"], sweep(LDM, seeds=big)),
        (r, ["sweep", "c.toml", "--dry-run"], sweep(LDM, seeds="{start = 0, count = " + big
                                                    + "}")),
        (r, ["sweep", "c.toml", "--dry-run"], sweep(fnn + "width = 1000000000\n", "fnn")),
        (r, ["sweep", "c.toml", "--dry-run"], sweep('[fixed]\ndata = "ame2020"\nepochs = ' + big
                                                    + "\n", "fnn")),
        (r, ["sweep", "c.toml", "--workers", "100000"], sweep(LDM)),
        (r, ["sweep", "c.toml", "--dry-run"], {"c.toml": "# padding\n" * 2_000_000}),
        (r, [*FNN, "--width", "100000000"], {}), (r, [*FNN, "--seeds", "1000000"], {}),
        (r, ["train", "fnn", "--epochs", big, "--out", "o"], {}),
        (r, [*FNN, "--depth", "100000"], {}), (r, [*FNN, "--workers", "1000"], {}),
        (r, ["train", "conn", "--seeds", "100000", "--out", "o"], {}),
        (r, ["train", "conn", "--epochs", big, "--seeds", "1", "--out", "o"], {}),
        (r, ["train", "mfdnn", "--epochs", big, "--seeds", "1", "--out", "o"], {}),
        (r, [*FNN, "--batch-size", "100000000"], {}),
    ]  # fmt: skip


CASES = [*_usage(), *_numbers(), *_files(), *_writes(), *_security(), *_resources()]
