"""Train the check-worthiness model on ClaimBuster and the CLEF 2019 Task 1 debates.

Every sentence is read by the workbench's own extractor (`ClaimExtractor.features`:
the spaCy parse, the transparent signals, the words and the structure), so the
model is trained on exactly what the import computes. The model is a logistic
regression over those named features (features seen in fewer than `MIN_COUNT`
sentences are left out), fitted on the ClaimBuster sentences and the CLEF
debates together with a fixed seed, and written as JSON that the workbench
applies with plain Python (`workbench/nlp/scoring.py`).

The threshold is chosen for F1 with the two classes weighed equal (each
negative counts positives / negatives): a quarter of ClaimBuster's sentences
are check-worthy, as in the debates it comes from, but the articles a desk
reads state more facts than a debate does, ClaimBuster's own test set is
balanced, and a check-worthy sentence left out costs a desk more than one
sentence too many.

Before the final fit, the figures are measured on rows the model did not see:
- ClaimBuster: 5-fold cross-validation (stratified, seeded); each fold's model
  is trained on the other folds and every CLEF debate (less the lines that are
  also sentences of the fold). The predictions are then cut fold by fold, over a
  second seeded split, at the threshold that gives the best F1 on the other
  folds, so neither the weights nor the threshold saw the rows they are
  measured on. Printed: the classes weighed equal (the shipped choice), the
  same cuts at ClaimBuster's own share, and cuts chosen for that share.
- CLEF 2019: leave one debate out; each debate is ranked by a model trained on
  ClaimBuster and the 18 other debates; MAP, P@5, P@10, R-Precision over debates.

The shipped threshold is the one with the best F1, classes weighed equal, over
all the cross-validated ClaimBuster predictions. The model and a metrics file
(the figures above, the settings, and the sha256 of every data file) are
written beside each other. Needs the dev dependencies (scikit-learn, numpy).

    .venv/bin/python benchmarks/train_checkworthiness.py \\
        --claimbuster ../shared/data/claimbuster/train.json \\
        --clef2019 ../shared/data/clef2019-task1-checkworthiness/training
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from eval_checkworthiness import (
    DEFAULT_CLAIMBUSTER,
    DEFAULT_CLEF2019,
    Counts,
    balancing_weight,
    best_threshold,
    classify,
    debate_metrics,
    debate_paths,
    ranked_labels,
    read_claimbuster,
    read_debate,
)
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from workbench.nlp.claims import ClaimExtractor
from workbench.nlp.pipeline import load_pipeline
from workbench.nlp.scoring import MODEL_FILE, Model

SEED = 0
FOLDS = 5
#: Inverse regularisation strength of the logistic regression.
STRENGTH = 0.3
#: Weight of a CLEF line against a ClaimBuster sentence: the debates' 2.7 % positives
#: would otherwise drag every score down and blur ClaimBuster's finer labels.
CLEF_WEIGHT = 0.03
#: Features seen in fewer sentences than this are left out: they cannot generalise.
MIN_COUNT = 2
#: Weights are written with this many decimals; smaller ones are dropped.
DECIMALS = 4


@dataclass(frozen=True)
class Corpus:
    """Every training sentence's features and label, and where it came from."""

    features: list[dict[str, float]]
    labels: NDArray[np.int64]
    #: "claimbuster", or the name of the CLEF debate.
    origin: list[str]
    #: The text with case and spacing folded: the same sentence in both data sets.
    keys: list[str]

    def rows(self, mask: NDArray[np.bool_]) -> tuple[list[dict[str, float]], NDArray[np.int64]]:
        return [row for row, keep in zip(self.features, mask, strict=True) if keep], self.labels[
            mask
        ]

    def weights(self, mask: NDArray[np.bool_], settings: Settings) -> NDArray[np.float64]:
        return np.where(self.from_claimbuster[mask], 1.0, settings.clef_weight)

    def training(self, held_out: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Every row but the held-out ones and their copies: 677 ClaimBuster sentences
        are also lines of three CLEF debates."""
        seen = {key for key, out in zip(self.keys, held_out, strict=True) if out}
        return np.array([key not in seen for key in self.keys]) & ~held_out

    @property
    def from_claimbuster(self) -> NDArray[np.bool_]:
        return np.array([origin == "claimbuster" for origin in self.origin])


@dataclass(frozen=True)
class Settings:
    strength: float = STRENGTH
    clef_weight: float = CLEF_WEIGHT


class Fitted:
    """One logistic regression over the features seen often enough in its training rows."""

    def __init__(self, corpus: Corpus, training: NDArray[np.bool_], settings: Settings):
        features, labels = corpus.rows(training)
        counts = Counter(name for row in features for name in row)
        self.kept = {name for name, count in counts.items() if count >= MIN_COUNT}
        self.vectorizer = DictVectorizer()
        matrix = self.vectorizer.fit_transform(self._pruned(features))
        self.regression = LogisticRegression(C=settings.strength, max_iter=5000, random_state=SEED)
        self.regression.fit(matrix, labels, sample_weight=corpus.weights(training, settings))

    def _pruned(self, features: Sequence[dict[str, float]]) -> list[dict[str, float]]:
        return [{k: v for k, v in row.items() if k in self.kept} for row in features]

    def predict(self, features: Sequence[dict[str, float]]) -> NDArray[np.float64]:
        matrix: csr_matrix = self.vectorizer.transform(self._pruned(features))
        return self.regression.predict_proba(matrix)[:, 1]

    def model(
        self, threshold: float, about: dict[str, Any], features: Sequence[dict[str, float]]
    ) -> Model:
        """The fitted weights as the workbench's model, with the typical learned shares
        of the training sentences `features`."""
        names = self.vectorizer.get_feature_names_out()
        weights = {
            str(name): round(float(weight), DECIMALS)
            for name, weight in zip(names, self.regression.coef_[0], strict=True)
            if round(float(weight), DECIMALS) != 0.0
        }
        bias = round(float(self.regression.intercept_[0]), DECIMALS)
        model = Model(bias=bias, weights=weights, threshold=threshold, about=about)
        shares = [model.learned_shares(row) for row in features]
        typical = {
            part: round(float(np.mean([row.get(part, 0.0) for row in shares])), DECIMALS)
            for part in ("wording", "structure")
        }
        return replace(model, typical=typical)


# --- reading the data -------------------------------------------------------------------


def read_corpus(extractor: ClaimExtractor, claimbuster: Path, clef: Path) -> Corpus:
    texts: list[str] = []
    labels: list[int] = []
    origin: list[str] = []
    for item in read_claimbuster(claimbuster):
        texts.append(item.text)
        labels.append(item.label)
        origin.append("claimbuster")
    for path in debate_paths(clef):
        for line in read_debate(path):
            texts.append(line.text)
            labels.append(line.label)
            origin.append(path.stem)
    keys = [" ".join(text.casefold().split()) for text in texts]
    return Corpus(extractor.features(texts), np.array(labels), origin, keys)


def digests(claimbuster: Path, clef: Path) -> dict[str, str]:
    """sha256 of every file trained on, by file name: the evaluation warns on them."""
    paths = [claimbuster, *debate_paths(clef)]
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


# --- honest figures ---------------------------------------------------------------------


def claimbuster_predictions(corpus: Corpus, settings: Settings) -> NDArray[np.float64]:
    """Each ClaimBuster sentence's score by a model that did not see its fold."""
    is_claimbuster = corpus.from_claimbuster
    indices = np.flatnonzero(is_claimbuster)
    predictions = np.zeros(len(indices))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for _, test in folds.split(indices, corpus.labels[indices]):
        held_out = np.zeros(len(corpus.labels), dtype=bool)
        held_out[indices[test]] = True
        fitted = Fitted(corpus, corpus.training(held_out), settings)
        predictions[test] = fitted.predict(corpus.rows(held_out)[0])
    return predictions


def fold_cut(
    predictions: NDArray[np.float64], labels: NDArray[np.int64], negative_weight: float
) -> tuple[list[float], list[float]]:
    """Each fold's predictions cut (1.0 or 0.0) at the best threshold of the other folds'
    predictions, F1 counted with each negative weighing `negative_weight`."""
    chosen = np.zeros(len(labels))
    thresholds = []
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED + 1)
    for others, fold in folds.split(predictions, labels):
        threshold, _ = best_threshold(
            list(predictions[others]), list(labels[others]), negative_weight
        )
        thresholds.append(round(float(threshold), 4))
        chosen[fold] = predictions[fold] >= threshold
    return list(chosen), thresholds


