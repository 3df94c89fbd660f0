"""Cross-impact matrices of goals ("SDG Synergies"): reading and writing matrix files, the network
analysis, comparison, goal candidates from a strategy, and charts. Plain Python and numpy, no Django.

The charts import matplotlib, so they load on first use (`from livsmiljo.engine.matrix import heatmap`
or `livsmiljo.engine.matrix.charts`); the command line's analysis never pays for them.
"""

from typing import Any

from livsmiljo.engine.matrix.analysis import Analysis, Comparison, analyse, analysis_json, array, compare
from livsmiljo.engine.matrix.files import read_csv, read_xlsx, write_csv, write_xlsx
from livsmiljo.engine.matrix.goals import (
    REASONS,
    GoalCandidate,
    GoalSet,
    GoalSpec,
    goal_candidates,
    goal_sets,
)
from livsmiljo.engine.matrix.model import (
    MAX_GOALS,
    MIN_GOALS,
    SCALE,
    MatrixFileError,
    ScoredMatrix,
    describe,
    disagreement,
    median,
)

CHARTS = ("ChartLabels", "heatmap", "influence_bars", "network", "network_alt_text", "score_text")

__all__ = [
    "CHARTS", "MAX_GOALS", "MIN_GOALS", "REASONS", "SCALE", "Analysis", "Comparison", "GoalCandidate",
    "GoalSet", "GoalSpec", "MatrixFileError", "ScoredMatrix", "analyse", "analysis_json", "array", "compare",
    "describe", "disagreement", "goal_candidates", "goal_sets", "median", "read_csv", "read_xlsx",
    "write_csv", "write_xlsx", *CHARTS,
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in CHARTS:
        from livsmiljo.engine.matrix import charts

        return getattr(charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
