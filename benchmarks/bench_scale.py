"""Repeated claims at scale: a desk of a million claims, matched as the import matches.

Builds a SQLite desk of `--claims` claims in the real schema: sentences of the
public data sets (split by a regular expression, not spaCy, which would take
hours over a million claims) and perturbed copies of them — numbers, years and
names changed, negations toggled, words dropped or swapped, clauses moved or
spliced, casing and punctuation — 30 to an article, inserted in bulk with the
import's own `matching_columns` filling `match_text`, `masked_text` and
`word_pairs`, and the schema's triggers filling both text indexes. Every claim
scores above the desk's threshold, so all of them are matched: the worst case
for the search.

Then it matches queries that are not stored — fresh copies of stored claims
("repeat") and copies of sentences kept out of the desk ("unseen") — exactly
as the import's repeat search does for one new claim: `index.link_candidates`
(`link.POOL` claims holding two of the claim's rarest words or one of its
rarest word pairs), `link.closest` (their stored masked wording fetched, one
per fact-check, closest in judge's masked wording first), and `compare.judge`
on the first `link.JUDGED`. Latency p50/p95/max per claim, after warm-up
queries; the first query apart (cold for SQLite's page cache; the system's file
cache is as the build or an earlier run left it).

The baseline, in the same run: an exhaustive scan of every stored claim by the
same final scorer, judge's masked similarity (`fuzz.token_sort_ratio` over the
texts with numbers, names and negations masked, precomputed once), on a subset
of the queries. Agreement compares the two top-5 lists by score, ties counted
in the index's favour (any claim with the same score is as good a fifth):

- raw: the share of the scan's top 5 the index's top 5 holds;
- actionable: the same, counting only claims `judge` calls same or altered
  (wording at least `COPY_SIMILARITY` alike, or the same facts), the ones the
  import would link, suggest or flag;
- actionable, own sentence: only those that copy the query's own source
  sentence (the generator knows), which separates the index's real misses from
  look-alikes that the masked scorer alone calls copies.

    .venv/bin/python benchmarks/bench_scale.py --data ../shared/data
    .venv/bin/python benchmarks/bench_scale.py --claims 20000 --queries 50   # quick
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from synthetic import (
    CLAIMS_PER_ARTICLE,
    Perturber,
    Plan,
    RowMaker,
    common_names,
    insert_articles,
    load_sources,
    load_titles,
    plan,
)

from workbench import config
from workbench.matching import index, link
from workbench.matching.compare import COPY_SIMILARITY, Outcome, judge, masked
from workbench.matching.normalize import content_words, words
from workbench.store.db import Store, open_store
from workbench.store.models import Claim

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data"
DEFAULT_CLAIMS = 1_000_000
DEFAULT_QUERIES = 200
DEFAULT_EXHAUSTIVE = 50
SEED = 2024
WARM_UP = 10
TOP = 5
TARGET_P95_MS = 50.0
TARGET_AGREEMENT = 0.99
#: Claims per transaction while building, and between two progress lines.
CHUNK_CLAIMS = 10_000
PROGRESS_CLAIMS = 100_000
#: Claims tied at the scan's fifth score that are judged for the actionable list.
TIE_CAP = 50
#: Scores are compared after rounding, so that 0.8 from the scan equals 0.8 from judge.
DIGITS = 6
SLOWEST = 5


# --- building the desk -------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """Everything the desk and the queries are made from, the same for the same seed."""

    sources: list[str]
    titles: list[str]
    names: list[str]
    plan: Plan

    @classmethod
    def load(cls, data: Path, claims: int, seed: int) -> Corpus:
        sources = load_sources(data)
        return cls(
            sources, load_titles(data), common_names(sources), plan(len(sources), claims, seed)
        )

    def perturber(self, rng: Random) -> Perturber:
        """Copies drawn from `rng`; splices only take sentences that may be stored."""
        pool = [self.sources[i] for i in self.plan.stored_sources]
        return Perturber(rng, self.names, pool)


@dataclass
class Build:
    claims: int = 0
    seconds: float = 0.0
    #: Normalising, inserting and committing, the triggers' index updates included.
    insert_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.claims / self.insert_seconds


def build_store(path: Path, corpus: Corpus, seed: int) -> Build:
    """Fill a new desk at `path` with copies of the corpus's sentences, a chunk at a time."""
    started = time.perf_counter()
    build = Build()
    rows = RowMaker(corpus.titles, Random(f"{seed}:rows"), config.DEFAULT_SCORE_THRESHOLD)
    store = open_store(f"sqlite:///{path}")
    try:
        for chunk in _article_chunks(corpus, corpus.perturber(Random(f"{seed}:variants"))):
            inserting = time.perf_counter()
            with store.engine.begin() as connection:
                insert_articles(connection, [rows.article(texts) for texts in chunk])
            build.insert_seconds += time.perf_counter() - inserting
            done = build.claims + sum(map(len, chunk))
            if done // PROGRESS_CLAIMS > build.claims // PROGRESS_CLAIMS:
                _progress(done, build.insert_seconds)
            build.claims = done
        _checkpoint(store)
    finally:
        store.close()
    build.seconds = time.perf_counter() - started
    return build


