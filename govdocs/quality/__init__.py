"""Data quality: GX suites from expectations/, decided by severity, and the HTML report."""

from govdocs.quality.report import write_report
from govdocs.quality.suites import SEVERITIES, Suite, SuiteError, load_suites
from govdocs.quality.validate import DQSummary, ExpectationResult, validate

__all__ = [
    "SEVERITIES",
    "DQSummary",
    "ExpectationResult",
    "Suite",
    "SuiteError",
    "load_suites",
    "validate",
    "write_report",
]
