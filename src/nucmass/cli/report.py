"""``nucmass report DIR [--out report.html] [--split NAME] [--theory LIST]``: one
self-contained HTML report of a saved model, with static PNGs beside it."""

from nucmass.cli import checks

__all__ = ["model_split", "register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="HTML report of a saved model")
    parser.add_argument("model", metavar="DIR", help="saved model directory or packaged name")
    parser.add_argument(
        "--out", type=checks.out_file(".html"), help="HTML file (default DIR/report.html)"
    )
    parser.add_argument("--split", help="split name or CSV (Z, N, part); default: the model's")
    parser.add_argument(
        "--seed", type=checks.seed, help="split seed (default: the model's, else 0)"
    )
    parser.add_argument("--theory", help="theory tables, comma-separated (default: six)")
    parser.add_argument("--data-dir", help="RIPL-4 directory (default: $NUCMASS_DATA_DIR)")
    parser.set_defaults(func=_report)


def model_split(config: dict) -> tuple[str, int]:
    """The split (name, seed) a saved model was trained on, if its config records it."""
    info = {**config.get("info", {}), **config}
    split = info.get("split")
    if isinstance(split, dict):
        return split.get("name", "measured"), int(split.get("seed", 0))
    return split or "measured", int(info.get("split_seed", info.get("seed", 0)) or 0)


def _report(args) -> int:
    from nucmass.atomic import check_writable
    from nucmass.models.pretrained import resolve
    from nucmass.models.saved import load_model, read_config

    directory = resolve(args.model)
    out = check_writable(args.out or directory / "report.html")
    saved = read_config(directory)  # a wrong path or config.json fails before heavy imports
    from nucmass.data.theory import load_theory, theory_names
    from nucmass.report import DEFAULT_THEORIES, build_report

    names = theory_names(args.theory, args.data_dir) or list(DEFAULT_THEORIES)
    model = load_model(directory)
    theories = {name: load_theory(name, args.data_dir) for name in names}
    split, seed = model_split(saved)
    data, page, pngs = build_report(
        model,
        directory.name,
        out,
        args.split or split,
        seed if args.seed is None else args.seed,
        theories,
    )
    print(f"wrote {page} ({page.stat().st_size / 1e6:.1f} MB, self-contained) and")
    print("      " + ", ".join(str(p) for p in pngs))
    print(f"split {data.split} (seed {data.seed}); domain {data.notes['domain']['nuclei']} nuclei")
    if data.calibration is not None:
        print(data.calibration.to_string(index=False, float_format="{:.3f}".format))
    return 0