def _article_chunks(corpus: Corpus, perturber: Perturber) -> Iterator[list[list[str]]]:
    """The claims' texts, article by article, about `CHUNK_CLAIMS` claims at a time."""
    picks = corpus.plan.picks
    chunk: list[list[str]] = []
    for start in range(0, len(picks), CLAIMS_PER_ARTICLE):
        sources = picks[start : start + CLAIMS_PER_ARTICLE]
        chunk.append([perturber.variant(corpus.sources[source]) for source in sources])
        if len(chunk) * CLAIMS_PER_ARTICLE >= CHUNK_CLAIMS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _progress(claims: int, insert_seconds: float) -> None:
    print(
        f"  {claims:>9,} claims stored, {claims / insert_seconds:,.0f} claims/s so far, "
        f"peak RSS {peak_rss_mb():,.0f} MB",
        flush=True,
    )


def _checkpoint(store: Store) -> None:
    """Fold the write-ahead log into the file, so that its size is the desk's size."""
    with store.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def same_desk(store: Store, corpus: Corpus, seed: int) -> bool:
    """Whether a reused desk starts with the claims this seed makes: the queries and
    the provenance of each claim are made again from the seed, not read from the desk."""
    first = next(_article_chunks(corpus, corpus.perturber(Random(f"{seed}:variants"))))
    made = [claim_text for article in first for claim_text in article]
    with store.reading() as session:
        stored = session.scalars(
            select(Claim.text).where(Claim.id <= len(made)).order_by(Claim.id)
        ).all()
    return list(stored) == made


def stored_claims(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(Claim)) or 0


