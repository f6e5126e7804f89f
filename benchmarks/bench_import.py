"""Import throughput: raw spaCy `nlp.pipe` against the whole `Desk.import_paths` path.

Builds a corpus of article-like .txt files from the public data sets (ClaimBuster
and CLEF 2019 sentences, CLEF 2020 verified claims and their titles), times
`nlp.pipe` over exactly the body paragraphs the importer hands to spaCy, then
times importing the same folder into a fresh SQLite desk (read, segment, spaCy,
claims, store). The target is an end-to-end rate of at least 80% of the raw
rate. The import's second step, the search for repeated claims among the stored
ones, is timed apart and shown with the combined rate.

The check-worthiness model's own cost (reading a sentence's features off the
parse and weighing them) is timed sentence by sentence during the raw pass, left
out of the raw figure, and shown as a share of the end-to-end import; the target
is under 10%.

    .venv/bin/python benchmarks/bench_import.py --data ../shared/data --words 50000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench import config
from workbench.ingest.readers import read_file
from workbench.nlp.pipeline import BATCH_SIZE, Pipeline, load_pipeline
from workbench.nlp.scoring import Signals, sentence_features, shipped_model
from workbench.nlp.segment import body_blocks
from workbench.services import Desk, ImportOutcome, ImportReport

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data"
DEFAULT_WORDS = 1_000_000
SEED = 2024
TARGET_SHARE = 0.80
#: The most the check-worthiness model may add to the import's time.
SCORING_TARGET = 0.10
WARM_UP_PARAGRAPHS = 300
TERMINAL = (".", "!", "?", '"', "”", "'", "’")


@dataclass(frozen=True)
class Timing:
    seconds: float
    words: int

    @property
    def rate(self) -> float:
        return self.words / self.seconds


# --- corpus -----------------------------------------------------------------------------


def load_sentences(data: Path) -> list[str]:
    """Every sentence-like text of the three data sets, as one clean line each."""
    texts = [item["text"] for item in json.loads((data / "claimbuster/train.json").read_text())]
    for path in sorted((data / "clef2019-task1-checkworthiness/training").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(line.split("\t")[2])
    vclaims = data / "clef2020-task2-claim-retrieval/verified_claims.docs.tsv"
    with vclaims.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            texts.extend((row["vclaim"], row["title"]))
    return [sentence for text in texts if (sentence := as_sentence(text))]


def as_sentence(text: str) -> str:
    """One line of body text; a title without closing punctuation gets a full stop."""
    line = " ".join(text.split())
    if line and not line.endswith(TERMINAL):
        line += "."
    return line


def build_articles(sentences: list[str], words: int) -> Iterator[str]:
    """Articles of ~400–600 words until `words` is reached, one shuffled pass at a time."""
    total, number, shuffle = 0, 0, 0
    while total < words:
        pool = sentences[:]
        rng = random.Random(SEED + shuffle)
        rng.shuffle(pool)
        for article in articles_of(pool, rng):
            number += 1
            text = f"Report {shuffle + 1}-{number:05d}: {headline(article)}\n\n{article}\n"
            total += len(text.split())
            yield text
            if total >= words:
                return
        shuffle += 1


def articles_of(pool: list[str], rng: random.Random) -> Iterator[str]:
    """Paragraphs of 3–5 sentences, grouped into articles of 400–600 words."""
    position = 0
    while position < len(pool):
        paragraphs: list[str] = []
        length, goal = 0, rng.randint(400, 600)
        while length < goal and position < len(pool):
            size = rng.randint(3, 5)
            paragraph = " ".join(pool[position : position + size])
            position += size
            paragraphs.append(paragraph)
            length += len(paragraph.split())
        yield "\n\n".join(paragraphs)


def headline(article: str) -> str:
    """The first words of the article, without punctuation at the end."""
    return " ".join(article.split()[:7]).rstrip(".,;:!?\"'”’")


def write_corpus(folder: Path, articles: Iterator[str]) -> tuple[list[Path], int]:
    """The article files written and the number of words in them."""
    paths, words = [], 0
    for index, text in enumerate(articles):
        path = folder / f"article-{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        words += len(text.split())
    return paths, words


# --- timings ----------------------------------------------------------------------------


def paragraphs_of(paths: list[Path]) -> list[str]:
    """The body paragraphs the importer passes to spaCy, file by file."""
    return [block.text for path in paths for block in body_blocks(read_file(path).text)]


@dataclass(frozen=True)
class RawTimes:
    #: `nlp.pipe` alone, the scoring taken out.
    pipe_seconds: float
    #: The check-worthiness model over every sentence of the same docs.
    scoring_seconds: float


def run_pipe(pipeline: Pipeline, texts: list[str]) -> RawTimes:
    """Seconds to run `nlp.pipe` over `texts`, and apart, to score every sentence."""
    model = shipped_model()
    scoring = 0.0
    started = time.perf_counter()
    for doc in pipeline.nlp.pipe(texts, batch_size=BATCH_SIZE):
        before = time.perf_counter()
        for sentence in doc.sents:
            signals = Signals()
            model.score(sentence_features(sentence, signals), signals)
        scoring += time.perf_counter() - before
    return RawTimes(time.perf_counter() - started - scoring, scoring)


@dataclass(frozen=True)
class ImportTimes:
    report: ImportReport
    #: Reading, extraction and storing: what `workbench import` does before matching.
    store_seconds: float
    #: The second step, article by article: its claims against the stored ones.
    repeats: list[ImportOutcome]
    repeats_seconds: float


def time_import(folder: Path, database: Path) -> ImportTimes:
    """Import `folder` into a fresh desk with the pipeline already loaded, then time the
    repeat search over the new articles, as `workbench import` runs it after storing."""
    settings = config.Settings(
        db_url=f"sqlite:///{database}",
        reviewer="bench",
        score_threshold=config.DEFAULT_SCORE_THRESHOLD,
    )
    desk = Desk.open(settings)
    try:
        _ = desk.extractor
        started = time.perf_counter()
        report = desk.import_paths([folder], find_repeats=False)
        stored = time.perf_counter()
        repeats = [desk.find_repeats(o.article_id) for o in report.imported if o.article_id]
        return ImportTimes(report, stored - started, repeats, time.perf_counter() - stored)
    finally:
        desk.close()


# --- report -----------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_table(
    articles: int, raw: Timing, end_to_end: Timing, times: ImportTimes, scoring: float
) -> None:
    share = end_to_end.rate / raw.rate
    met = share >= TARGET_SHARE
    scoring_share = scoring / end_to_end.seconds
    scoring_met = scoring_share < SCORING_TARGET
    with_repeats = Timing(times.store_seconds + times.repeats_seconds, raw.words)
    repeats = times.repeats
    rows = [
        ("corpus words", f"{raw.words:,}"),
        ("articles", f"{articles:,}"),
        ("raw nlp.pipe seconds", f"{raw.seconds:.1f}"),
        ("raw nlp.pipe words/s", f"{raw.rate:,.0f}"),
        ("end-to-end seconds", f"{end_to_end.seconds:.1f}"),
        ("end-to-end words/s", f"{end_to_end.rate:,.0f}"),
        ("end-to-end / raw", f"{share:.1%}"),
        ("target", f">= {TARGET_SHARE:.0%} ({'met' if met else 'NOT met'})"),
        ("check-worthiness seconds", f"{scoring:.2f}"),
        ("  share of end-to-end", f"{scoring_share:.1%}"),
        ("  target", f"< {SCORING_TARGET:.0%} ({'met' if scoring_met else 'NOT met'})"),
        ("repeat search seconds", f"{times.repeats_seconds:.1f}"),
        (
            "  linked / suggested",
            f"{sum(o.linked for o in repeats):,} / {sum(o.suggested for o in repeats):,}",
        ),
        ("  altered copies", f"{sum(o.altered for o in repeats):,}"),
        ("with repeat search / raw", f"{with_repeats.rate / raw.rate:.1%}"),
        ("peak RSS", f"{peak_rss_mb():,.0f} MB"),
    ]
    print()
    for name, value in rows:
        print(f"  {name:<24}{value:>22}")


def import_summary(report: ImportReport) -> bool:
    """Print what the import stored; False when any input failed."""
    claims = sum(outcome.claims for outcome in report.imported)
    print(
        f"end-to-end: stored {len(report.imported):,} articles and {claims:,} claims "
        f"({report.words:,} words, {len(report.duplicates)} duplicates, "
        f"{len(report.failed)} failed)"
    )
    for outcome in report.failed[:10]:
        print(f"  failed: {outcome.describe()}", file=sys.stderr)
    return not report.failed


def benchmark(folder: Path, words: int, data: Path) -> int:
    """Write the corpus to `folder`, time both paths, print the figures; the exit code."""
    paths, corpus_words = write_corpus(folder, build_articles(load_sentences(data), words))
    print(f"corpus: {len(paths):,} articles, {corpus_words:,} words in {folder}")
    pipeline = load_pipeline()
    components = ", ".join(pipeline.nlp.pipe_names)
    print(f"spaCy pipeline: {pipeline.description}; components: {components}")
    texts = paragraphs_of(paths)
    run_pipe(pipeline, texts[:WARM_UP_PARAGRAPHS])
    raw_times = run_pipe(pipeline, texts)
    raw = Timing(raw_times.pipe_seconds, corpus_words)
    print(f"raw: {len(texts):,} body paragraphs through nlp.pipe(batch_size={BATCH_SIZE})")
    print("check-worthiness: every sentence of the raw pass scored apart (not in raw)")
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as desk_dir:
        times = time_import(folder, Path(desk_dir) / "bench.db")
    print("end-to-end: pipeline loaded and warmed up before timing; fresh SQLite desk")
    imported = import_summary(times.report)
    end_to_end = Timing(times.store_seconds, times.report.words)
    print_table(len(paths), raw, end_to_end, times, raw_times.scoring_seconds)
    return 0 if imported else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data sets folder")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="corpus size in words")
    parser.add_argument("--keep", type=Path, help="write the corpus here (an empty folder)")
    args = parser.parse_args()
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep} is not empty")
    return args


def main() -> int:
    args = parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return benchmark(args.keep, args.words, args.data)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        return benchmark(Path(folder), args.words, args.data)


if __name__ == "__main__":
    sys.exit(main())
