"""`workbench --self-test`: the whole workbench, end to end, on a throwaway desk.

Made for the standalone app, where a missing data file or library only shows
when the feature that needs it runs: every step uses the real component (the
spaCy pipeline, the web-page, PDF and Word readers, the check-worthiness
model, the repeat search, the embedding model, each report format, the window)
on a new SQLite desk in a temporary folder, and checks that it produced what it
should. One line per step; the exit status is 0 only when every step passed.
Nothing of the user's (desk, settings, window layout) is read or written.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from workbench import __version__, config
from workbench.reports.model import PageSize, ReportFormat, ReportOptions, ReportScope
from workbench.services import Desk, ImportOutcome, Verdict
from workbench.store.queries import ClaimFilter, ClaimRow

#: The rated claim's conclusion, looked for in every report.
CONCLUSION = "Self-test conclusion: the figure matches the published record."
SOURCE = "https://example.org/self-test-source"


class SelfTestError(Exception):
    """A step ran but did not produce what it should."""


def check(condition: object, problem: str) -> None:
    if not condition:
        raise SelfTestError(problem)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[], str]


class SelfTest:
    """The steps, in order; each returns what it found, or raises `SelfTestError`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._desk: Desk | None = None
        self.top: ClaimRow | None = None

    def steps(self) -> list[Step]:
        return [
            Step("new desk", self.open_desk),
            Step("spaCy pipeline", self.pipeline),
            Step("import the seeds", self.import_seeds),
            Step("claims and scores", self.claims),
            Step("repeated claims", self.repeats),
            Step("embedding model", self.embeddings),
            Step("search", self.search),
            Step("verdict", self.verdict),
            *(Step(f"export {kind.value}", self.exporter(kind)) for kind in ReportFormat),
            Step("import PDF and Word", self.import_pdf_and_word),
            Step("window", self.window),
        ]

    @property
    def desk(self) -> Desk:
        check(self._desk is not None, "no desk (an earlier step failed)")
        assert self._desk is not None
        return self._desk

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()

    # --- steps ----------------------------------------------------------------------------

    def open_desk(self) -> str:
        """A new SQLite desk: every migration applied, the rating scales in place."""
        path = self.folder / "self-test.db"
        settings = config.Settings(
            db_url=f"sqlite:///{path}",
            reviewer="self-test",
            score_threshold=config.DEFAULT_SCORE_THRESHOLD,
            organisation="Self-test desk",
            organisation_url="https://example.org",
        )
        self._desk = Desk.open(settings)
        scales = self.desk.scale_names()
        check(scales, "the new desk has no rating scale")
        return f"{path.name}, {len(scales)} rating scales"

    def pipeline(self) -> str:
        pipeline = self.desk.extractor.pipeline
        check(pipeline.trained, "only the blank pipeline loaded: the trained one is missing")
        return f"{pipeline.description} ({', '.join(pipeline.nlp.pipe_names)})"

    def import_seeds(self) -> str:
        seeds = sorted(path for path in config.seeds_dir().iterdir() if path.is_file())
        check(seeds, f"no sample articles in {config.seeds_dir()}")
        report = self.desk.import_paths(seeds)
        for outcome in report.failed:
            raise SelfTestError(outcome.error)
        empty = [outcome.origin for outcome in report.imported if not outcome.claims]
        check(not empty, f"no claims found in {', '.join(empty)}")
        check(len(report.imported) == len(seeds), "not every sample article was imported")
        formats = ", ".join(sorted({path.suffix for path in seeds}))
        found = sum(outcome.claims for outcome in report.imported)
        return f"{len(seeds)} articles ({formats}), {report.words:,} words, {found} claims"

    def claims(self) -> str:
        threshold = self.desk.settings.score_threshold
        rows = self.desk.claims(ClaimFilter(min_score=threshold))
        check(rows, f"no claim scores {threshold} or more")
        self.top = max(rows, key=lambda row: row.score)
        learned = [reason for reason in self.top.reasons if "learned" in reason["label"]]
        check(learned, "the top claim's reasons have no part of the trained model")
        speakers = {row.speaker for row in rows if row.speaker}
        check(speakers, "no claim has a speaker")
        return f"{len(rows)} over {threshold}; top {self.top.score:.2f}; {len(speakers)} speakers"

    def repeats(self) -> str:
        """A new article repeating one seed claim word for word, and one with a number changed."""
        same = self._top()
        numbered = self._claim_with_number(exclude=same.id)
        number = str(numbered.numbers[0]["text"])
        changed = numbered.text.replace(number, _other_number(number), 1)
        article = self.folder / "repeats.txt"
        article.write_text(f"Self-test repeats\n\n{same.text}\n\n{changed}\n", encoding="utf-8")
        outcome = self._import_one(article)
        check(outcome.linked >= 1, "the repeated claim was not linked to its fact-check")
        check(outcome.altered >= 1, f"the altered copy ({number} changed) was not flagged")
        return f"{outcome.linked} linked, {outcome.altered} altered ({number} changed)"

    def embeddings(self) -> str:
        from workbench.matching import embed

        vectors = embed.encode(
            [
                "The unemployment rate fell to 3 percent last year.",
                "Joblessness dropped to three per cent in the past year.",
                "The cat slept on a warm windowsill all afternoon.",
            ]
        )
        check(vectors.shape == (3, embed.DIMENSION), f"vectors of shape {vectors.shape}")
        norms = np.linalg.norm(vectors, axis=1)
        check(np.allclose(norms, 1.0, atol=1e-3), "the vectors are not of unit length")
        paraphrase, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
        check(paraphrase > unrelated + 0.2, "a paraphrase is no nearer than an unrelated text")
        return f"paraphrase {paraphrase:.2f}, unrelated {unrelated:.2f}"

    def search(self) -> str:
        top = self._top()
        found = self.desk.match(top.text, top=5)
        check(found, "the search found nothing")
        check(found[0].claim.group_id == top.group_id, "the claim searched for is not first")
        return f"{len(found)} results, first {found[0].similarity:.0%} alike"

    def verdict(self) -> str:
        top = self._top()
        label = self.desk.scale().labels[0].name
        verdict = Verdict(status="checked", rating=label, conclusion=CONCLUSION, sources=(SOURCE,))
        row = self.desk.rate(top.id, verdict)
        check(row.rating == label and row.status.value == "checked", "the verdict was not kept")
        events = self.desk.history(top.id)
        check(events, "the audit trail is empty")
        return f"claim {row.id} rated {label}; {len(events)} audit events"

    def exporter(self, kind: ReportFormat) -> Callable[[], str]:
        def export() -> str:
            path = self._report(kind)
            options = ReportOptions(kind, path, ReportScope(), PageSize.A4)
            result = self.desk.export(options)
            check(path.is_file() and path.stat().st_size, f"{path.name} was not written")
            REPORT_CHECKS[kind](path)
            held = (
                f"{result.fact_checks} ClaimReview"
                if kind is ReportFormat.CLAIMREVIEW
                else f"{result.claims} claims"
            )
            return f"{path.stat().st_size:,} bytes, {held}"

        return export

    def import_pdf_and_word(self) -> str:
        """The PDF report just written, and a Word file made here, imported as articles."""
        import docx

        word = self.folder / "statement.docx"
        document = docx.Document()
        document.core_properties.title = "Self-test statement"
        document.add_heading("Self-test statement", level=1)
        document.add_paragraph(self._top().text)
        document.save(str(word))
        outcomes = [self._import_one(path) for path in (self._report(ReportFormat.PDF), word)]
        found = ", ".join(f"{Path(o.origin).suffix} {o.claims} claims" for o in outcomes)
        for outcome in outcomes:
            check(outcome.claims, f"{outcome.origin}: no claims found")
        return found

    def window(self) -> str:
        """The main window, offscreen, until it shows the top claim of the first article."""
        from workbench.gui import app

        picture = self.folder / "window.png"
        status = app.run(self.desk, screenshot=picture, window_files=self.folder)
        check(status == 0, f"the window ended with status {status}")
        check(picture.is_file() and picture.stat().st_size, "the window's picture is empty")
        return f"opened, showed a claim, closed ({picture.stat().st_size:,}-byte picture)"

    # --- helpers --------------------------------------------------------------------------

    def _report(self, kind: ReportFormat) -> Path:
        return self.folder / f"report{kind.suffix}"

    def _top(self) -> ClaimRow:
        check(self.top is not None, "no claim to work with (an earlier step failed)")
        assert self.top is not None
        return self.top

    def _claim_with_number(self, exclude: int) -> ClaimRow:
        for row in self.desk.claims(ClaimFilter(min_score=self.desk.settings.score_threshold)):
            stated = [str(number["text"]) for number in row.numbers]
            long_enough = len(row.text.split()) >= 8
            if row.id != exclude and long_enough and stated and re.search(r"\d", stated[0]):
                return row
        raise SelfTestError("no sample claim states a number")

    def _import_one(self, path: Path) -> ImportOutcome:
        report = self.desk.import_paths([path])
        for outcome in report.failed:
            raise SelfTestError(outcome.error)
        check(report.imported, f"{path.name} was not imported")
        return report.imported[0]


