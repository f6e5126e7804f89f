"""Train the re-ranker of repeated-claim search on the CLEF 2020 task 2 training split.

Every verified claim is imported into a desk through the real import path (as
`eval_matching.py` does), each training query is run through the index as
`workbench.matching.rerank.search` runs it, and the features of its candidates
are computed by the same code. The model is a pairwise logistic regression: for
each query, every relevant candidate among the index's first `PAIRS_FROM` minus
every other one of them, so that it learns what puts one candidate above
another of the same query. A second model of the same kind, on the word
features alone, shortlists the candidates whose meaning a search measures (see
`rerank.rerank`), and the cross-validated figure is of the two together. Their
regularisation is chosen by cross-validation over the queries (MAP@5, folds
fixed by a seed), then they are fitted on all of them and written as JSON,
which the workbench applies with plain Python.

Only the training split is read: the dev split stays for `eval_matching.py`.
Needs the dev dependencies (scikit-learn, numpy).

    .venv/bin/python benchmarks/train_reranker.py \\
        --queries ../shared/data/clef2020-task2-claim-retrieval/train/tweets.queries.tsv \\
        --qrels ../shared/data/clef2020-task2-claim-retrieval/train/tweet-vclaim-pairs.qrels \\
        --output resources/models/reranker.json
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from eval_matching import (
    CUTOFF,
    add_data_arguments,
    average_precision,
    data_missing,
    read_qrels,
    read_tsv,
    verified_claim_of_claim,
    verified_desk,
)
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from workbench.matching import embed, rerank

REPO = Path(__file__).resolve().parent.parent
#: Pairs are made among the index's first candidates: the ones a re-ranker must order.
PAIRS_FROM = 20
#: Inverse regularisation strengths tried by cross-validation.
STRENGTHS = (0.1, 0.3, 1.0)
FOLDS = 5
SEED = 0
#: Texts whose embeddings are kept during training: every verified claim and title.
EMBEDDINGS_KEPT = 50_000


@dataclass(frozen=True)
class Query:
    """One training query: its candidates' features, and which candidates are relevant."""

    features: NDArray[np.float64]
    relevant: NDArray[np.bool_]
    #: The verified claim of each candidate, in the index's order.
    verified: list[str]
    wanted: set[str]


def training_queries(
    verified_claims: Path, queries: Path, qrels: Path, desk_file: Path | None
) -> list[Query]:
    """Every judged query with its candidates, as the search sees them."""
    relevant = read_qrels(qrels)
    found = []
    with verified_desk(verified_claims, desk_file) as desk:
        verified = verified_claim_of_claim(desk)
        with desk.store.reading() as session:
            for query_id, text in read_tsv(queries):
                if query_id not in relevant:
                    continue
                post = rerank.read_post(text)
                stored = rerank.candidates(session, post)
                ids = [verified[candidate.claim_id] for candidate in stored]
                rows = np.array(rerank.features(post, stored), dtype=float).reshape(
                    len(stored), len(rerank.FEATURES)
                )
                wanted = relevant[query_id]
                labels = np.array([claim in wanted for claim in ids], dtype=bool)
                found.append(Query(rows, labels, ids, wanted))
    return found


@dataclass(frozen=True)
class Scaling:
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]

    @classmethod
    def of(cls, queries: Sequence[Query]) -> Scaling:
        rows = np.vstack([query.features for query in queries])
        scale = rows.std(axis=0)
        return cls(rows.mean(axis=0), np.where(scale > 0, scale, 1.0))

    def apply(self, rows: NDArray[np.float64]) -> NDArray[np.float64]:
        return (rows - self.mean) / self.scale


def pairs(
    queries: Sequence[Query], scaling: Scaling
) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    """Relevant minus other candidate (label 1) and the reverse (label 0), per query."""
    differences = []
    for query in queries:
        rows = scaling.apply(query.features[:PAIRS_FROM])
        labels = query.relevant[:PAIRS_FROM]
        for better in rows[labels]:
            differences.extend(better - rows[~labels])
    if not differences:
        raise SystemExit("train_reranker: no query has a relevant claim among its candidates")
    both = np.vstack([np.array(differences), -np.array(differences)])
    return both, np.repeat([1, 0], len(differences))


def fit(queries: Sequence[Query], strength: float) -> rerank.Ranker:
    """The shortlisting model on the word features and the full model, the same way."""
    words = [
        replace(query, features=query.features[:, : len(rerank.WORD_FEATURES)]) for query in queries
    ]
    return rerank.Ranker(fit_one(words, strength), fit_one(queries, strength))


def fit_one(queries: Sequence[Query], strength: float) -> rerank.Model:
    scaling = Scaling.of(queries)
    differences, labels = pairs(queries, scaling)
    model = LogisticRegression(C=strength, fit_intercept=False, max_iter=5000)
    model.fit(differences, labels)
    return rerank.Model(
        tuple(scaling.mean.tolist()), tuple(scaling.scale.tolist()), tuple(model.coef_[0].tolist())
    )


def map_at_5(queries: Sequence[Query], ranker: rerank.Ranker | None) -> float:
    """MAP@5 of the queries ranked as `rerank.rerank` ranks them for the first five (by the
    index's order when `ranker` is None)."""
    total = 0.0
    for query in queries:
        order = list(range(len(query.verified)))
        if ranker is not None:
            rows = query.features.tolist()
            words = [row[: len(rerank.WORD_FEATURES)] for row in rows]
            scores = {at: ranker.full.score(rows[at]) for at in ranker.shortlisted(words, CUTOFF)}
            order = sorted(scores, key=lambda position: -scores[position])
        ranked = list(dict.fromkeys(query.verified[position] for position in order))[:CUTOFF]
        total += average_precision(ranked, query.wanted)
    return total / len(queries)


def cross_validated(queries: Sequence[Query], strength: float) -> float:
    """MAP@5 over all queries, each ranked by a model that never saw it."""
    folds = KFold(FOLDS, shuffle=True, random_state=SEED)
    total = 0.0
    for trained, held_out in folds.split(queries):
        model = fit([queries[i] for i in trained], strength)
        total += map_at_5([queries[i] for i in held_out], model) * len(held_out)
    return total / len(queries)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_arguments(parser, "train")
    parser.add_argument("--output", type=Path, default=REPO / "resources/models/reranker.json")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if data_missing(args, "train_reranker"):
        return 1
    embed.default_encoder().cached = EMBEDDINGS_KEPT
    queries = training_queries(args.verified_claims, args.queries, args.qrels, args.desk)
    print(f"training queries: {len(queries)}; index alone MAP@5 {map_at_5(queries, None):.3f}")
    validated = {strength: cross_validated(queries, strength) for strength in STRENGTHS}
    for strength, figure in validated.items():
        print(f"C={strength:g}: cross-validated MAP@5 {figure:.3f} ({FOLDS} folds)")
    strength = max(validated, key=lambda value: validated[value])
    model = fit(queries, strength)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        model.as_json(
            trained_on=f"CLEF 2020 CheckThat! task 2, training split ({len(queries)} queries)",
            pool=rerank.POOL,
            embedding_model=f"{embed.MODEL_PACKAGE}/{embed.MODEL_NAME}",
            pairs_from=PAIRS_FROM,
            regularisation_c=strength,
            cross_validated_map_at_5=round(validated[strength], 4),
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"model (C={strength:g}) written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
