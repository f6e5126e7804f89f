"""Check-worthiness from transparent signals, each reported as a reason.

The score is a logistic function of weighted signals, so every claim can say
why it scored as it did ("contains a number: 14%", "forward-looking: expected
to"). The weights are set by hand from the kinds of sentences fact-checkers
pick (numbers, comparisons, named actors, past events) and the kinds they pass
over (plans, questions, opinions, fragments).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

BIAS = -1.2
WEIGHTS = {
    "number": 1.3,
    "comparison": 0.8,
    "date": 0.5,
    "entities": 0.45,
    "many_entities": 0.25,
    "attribution": 0.35,
    "past_event": 0.6,
    "causal": 0.35,
    "forward_looking": -1.2,
    "speculative": -0.35,
    "question": -1.8,
    "opinion": -0.9,
    "fragment": -1.5,
}
#: How each signal is described to the user.
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
}


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


def score(signals: Signals) -> tuple[float, list[Reason]]:
    """A score in 0–1 and the reasons behind it, strongest first."""
    reasons = [Reason(signal, WEIGHTS[signal], detail) for signal, detail in signals.found.items()]
    total = BIAS + sum(reason.weight for reason in reasons)
    reasons.sort(key=lambda reason: -abs(reason.weight))
    return round(1.0 / (1.0 + math.exp(-total)), 4), reasons
