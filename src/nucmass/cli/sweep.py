"""``nucmass sweep CONFIG.toml [--executor local|dask] [--scheduler ADDR] [--workers N]``.

Runs (or resumes) the sweep described by a TOML config; cells already done in the
registry are skipped, cells left running by a dead coordinator are rerun. The config is
validated and the sweep's size estimated (``nucmass.runs.size``) before anything runs;
a large sweep needs ``--allow-large``. Ctrl-C stops the workers at once and says how to
resume.
"""

import os
import sys
from pathlib import Path

from tqdm import tqdm

from nucmass.atomic import check_writable
from nucmass.cli.checks import workers
from nucmass.cli.output import print_json
from nucmass.limits import MAX_WORKERS
from nucmass.runs.config import load_sweep_config
from nucmass.runs.executors import EXECUTORS, make_executor
from nucmass.runs.size import check_size, sweep_size
from nucmass.runs.sweep import REGISTRY_NAME, run_sweep

__all__ = ["register"]

RESUME = "finished cells are kept in the registry; run the same command again to resume"


def register(subparsers) -> None:
    parser = subparsers.add_parser("sweep", help="run or resume a sweep of training runs")
    parser.add_argument("config", help="sweep config (TOML), e.g. experiments/configs/*.toml")
    parser.add_argument(
        "--executor", choices=EXECUTORS, help="local (default) or dask (default with --scheduler)"
    )
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument(
        "--workers", type=workers, default=min(os.cpu_count() or 1, MAX_WORKERS),
        help="worker processes (local pool or Dask LocalCluster; default: CPU count)",
    )  # fmt: skip
    parser.add_argument("--out", help="output directory (default: the config's out, or runs/NAME)")
    parser.add_argument("--registry", help=f"SQLite registry (default OUT/{REGISTRY_NAME})")
    parser.add_argument("--retry-failed", action="store_true", help="rerun failed cells too")
    parser.add_argument(
        "--dry-run", action="store_true", help="validate, count cells and estimate the cost only"
    )
    parser.add_argument(
        "--allow-large", action="store_true", help="run a sweep above the size limits"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=_sweep, interrupted=RESUME)


class _ProgressBar:
    """An ``on_progress`` callback: a tqdm bar of finished cells with failures, on stderr."""

    def __init__(self):
        self.bar = None

    def __call__(self, counts: dict, outcome) -> None:
        finished = counts["done"] + counts["failed"]
        if self.bar is None:
            total = sum(counts.values())
            self.bar = tqdm(total=total, initial=finished, unit="cell", file=sys.stderr)
        self.bar.set_postfix(failed=counts["failed"], refresh=False)
        self.bar.update(finished - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _sweep(args) -> int:
    config = load_sweep_config(args.config)
    out = check_writable(args.out or config.out or Path("runs") / config.name)
    registry = args.registry and check_writable(args.registry)
    size = sweep_size(config)
    if args.dry_run:
        print(f"{args.config}: sweep {config.name} ({config.hash[:12]}), family {config.family}")
        print(f"{size.describe()}; output {out}")
        check_size(size, args.allow_large)
        print("within the limits" if not args.allow_large else "limits lifted (--allow-large)")
        return 0
    check_size(size, args.allow_large)
    progress = None if args.json else _ProgressBar()
    kind = args.executor or ("dask" if args.scheduler else "local")
    with make_executor(kind, args.workers, args.scheduler) as executor:
        try:
            summary = run_sweep(config, out, executor, registry, args.retry_failed, progress)
        finally:
            if progress is not None:
                progress.close()
    if args.json:
        print_json({**summary.__dict__, "registry": str(summary.registry)})
    else:
        print(
            f"sweep {summary.name} ({summary.sweep_hash[:12]}): {summary.total} cells,"
            f" {summary.done} done, {summary.failed} failed; ran {summary.ran} in"
            f" {summary.seconds:.1f} s; registry {summary.registry}"
        )
    if summary.failed:
        print(f"see the errors with: nucmass runs show {summary.registry}", file=sys.stderr)
    return 1 if summary.failed else 0