def index_sizes_mb(store: Store) -> tuple[float, float]:
    """Megabytes of the whole file and of the match index's tables."""
    with store.engine.connect() as connection:
        total = connection.execute(
            text("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
        ).scalar_one()
        match = connection.execute(
            text("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'claim_match_index%'")
        ).scalar_one()
    return total / 1e6, (match or 0) / 1e6


# --- queries ------------------------------------------------------------------------------

REPEAT, UNSEEN = "repeat", "unseen"


@dataclass(frozen=True)
class Query:
    #: "repeat": a fresh copy of a stored claim; "unseen": a copy of a sentence never stored.
    kind: str
    text: str
    #: The source sentence it copies (`Corpus.sources`), as the plan numbers them.
    source: int


def make_queries(session: Session, corpus: Corpus, count: int, seed: int) -> list[Query]:
    """`count` queries, the two kinds in turn, none stored word for word."""
    rng = Random(f"{seed}:queries")
    perturber = corpus.perturber(rng)
    held_out = sorted(corpus.plan.held_out)
    claims = len(corpus.plan.picks)
    found: list[Query] = []
    while len(found) < count:
        wanted = 2 * (count - len(found)) + 10
        drafts = []
        for number in range(wanted):
            if number % 2 == 0:
                claim_id = rng.randint(1, claims)
                original = session.scalar(select(Claim.text).where(Claim.id == claim_id)) or ""
                source = corpus.plan.picks[claim_id - 1]
                drafts.append(Query(REPEAT, _changed(perturber, original), source))
            else:
                source = rng.choice(held_out)
                drafts.append(Query(UNSEEN, perturber.variant(corpus.sources[source]), source))
        found.extend(_usable(session, drafts, {q.text for q in found}))
    return found[:count]


def _changed(perturber: Perturber, original: str) -> str:
    """A copy of `original` with at least one perturbation."""
    for _ in range(10):
        copy = perturber.variant(original)
        if copy != original:
            return copy
    return original.lower()


def _usable(session: Session, drafts: list[Query], seen: set[str]) -> Iterator[Query]:
    """Drafts the repeat search would match (enough content words) that no claim stores."""
    stored = set(
        session.scalars(select(Claim.text).where(Claim.text.in_([q.text for q in drafts])))
    )
    for query in drafts:
        fresh = query.text not in stored and query.text not in seen
        if fresh and len(content_words(query.text)) >= link.MIN_CONTENT_WORDS:
            seen.add(query.text)
            yield query


# --- the import's path: index, fetch, judge ----------------------------------------------


@dataclass(frozen=True)
class Scored:
    claim_id: int
    similarity: float
    outcome: Outcome


@dataclass(frozen=True)
class IndexedMatch:
    """One claim matched as `link.find_repeats` matches it, with the time of each step."""

    fts_seconds: float
    fetch_seconds: float
    judge_seconds: float
    #: The candidates in the index's order, each with judge's verdict.
    judged: list[Scored]

    @property
    def seconds(self) -> float:
        return self.fts_seconds + self.fetch_seconds + self.judge_seconds


def match_indexed(session: Session, claim_text: str, rarity: index.WordRarity) -> IndexedMatch:
    """`link.find_repeats` for one claim, step by step: candidates, their texts, judge.

    The query is not stored, so the link's filters on the claim's own article and
    group keep everything; its filter on the score is applied as the import does.
    """
    started = time.perf_counter()
    found = index.link_candidates(session, claim_text, link.POOL, rarity)
    fetched = time.perf_counter()
    closest = link.closest(session, claim_text, found, config.DEFAULT_SCORE_THRESHOLD)
    judging = time.perf_counter()
    judged = []
    for other in closest[: link.JUDGED]:
        judgement = judge(claim_text, other.text)
        judged.append(Scored(other.id, judgement.similarity, judgement.outcome))
    done = time.perf_counter()
    return IndexedMatch(fetched - started, judging - fetched, done - judging, judged)


def rows_matched(session: Session, query: str) -> int:
    """How many claims an FTS5 query reads and ranks."""
    return session.scalar(
        text("SELECT count(*) FROM claim_match_index WHERE claim_match_index MATCH :q"),
        {"q": query},
    )


def link_query(session: Session, claim_text: str, rarity: index.WordRarity) -> str:
    kept = rarity.rarest(session, index.link_words(claim_text))
    return index.link_query(kept, rarity.rarest_pairs(session, index.neighbour_pairs(claim_text)))


def word_frequencies(
    session: Session, claim_text: str, rarity: index.WordRarity
) -> list[tuple[str, int]]:
    """The link query's words with the number of claims holding each."""
    return [
        (word, rows_matched(session, '"' + word + '"'))
        for word in rarity.rarest(session, index.link_words(claim_text)).words
    ]


# --- the baseline: every stored claim by the same scorer ---------------------------------


@dataclass
class Exhaustive:
    """Every stored claim's masked text, as `judge` masks it (`compare.masked`, what
    `judge` itself compares, so the scan cannot drift from it), in claim id order."""

    ids: np.ndarray
    masked: list[str]
    prepare_seconds: float = 0.0

    @classmethod
    def load(cls, session: Session) -> Exhaustive:
        started = time.perf_counter()
        ids, texts = [], []
        rows = session.execute(select(Claim.id, Claim.text).order_by(Claim.id)).yield_per(50_000)
        for claim_id, claim_text in rows:
            ids.append(claim_id)
            texts.append(masked(claim_text))
        return cls(np.array(ids), texts, time.perf_counter() - started)

    def scores(self, claim_text: str) -> np.ndarray:
        """Judge's masked similarity (0–1) of `claim_text` with every stored claim."""
        query = masked(claim_text)
        found = process.cdist(
            [query], self.masked, scorer=fuzz.token_sort_ratio, dtype=np.float64, workers=-1
        )
        return found[0] / 100

    def rows(self, claim_ids: Sequence[int]) -> np.ndarray:
        return np.searchsorted(self.ids, np.array(claim_ids, dtype=self.ids.dtype))


@dataclass(frozen=True)
class ScanResult:
    seconds: float
    #: The scan's best claims, judged: the top `TOP` and every claim tied with the fifth
    #: (up to `TIE_CAP` more), so that ties can be broken either way.
    best: list[Scored]
    #: Stored claims at least `COPY_SIMILARITY` alike: every copy the scorer sees.
    copies: int
    #: Candidates of the index whose score in the scan differs from judge's (should be 0).
    mismatches: int


def scan(
    session: Session, exhaustive: Exhaustive, claim_text: str, indexed: IndexedMatch
) -> ScanResult:
    """The exhaustive best of one query, judged, and a check against the index's scores."""
    started = time.perf_counter()
    scores = exhaustive.scores(claim_text)
    fifth = np.partition(scores, -TOP)[-TOP]
    tied = np.flatnonzero(scores >= fifth)
    tied = tied[np.argsort(-scores[tied], kind="stable")][: TOP + TIE_CAP]
    claim_ids = [int(i) for i in exhaustive.ids[tied]]
    texts = dict(session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(claim_ids))).all())
    best = [
        Scored(claim_id, float(score), judge(claim_text, texts[claim_id]).outcome)
        for claim_id, score in zip(claim_ids, scores[tied], strict=True)
    ]
    seconds = time.perf_counter() - started
    indexed_rows = exhaustive.rows([s.claim_id for s in indexed.judged])
    mismatches = sum(
        _key(float(scores[row])) != _key(s.similarity)
        for row, s in zip(indexed_rows, indexed.judged, strict=True)
    )
    copies = int(np.count_nonzero(scores >= COPY_SIMILARITY))
    return ScanResult(seconds, best, copies, mismatches)


