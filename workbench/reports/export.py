"""Writing a report file: check the path, read the scope, render, write atomically.

The file is written under a temporary name beside the target and renamed over
it only once complete, so a failed or cancelled export leaves no half file and
an existing report stays as it was.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench import config
from workbench.errors import WorkbenchError
from workbench.reports.claimreview import claimreview_report
from workbench.reports.gather import gather
from workbench.reports.html import GENERATOR, html_report, print_html
from workbench.reports.markdown import markdown_report
from workbench.reports.model import (
    ExportCancelledError,
    Masthead,
    Report,
    ReportFormat,
    ReportOptions,
    plural,
    safe_url,
)
from workbench.reports.tabular import csv_report, json_report
from workbench.store.db import Store

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
#: The steps the progress reports count: read, render, write.
STEPS = 3


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: ReportFormat
    claims: int = 0
    fact_checks: int = 0
    #: Nothing was written: the person cancelled.
    cancelled: bool = False
    #: What the report left out, and why (ClaimReview skips what is not reviewed).
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.cancelled:
            return f"export cancelled: {self.path} was not written"
        what = plural(self.claims, "claim")
        if self.format is ReportFormat.CLAIMREVIEW:
            what = plural(self.fact_checks, "ClaimReview")
        return "; ".join([f"wrote {self.path} ({what}, {self.format.label})", *self.notes])


def export_report(
    store: Store,
    settings: config.Settings,
    options: ReportOptions,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write the report `options` asks for; errors name the file and the problem."""
    path = checked_output(options.output)
    tell = progress or (lambda done, total, text: None)
    try:
        tell(0, STEPS, "Reading the desk")
        with store.reading() as session:
            report = gather(session, options.scope, masthead(settings))
        _stop_if(cancelled)
        tell(1, STEPS, f"Writing the {options.format.label}")
        notes = _write(report, options, path, tell, cancelled)
        tell(STEPS, STEPS, f"Wrote {path.name}")
    except ExportCancelledError:
        return ExportResult(path, options.format, cancelled=True)
    fact_checks = (
        report.reviewed if options.format is ReportFormat.CLAIMREVIEW else report.fact_checks
    )
    return ExportResult(path, options.format, len(report.entries), len(fact_checks), notes=notes)


def masthead(settings: config.Settings) -> Masthead:
    return Masthead(
        organisation=settings.organisation,
        organisation_url=safe_url(settings.organisation_url),
        reviewer=settings.reviewer,
        created=datetime.now(UTC).astimezone(),
    )


def checked_output(output: Path) -> Path:
    """The absolute output path, if a file can be written there."""
    path = Path(output).expanduser().absolute()
    if path.is_dir():
        raise WorkbenchError(f"{path} is a folder: give a file name for the report")
    folder = path.parent
    if not folder.exists():
        raise WorkbenchError(f"{folder}: the folder does not exist")
    if not folder.is_dir():
        raise WorkbenchError(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WorkbenchError(f"{folder}: the folder is not writable")
    return path


def _write(
    report: Report, options: ReportOptions, path: Path, tell: Progress, cancelled: Cancelled | None
) -> tuple[str, ...]:
    """Render and write the file; returns the notes of what was left out."""
    if options.format is ReportFormat.PDF:
        _write_pdf(report, options, path, tell, cancelled)
        return ()
    content, notes = RENDERERS[options.format](report)
    _stop_if(cancelled)
    write_atomically(path, lambda partial: partial.write_bytes(content))
    return notes


def _text(render: Callable[[Report], str]) -> Callable[[Report], tuple[bytes, tuple[str, ...]]]:
    return lambda report: (render(report).encode("utf-8"), ())


def _claimreview(report: Report) -> tuple[bytes, tuple[str, ...]]:
    text, notes = claimreview_report(report)
    return text.encode("utf-8"), notes


RENDERERS: dict[ReportFormat, Callable[[Report], tuple[bytes, tuple[str, ...]]]] = {
    ReportFormat.HTML: _text(html_report),
    ReportFormat.MARKDOWN: _text(markdown_report),
    ReportFormat.CSV: lambda report: (csv_report(report), ()),
    ReportFormat.JSON: _text(json_report),
    ReportFormat.CLAIMREVIEW: _claimreview,
}


def _write_pdf(
    report: Report,
    options: ReportOptions,
    path: Path,
    tell: Progress,
    cancelled: Cancelled | None,
) -> None:
    """Qt is imported only when a PDF is asked for."""
    from workbench.reports import pdf

    html = print_html(report)
    organisation = report.masthead.organisation or "Fact-check desk"
    created = f"{report.masthead.created:%Y-%m-%d}"
    info = pdf.PdfInfo(
        title=f"{report.title} — {organisation} — {created}",
        author=organisation,
        creator=GENERATOR,
        footer=f"{organisation} · {report.title} · {created} · {report.scope_text}",
    )

    def pages(done: int, total: int, _text: str) -> None:
        tell(done, total, f"Wrote page {done} of {total}")

    write_atomically(
        path,
        lambda partial: pdf.write_pdf(html, partial, options.page_size, info, pages, cancelled),
    )


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """`write` fills a temporary file beside `path`, which then replaces `path` at once."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        write(partial)
        if not partial.is_file():
            raise WorkbenchError(f"{path}: the report was not written")
        partial.replace(path)
    except OSError as exc:
        raise WorkbenchError(
            f"{path}: the report cannot be written ({exc.strerror or exc})"
        ) from exc
    finally:
        partial.unlink(missing_ok=True)


def _stop_if(cancelled: Cancelled | None) -> None:
    if cancelled and cancelled():
        raise ExportCancelledError
