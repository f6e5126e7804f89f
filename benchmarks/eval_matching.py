"""Repeated-claim retrieval on the CLEF 2020 CheckThat! task 2 data: MAP@5, Recall@1, Recall@5.

Every verified claim is imported into a fresh SQLite desk through the real
import path (one pasted article per claim: the claim as its text, the
fact-check's title as its title), then each query (a tweet) is matched with
`Desk.match`, the claims found are mapped back to their verified claims, and
the first five distinct ones are scored against the relevance judgements.

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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench import config
from workbench.ingest.readers import read_pasted
from workbench.services import Desk, ImportItem

DATA = Path(__file__).resolve().parent.parent / ".." / "shared" / "data"
TASK = DATA / "clef2020-task2-claim-retrieval"
CUTOFF = 5
#: Claims asked of the index per query: a verified claim may hold several sentences.
CANDIDATES = 20
ORIGIN = "verified claim "


@dataclass(frozen=True)
class Scores:
    map_at_5: float
    recall_at_1: float
    recall_at_5: float
    queries: int


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


def ranked_claims(desk: Desk, query: str, claim_of_article: dict[int, str]) -> list[str]:
    """The verified claims `Desk.match` finds for `query`, best first, each once."""
    found = desk.match(query, CANDIDATES)
    ranked = dict.fromkeys(claim_of_article[row.claim.article_id] for row in found)
    return list(ranked)[:CUTOFF]


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, claim_id in enumerate(ranked[:CUTOFF], start=1):
        if claim_id in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), CUTOFF) if relevant else 0.0


def evaluate(desk: Desk, queries: Path, relevant: dict[str, set[str]]) -> Scores:
    claim_of_article = {
        row.id: row.origin.removeprefix(ORIGIN) for row in desk.articles() if row.origin
    }
    precisions, first, five = [], 0, 0
    for query_id, tweet in read_tsv(queries):
        wanted = relevant.get(query_id)
        if not wanted:
            continue
        ranked = ranked_claims(desk, tweet, claim_of_article)
        precisions.append(average_precision(ranked, wanted))
        first += bool(ranked) and ranked[0] in wanted
        five += bool(wanted & set(ranked))
    count = len(precisions)
    return Scores(sum(precisions) / count, first / count, five / count, count)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verified-claims", type=Path, default=TASK / "verified_claims.docs.tsv")
    parser.add_argument("--queries", type=Path, default=TASK / "dev" / "tweets.queries.tsv")
    parser.add_argument("--qrels", type=Path, default=TASK / "dev" / "tweet-vclaim-pairs.qrels")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    for path in (args.verified_claims, args.queries, args.qrels):
        if not path.is_file():
            print(f"eval_matching: {path} is not a file", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="eval-matching-") as folder:
        settings = config.Settings(
            db_url=f"sqlite:///{folder}/desk.db", reviewer="eval", score_threshold=0.0
        )
        desk = Desk.open(settings)
        try:
            started = time.perf_counter()
            report = desk.import_items(verified_items(args.verified_claims))
            loaded = time.perf_counter() - started
            print(
                f"verified claims: {len(report.imported):,} imported, "
                f"{len(report.duplicates):,} duplicates, {len(report.failed):,} failed "
                f"in {loaded:.0f} s"
            )
            started = time.perf_counter()
            scores = evaluate(desk, args.queries, read_qrels(args.qrels))
            per_query = (time.perf_counter() - started) / max(scores.queries, 1) * 1000
        finally:
            desk.close()
    print(f"queries: {scores.queries} ({args.queries}), {per_query:.1f} ms each")
    print(f"Recall@1 {scores.recall_at_1:.3f}")
    print(f"Recall@5 {scores.recall_at_5:.3f}")
    print(f"MAP@5 {scores.map_at_5:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
