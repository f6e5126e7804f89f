"""Synthetic desks for benchmarks: real sentences, perturbed copies of them, bulk inserts.

The sentences come from the public data sets (ClaimBuster, CLEF 2019 debates,
CLEF 2020 verified claims and tweets), split with a cheap regular-expression
sentencizer: spaCy would take hours over a million claims, and a benchmark of
the store needs realistic text, not perfect sentence boundaries.

A `Perturber` makes the copies a desk sees when a claim comes back: a number or
a year changed, a name swapped, a negation added or removed, words dropped or
swapped, clauses moved, an attribution added, a clause taken from another
sentence, other casing and punctuation. Everything is drawn from a seeded
`random.Random`, so a seed always gives the same desk.

The rows go in through SQLAlchemy Core bulk inserts into the real schema, parents
first, as `bench_desk.py` does, with `match_text`, `masked_text` and
`word_pairs` from the import's own `matching_columns`; the schema's triggers
fill both text indexes, which is part of the cost.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import Connection, insert

from workbench.matching import link
from workbench.matching.columns import matching_columns
from workbench.matching.normalize import STOPWORDS, content_words
from workbench.store.models import Article, Claim, ClaimGroup, ClaimKind, OriginKind, Status

CLAIMBUSTER = "claimbuster/train.json"
CLEF2019 = "clef2019-task1-checkworthiness/training"
CLEF2020 = "clef2020-task2-claim-retrieval"
#: A sentence ends at . ! or ? (a closing quote allowed) before a capital, a digit or a quote.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[.!?][\"”’])\s+(?=[A-Z0-9])")
#: A full stop after these is no sentence end ("Mr. Smith", "the U.S. Senate").
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Sgt|No|vs|[A-Z]\.[A-Z])\.$"
)
_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
#: Sources shorter or longer than these (in words) are fragments or run-ons.
MIN_WORDS, MAX_WORDS = 6, 60
NAME_POOL = 400


# --- sources ---------------------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` by punctuation and capitals; abbreviations do not end one."""
    merged: list[str] = []
    for part in _BOUNDARY.split(" ".join(_URL.sub(" ", text).split())):
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        elif part:
            merged.append(part)
    return merged


def load_sources(data: Path) -> list[str]:
    """Distinct claim-like sentences of the data sets, in a fixed order; none so short
    that the repeat search would skip it."""
    sentences = (
        sentence
        for text in _texts(data)
        for sentence in split_sentences(text)
        if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS
        and len(content_words(sentence)) >= link.MIN_CONTENT_WORDS
    )
    return list(dict.fromkeys(sentences))


def load_titles(data: Path) -> list[str]:
    """Headlines of the CLEF 2020 fact-checks, for the synthetic articles."""
    rows = _tsv(data / CLEF2020 / "verified_claims.docs.tsv")
    return [" ".join(row[2].split()) for row in rows if len(row) > 2 and row[2].strip()]


def _texts(data: Path) -> Iterable[str]:
    for item in json.loads((data / CLAIMBUSTER).read_text(encoding="utf-8")):
        yield item["text"]
    for path in sorted((data / CLEF2019).glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) > 2:
                yield parts[2]
    for row in _tsv(data / CLEF2020 / "verified_claims.docs.tsv"):
        yield row[1]
    for split in ("train", "dev"):
        for row in _tsv(data / CLEF2020 / split / "tweets.queries.tsv"):
            yield row[1]