def leave_one_debate_out(corpus: Corpus, settings: Settings) -> dict[str, list[float]]:
    """AP, P@5, P@10 and R-Precision of each debate, ranked by a model that never saw it."""
    results = {}
    debates = sorted(set(corpus.origin) - {"claimbuster"})
    origin = np.array(corpus.origin)
    for debate in debates:
        held_out = origin == debate
        fitted = Fitted(corpus, corpus.training(held_out), settings)
        features, labels = corpus.rows(held_out)
        scores = list(fitted.predict(features))
        results[debate] = list(debate_metrics(ranked_labels(scores, list(labels))))
        print(f"  {debate:<28}AP {results[debate][0]:.4f}", flush=True)
    return results


# --- main -------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claimbuster", type=Path, default=DEFAULT_CLAIMBUSTER)
    parser.add_argument("--clef2019", type=Path, default=DEFAULT_CLEF2019)
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    return parser.parse_args()


def counts_dict(counts: Counts, prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}precision": round(counts.precision, 4),
        f"{prefix}recall": round(counts.recall, 4),
        f"{prefix}f1": round(counts.f1, 4),
    }


def counts_text(counts: Counts) -> str:
    return f"precision {counts.precision:.4f}  recall {counts.recall:.4f}  F1 {counts.f1:.4f}"


