"""Try every bad input of ``bad_input_cases.py`` on the command line and print the table.

    python benchmarks/bad_inputs.py [--src DIR] [--timeout S] [--json FILE] [--only CLASS]

The package under ``--src`` (default: this checkout's ``src``) is copied to a temporary
directory first and run from there (``PYTHONPATH``), so nothing a case writes can reach
the working tree; each case runs as ``python -m nucmass ARGV`` in a fresh empty directory.
An input passes when the command exits with status 2, prints exactly one line
``nucmass: error: ...`` on stderr, and writes nothing (neither in its directory nor in the
package). Prints a Markdown table per class and every failing input, and timings (the
rejections' median and maximum, and ``nucmass --help``), as wall time and as CPU time of
the command (which does not grow with the machine's load); ``--json`` saves every outcome.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bad_input_cases import CASES, CLASSES

REPOSITORY = Path(__file__).resolve().parents[1]
RESOURCE_LIMIT = 6 * 2**30  # bytes of address space per case: a runaway case fails, not the host
TARGET = 2.0  # seconds: a bad input should be refused within this (issue 16)
TINY_SWEEP = '[sweep]\nname = "tiny"\nfamily = "ldm"\nseeds = 1\n[fixed]\nsplit = "measured"\n'


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (RESOURCE_LIMIT, RESOURCE_LIMIT))


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def nucmass(argv, cwd, env, timeout) -> tuple[int, str, str, float, float]:
    """(exit code or -1 on timeout, stdout, stderr, wall seconds, CPU seconds) of
    ``python -m nucmass argv``; the CPU time does not grow with the machine's load."""
    start, cpu = time.perf_counter(), _children_cpu()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "nucmass", *argv], cwd=cwd, env=env, capture_output=True,
            timeout=timeout, preexec_fn=_limit_memory, text=True, errors="replace",
        )  # fmt: skip
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired:
        code, out, err = -1, "", ""
    return code, out, err, time.perf_counter() - start, _children_cpu() - cpu


def build_fixtures(package: Path, root: Path, env) -> dict:
    """The fixture files cases copy in: the shipped model (intact, damaged, and with every
    member marked collapsed), a registry."""
    shipped = package / "models" / "pretrained" / "conn"
    fixtures = {"@model": root / "model"}
    shutil.copytree(shipped, fixtures["@model"])
    for name, size in (("@truncated-model", 0.5), ("@empty-weights", 0.0)):
        fixtures[name] = root / name.strip("@")
        shutil.copytree(shipped, fixtures[name])
        weights = fixtures[name] / "ensemble.eqx"
        weights.write_bytes(weights.read_bytes()[: int(size * weights.stat().st_size)])
    fixtures["@collapsed-model"] = root / "collapsed-model"
    shutil.copytree(shipped, fixtures["@collapsed-model"])
    config = fixtures["@collapsed-model"] / "config.json"
    saved = json.loads(config.read_text())
    config.write_text(json.dumps({**saved, "status": ["collapsed"] * len(saved["status"])}))
    (root / "tiny.toml").write_text(TINY_SWEEP)
    argv = ["sweep", "tiny.toml", "--out", "sweep", "--workers", "1"]
    code, _, err, *_ = nucmass(argv, root, env, 300)
    if code != 0:
        raise SystemExit(f"could not build the registry fixture: {err}")
    fixtures["@registry"] = root / "sweep" / "registry.sqlite"
    return fixtures