def _key(score: float) -> float:
    return round(score, DIGITS)


# --- agreement ----------------------------------------------------------------------------

Keep = Callable[[Scored], bool]


def top_kept(scored: Sequence[Scored], keep: Keep) -> list[Scored]:
    """The kept claims among the best `TOP` by score, ties broken in favour of kept ones."""
    ranked = sorted(scored, key=lambda s: (-_key(s.similarity), not keep(s)))
    return [s for s in ranked[:TOP] if keep(s)]


def overlap(found: Sequence[Scored], best: Sequence[Scored]) -> int:
    """How many of `best` (the scan's list) `found` holds, a claim with the same
    score standing for any other: ties are broken in favour of the index."""
    have = Counter(_key(s.similarity) for s in found)
    want = Counter(_key(s.similarity) for s in best)
    return sum((have & want).values())


def acted_on(scored: Scored) -> bool:
    """Whether the import would link, suggest or flag this claim."""
    return scored.outcome is not Outcome.NONE


@dataclass
class Agreement:
    """Top-`TOP` overlap of the index with the scan, over the claims some rule keeps."""

    hits: int = 0
    total: int = 0
    queries: int = 0
    #: Queries whose scan kept at least one claim.
    with_some: int = 0

    def add(self, indexed: IndexedMatch, scanned: ScanResult, keep: Keep) -> None:
        wanted = top_kept(scanned.best, keep)
        self.hits += overlap(top_kept(indexed.judged, keep), wanted)
        self.total += len(wanted)
        self.queries += 1
        self.with_some += bool(wanted)

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def describe(self) -> str:
        return (
            f"{self.share:.3f} ({self.hits}/{self.total}; "
            f"{self.with_some} of {self.queries} queries have some)"
        )