def evaluate(corpus: Corpus, settings: Settings) -> tuple[float, dict[str, Any]]:
    """The honest figures, and the threshold to ship."""
    labels = corpus.labels[corpus.from_claimbuster]
    print(f"ClaimBuster: {FOLDS}-fold cross-validation", flush=True)
    predictions = claimbuster_predictions(corpus, settings)
    equal = balancing_weight(list(labels))
    cut, thresholds = fold_cut(predictions, labels, equal)
    balanced = classify(cut, list(labels), 1.0, equal)
    natural = classify(cut, list(labels), 1.0)
    natural_cut, natural_thresholds = fold_cut(predictions, labels, 1.0)
    natural_best = classify(natural_cut, list(labels), 1.0)
    threshold = round(float(best_threshold(list(predictions), list(labels), equal)[0]), 4)
    print(f"  classes weighed equal: {counts_text(balanced)} (fold thresholds {thresholds})")
    print(f"  the same cuts, natural share: {counts_text(natural)}")
    print(f"  cut for the natural share: {counts_text(natural_best)} ({natural_thresholds})")
    print(f"  shipped threshold {threshold:.4f}")
    print("CLEF 2019: leave one debate out", flush=True)
    per_debate = leave_one_debate_out(corpus, settings)
    means = [round(float(np.mean(column)), 4) for column in zip(*per_debate.values(), strict=True)]
    print(f"  MAP {means[0]:.4f}  P@5 {means[1]:.4f}  P@10 {means[2]:.4f}  R-Prec {means[3]:.4f}")
    return threshold, {
        "claimbuster_cross_validated": {
            "classes": "weighed equal: each negative counts positives / negatives",
            **counts_dict(balanced),
            "fold_thresholds": thresholds,
            **counts_dict(natural, "natural_share_"),
            "cut_for_natural_share_f1": round(natural_best.f1, 4),
            "cut_for_natural_share_thresholds": natural_thresholds,
        },
        "clef2019_leave_one_debate_out": dict(
            zip(("map", "p_at_5", "p_at_10", "r_precision"), means, strict=True),
            debates={name: round(values[0], 4) for name, values in per_debate.items()},
        ),
    }


def main() -> int:
    args = parse_args()
    for path in (args.claimbuster, args.clef2019):
        if not path.exists():
            print(f"{path} is missing: pass --claimbuster FILE and --clef2019 DIR", file=sys.stderr)
            return 2
    started = time.perf_counter()
    untrained = Model(bias=0.0, weights={}, threshold=0.5)
    extractor = ClaimExtractor(load_pipeline(), model=untrained)
    corpus = read_corpus(extractor, args.claimbuster, args.clef2019)
    print(f"{len(corpus.labels):,} sentences read in {time.perf_counter() - started:.0f} s")
    settings = Settings()
    threshold, figures = evaluate(corpus, settings)
    fitted = Fitted(corpus, np.ones(len(corpus.labels), dtype=bool), settings)
    about = {
        "trained_on": digests(args.claimbuster, args.clef2019),
        "sentences": len(corpus.labels),
        "positives": int(corpus.labels.sum()),
        "strength": settings.strength,
        "clef_weight": settings.clef_weight,
        "min_count": MIN_COUNT,
        "seed": SEED,
        "scikit_learn": sklearn.__version__,
        "spacy_pipeline": extractor.pipeline.description,
        **figures,
    }
    model = fitted.model(threshold, about, corpus.features)
    args.output.write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
    metrics = args.output.with_suffix(".metrics.json")
    metrics.write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8")
    print(f"{len(model.weights):,} weights written to {args.output}; figures in {metrics}")
    print(f"run time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
