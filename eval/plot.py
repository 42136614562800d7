"""A figure for a report: per-label F1 with its bootstrap interval, and the confusion matrix of types."""

from __future__ import annotations

from pathlib import Path

from eval.report import EvaluationReport


def plot_report(report: EvaluationReport, path: str | Path, *, mode: str = "strict") -> None:
    """Save a PNG: left, per-label F1 in ``mode`` with 95% intervals; right, the exact-boundary type confusion."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    scores = report.spans.modes[mode] if mode in report.spans.modes else next(iter(report.spans.modes.values()))
    labels = list(scores.per_label)
    f1 = np.array([scores.per_label[label].f1 for label in labels])
    intervals = report.intervals.get(scores.mode)
    has_matrix = report.confusion is not None
    figure, axes = plt.subplots(1, 2 if has_matrix else 1, figsize=(13 if has_matrix else 7, 0.45 * len(labels) + 2.5), squeeze=False)
    bars = axes[0][0]
    positions = np.arange(len(labels))
    error = None
    if intervals is not None:
        low = np.array([intervals.per_row[label].low for label in labels])
        high = np.array([intervals.per_row[label].high for label in labels])
        error = np.vstack([np.clip(f1 - low, 0, None), np.clip(high - f1, 0, None)])
    bars.barh(positions, f1, xerr=error, color="#4363d8", ecolor="#333333", capsize=3)
    bars.set_yticks(positions, labels)
    bars.invert_yaxis()
    bars.set_xlim(0, 1)
    bars.set_xlabel(f"F1 ({scores.mode}; bars: 95% bootstrap interval)" if intervals else f"F1 ({scores.mode})")
    bars.axvline(scores.micro.f1, color="#e6194b", linestyle="--", label=f"micro {scores.micro.f1:.3f}")
    bars.legend(loc="lower right")
    if report.confusion is not None:
        matrix = np.array(report.confusion.matrix)
        heat = axes[0][1]
        image = heat.imshow(np.log1p(matrix), cmap="Blues")
        ticks = np.arange(len(report.confusion.labels))
        heat.set_xticks(ticks, report.confusion.labels, rotation=60, ha="right")
        heat.set_yticks(ticks, report.confusion.labels)
        heat.set_xlabel("predicted (O: none)")
        heat.set_ylabel("gold (O: none)")
        heat.set_title(f"type confusion, {report.confusion.mode} boundaries")
        for (row, column), value in np.ndenumerate(matrix):
            if value:
                heat.text(column, row, str(value), ha="center", va="center", fontsize=7)
        figure.colorbar(image, ax=heat, label="log(1 + count)")
    figure.suptitle(f"{report.layer}: {report.pred} vs {report.gold}", fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
