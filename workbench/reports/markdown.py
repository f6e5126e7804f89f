"""The Markdown report, for newsletters and wikis."""

from __future__ import annotations

from workbench.reports.html import GENERATOR
from workbench.reports.model import Report
from workbench.reports.templates import render_markdown


def markdown_report(report: Report) -> str:
    return render_markdown("report.md.j2", report=report, generator=GENERATOR)
