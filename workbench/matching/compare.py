"""Judging two claims: the same claim, an altered copy, or unrelated.

A fact-checker may reuse a verdict for the same claim reworded or copied, and
must never reuse it for a copy in which a number, a year, a name or a negation
was changed. So the facts are compared apart from the wording: the words are
compared with every number, name and negation masked, and the facts one by
one. Close wording with a changed fact is *altered*, close wording with the
same facts is *same*, anything else is *none*. Wording less close makes the
same claim only around a fact both state: two claims with no number or name
in common ("I want to get something done", "I want to get the bill done
right") are alike in their everyday words, which says nothing about what they
claim.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from workbench.matching.normalize import NEGATIONS, STOPWORDS, content_words, normalize, words

#: Wording at least this close, facts aside, makes a copy (same or altered).
COPY_SIMILARITY = 0.75
#: Wording at least this close, facts included, makes the same claim if the two state a
#: fact in common and change none.
SAME_SIMILARITY = 0.6
#: A copy keeps at least this share of the shorter claim's content words (numbers and
#: negations aside): claims alike only in their masked shape ("According to X, N
#: people ...") are other claims.
SHARED_WORDS = 0.5
#: A capitalised word: part of a name, unless it is a function word ("The", "In").
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
#: A text whose first word, after any quotes or punctuation, is capitalised.
_STARTS_CAPITALISED = re.compile(r"\W*[A-Z]")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
#: Words that belong with the number before them when a difference is shown.
_UNITS = frozenset("percent dollars euros pounds people years days months".split())
#: Names that differ only by an ending ("Iran", "Iranian") are one name.
_STEM = 4


class Outcome(enum.StrEnum):
    SAME = "same"
    ALTERED = "altered"
    NONE = "none"


@dataclass(frozen=True)
class Judgement:
    outcome: Outcome
    #: Similarity of the wording with numbers, names and negations masked, 0–1.
    similarity: float
    #: What differs, the new claim first: "14 percent vs 40 percent", "trump vs obama".
    differences: list[str] = field(default_factory=list)


def similarity(one: str, other: str) -> float:
    """0 to 1: the share of the two normalised texts that line up, word order aside."""
    return fuzz.token_sort_ratio(normalize(one), normalize(other)) / 100


def masked(text: str) -> str:
    """The wording `judge` compares: normalised, numbers, names and negations masked,
    the words in alphabetical order, since their order is not compared (stored as
    `Claim.masked_text`, so that plain `fuzz.ratio` ranks stored claims as `judge`
    would)."""
    return _facts(text).masked


def judge(new: str, old: str) -> Judgement:
    """Whether `new` repeats `old`, repeats it with a fact changed, or is another claim."""
    new_facts, old_facts = _new_claim_facts(new), _facts(old)
    masked = fuzz.ratio(new_facts.masked, old_facts.masked) / 100
    if _shared_words(new, old) < SHARED_WORDS:
        return Judgement(Outcome.NONE, masked)
    differences = _differences(new_facts, old_facts)
    if masked >= COPY_SIMILARITY and differences:
        return Judgement(Outcome.ALTERED, masked, differences)
    if masked >= COPY_SIMILARITY or (
        not differences
        and _fact_in_common(new_facts, old_facts)
        and similarity(new, old) >= SAME_SIMILARITY
    ):
        return Judgement(Outcome.SAME, masked)
    return Judgement(Outcome.NONE, masked)


def _shared_words(new: str, old: str) -> float:
    """The share of the shorter text's content words, numbers and negations aside, that
    the other holds."""
    one, other = _plain_words(new), _plain_words(old)
    if not one or not other:
        return 1.0
    return len(one & other) / min(len(one), len(other))


def _plain_words(text: str) -> set[str]:
    return {word for word in content_words(text) if not _NUMBER.match(word)} - NEGATIONS


@dataclass(frozen=True)
class _Facts:
    masked: str
    numbers: Counter[str]
    names: set[str]
    #: The names after the first word: a capitalised first word ("Let me ...") may be none.
    inner_names: set[str]
    negations: int
    #: Every word, so that a capitalised first word found lower-case in the other is no name.
    vocabulary: frozenset[str]


def _facts(text: str) -> _Facts:
    capitalised = _CAPITALISED.findall(text)
    if _STARTS_CAPITALISED.match(text):
        names, inner_names = _names(capitalised), _names(capitalised[1:])
    else:
        names = inner_names = _names(capitalised)
    masked, numbers, negations = [], Counter[str](), 0
    normalised = words(text)
    for position, word in enumerate(normalised):
        if word[0].isdigit() and _NUMBER.match(word):
            unit = normalised[position + 1] if position + 1 < len(normalised) else ""
            numbers[f"{word} {unit}" if unit in _UNITS else word] += 1
            masked.append("#")
        elif word in NEGATIONS:
            negations += 1
        elif word in names:
            masked.append("@")
        else:
            masked.append(word)
    return _Facts(
        " ".join(sorted(masked)), numbers, names, inner_names, negations, frozenset(normalised)
    )


def _names(capitalised: list[str]) -> set[str]:
    return {
        key.removesuffix("'s")
        for key in map(normalize, capitalised)
        if key and key not in STOPWORDS
    }


@lru_cache(maxsize=8)
def _new_claim_facts(text: str) -> _Facts:
    """`_facts` of a new claim, remembered: the repeat search judges it against up to
    `link.JUDGED` stored claims in a row."""
    return _facts(text)


def _differences(new: _Facts, old: _Facts) -> list[str]:
    found = []
    added, removed = new.numbers - old.numbers, old.numbers - new.numbers
    if added and removed:
        found.append(f"{', '.join(sorted(added))} vs {', '.join(sorted(removed))}")
    new_only, old_only = _unmatched(new, old), _unmatched(old, new)
    if new_only and old_only:
        found.append(f"{', '.join(sorted(new_only))} vs {', '.join(sorted(old_only))}")
    if new.negations % 2 != old.negations % 2:
        found.append("negation: " + ("added" if new.negations > old.negations else "removed"))
    return found


def _fact_in_common(new: _Facts, old: _Facts) -> bool:
    """Whether the claims share a number, or a name (not only a capitalised first word)
    that the other mentions in any case."""
    return bool(new.numbers & old.numbers) or any(
        one.inner_names - _unmatched(one, other) for one, other in ((new, old), (old, new))
    )


def _unmatched(facts: _Facts, others: _Facts) -> set[str]:
    """Names of one claim that the other never mentions, under any ending."""
    return {
        name
        for name in facts.names
        if name not in others.vocabulary
        and not any(_same_name(name, other) for other in others.names)
    }


def _same_name(one: str, other: str) -> bool:
    return one == other or (
        len(one) >= _STEM
        and len(other) >= _STEM
        and (one.startswith(other) or other.startswith(one))
    )
