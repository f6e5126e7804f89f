"""Same, altered or unrelated: how `workbench.matching.compare.judge` labels written pairs.

The pairs (`benchmarks/data/claim_pairs.tsv`, written by the team: copies,
format changes and paraphrases that are the same claim; numbers, dates, names
and negations changed; unrelated claims) are judged one by one. Prints the
confusion table, the mistakes, and precision and recall of "altered", the
outcome a fact-checker must be able to trust.

    .venv/bin/python benchmarks/eval_altered.py [--pairs FILE]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from workbench.matching.compare import Outcome, judge

PAIRS = Path(__file__).resolve().parent / "data" / "claim_pairs.tsv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="label, category, new, old")
    args = parser.parse_args()
    with args.pairs.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    table: Counter[tuple[str, str]] = Counter()
    for row in rows:
        verdict = judge(row["new"], row["old"])
        table[row["label"], verdict.outcome.value] += 1
        if verdict.outcome.value != row["label"]:
            print(
                f"expected {row['label']:<8} got {verdict.outcome.value:<8}"
                f"({row['category']}, {verdict.similarity:.2f}): {row['new']} | {row['old']}"
            )
    labels = [outcome.value for outcome in Outcome]
    print(f"\n{len(rows)} pairs; rows: expected, columns: judged")
    print(" " * 10 + "".join(f"{label:>9}" for label in labels))
    for expected in labels:
        print(f"{expected:<10}" + "".join(f"{table[expected, got]:>9}" for got in labels))
    altered = Outcome.ALTERED.value
    flagged = sum(table[expected, altered] for expected in labels)
    actual = sum(table[altered, got] for got in labels)
    precision = table[altered, altered] / flagged if flagged else 0.0
    recall = table[altered, altered] / actual if actual else 0.0
    correct = sum(table[label, label] for label in labels)
    print(f"accuracy (three outcomes) {correct / len(rows):.3f}")
    print(f"altered precision {precision:.3f} recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
