"""Exports for the jury: the evaluation sheet (PDF) and a cohort's results (CSV)."""

from negosim.exports.cohort import cohort_csv
from negosim.exports.sheet import evaluation_sheet

__all__ = ["cohort_csv", "evaluation_sheet"]