def agreements(
    queries: Sequence[Query],
    indexed: Sequence[IndexedMatch],
    scans: Sequence[ScanResult],
    plan: Plan,
) -> dict[str, Agreement]:
    """Raw, actionable (all queries and by kind) and actionable copies of the query's own
    sentence: the generator knows which sentence each stored claim copies."""
    found = {
        name: Agreement()
        for name in ("raw", "actionable", f"actionable, {REPEAT}", f"actionable, {UNSEEN}")
    }
    found["actionable, own sentence"] = Agreement()
    for query, match, scanned in zip(queries, indexed, scans, strict=True):

        def own(scored: Scored, source: int = query.source) -> bool:
            return acted_on(scored) and plan.picks[scored.claim_id - 1] == source

        found["raw"].add(match, scanned, lambda _: True)
        found["actionable"].add(match, scanned, acted_on)
        found[f"actionable, {query.kind}"].add(match, scanned, acted_on)
        found["actionable, own sentence"].add(match, scanned, own)
    return found


def best_found(indexed: Sequence[IndexedMatch], scans: Sequence[ScanResult]) -> int:
    """Queries whose best candidate scores as high as the best stored claim."""
    return sum(
        bool(match.judged)
        and max(_key(s.similarity) for s in match.judged)
        == max(_key(s.similarity) for s in scanned.best)
        for match, scanned in zip(indexed, scans, strict=True)
    )


# --- running it ---------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile_ms(samples: Sequence[float], share: float) -> float:
    """The `share` percentile in milliseconds (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000


@dataclass
class Results:
    build: Build | None
    claims: int
    cold: IndexedMatch
    queries: list[Query]
    indexed: list[IndexedMatch]
    matched_rows: list[int]
    rss_after_queries: float
    db_mb: float = 0.0
    match_index_mb: float = 0.0
    exhaustive: Exhaustive | None = None
    #: Positions in `queries` of the queries also scanned.
    scanned: list[int] = field(default_factory=list)
    scans: list[ScanResult] = field(default_factory=list)
    rss_after_scan: float = 0.0


def run_indexed(
    session: Session, queries: list[Query], warm_up: list[Query], rarity: index.WordRarity
) -> tuple[IndexedMatch, list[IndexedMatch]]:
    """The first (cold) query, then warm-up queries untimed, then the measured ones."""
    words.cache_clear()
    index.WordRarity.forget()
    cold = match_indexed(session, warm_up[0].text, rarity)
    for query in warm_up[1:]:
        match_indexed(session, query.text, rarity)
    return cold, [match_indexed(session, query.text, rarity) for query in queries]


def scan_positions(queries: Sequence[Query], count: int) -> list[int]:
    """Positions of `count` queries spread over the list, half of each kind."""
    if count >= len(queries):
        return list(range(len(queries)))
    chosen = []
    for share, kind in ((count - count // 2, REPEAT), (count // 2, UNSEEN)):
        positions = [i for i, query in enumerate(queries) if query.kind == kind]
        chosen += positions[:: max(1, len(positions) // max(1, share))][:share]
    return sorted(chosen)


def run_exhaustive(session: Session, results: Results, count: int) -> None:
    """The scan on `count` queries, half of each kind, beside the index's answer for each."""
    results.exhaustive = Exhaustive.load(session)
    results.scanned = scan_positions(results.queries, count)
    results.scans = [
        scan(session, results.exhaustive, results.queries[i].text, results.indexed[i])
        for i in results.scanned
    ]
    results.rss_after_scan = peak_rss_mb()


