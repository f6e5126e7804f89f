"""Check-worthiness of the shipped model on ClaimBuster and CLEF 2019 Task 1.

Each sentence goes through `ClaimExtractor.extract_batch` as an article of its
own, so its score is the one the workbench would store: the highest score of the
claims found in it, or 0.0 when none is found (too short, or read as a heading).
With neither option, both data sets are read from `../shared/data`.

The model records the sha256 of every file it was trained on: figures on such
a file are on training rows, and the script says so and prints the model's
cross-validated figures beside them (`benchmarks/train_checkworthiness.py`).

    .venv/bin/python benchmarks/eval_checkworthiness.py --claimbuster FILE --clef2019 DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.nlp.claims import ClaimExtractor
from workbench.nlp.pipeline import load_pipeline
from workbench.nlp.scoring import Model, shipped_model

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data"
DEFAULT_CLAIMBUSTER = DEFAULT_DATA / "claimbuster" / "train.json"
DEFAULT_CLEF2019 = DEFAULT_DATA / "clef2019-task1-checkworthiness" / "training"
BATCH = 256


@dataclass(frozen=True)
class Labelled:
    text: str
    label: int


@dataclass(frozen=True)
class Counts:
    """Precision, recall and F1 of the positive class."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, hits: int, false_alarms: float, positives: int) -> Counts:
        chosen = hits + false_alarms
        precision = hits / chosen if chosen else 0.0
        recall = hits / positives if positives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        return cls(precision, recall, f1)


# --- scoring ----------------------------------------------------------------------------


def score_texts(extractor: ClaimExtractor, texts: Sequence[str]) -> list[float]:
    """The stored score of each text: its best claim, or 0.0 without one."""
    scores: list[float] = []
    for start in range(0, len(texts), BATCH):
        for claims in extractor.extract_batch(texts[start : start + BATCH]):
            scores.append(max((claim.score for claim in claims), default=0.0))
    return scores


def report_unscored(name: str, scores: Sequence[float]) -> None:
    unscored = sum(1 for value in scores if value == 0.0)
    print(f"{name}: {len(scores):,} sentences scored, {unscored:,} yielded no claim (score 0.0)")


# --- ClaimBuster ------------------------------------------------------------------------


def read_claimbuster(path: Path) -> list[Labelled]:
    items = json.loads(path.read_text(encoding="utf-8"))
    return [Labelled(item["text"], int(item["label"] == 1)) for item in items]


def classify(
    scores: Sequence[float], labels: Sequence[int], threshold: float, negative_weight: float = 1.0
) -> Counts:
    """Positive class metrics when a score at or above `threshold` means check-worthy.

    Each negative counts `negative_weight` times: `balancing_weight` reads the
    sentences as if there were as many check-worthy ones as others.
    """
    pairs = list(zip(scores, labels, strict=True))
    hits = sum(1 for score, label in pairs if score >= threshold and label)
    false_alarms = sum(1 for score, label in pairs if score >= threshold and not label)
    return Counts.of(hits, false_alarms * negative_weight, sum(labels))


def balancing_weight(labels: Sequence[int]) -> float:
    """The weight that makes the negatives count as many as the positives."""
    positives = sum(labels)
    negatives = len(labels) - positives
    return positives / negatives if negatives and positives else 1.0


def best_threshold(
    scores: Sequence[float], labels: Sequence[int], negative_weight: float = 1.0
) -> tuple[float, Counts]:
    """The threshold among the observed scores with the highest F1 (the lowest of equals),
    counted in one pass from the highest score down."""
    ranked = sorted(zip(scores, labels, strict=True), reverse=True)
    positives = sum(labels)
    best: tuple[float, Counts] = (1.0, Counts(0.0, 0.0, 0.0))
    hits = false_alarms = 0
    for position, (score, label) in enumerate(ranked):
        hits += label
        false_alarms += 1 - label
        if position + 1 < len(ranked) and ranked[position + 1][0] == score:
            continue
        counts = Counts.of(hits, false_alarms * negative_weight, positives)
        if counts.f1 >= best[1].f1:
            best = (score, counts)
    return best


def trained_on(model: Model, paths: Sequence[Path]) -> list[str]:
    """The names of the files among `paths` that the model was trained on."""
    digests = set(model.about.get("trained_on", {}).values())
    return [path.name for path in paths if hashlib.sha256(path.read_bytes()).hexdigest() in digests]


def warn_if_trained_on(model: Model, paths: Sequence[Path], figures: str) -> None:
    seen = trained_on(model, paths)
    if not seen:
        return
    names = ", ".join(seen[:3]) + (f" and {len(seen) - 3} more" if len(seen) > 3 else "")
    honest = model.about.get(figures, {})
    shown = {key: value for key, value in honest.items() if not isinstance(value, dict | list)}
    print(f"NOTE: the shipped model was trained on {names}: these figures are on training rows.")
    print(f"      Its figures on rows it did not see ({figures}): {shown}")


