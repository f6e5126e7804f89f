"""Repeated-claim retrieval on the CLEF 2020 CheckThat! task 2 data: MAP@5, Recall@1, Recall@5.

Every verified claim is imported into a fresh SQLite desk through the real
import path (one pasted article per claim: the claim as its text, the
fact-check's title as its title), then each query (a tweet) is matched with
`Desk.match`, the claims found are mapped back to their verified claims, and
the first five distinct ones are scored against the relevance judgements.
Beside it, the same figures for the match index alone (`index.candidates` on
the raw text, nothing re-ranked), so that what the search adds is seen in one
run. `--desk FILE` keeps the desk in a file and reuses it on later runs.

    .venv/bin/python benchmarks/eval_matching.py \\
        --verified-claims ../shared/data/clef2020-task2-claim-retrieval/verified_claims.docs.tsv \\
        --queries ../shared/data/clef2020-task2-claim-retrieval/dev/tweets.queries.tsv \\
        --qrels ../shared/data/clef2020-task2-claim-retrieval/dev/tweet-vclaim-pairs.qrels
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from workbench import config
from workbench.ingest.readers import read_pasted
from workbench.matching import index
from workbench.services import Desk, ImportItem
from workbench.store.models import Claim

DATA = Path(__file__).resolve().parent.parent / ".." / "shared" / "data"
TASK = DATA / "clef2020-task2-claim-retrieval"
CUTOFF = 5
#: Claims asked of the index per query: a verified claim may hold several sentences.
CANDIDATES = 20
ORIGIN = "verified claim "

#: A search: the ids of the stored claims found for a text, best first.
Search = Callable[[str], list[int]]


@dataclass(frozen=True)
class Scores:
    map_at_5: float
    recall_at_1: float
    recall_at_5: float
    queries: int
    milliseconds_per_query: float


def read_tsv(path: Path) -> Iterator[list[str]]:
    """The rows after the header; the files' first column (the id) has no name."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows, None)
        yield from rows


def read_qrels(path: Path) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            query_id, _, claim_id, grade = line.split()
            if int(grade) > 0:
                relevant.setdefault(query_id, set()).add(claim_id)
    return relevant


def verified_items(path: Path) -> list[ImportItem]:
    """One import per verified claim; a claim too short to be an article fails like a file."""
    return [
        ImportItem(
            f"{ORIGIN}{claim_id}",
            lambda text=text, origin=f"{ORIGIN}{claim_id}", title=title: read_pasted(
                text, origin, title=title or None
            ),
        )
        for claim_id, text, title in read_tsv(path)
    ]


@contextmanager
def verified_desk(verified_claims: Path, path: Path | None = None) -> Iterator[Desk]:
    """A desk holding every verified claim: in `path` (filled on the first run and
    reused as it is afterwards), or in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="eval-matching-") as folder:
        path = path or Path(folder) / "desk.db"
        fresh = not path.exists()
        settings = config.Settings(
            db_url=config.database_url(str(path)), reviewer="eval", score_threshold=0.0
        )
        desk = Desk.open(settings)
        try:
            if fresh:
                started = time.perf_counter()
                report = desk.import_items(verified_items(verified_claims))
                print(
                    f"verified claims: {len(report.imported):,} imported, "
                    f"{len(report.duplicates):,} duplicates, {len(report.failed):,} failed "
                    f"in {time.perf_counter() - started:.0f} s"
                )
            yield desk
        finally:
            desk.close()


def verified_claim_of_claim(desk: Desk) -> dict[int, str]:
    """The verified claim each stored claim came from."""
    claim_of_article = {
        row.id: row.origin.removeprefix(ORIGIN) for row in desk.articles() if row.origin
    }
    with desk.store.reading() as session:
        rows = session.execute(select(Claim.id, Claim.article_id)).all()
    return {claim_id: claim_of_article[article_id] for claim_id, article_id in rows}


def desk_search(desk: Desk) -> Search:
    """`Desk.match`: the search a person runs."""
    return lambda text: [row.claim.id for row in desk.match(text, CANDIDATES)]


def index_search(desk: Desk) -> Search:
    """The match index alone, as a baseline."""

    def search(text: str) -> list[int]:
        with desk.store.reading() as session:
            return [found.claim_id for found in index.candidates(session, text, CANDIDATES)]

    return search


def ranked_claims(search: Search, query: str, verified_claim: dict[int, str]) -> list[str]:
    """The verified claims `search` finds for `query`, best first, each once."""
    ranked = dict.fromkeys(verified_claim[claim_id] for claim_id in search(query))
    return list(ranked)[:CUTOFF]


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, claim_id in enumerate(ranked[:CUTOFF], start=1):
        if claim_id in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), CUTOFF) if relevant else 0.0


def evaluate(
    search: Search, queries: Path, relevant: dict[str, set[str]], verified_claim: dict[int, str]
) -> Scores:
    precisions, first, five = [], 0, 0
    started = time.perf_counter()
    for query_id, tweet in read_tsv(queries):
        wanted = relevant.get(query_id)
        if not wanted:
            continue
        ranked = ranked_claims(search, tweet, verified_claim)
        precisions.append(average_precision(ranked, wanted))
        first += bool(ranked) and ranked[0] in wanted
        five += bool(wanted & set(ranked))
    count = len(precisions)
    milliseconds = (time.perf_counter() - started) / max(count, 1) * 1000
    return Scores(sum(precisions) / count, first / count, five / count, count, milliseconds)


def print_scores(label: str, scores: Scores) -> None:
    print(
        f"{label:<20} MAP@5 {scores.map_at_5:.3f}  Recall@1 {scores.recall_at_1:.3f}  "
        f"Recall@5 {scores.recall_at_5:.3f}  {scores.milliseconds_per_query:.1f} ms per query"
    )


def add_data_arguments(parser: argparse.ArgumentParser, split: str) -> None:
    """The verified claims, one split's queries and judgements, and a desk to reuse."""
    parser.add_argument("--verified-claims", type=Path, default=TASK / "verified_claims.docs.tsv")
    parser.add_argument("--queries", type=Path, default=TASK / split / "tweets.queries.tsv")
    parser.add_argument("--qrels", type=Path, default=TASK / split / "tweet-vclaim-pairs.qrels")
    parser.add_argument(
        "--desk", type=Path, help="SQLite file for the desk: filled on the first run, then reused"
    )


def data_missing(args: argparse.Namespace, program: str) -> bool:
    """Whether a data file is missing, said on stderr."""
    for path in (args.verified_claims, args.queries, args.qrels):
        if not path.is_file():
            print(f"{program}: {path} is not a file", file=sys.stderr)
            return True
    return False


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_arguments(parser, "dev")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if data_missing(args, "eval_matching"):
        return 1
    relevant = read_qrels(args.qrels)
    with verified_desk(args.verified_claims, args.desk) as desk:
        verified_claim = verified_claim_of_claim(desk)
        baseline = evaluate(index_search(desk), args.queries, relevant, verified_claim)
        scores = evaluate(desk_search(desk), args.queries, relevant, verified_claim)
    print(f"queries: {scores.queries} ({args.queries})")
    print_scores("index alone (BM25)", baseline)
    print_scores("Desk.match", scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
