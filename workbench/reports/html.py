"""The HTML report, and the same report in the HTML subset Qt lays out for PDF."""

from __future__ import annotations

from workbench import __version__
from workbench.reports.model import Report
from workbench.reports.templates import render_html

GENERATOR = f"Fact-check workbench {__version__}"


def html_report(report: Report) -> str:
    """One self-contained page: inline styles, an inline SVG chart, no scripts."""
    return render_html("report.html.j2", report=report, generator=GENERATOR)


def print_html(report: Report) -> str:
    """The report for `pdf.write_pdf`."""
    return render_html("report-print.html.j2", report=report, generator=GENERATOR)