def place(files: dict, work: Path, fixtures: dict) -> None:
    for name, content in files.items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str) and content in fixtures:
            copy = shutil.copytree if fixtures[content].is_dir() else shutil.copy
            copy(fixtures[content], path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def snapshot(*roots: Path) -> dict:
    """path -> (size, mtime) of every file under ``roots``."""
    found = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def verdict(code, out, err, written, marker) -> str:
    """'ok' or what went wrong."""
    lines = err.strip().splitlines()
    if code == -1:
        return "timeout"
    if "Traceback" in err:
        return "traceback"
    if marker or "Zen of Python" in out:
        return "ran code"
    if code != 2:
        return f"exit {code}"
    if len(lines) != 1 or not lines[0].startswith("nucmass: error: "):
        return f"{len(lines)} lines"
    return "wrote files" if written else "ok"


OUTSIDE = [Path("/tmp/escape"), Path("/tmp/nucmass-escape")]  # absolute escapes tried


def run_case(case, package: Path, fixtures: dict, env, timeout: float) -> dict:
    """Run one case in a fresh directory; return its record (class, argv, verdict, ...)."""
    kind, argv, files = case
    argv = [a.replace("{pkg}", str(package)) for a in argv]
    with tempfile.TemporaryDirectory(prefix="bad-input-") as parent:
        work = Path(parent) / "work"
        work.mkdir()
        place(files, work, fixtures)
        before = snapshot(Path(parent), package)
        code, out, err, seconds, cpu = nucmass(argv, work, env, timeout)
        after = snapshot(Path(parent), package)
        escaped = [p for p in OUTSIDE if p.exists()]
        for path in escaped:
            shutil.rmtree(path, ignore_errors=True)
        written = sorted(set(after.items()) - set(before.items())) or escaped
        result = verdict(code, out, err, written, (work / "PWNED").exists())
    shown = " ".join(a if len(a) < 40 else a[:37] + "..." for a in argv)
    return {"class": kind, "argv": shown, "verdict": result, "code": code,
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "stderr": err.strip().splitlines()[-1:], "files": sorted(files)}  # fmt: skip


def summary_table(records: list) -> str:
    lines = ["| class | inputs | exit 2 + one line + nothing written | failures |",
             "|---|---|---|---|"]  # fmt: skip
    for kind in CLASSES:
        rows = [r for r in records if r["class"] == kind]
        failed = [r["verdict"] for r in rows if r["verdict"] != "ok"]
        counts = ", ".join(f"{failed.count(v)} {v}" for v in sorted(set(failed))) or "-"
        lines.append(f"| {kind} | {len(rows)} | {len(rows) - len(failed)} | {counts} |")
    ok = sum(r["verdict"] == "ok" for r in records)
    lines.append(f"| all | {len(records)} | {ok} | {len(records) - ok} |")
    return "\n".join(lines)


def timings(env) -> dict:
    """Wall and CPU seconds of ``nucmass --help`` (best of 3)."""
    runs = [nucmass(["--help"], REPOSITORY, env, 60)[3:] for _ in range(3)]
    wall, cpu = min(runs)
    return {"help_seconds": round(wall, 2), "help_cpu_seconds": round(cpu, 2)}


def rejection_timings(records: list) -> dict:
    """Median and maximum wall and CPU seconds of the inputs refused as they should be,
    and how many took more than ``TARGET`` CPU seconds."""
    times = {}
    for key in ("seconds", "cpu_seconds"):
        values = [r[key] for r in records if r["verdict"] == "ok"]
        if values:
            times[f"rejection_median_{key}"] = round(statistics.median(values), 2)
            times[f"rejection_max_{key}"] = round(max(values), 2)
            times[f"rejections_over_{TARGET:g}_{key}"] = sum(v > TARGET for v in values)
    return times


def run_all(src: str, cases: list, timeout: float) -> tuple[list, dict]:
    """(records, timings) of ``cases`` on a copy of the package under ``src``."""
    with tempfile.TemporaryDirectory(prefix="bad-inputs-") as root:
        root = Path(root)
        package = root / "src" / "nucmass"
        shutil.copytree(
            Path(src) / "nucmass", package, ignore=shutil.ignore_patterns("__pycache__")
        )
        env = {**os.environ, "PYTHONPATH": str(root / "src"), "NUCMASS_DATA_DIR": ""}
        fixtures = build_fixtures(package, root / "fixtures", env)
        records = []
        for number, case in enumerate(cases, 1):
            record = run_case(case, package, fixtures, env, timeout)
            records.append(record)
            seconds = f"{record['seconds']:6.2f} s ({record['cpu_seconds']:5.2f} s CPU)"
            line = f"{record['verdict']:12s} {seconds}  {record['argv']}"
            print(f"[{number}/{len(cases)}] {line}", file=sys.stderr)
        times = timings(env)
    return records, {**times, **rejection_timings(records)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=str(REPOSITORY / "src"), help="directory with nucmass/")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per case")
    parser.add_argument("--json", help="save every outcome to this file")
    parser.add_argument("--only", choices=CLASSES, help="one class of inputs")
    parser.add_argument("--match", default="", help="only inputs whose command holds this text")
    args = parser.parse_args()
    cases = [c for c in CASES if args.only in (None, c[0]) and args.match in " ".join(c[1])]
    records, times = run_all(args.src, cases, args.timeout)
    print(summary_table(records))
    print("\nfailing inputs:")
    for r in (r for r in records if r["verdict"] != "ok"):
        print(f"- [{r['class']}] `nucmass {r['argv']}`: {r['verdict']} {r['stderr']}")
    print("\n" + json.dumps(times))
    if args.json:
        Path(args.json).write_text(json.dumps({"records": records, "timings": times}, indent=1))


if __name__ == "__main__":
    main()