def print_slowest(session: Session, results: Results, rarity: index.WordRarity) -> None:
    """The slowest queries, with how many claims their words find: where the time goes."""
    print(f"\nslowest {SLOWEST} queries (ms: total = FTS + fetch + judge; claims per word):")
    order = sorted(range(len(results.indexed)), key=lambda i: -results.indexed[i].seconds)
    for position in order[:SLOWEST]:
        match, query = results.indexed[position], results.queries[position]
        print(
            f"  {match.seconds * 1000:6.1f} = {match.fts_seconds * 1000:.1f} + "
            f"{match.fetch_seconds * 1000:.1f} + {match.judge_seconds * 1000:.1f}  "
            f"{results.matched_rows[position]:,} claims read  {query.text[:70]!r}"
        )
        frequencies = word_frequencies(session, query.text, rarity)
        print("      " + ", ".join(f"{word} {count:,}" for word, count in frequencies))


def print_summary(results: Results, plan: Plan) -> None:
    indexed = results.indexed
    totals = [m.seconds for m in indexed]
    rows: list[tuple[str, str]] = [("claims in the desk", f"{results.claims:,}")]
    if results.build:
        build = results.build
        rows += [
            ("build, total", f"{build.seconds:,.1f} s"),
            ("insert (normalise, SQL, triggers)", f"{build.insert_seconds:,.1f} s"),
            ("insert throughput", f"{build.rate:,.0f} claims/s"),
        ]
    rows += [
        ("desk file (match index)", f"{results.db_mb:,.0f} MB ({results.match_index_mb:,.0f} MB)"),
        ("queries (repeat / unseen)", _kinds(results.queries)),
        ("first, cold query", f"{results.cold.seconds * 1000:.1f} ms"),
        ("match p50 / p95 / max", _percentiles(totals)),
        ("  FTS query p50 / p95 / max", _percentiles([m.fts_seconds for m in indexed])),
        ("  fetch, order p50 / p95 / max", _percentiles([m.fetch_seconds for m in indexed])),
        ("  judge p50 / p95 / max", _percentiles([m.judge_seconds for m in indexed])),
        ("claims read per query, median", f"{statistics.median(results.matched_rows):,.0f}"),
        (
            "target p95",
            _verdict(percentile_ms(totals, 0.95) < TARGET_P95_MS, f"< {TARGET_P95_MS:.0f} ms"),
        ),
        ("peak RSS after build and queries", f"{results.rss_after_queries:,.0f} MB"),
    ]
    if results.exhaustive is not None:
        rows += _scan_rows(results, plan)
    print()
    width = max(len(name) for name, _ in rows) + 2
    for name, value in rows:
        print(f"  {name:<{width}}{value}")


def _scan_rows(results: Results, plan: Plan) -> list[tuple[str, str]]:
    exhaustive = results.exhaustive
    assert exhaustive is not None
    scans = results.scans
    queries = [results.queries[i] for i in results.scanned]
    indexed = [results.indexed[i] for i in results.scanned]
    scanned_ms = [s.seconds for s in scans]
    ratio = statistics.median(scanned_ms) / statistics.median(m.seconds for m in indexed)
    found = agreements(queries, indexed, scans, plan)
    met = found["actionable"].share >= TARGET_AGREEMENT
    return [
        ("scan: masking every claim, once", f"{exhaustive.prepare_seconds:,.1f} s"),
        ("scan p50 / p95 / max", _percentiles(scanned_ms)),
        ("scan p50 / index p50, same queries", f"{ratio:,.0f}x"),
        ("scorer check (scan = judge)", f"{sum(s.mismatches for s in scans)} mismatches"),
        (
            "copies in the desk per query, median",
            f"{statistics.median(s.copies for s in scans):,.0f}",
        ),
        *((f"top-5 agreement, {name}", value.describe()) for name, value in found.items()),
        ("best match found", f"{best_found(indexed, scans)} of {len(scans)}"),
        ("target agreement (actionable)", _verdict(met, f">= {TARGET_AGREEMENT}")),
        ("peak RSS with the scan's texts", f"{results.rss_after_scan:,.0f} MB"),
    ]


