"""``nucmass fit ldm [--split NAME|FILE.csv] [--seed S] [--out DIR] [--overwrite]``: the
liquid-drop baseline, through the same pipeline as every trained model."""

from pathlib import Path

from nucmass.atomic import check_new_directory
from nucmass.cli.checks import out_directory, seed

__all__ = ["register"]


def register(subparsers) -> None:
    fit = subparsers.add_parser("fit", help="fit a closed-form model (liquid drop)")
    models = fit.add_subparsers(dest="fit_model", required=True, metavar="MODEL")
    ldm = models.add_parser("ldm", help="5-term liquid drop with pairing, least squares")
    ldm.add_argument("--split", default="measured", help="split name or CSV (Z, N, part)")
    ldm.add_argument("--seed", type=seed, default=0, help="split seed (default 0)")
    ldm.add_argument(
        "--out", type=out_directory, default="runs/ldm", help="output directory (default runs/ldm)"
    )
    ldm.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    ldm.set_defaults(func=_fit_ldm)


def _fit_ldm(args) -> int:
    from nucmass.data.splits import get_split

    check_new_directory(args.out, args.overwrite)
    split = get_split(args.split, args.seed)  # bad input fails here, before heavy imports
    import matplotlib.pyplot as plt

    from nucmass.cli.output import print_table
    from nucmass.models.ldm import LDMConfig, coefficients
    from nucmass.pipeline import predictions_table, run, save_trained
    from nucmass.plotting.chart import plot_chart

    trained = run(LDMConfig(), split, progress=False)
    frame = predictions_table(trained.ensemble, trained.table)
    split = trained.ensemble.info
    title = f"Liquid drop, residuals (MeV); split {split['split']} (seed {split['split_seed']})"
    ax = plot_chart(frame.Z, frame.N, frame.residual, title=title)
    figures = {"residual_chart.png": ax.figure}
    out = save_trained(trained, Path(args.out), overwrite=args.overwrite, figures=figures)
    plt.close(ax.figure)
    print(f"Liquid drop fitted on {split['n_train']} nuclei ({split['split']}/train); "
          "coefficients (MeV):")  # fmt: skip
    values = coefficients(trained.ensemble)
    print("  " + ", ".join(f"{k} {v:.4f}" for k, v in values.items()))
    print(f"RMSD (MeV), residual = prediction - experiment; split hash {split['split_hash'][:12]}")
    print_table(trained.metrics.query("model == 'ensemble'").drop(columns="model"))
    print(f"wrote {out}/: config.json, predictions.csv, metrics.csv, residual_chart.png")
    return 0
