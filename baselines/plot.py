"""A figure for RESULTS.md: every learned model against its stronger floor, the F1 difference with its interval.

One row per (task, split, measure, learned model): the paired document-bootstrap difference to the floor it beats
by less (the stronger floor on that row), with its 95% interval. A row whose interval lies wholly right of 0 beats
both floors; the rest are what the summary table marks **does not beat both floors**. It reads the JSON that the
report writes (``results.json``'s ``results``), so the picture and the tables cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

BEATS, DOES_NOT = "#3cb44b", "#9a9a9a"


def weakest_comparisons(results: Mapping[str, Any]) -> list[tuple[str, float, float, float]]:
    """``(row name, delta, low, high)`` per learned model and measure, against the floor it beats by less."""
    rows = []
    for key, entry in results.items():
        by_model: dict[str, dict[str, Any]] = {}
        for name, test in entry.get("versus_floors", {}).items():
            model, floor = name.split(" - ", 1)
            if model not in by_model or test["low"] < by_model[model]["low"]:
                by_model[model] = {**test, "floor": floor}
        for model, test in by_model.items():
            rows.append((f"{key} · {model} − {test['floor']}", float(test["delta"]), float(test["low"]), float(test["high"])))
    return rows


def plot_versus_floors(results: Mapping[str, Any], path: str | Path) -> None:
    """Save the forest plot of :func:`weakest_comparisons` as a PNG (F1 points, percent)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = weakest_comparisons(results)
    figure, axis = plt.subplots(figsize=(11, 0.22 * len(rows) + 1.5))
    for i, (_, delta, low, high) in enumerate(rows):
        colour = BEATS if low > 0 else DOES_NOT
        axis.plot([100 * low, 100 * high], [i, i], color=colour, linewidth=2)
        axis.plot(100 * delta, i, "o", color=colour, markersize=4)
    axis.axvline(0, color="#e6194b", linewidth=1)
    axis.set_yticks(range(len(rows)), [name for name, *_ in rows], fontsize=7)
    axis.set_ylim(len(rows) - 0.5, -0.5)
    axis.set_xlabel("learned − stronger floor, headline F1 points (95% paired document bootstrap interval)")
    axis.set_title("Green: beats both floors by more than the interval; grey: does not", fontsize=10)
    axis.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