def _percentiles(samples: Sequence[float]) -> str:
    p50, p95, worst = (percentile_ms(samples, share) for share in (0.5, 0.95, 1.0))
    return f"{p50:.1f} / {p95:.1f} / {worst:.1f} ms"


def _kinds(queries: Sequence[Query]) -> str:
    counts = Counter(query.kind for query in queries)
    return f"{counts[REPEAT]} / {counts[UNSEEN]}"


def _verdict(met: bool, target: str) -> str:
    return f"{target} ({'met' if met else 'NOT met'})"


def benchmark(path: Path, args: argparse.Namespace) -> int:
    corpus = Corpus.load(args.data, args.claims, args.seed)
    print(
        f"corpus: {len(corpus.sources):,} source sentences "
        f"({len(corpus.plan.held_out):,} kept out of the desk), {len(corpus.titles):,} titles"
    )
    build = None
    if not path.exists():
        print(f"building {path} with {args.claims:,} claims")
        build = build_store(path, corpus, args.seed)
    store = open_store(f"sqlite:///{path}")
    try:
        claims = stored_claims(store)
        if claims != args.claims or not same_desk(store, corpus, args.seed):
            print(
                f"{path} was not built with --claims {args.claims} --seed {args.seed}",
                file=sys.stderr,
            )
            return 1
        db_mb, match_mb = index_sizes_mb(store)
        with store.reading() as session:
            results = measure(session, corpus, args, build, claims)
            results.db_mb, results.match_index_mb = db_mb, match_mb
            print_slowest(session, results, index.WordRarity(session))
    finally:
        store.close()
    print_summary(results, corpus.plan)
    return 0


def measure(
    session: Session, corpus: Corpus, args: argparse.Namespace, build: Build | None, claims: int
) -> Results:
    """Index path on every query, then the scan on a subset, in one reading session."""
    queries = make_queries(session, corpus, args.queries + WARM_UP, args.seed)
    warm_up, queries = queries[:WARM_UP], queries[WARM_UP:]
    rarity = index.WordRarity(session)
    cold, indexed = run_indexed(session, queries, warm_up, rarity)
    print(f"index path: {len(queries)} queries after {WARM_UP} warm-up queries")
    results = Results(
        build=build,
        claims=claims,
        cold=cold,
        queries=queries,
        indexed=indexed,
        matched_rows=[
            rows_matched(session, link_query(session, query.text, rarity)) for query in queries
        ],
        rss_after_queries=peak_rss_mb(),
    )
    if args.exhaustive:
        print(f"exhaustive scan: masking {claims:,} claims, then {args.exhaustive} queries")
        run_exhaustive(session, results, args.exhaustive)
    return results


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data sets folder")
    parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS, help="claims in the desk")
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES, help="timed queries")
    parser.add_argument(
        "--exhaustive",
        type=int,
        default=DEFAULT_EXHAUSTIVE,
        help="queries also scored against every claim (0: none)",
    )
    parser.add_argument("--db", type=Path, help="keep the desk here (reused when it exists)")
    parser.add_argument("--seed", type=int, default=SEED, help="the same seed, the same desk")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.db:
        return benchmark(args.db, args)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        return benchmark(Path(folder) / "desk.db", args)


if __name__ == "__main__":
    sys.exit(main())