def _other_number(text: str) -> str:
    """The same number with its first digit changed: 14 becomes 24, 2016 becomes 3016."""
    return re.sub(r"\d", lambda digit: str((int(digit.group()) + 1) % 10), text, count=1)


def _html_report(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    check(page.lstrip().lower().startswith("<!doctype html"), "not an HTML page")
    check(CONCLUSION in page, "the conclusion is missing")


def _pdf_report(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    check(reader.pages, "the PDF has no pages")
    check("Self-test conclusion" in " ".join(text.split()), "the conclusion is not in the text")


def _markdown_report(path: Path) -> None:
    check(CONCLUSION in path.read_text(encoding="utf-8"), "the conclusion is missing")


def _csv_report(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    check(rows, "no rows")
    check(any(CONCLUSION in row.values() for row in rows), "the conclusion is missing")


def _json_report(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    check(data.get("version") == 1, "no report version")
    check(CONCLUSION in path.read_text(encoding="utf-8"), "the conclusion is missing")


def _claimreview_report(path: Path) -> None:
    reviews = json.loads(path.read_text(encoding="utf-8"))
    reviews = reviews if isinstance(reviews, list) else [reviews]
    types = {review.get("@type") for review in reviews}
    check(types == {"ClaimReview"}, f"the items are {types}, not ClaimReview")
    check(all(review.get("reviewRating") for review in reviews), "a review has no rating")


REPORT_CHECKS: dict[ReportFormat, Callable[[Path], None]] = {
    ReportFormat.HTML: _html_report,
    ReportFormat.PDF: _pdf_report,
    ReportFormat.MARKDOWN: _markdown_report,
    ReportFormat.CSV: _csv_report,
    ReportFormat.JSON: _json_report,
    ReportFormat.CLAIMREVIEW: _claimreview_report,
}


def run(out: TextIO = sys.stdout) -> int:
    """Run every step, one line each; 0 when all passed, 1 at the first that failed."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from workbench.gui.app import application  # before the PDF export makes a plainer one

    application()
    frozen = " (standalone app)" if getattr(sys, "frozen", False) else ""
    print(f"self-test of {config.PRODUCT_NAME} {__version__}{frozen}", file=out, flush=True)
    with tempfile.TemporaryDirectory(prefix="workbench-self-test-") as folder:
        test = SelfTest(Path(folder))
        steps = test.steps()
        try:
            failed = _run_steps(steps, out)
        finally:
            test.close()
    if failed:
        print(f"self-test FAILED at: {failed}", file=out)
        return 1
    print(f"self-test passed: {len(steps)} steps OK", file=out)
    return 0


def _run_steps(steps: list[Step], out: TextIO) -> str | None:
    """The name of the first step that failed, or None."""
    for step in steps:
        started = time.perf_counter()
        try:
            detail = step.run()
        except Exception as exc:  # a step's every failure is reported, never a traceback
            print(f"  {step.name:<22} FAILED  {_reason(exc)}", file=out, flush=True)
            return step.name
        seconds = time.perf_counter() - started
        print(f"  {step.name:<22} OK      {detail} ({seconds:.1f} s)", file=out, flush=True)
    return None


def _reason(exc: Exception) -> str:
    if isinstance(exc, SelfTestError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