def _tsv(path: Path) -> list[list[str]]:
    """The rows after the header (the files' first column, the id, has no name)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows, None)
        return [row for row in rows if len(row) > 1]


def common_names(sentences: Sequence[str], size: int = NAME_POOL) -> list[str]:
    """The capitalised words seen most inside sentences: the names a swap draws from."""
    counts = Counter(
        word
        for sentence in sentences
        for word in re.findall(r"(?<=\s)[A-Z][a-z]{2,}\b", sentence)
        if word.lower() not in STOPWORDS
    )
    return [name for name, _ in counts.most_common(size)]


# --- perturbations -----------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]{2,}\b")
_NOT = re.compile(r"\s+not\b|n't\b", re.IGNORECASE)
_AUXILIARY = re.compile(
    r"\b(is|are|was|were|will|would|can|could|should|has|have|had|does|did|do|must)\b"
)
_IRREGULAR_NOT = {"can't": "can", "won't": "will", "Can't": "Can", "Won't": "Will"}
ATTRIBUTIONS = ("{name} said that {text}", "According to {name}, {text}", "{text} {name} said.")


def _change_number(text: str, rng: Random, _: Perturber) -> str | None:
    found = [m for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group())]
    if not found:
        return None
    match = rng.choice(found)
    value = float(match.group().replace(",", ""))
    new = value * rng.choice((0.1, 0.5, 2, 3, 10)) + rng.randint(1, 9)
    shown = f"{new:,.0f}" if "," in match.group() else f"{new:.0f}"
    return text[: match.start()] + shown + text[match.end() :]


def _change_year(text: str, rng: Random, _: Perturber) -> str | None:
    found = list(_YEAR.finditer(text))
    if not found:
        return None
    match = rng.choice(found)
    year = int(match.group()) + rng.choice((-1, 1)) * rng.randint(1, 12)
    return text[: match.start()] + str(year) + text[match.end() :]


def _swap_name(text: str, rng: Random, perturber: Perturber) -> str | None:
    found = [m for m in _NAME.finditer(text) if m.group().lower() not in STOPWORDS]
    if not found or not perturber.names:
        return None
    match = rng.choice(found)
    name = rng.choice(perturber.names)
    if name == match.group():
        return None
    return text[: match.start()] + name + text[match.end() :]


def _toggle_negation(text: str, rng: Random, _: Perturber) -> str | None:
    """Take a negation out, or put "not" after the first auxiliary verb."""
    for contracted, plain in _IRREGULAR_NOT.items():
        if contracted in text:
            return text.replace(contracted, plain, 1)
    if _NOT.search(text):
        return _NOT.sub("", text, count=1)
    match = _AUXILIARY.search(text)
    if not match:
        return None
    return text[: match.end()] + " not" + text[match.end() :]


def _drop_words(text: str, rng: Random, _: Perturber) -> str | None:
    words = text.split()
    if len(words) < 8:
        return None
    for _ in range(rng.randint(1, 2)):
        del words[rng.randrange(1, len(words))]
    return " ".join(words)


def _swap_words(text: str, rng: Random, _: Perturber) -> str | None:
    words = text.split()
    if len(words) < 4:
        return None
    at = rng.randrange(1, len(words) - 1)
    words[at], words[at + 1] = words[at + 1], words[at]
    return " ".join(words)


def _move_clause(text: str, rng: Random, _: Perturber) -> str | None:
    """ "A, B." becomes "B, A." — the same words in another order."""
    clauses = text.rstrip(".!?").split(", ")
    if len(clauses) < 2:
        return None
    at = rng.randrange(1, len(clauses))
    moved = clauses[at:] + clauses[:at]
    return _capitalised(", ".join(moved)) + "."


def _attribute(text: str, rng: Random, perturber: Perturber) -> str | None:
    if not perturber.names:
        return None
    form = rng.choice(ATTRIBUTIONS)
    body = text if form.startswith("{text}") else text[:1].lower() + text[1:]
    return _capitalised(form.format(name=rng.choice(perturber.names), text=body))


def _splice(text: str, rng: Random, perturber: Perturber) -> str | None:
    """Keep the first part of the sentence and finish it with another's last part."""
    other = rng.choice(perturber.pool)
    head, tail = text.split(), other.split()
    if len(head) < 6 or len(tail) < 6:
        return None
    keep = rng.randint(len(head) // 2, len(head) - 2)
    return " ".join([*head[:keep], "and", *tail[len(tail) // 2 :]])


def _truncate(text: str, rng: Random, _: Perturber) -> str | None:
    words = text.split()
    if len(words) < 10:
        return None
    return " ".join(words[: rng.randint(len(words) * 6 // 10, len(words) - 2)]) + "."


def _recase(text: str, rng: Random, _: Perturber) -> str | None:
    """Casing and punctuation only: what copying between outlets does to a sentence."""
    style = rng.randrange(5)
    if style == 0:
        return text.lower()
    if style == 1:
        return text.rstrip(".!?")
    if style == 2:
        return f"“{text}”"
    if style == 3:
        return text.rstrip(".") + "!"
    return text.replace(", ", " , ").replace(" ", "  ", 1)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


Perturbation = Callable[[str, Random, "Perturber"], str | None]
#: Each with its weight: fact changes (what `judge` must call altered) come often.
PERTURBATIONS: dict[str, tuple[Perturbation, int]] = {
    "number": (_change_number, 4),
    "year": (_change_year, 3),
    "name": (_swap_name, 3),
    "negation": (_toggle_negation, 2),
    "drop": (_drop_words, 3),
    "swap": (_swap_words, 2),
    "clause": (_move_clause, 2),
    "attribution": (_attribute, 2),
    "splice": (_splice, 2),
    "truncate": (_truncate, 1),
    "recase": (_recase, 3),
}
_KINDS = list(PERTURBATIONS)
_KIND_WEIGHTS = [weight for _, weight in PERTURBATIONS.values()]
#: Perturbations per copy: one most often, up to three; some copies are exact.
EDITS = (0, 1, 2, 3)
EDIT_WEIGHTS = (1, 5, 3, 1)


@dataclass
class Perturber:
    """Copies of sentences as they come back in other articles, drawn from `rng`."""

    rng: Random
    #: Names a swap or an attribution puts in.
    names: list[str]
    #: Sentences a splice takes its second part from.
    pool: Sequence[str]

    def variant(self, sentence: str) -> str:
        """`sentence` with zero to three perturbations; each kind at most once."""
        edits = self.rng.choices(EDITS, EDIT_WEIGHTS)[0]
        text, done = sentence, set[str]()
        for _ in range(edits * 3):
            if len(done) == edits:
                break
            kind = self.rng.choices(_KINDS, _KIND_WEIGHTS)[0]
            if kind in done:
                continue
            changed = PERTURBATIONS[kind][0](text, self.rng, self)
            if changed and changed.strip():
                text = changed
                done.add(kind)
        return text


# --- which sentence each stored claim copies ----------------------------------------------

#: A few sentences go viral and come back hundreds of times at a million claims...
VIRAL_SOURCES = 0.02
VIRAL_SHARE = 0.2
#: ...and some are never stored: queries made from them have no copy in the desk.
HELD_OUT_SOURCES = 0.05


@dataclass(frozen=True)
class Plan:
    """Which source sentence each stored claim copies, and which sources stay out."""

    #: The source of claim `id`, at `id - 1` (claims are numbered from 1 in this order).
    picks: Sequence[int]
    held_out: frozenset[int]
    stored_sources: list[int]


def plan(sources: int, claims: int, seed: int) -> Plan:
    """Deterministic from `seed`, apart from the perturbations' own random stream."""
    rng = Random(f"{seed}:plan")
    order = list(range(sources))
    rng.shuffle(order)
    held = int(sources * HELD_OUT_SOURCES)
    held_out, stored = order[:held], order[held:]
    viral = stored[: max(1, int(len(stored) * VIRAL_SOURCES))]
    picks = array(
        "i",
        (
            rng.choice(viral) if rng.random() < VIRAL_SHARE else rng.choice(stored)
            for _ in range(claims)
        ),
    )
    return Plan(picks, frozenset(held_out), stored)


# --- rows --------------------------------------------------------------------------------

CLAIMS_PER_ARTICLE = 30
OUTLETS = ("Example Wire", "Riverton Ledger", "Daily Bulletin", "Metro Times", "Coast Herald")


@dataclass
class RowMaker:
    """Rows for articles of claims, with consistent ids, offsets and normalised texts."""

    titles: Sequence[str]
    rng: Random
    #: Scores drawn from [low, 1]: at or above the desk's threshold, so every claim is matched.
    low_score: float
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    article_id: int = 0
    claim_id: int = 0

    def article(self, texts: Sequence[str]) -> tuple[dict, list[dict], list[dict]]:
        """The article row, its claims' groups and its claims."""
        self.article_id += 1
        body = " ".join(texts)
        article = {
            "id": self.article_id,
            "title": self.rng.choice(self.titles),
            "outlet": self.rng.choice(OUTLETS),
            "published": None,
            "imported_at": self.now,
            "origin": f"synthetic article {self.article_id}",
            "origin_kind": OriginKind.PASTED,
            "text": body,
            "content_hash": hashlib.sha256(f"{self.article_id}:{body}".encode()).hexdigest(),
            "language": "en",
            "word_count": len(body.split()),
        }
        groups, claims, start = [], [], 0
        for text in texts:
            self.claim_id += 1
            groups.append(self._group(text))
            claims.append(self._claim(text, start))
            start += len(text) + 1
        return article, groups, claims

    def _group(self, text: str) -> dict[str, Any]:
        return {
            "id": self.claim_id,
            "canonical_text": text,
            "status": Status.UNCHECKED,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def _claim(self, text: str, start: int) -> dict[str, Any]:
        end = start + len(text)
        return {
            "id": self.claim_id,
            "article_id": self.article_id,
            "group_id": self.claim_id,
            "text": text,
            "start": start,
            "end": end,
            "spans": [[start, end]],
            "score": round(self.rng.uniform(self.low_score, 1.0), 4),
            "reasons": [],
            "speaker": None,
            "kind": ClaimKind.STATEMENT,
            "entities": [],
            "numbers": [],
            "dates": [],
            **matching_columns(text),
        }


def insert_articles(
    connection: Connection, articles: Sequence[tuple[dict, list[dict], list[dict]]]
) -> None:
    """Bulk inserts through SQLAlchemy Core, parents first."""
    connection.execute(insert(Article), [article for article, _, _ in articles])
    connection.execute(insert(ClaimGroup), [row for _, groups, _ in articles for row in groups])
    connection.execute(insert(Claim), [row for _, _, claims in articles for row in claims])
