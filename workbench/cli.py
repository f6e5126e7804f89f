"""The `workbench` command: the same use cases as the window, from a terminal.

Errors a user can cause are one line on stderr and a non-zero exit status:
1 when something failed, 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from workbench import __version__, config
from workbench.errors import WorkbenchError
from workbench.ingest.readers import Document, decode_text, read_pasted
from workbench.reports.model import PageSize, ReportFormat, ReportOptions, ReportScope
from workbench.services import (
    Desk,
    ImportItem,
    ImportReport,
    LinkChange,
    Verdict,
    items_for,
    parse_status,
)
from workbench.store.queries import ClaimFilter, ClaimRow, EventRow, MatchPair, as_json

log = logging.getLogger("workbench")

EXIT_OK, EXIT_FAILED = 0, 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return run(args)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        log.debug("unexpected error", exc_info=True)
        print(f"workbench: internal error: {exc!r} (run with --debug for details)", file=sys.stderr)
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Fact-check workbench: import articles, find claims, record verdicts.",
        epilog="With no command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        help="database to use (default: $WORKBENCH_DB or the user data folder)",
    )
    parser.add_argument("--debug", action="store_true", help="show log messages and tracebacks")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="open the window, save a PNG of it with the top claim selected, and exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run every part of the workbench on a throwaway desk, offscreen, and exit "
        "(status 0 when all of it works)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importer = commands.add_parser(
        "import", help="import files, folders, web addresses or stdin (-)"
    )
    importer.add_argument(
        "inputs", nargs="+", metavar="PATH", help="file, folder, http(s) address, or - for stdin"
    )
    importer.add_argument("--title", help="title of the text read from stdin")
    importer.add_argument("--outlet", help="outlet of the text read from stdin")
    importer.add_argument("--url", help="address of the text read from stdin")
    importer.add_argument(
        "--date", type=_iso_date, help="publication date (YYYY-MM-DD) of stdin text"
    )

    articles = commands.add_parser("articles", help="list the articles")
    _add_json(articles)

    claims = commands.add_parser("claims", help="list claims, best first within each article")
    claims.add_argument("--article", type=int, metavar="ID", help="only this article's claims")
    claims.add_argument(
        "--min-score", type=_score, metavar="X", help="only claims scoring at least X (0-1)"
    )
    claims.add_argument(
        "--all", action="store_true", help="include sentences below the score threshold"
    )
    claims.add_argument(
        "--status", action="append", metavar="S", help="only this status (repeatable)"
    )
    claims.add_argument("--limit", type=int, metavar="N", help="at most N claims")
    _add_json(claims)

    show = commands.add_parser("show", help="everything about one claim")
    show.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    _add_json(show)

    rate = commands.add_parser("rate", help="set a claim's status, rating, conclusion, sources")
    rate.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    rate.add_argument(
        "--status",
        metavar="S",
        help="unchecked, in_progress, needs_review, checked, published, dismissed",
    )
    rate.add_argument("--rating", metavar="LABEL", help="a label of the desk's rating scale")
    rate.add_argument("--conclusion", metavar="TEXT", help="the written conclusion")
    rate.add_argument(
        "--source", action="append", default=[], metavar="URL", help="add a source (repeatable)"
    )
    _add_json(rate)

    history = commands.add_parser("history", help="the audit trail, of everything or of one claim")
    history.add_argument("claim_id", type=int, nargs="?", metavar="CLAIM_ID")
    _add_json(history)
    match = commands.add_parser("match", help="the stored claims most like a text, best first")
    match.add_argument("text", metavar="TEXT", help="a claim, in quotes")
    match.add_argument("--top", type=_positive, default=5, metavar="K", help="at most K claims")
    _add_json(match)
    repeats = commands.add_parser(
        "repeats",
        help="claims seen in more than one article, altered copies, and suggestions to decide",
    )
    _add_json(repeats)
    for name, about in (
        ("confirm", "agree with a repeat: a same claim joins the other's fact-check"),
        ("reject", "a repeat is not one: it is parted, and never suggested again"),
    ):
        decision = commands.add_parser(name, help=about)
        decision.add_argument("match_id", type=int, metavar="REPEAT_ID", help="as `repeats` lists")
        _add_json(decision)
    unlink = commands.add_parser("unlink", help="take a claim out of a shared fact-check")
    unlink.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    _add_json(unlink)
    _add_export(commands)
    return parser


def _add_export(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write a verdict report (HTML, PDF, Markdown, CSV, JSON or ClaimReview JSON-LD)",
        description="Write a verdict report of one article, chosen claims, or the whole desk. "
        "Claims under the score threshold are left out unless someone worked on them.",
    )
    export.add_argument(
        "--format", required=True, choices=[kind.value for kind in ReportFormat], help="file type"
    )
    export.add_argument("--article", type=int, metavar="ID", help="only this article's claims")
    export.add_argument(
        "--claim",
        type=int,
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="only these claims (repeatable)",
    )
    export.add_argument(
        "--status",
        metavar="S",
        help="minimum status: unchecked, in_progress, needs_review, checked or published "
        "(e.g. checked: checked and published only)",
    )
    export.add_argument(
        "--since", type=_iso_date, metavar="DATE", help="articles published on or after DATE"
    )
    export.add_argument(
        "--until", type=_iso_date, metavar="DATE", help="articles published on or before DATE"
    )
    export.add_argument(
        "--min-score", type=_score, metavar="X", help="leave out untouched claims scoring under X"
    )
    export.add_argument(
        "--page-size",
        choices=[size.value for size in PageSize],
        default=PageSize.A4.value,
        help="paper size of a PDF (default a4)",
    )
    export.add_argument(
        "--output", "-o", type=Path, required=True, metavar="PATH", help="the file to write"
    )


def run(args: argparse.Namespace) -> int:
    if args.self_test:
        from workbench import selftest

        return selftest.run()
    settings = config.Settings.from_environment()
    if args.db:
        settings = replace(settings, db_url=config.database_url(args.db))
    desk = Desk.open(settings)
    try:
        handler = COMMANDS.get(args.command, open_window)
        return handler(desk, args)
    finally:
        desk.close()


def open_window(desk: Desk, args: argparse.Namespace) -> int:
    """The desktop window; Qt is imported only when the window is asked for."""
    from workbench.gui import app

    return app.run(desk, screenshot=args.screenshot)


def cmd_import(desk: Desk, args: argparse.Namespace) -> int:
    items: list[ImportItem] = []
    for given in args.inputs:
        if given == "-":
            items.append(ImportItem("<stdin>", lambda: _read_stdin(args)))
        else:
            items.extend(items_for([given]))
    show_bar = sys.stderr.isatty() and len(items) > 1
    with tqdm(total=len(items), unit="file", disable=not show_bar, file=sys.stderr) as bar:
        report = desk.import_items(
            items, progress=lambda done, _total, _origin: bar.update(done - bar.n)
        )
    _print_import_report(report)
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_articles(desk: Desk, args: argparse.Namespace) -> int:
    rows = desk.articles()
    if args.json:
        return _print_json([as_json(row) for row in rows])
    for row in rows:
        published = row.published.isoformat() if row.published else "          "
        outlet = (row.outlet or "")[:20]
        print(f"{row.id:>5}  {published}  {outlet:<20}  {row.claim_count:>4} claims  {row.title}")
    return EXIT_OK


def cmd_claims(desk: Desk, args: argparse.Namespace) -> int:
    min_score = args.min_score
    if min_score is None and not args.all:
        min_score = desk.settings.score_threshold
    claim_filter = ClaimFilter(
        article_id=args.article,
        min_score=min_score,
        statuses=tuple(parse_status(status) for status in args.status or ()),
        limit=args.limit,
    )
    rows = desk.claims(claim_filter)
    if args.json:
        return _print_json([as_json(row) for row in rows])
    width = shutil.get_terminal_size((120, 20)).columns
    for row in rows:
        rating = row.rating or "-"
        prefix = f"{row.id:>6}  {row.score:.2f}  {row.status.value:<12} {rating:<13} "
        print(prefix + textwrap.shorten(row.text, max(20, width - len(prefix)), placeholder=" …"))
    return EXIT_OK


def cmd_show(desk: Desk, args: argparse.Namespace) -> int:
    row = desk.claim(args.claim_id)
    if args.json:
        return _print_json(as_json(row))
    _print_claim(row)
    return EXIT_OK


def cmd_rate(desk: Desk, args: argparse.Namespace) -> int:
    verdict = Verdict(
        status=args.status,
        rating=args.rating,
        conclusion=args.conclusion,
        sources=tuple(args.source),
    )
    row = desk.rate(args.claim_id, verdict)
    if args.json:
        return _print_json(as_json(row))
    sources = _count(len(row.sources), "source")
    print(f"claim {row.id}: {row.status.value}, rating {row.rating or '-'}, {sources}")
    return EXIT_OK


def cmd_history(desk: Desk, args: argparse.Namespace) -> int:
    events = desk.history(args.claim_id)
    if args.json:
        return _print_json([as_json(event) for event in events])
    for event in events:
        print(_describe_event(event))
    return EXIT_OK


def cmd_match(desk: Desk, args: argparse.Namespace) -> int:
    rows = desk.match(args.text, args.top)
    if args.json:
        return _print_json(
            [
                {**as_json(row.claim), "relevance": row.relevance, "similarity": row.similarity}
                for row in rows
            ]
        )
    if not rows:
        print("no stored claim shares words with that text")
    width = shutil.get_terminal_size((120, 20)).columns
    for row in rows:
        claim = row.claim
        verdict = claim.rating or claim.status.value
        prefix = f"{claim.id:>6}  {row.similarity:4.0%}  {verdict:<13} "
        room = max(20, width - len(prefix))
        print(prefix + textwrap.shorten(claim.text, room, placeholder=" …"))
        print(" " * len(prefix) + textwrap.shorten(f"in {claim.article_title}", room))
    return EXIT_OK


def cmd_repeats(desk: Desk, args: argparse.Namespace) -> int:
    groups, altered = desk.repeats()
    suggested = desk.suggestions()
    if args.json:
        return _print_json(
            {
                "groups": [as_json(group) for group in groups],
                "altered": [as_json(pair) for pair in altered],
                "suggested": [as_json(pair) for pair in suggested],
            }
        )
    for group in groups:
        verdict = group.rating or group.status.value
        print(f"fact-check {group.group_id} ({verdict}), seen {len(group.occurrences)} times:")
        for seen in group.occurrences:
            print(f"  claim {seen.claim_id:>6} in {seen.article_title}")
        print(f"  {_short(group.canonical_text)}")
    for pair in altered:
        print(
            f"altered copy {pair.match_id}: claim {pair.claim.claim_id} copies claim "
            f"{pair.other.claim_id} with {pair.reason}"
        )
        _print_pair_texts(pair)
    for pair in suggested:
        verdict = pair.other.rating or pair.other.status.value
        print(
            f"suggested {pair.match_id}: claim {pair.claim.claim_id} may be claim "
            f"{pair.other.claim_id} ({verdict}), {pair.similarity:.0%} alike"
        )
        _print_pair_texts(pair)
    if suggested:
        print("decide with `workbench confirm REPEAT_ID` or `workbench reject REPEAT_ID`")
    if not groups and not altered and not suggested:
        print("no claim has been seen in more than one article")
    return EXIT_OK


def cmd_confirm(desk: Desk, args: argparse.Namespace) -> int:
    return _print_decision(desk, desk.confirm(args.match_id), "confirmed", args.json)


def cmd_reject(desk: Desk, args: argparse.Namespace) -> int:
    return _print_decision(desk, desk.reject(args.match_id), "rejected", args.json)


def cmd_unlink(desk: Desk, args: argparse.Namespace) -> int:
    return _print_decision(desk, desk.unlink(args.claim_id), "unlinked", args.json)


def cmd_export(desk: Desk, args: argparse.Namespace) -> int:
    scope = ReportScope(
        article_id=args.article,
        claim_ids=tuple(dict.fromkeys(args.claim)),
        min_status=parse_status(args.status) if args.status else None,
        since=args.since,
        until=args.until,
        min_score=args.min_score,
    )
    options = ReportOptions(ReportFormat(args.format), args.output, scope, PageSize(args.page_size))
    print(desk.export(options).describe())
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "articles": cmd_articles,
    "claims": cmd_claims,
    "show": cmd_show,
    "rate": cmd_rate,
    "history": cmd_history,
    "match": cmd_match,
    "repeats": cmd_repeats,
    "confirm": cmd_confirm,
    "reject": cmd_reject,
    "unlink": cmd_unlink,
    "export": cmd_export,
}


def _read_stdin(args: argparse.Namespace) -> Document:
    text = decode_text(sys.stdin.buffer.read(), "<stdin>")
    return read_pasted(
        text, "<stdin>", title=args.title, outlet=args.outlet, url=args.url, published=args.date
    )


def _print_import_report(report: ImportReport) -> None:
    for outcome in report.outcomes:
        if outcome.error:
            print(f"workbench: {outcome.error}", file=sys.stderr)
        else:
            print(outcome.describe())
    found = sum(outcome.claims for outcome in report.imported)
    summary = f"({_count(report.words, 'word')}, {_count(found, 'claim')})"
    parts = [f"imported {_count(len(report.imported), 'article')} {summary}"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already stored")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    if report.cancelled:
        parts.append("cancelled before the end")
    print("; ".join(parts))


def _print_claim(row: ClaimRow) -> None:
    print(f"Claim {row.id} in article {row.article_id}: {row.article_title}")
    print(textwrap.fill(row.text, initial_indent="  ", subsequent_indent="  "))
    spans = ", ".join(f"{start}-{end}" for start, end in row.spans)
    print(f"Kind: {row.kind}    Score: {row.score:.2f}    Characters: {spans}")
    print(f"Speaker: {row.speaker or '-'}")
    for reason in row.reasons:
        print(f"  {reason['weight']:+.2f}  {reason['label']}: {reason['detail']}")
    if row.entities:
        print("Entities: " + "; ".join(f"{e['text']} ({e['label']})" for e in row.entities))
    if row.numbers:
        print("Numbers: " + "; ".join(str(n["text"]) for n in row.numbers))
    if row.dates:
        print("Dates: " + "; ".join(str(d["text"]) for d in row.dates))
    print(f"Fact-check {row.group_id}: {row.status.value}, rating {row.rating or '-'}")
    if row.conclusion:
        print(textwrap.fill(row.conclusion, initial_indent="  ", subsequent_indent="  "))
    for source in row.sources:
        print(f"  source: {source.url} {source.title}".rstrip())
    if row.tags:
        print("Tags: " + ", ".join(row.tags))
    for seen in row.elsewhere:
        print(f"Also claim {seen.claim_id} in {seen.article_title}")
    for pair in row.suggested:
        other = pair.other_than(row.id)
        print(
            f"May be claim {other.claim_id} in {other.article_title} "
            f"({other.rating or other.status.value}): repeat {pair.match_id}"
        )
    for pair in row.altered:
        other = pair.other_than(row.id)
        print(f"Altered copy of claim {other.claim_id}: {pair.reason} (repeat {pair.match_id})")


def _describe_event(event: EventRow) -> str:
    when = event.at.strftime("%Y-%m-%d %H:%M")
    what = f"{event.entity} {event.entity_id} {event.action}"
    if event.field:
        what += f" {event.field}: {event.old_value or '-'} → {event.new_value or '-'}"
    elif event.new_value:
        what += f": {event.new_value}"
    return f"{when}  {event.actor:<12} {what}"


def _print_pair_texts(pair: MatchPair) -> None:
    print(f"  {_short(pair.claim.text)}")
    print(f"  {_short(pair.other.text)}")


def _print_decision(desk: Desk, change: LinkChange, done: str, as_json_output: bool) -> int:
    """What a decision did: the decisions changed, and where each moved claim is now."""
    if as_json_output:
        return _print_json(as_json(change))
    for state in change.states:
        print(f"repeat {state.match_id}: {state.before or 'new'} → {state.after}")
    for move in change.moves:
        claim = desk.claim(move.claim_id)
        verdict = claim.rating or claim.status.value
        print(f"claim {move.claim_id} is now in fact-check {move.to_group} ({verdict})")
    if not change.states and not change.moves:
        print(f"nothing to do: already {done}")
    return EXIT_OK


def _short(text: str) -> str:
    return textwrap.shorten(text, 100, placeholder=" …")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _print_json(data: Any) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-03-05") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return int(value)


def _score(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a score from 0 to 1")
    return number
