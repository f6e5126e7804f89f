"""Check-worthiness: a linear model over what spaCy read in a sentence, with its reasons.

A sentence is described by named features: the transparent signals a
fact-checker recognises (a number, a comparison, a named actor, an attribution,
a question...), its words and word pairs (every number read as `<num>`), its
lemmas, and its structure (part-of-speech tags and tag pairs, entity labels,
the root verb, dependency labels, length). A logistic regression trained on
public fact-checking data (`benchmarks/train_checkworthiness.py`) weighs them;
its weights ship as JSON and are applied here with plain Python, so scoring a
sentence costs microseconds beside the spaCy parse it reuses.

Because the model is linear, a score is exactly the sum of its parts: each
signal's learned weight, the words' share and the structure's share. Those
parts are the reasons a claim keeps and the window shows.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.glossary import GLOSSARY
from spacy.tokens import Span, Token

from workbench import config
from workbench.errors import WorkbenchError
from workbench.model_file import read_model_json

MODEL_FILE = config.resource_root() / "resources" / "models" / "checkworthiness.json"
MODEL_FORMAT = "workbench-checkworthiness"
MODEL_VERSION = 1

#: The signals a sentence can show, as each is described to the user.
LABELS = {
    "number": "contains a number",
    "comparison": "makes a comparison",
    "date": "refers to a date",
    "entities": "names",
    "many_entities": "names several actors",
    "attribution": "attributed to",
    "past_event": "reports a past event",
    "causal": "asserts a cause",
    "forward_looking": "forward-looking",
    "speculative": "speculative",
    "question": "is a question",
    "opinion": "states an opinion",
    "fragment": "too short to check",
    "wording": "wording (learned)",
    "structure": "sentence structure (learned)",
}
#: Feature prefixes: what each part of a sentence contributes to, in its reasons.
SIGNAL, WORD, PAIR, LEMMA = "signal:", "w:", "b:", "l:"
TAG, TAG_PAIR, ENTITY, ROOT, DEPENDENCY, LENGTH = "p:", "pp:", "e:", "root:", "dep:", "len:"
WORDING_PREFIXES = (WORD, PAIR, LEMMA)
NUMBER_WORD = "<num>"
#: Word pairs at a sentence's edges pair a word with these marks.
SENTENCE_START, SENTENCE_END = "<s>", "</s>"
#: Words and structures named in a learned reason's detail.
DETAILS_SHOWN = 3


class ModelError(WorkbenchError):
    """The check-worthiness model file is missing or not one this workbench reads."""


@dataclass
class Signals:
    """What a sentence shows, each signal with the words that triggered it."""

    found: dict[str, str] = field(default_factory=dict)

    def add(self, signal: str, detail: str) -> None:
        self.found.setdefault(signal, detail)


@dataclass(frozen=True)
class Reason:
    signal: str
    weight: float
    detail: str

    @property
    def label(self) -> str:
        return LABELS[self.signal]

    def as_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "label": self.label,
            "weight": self.weight,
            "detail": self.detail,
        }


# --- features ---------------------------------------------------------------------------


def sentence_features(sentence: Span, signals: Signals) -> dict[str, float]:
    """The named features of one sentence, as the model reads them."""
    tokens = [token for token in sentence if not token.is_space]
    features = {SIGNAL + name: 1.0 for name in signals.found}
    _add_wording(features, tokens)
    _add_structure(features, tokens, sentence)
    return features


def _word(token: Token) -> str:
    return NUMBER_WORD if token.like_num or token.pos_ == "NUM" else token.lower_


def _add_wording(features: dict[str, float], tokens: list[Token]) -> None:
    words = [_word(token) for token in tokens]
    for word in words:
        features[WORD + word] = 1.0
    for first, second in itertools.pairwise([SENTENCE_START, *words, SENTENCE_END]):
        features[f"{PAIR}{first} {second}"] = 1.0
    for token in tokens:
        if token.lemma_:
            features[LEMMA + token.lemma_.lower()] = 1.0


def _add_structure(features: dict[str, float], tokens: list[Token], sentence: Span) -> None:
    tags = [token.tag_ for token in tokens if token.tag_]
    for tag in tags:
        features[TAG + tag] = features.get(TAG + tag, 0.0) + 1.0
    for first, second in itertools.pairwise(tags):
        features[f"{TAG_PAIR}{first} {second}"] = 1.0
    for entity in sentence.ents:
        features[ENTITY + entity.label_] = 1.0
    for token in tokens:
        if token.dep_ == "ROOT" and token.tag_:
            features[ROOT + token.tag_] = 1.0
        if token.dep_:
            features[DEPENDENCY + token.dep_] = 1.0
    alpha = sum(1 for token in tokens if token.is_alpha)
    features[f"{LENGTH}{min(alpha // 5, 8)}"] = 1.0


# --- the model --------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """Weights of named features; a sentence's score is the logistic of their sum."""

    bias: float
    weights: Mapping[str, float]
    #: The score at or above which a sentence is check-worthy (best cross-validated F1,
    #: the classes weighed equal).
    threshold: float
    about: Mapping[str, Any] = field(default_factory=dict)
    #: A training sentence's mean share from each learned part ("wording",
    #: "structure"): its reason shows how far a sentence is from that, so that a
    #: long sentence's many tags do not read as a strong reason in themselves.
    typical: Mapping[str, float] = field(default_factory=dict)

    @property
    def baseline(self) -> float:
        """The logit of a sentence with no signal and typical learned parts: with the
        reasons' weights, it adds up to the score's logit."""
        return self.bias + sum(self.typical.values())

    def score(self, features: Mapping[str, float], signals: Signals) -> tuple[float, list[Reason]]:
        """A score in 0–1 and the reasons behind it, strongest first."""
        contributions = self._contributions(features)
        reasons = [
            Reason(signal, round(contributions.get(SIGNAL + signal, 0.0), 4), detail)
            for signal, detail in signals.found.items()
        ]
        for part, shares in _learned_parts(contributions).items():
            weight = sum(shares.values()) - self.typical.get(part, 0.0)
            reasons.append(Reason(part, round(weight, 4), _strongest(shares, weight)))
        reasons.sort(key=lambda reason: -abs(reason.weight))
        total = self.bias + sum(contributions.values())
        return round(1.0 / (1.0 + math.exp(-total)), 4), reasons

    def learned_shares(self, features: Mapping[str, float]) -> dict[str, float]:
        """What each learned part adds to a sentence's logit (training sets `typical` so)."""
        parts = _learned_parts(self._contributions(features))
        return {part: sum(shares.values()) for part, shares in parts.items()}

    def _contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        return {
            name: value * self.weights[name]
            for name, value in features.items()
            if name in self.weights
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "about": dict(self.about),
            "threshold": self.threshold,
            "bias": self.bias,
            "typical": dict(self.typical),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: Path) -> Model:
        if data.get("format") != MODEL_FORMAT or data.get("version") != MODEL_VERSION:
            raise ModelError(
                f"{source} is not a version {MODEL_VERSION} check-worthiness model of this "
                "workbench; rebuild it with `make model`"
            )
        try:
            weights = {str(name): float(weight) for name, weight in data["weights"].items()}
            return cls(
                bias=float(data["bias"]),
                weights=weights,
                threshold=float(data["threshold"]),
                about=dict(data.get("about", {})),
                typical={str(part): float(share) for part, share in data["typical"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{source} is damaged: {exc!r}") from None


def load_model(path: Path) -> Model:
    data = read_model_json(path, "check-worthiness", ModelError)
    if not isinstance(data, dict):
        raise ModelError(f"{path} is not a check-worthiness model")
    return Model.from_json(data, path)


@functools.cache
def shipped_model() -> Model:
    return load_model(MODEL_FILE)


# --- reasons of the learned parts --------------------------------------------------------


def _learned_parts(contributions: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """The contributions of the words and of the structure, each part by feature."""
    parts: dict[str, dict[str, float]] = {}
    for name, value in contributions.items():
        if name.startswith(SIGNAL):
            continue
        part = "wording" if name.startswith(WORDING_PREFIXES) else "structure"
        parts.setdefault(part, {})[name] = value
    return parts


def _strongest(shares: Mapping[str, float], weight: float) -> str:
    """The features that pushed the most in the direction of the reason, described."""
    direction = 1.0 if weight >= 0 else -1.0
    ranked = sorted(shares.items(), key=lambda item: -direction * item[1])
    shown = _unique(describe(name) for name, value in ranked if direction * value > 0)
    return "; ".join(shown[:DETAILS_SHOWN])


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def describe(feature: str) -> str:
    """A feature as a reader understands it: 'w:percent' is “percent”."""
    prefix, _, value = feature.partition(":")
    prefix += ":"
    if prefix == PAIR:
        first, _, second = value.partition(" ")
        if first == SENTENCE_START:
            return f"“{second}” first"
        if second == SENTENCE_END:
            return f"“{first}” last"
    if prefix in WORDING_PREFIXES:
        return f"“{value}”"
    if prefix == LENGTH:
        low = int(value) * 5
        return f"{low}+ words" if low >= 40 else f"{low}–{low + 4} words"
    parts = [GLOSSARY.get(part, part) for part in value.split(" ")]
    if prefix == ENTITY:
        return f"names {parts[0].lower()}"
    if prefix == ROOT:
        return f"main verb: {parts[0]}"
    if prefix == DEPENDENCY:
        return f"has a {parts[0]}"
    return " then ".join(parts)