def evaluate_claimbuster(extractor: ClaimExtractor, path: Path, threshold: float) -> float:
    """Print the ClaimBuster section; the F1 at `threshold`."""
    items = read_claimbuster(path)
    scores = score_texts(extractor, [item.text for item in items])
    labels = [item.label for item in items]
    print(f"\n== ClaimBuster {path} ({sum(labels):,} of {len(labels):,} positive)")
    report_unscored("ClaimBuster", scores)
    at_default = classify(scores, labels, threshold)
    sweep_at, swept = best_threshold(scores, labels)
    print(f"{'threshold':<36}{'precision':>10}{'recall':>10}{'F1':>10}")
    print_counts(f"{threshold:.4f} (--threshold)", at_default)
    print_counts(f"{sweep_at:.4f} (best F1 of sweep)", swept)
    print("The sweep picks its threshold on these same labels: its F1 is optimistic.")
    balanced = classify(scores, labels, threshold, balancing_weight(labels))
    print_counts(f"{threshold:.4f} (classes weighed equal)", balanced)
    warn_if_trained_on(extractor.model, [path], "claimbuster_cross_validated")
    return at_default.f1


def print_counts(name: str, counts: Counts) -> None:
    print(f"{name:<36}{counts.precision:>10.4f}{counts.recall:>10.4f}{counts.f1:>10.4f}")


# --- CLEF 2019 --------------------------------------------------------------------------


def debate_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.tsv"))


def read_debate(path: Path) -> list[Labelled]:
    """Lines of one debate: `line_number, speaker, text, label`, tab-separated, no header."""
    lines = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            _, _, text, label = row.split("\t")
            lines.append(Labelled(text, int(label)))
    return lines


def ranked_labels(scores: Sequence[float], labels: Sequence[int]) -> list[int]:
    """Labels by descending score; ties keep debate order, as the official scorer does."""
    order = sorted(range(len(scores)), key=lambda index: -scores[index])
    return [labels[index] for index in order]


def average_precision(ranked: Sequence[int]) -> float:
    hits, total = 0, 0.0
    for rank, label in enumerate(ranked, start=1):
        if label:
            hits += 1
            total += hits / rank
    return total / sum(ranked) if hits else 0.0


def precision_at(ranked: Sequence[int], k: int) -> float:
    return sum(ranked[:k]) / k


def debate_metrics(ranked: Sequence[int]) -> tuple[float, float, float, float]:
    """AP, P@5, P@10 and R-Precision of one ranked debate."""
    relevant = sum(ranked)
    r_precision = precision_at(ranked, relevant) if relevant else 0.0
    return average_precision(ranked), precision_at(ranked, 5), precision_at(ranked, 10), r_precision


def evaluate_clef2019(extractor: ClaimExtractor, folder: Path) -> float:
    """Print the CLEF 2019 section; the MAP over debates."""
    paths = debate_paths(folder)
    debates = {path.stem: read_debate(path) for path in paths}
    texts = [line.text for lines in debates.values() for line in lines]
    scores = iter(score_texts(extractor, texts))
    positives = sum(line.label for lines in debates.values() for line in lines)
    size = f"{len(debates)} debates, {len(texts):,} lines, {positives} check-worthy"
    print(f"\n== CLEF 2019 Task 1 {folder} ({size})")
    print(f"{'debate':<30}{'lines':>7}{'pos':>5}{'AP':>9}{'P@5':>9}{'P@10':>9}{'R-Prec':>9}")
    rows, all_scores = [], []
    for name, lines in debates.items():
        debate_scores = [next(scores) for _ in lines]
        all_scores.extend(debate_scores)
        metrics = debate_metrics(ranked_labels(debate_scores, [line.label for line in lines]))
        rows.append(metrics)
        positive = sum(line.label for line in lines)
        print(f"{name:<30}{len(lines):>7}{positive:>5}" + "".join(f"{m:>9.4f}" for m in metrics))
    means = [sum(column) / len(rows) for column in zip(*rows, strict=True)]
    print(f"{'mean':<42}" + "".join(f"{m:>9.4f}" for m in means))
    report_unscored("CLEF 2019", all_scores)
    print(f"MAP {means[0]:.4f}  P@5 {means[1]:.4f}  P@10 {means[2]:.4f}  R-Prec {means[3]:.4f}")
    print("Ties are ranked in debate order.")
    warn_if_trained_on(extractor.model, paths, "clef2019_leave_one_debate_out")
    return means[0]


# --- main -------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claimbuster", type=Path, help="ClaimBuster train.json")
    parser.add_argument("--clef2019", type=Path, help="folder of CLEF 2019 Task 1 .tsv debates")
    parser.add_argument(
        "--threshold",
        type=float,
        help="check-worthy at or above this score (default: the model's own threshold)",
    )
    args = parser.parse_args()
    if args.claimbuster is None and args.clef2019 is None:
        args.claimbuster, args.clef2019 = DEFAULT_CLAIMBUSTER, DEFAULT_CLEF2019
    return args


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    pipeline = load_pipeline()
    model = shipped_model()
    extractor = ClaimExtractor(pipeline, model=model)
    threshold = model.threshold if args.threshold is None else args.threshold
    print(
        f"scorer: check-worthiness model ({len(model.weights):,} weights, threshold "
        f"{model.threshold}) on spaCy {pipeline.description}"
    )
    f1: float | None = None
    map_: float | None = None
    if args.claimbuster:
        f1 = evaluate_claimbuster(extractor, args.claimbuster, threshold)
    if args.clef2019:
        map_ = evaluate_clef2019(extractor, args.clef2019)
    print(f"\nrun time {time.perf_counter() - started:.1f} s")
    if f1 is not None:
        print(f"F1 {f1:.4f}")
    if map_ is not None:
        print(f"MAP {map_:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
