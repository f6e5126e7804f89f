"""Re-ranking the index's candidates for a text with a small learned model.

The index ranks stored claims by the words they share with a text, weighted by
rarity over the whole desk (BM25). A person's search is often a whole post, a
tweet with its author and date, and the best claim is then the one whose own
words the post covers, whose title the post echoes, or whose year is the
post's year, or whose meaning is the post's even in other words ("photoshopped",
"digitally altered": sentence embeddings, `embed`): `features` measures such
things for each of a few dozen candidates, and linear models trained offline
(`benchmarks/train_reranker.py`) weigh them: one on the words alone shortlists
the few candidates worth the embedding model's time (some milliseconds a
claim), the other orders those with their meaning too. Both are JSON files of
weights applied with plain Python.

A post copied from a social network often ends with its signature, "— Name
(@handle) Month D, YYYY": the name and handle say who wrote it (claims are
often about that person), the month and year when; the day only adds noise.
Handles are read as the words they are made of ("@LindseyGrahamSC" reads
"Lindsey Graham SC"), as hashtags are.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import config
from workbench.errors import WorkbenchError
from workbench.matching import embed, index
from workbench.matching.normalize import content_words, normalize, words
from workbench.model_file import read_model_json
from workbench.store.models import Article, Claim

#: The shipped model, beside the other files the app reads at run time.
MODEL_FILE = config.resource_root() / "resources" / "models" / "reranker.json"
MODEL_FORMAT = "workbench-reranker"
MODEL_VERSION = 2
#: Candidates the index proposes for the model to order; the best few are kept.
POOL = 50

FEATURES = (
    "relevance_share",  # index relevance / the best candidate's
    "reciprocal_rank",  # 1 / (1 + rank in the index's answer)
    "claim_covered",  # share of the claim's words the post has, words rare in the pool weigh more
    "post_covered",  # share of the post's words the claim or title has, same weighting
    "title_covered",  # share of the title's words the post has, same weighting
    "claim_covered_plain",  # the same three shares with every word counting one
    "title_covered_plain",
    "post_covered_plain",
    "token_set",  # rapidfuzz scores of the post's body against the claim, 0-1
    "partial",
    "title_token_set",
    "token_sort",
    "author_named",  # the claim or title names the post's author
    "year_same",  # the claim or title has the post's year
    "year_other",  # ...has years, none of them the post's
    "month_year",  # ...has the post's month and year
    "claim_prefixes_covered",  # word shares on 5-letter prefixes ("photoshopped", "photo")
    "post_prefixes_covered",
    "claim_meaning",  # cosine of the post's and the claim's sentence embeddings
)
#: The features of the words, cheap to measure: all but the meaning.
WORD_FEATURES = FEATURES[:-1]
#: Candidates whose meaning is measured, at least: the best by their words.
SHORTLIST = 10

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SIGNATURE = re.compile(
    r"\s[—–-]\s?(?P<author>[^—–\n]{0,80}?)\s*(?:\((?P<handle>@\w+)\))?\s*"
    rf"(?P<month>{_MONTHS})\s+\d{{1,2}},\s+(?P<year>\d{{2}}|\d{{4}})\s*$"
)
_HANDLE = re.compile(r"(?<!\w)@(\w+)")
#: Where a handle's words meet: "LindseyGraham", "GOPLeader", "Trump2020", "nws_alerts".
_HANDLE_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|_")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s")
_PREFIX = 5


class RerankerError(WorkbenchError):
    """The re-ranking model file is missing or unreadable."""


@dataclass(frozen=True)
class Post:
    """A text to search with, its signature (if it has one) apart."""

    body: str
    author: str = ""
    month: str = ""
    year: str = ""


@dataclass(frozen=True)
class Stored:
    """A candidate: a stored claim, its article's title and the index's relevance."""

    claim_id: int
    relevance: float
    text: str
    title: str


def read_post(text: str) -> Post:
    """The text with handles spelled out, its signature (author, month, year) apart."""
    found = _SIGNATURE.search(text)
    if not found:
        return Post(spell_handles(text))
    year = found["year"]
    return Post(
        spell_handles(text[: found.start()]),
        spell_handles(f"{found['author']} {found['handle'] or ''}").strip(),
        found["month"],
        year if len(year) == 4 else f"20{year}",
    )


def spell_handles(text: str) -> str:
    return _HANDLE.sub(lambda handle: _HANDLE_BOUNDARY.sub(" ", handle.group(1)), text)


def search_text(post: Post) -> str:
    """What the index is asked with: the body, the author, month and year, not the day."""
    return " ".join(part for part in (post.body, post.author, post.month, post.year) if part)


def search(
    session: Session, text: str, top: int, pool: int = POOL, model: Ranker | None = None
) -> list[index.Candidate]:
    """The `top` stored claims most like `text`: the index's `pool` best, re-ranked.
    Each candidate's relevance is the model's score, 0 to 1, higher is better."""
    post = read_post(text)
    stored = candidates(session, post, pool)
    return rerank(post, stored, model or default_model(), top)[:top]


def candidates(session: Session, post: Post, pool: int = POOL) -> list[Stored]:
    """The index's answer for the post, with each claim's text and its article's title."""
    found = index.candidates(session, search_text(post), limit=pool)
    rows = session.execute(
        select(Claim.id, Claim.text, Article.title)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.id.in_([candidate.claim_id for candidate in found]))
    )
    texts = {claim_id: (claim_text, title) for claim_id, claim_text, title in rows}
    return [
        Stored(candidate.claim_id, candidate.relevance, *texts[candidate.claim_id])
        for candidate in found
        if candidate.claim_id in texts
    ]


def rerank(
    post: Post, stored: Sequence[Stored], model: Ranker, top: int = SHORTLIST
) -> list[index.Candidate]:
    """The shortlisted candidates by the model's score, best first.

    Measuring a candidate's meaning runs the embedding model on its claim, some
    milliseconds each: so the candidates are first ordered by their words alone,
    and only the best `model.shortlist_size` (or `top`, if more) are measured
    and ordered by all the features; the others are left out.
    """
    words = word_features(post, stored)
    kept = model.shortlisted(words, top)
    meaning = _meaning(post, [stored[at] for at in kept])
    scored = [
        index.Candidate(stored[at].claim_id, model.full.score([*words[at], close]))
        for at, close in zip(kept, meaning, strict=True)
    ]
    return sorted(scored, key=lambda candidate: -candidate.relevance)


# --- features ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """A text's content words as stems, and as 5-letter prefixes."""

    stems: frozenset[str]
    prefixes: frozenset[str]

    @staticmethod
    @lru_cache(maxsize=16_384)
    def of(text: str) -> _Words:
        found = content_words(text)
        return _Words(frozenset(map(_stem, found)), frozenset(word[:_PREFIX] for word in found))


def features(post: Post, stored: Sequence[Stored]) -> list[list[float]]:
    """One row of `FEATURES` per candidate, in the candidates' order."""
    return [
        [*row, close]
        for row, close in zip(word_features(post, stored), _meaning(post, stored), strict=True)
    ]


def word_features(post: Post, stored: Sequence[Stored]) -> list[list[float]]:
    """One row of `WORD_FEATURES` per candidate, in the candidates' order.

    Rarity is measured within the candidates: a word most of them share cannot
    tell them apart, whatever its rarity in the whole desk.
    """
    query = _Words.of(f"{post.body} {post.author}")
    body = normalize(post.body)
    author = {stem for stem in _Words.of(post.author).stems if len(stem) >= 3}
    claims = [(_Words.of(candidate.text), _Words.of(candidate.title)) for candidate in stored]
    weight = _rarity(claims, query)
    best = max((candidate.relevance for candidate in stored), default=0.0)
    return [
        [
            candidate.relevance / best if best > 0 else 0.0,
            1 / (1 + rank),
            *_coverage(claim, title, query, weight),
            *_similarity(body, candidate),
            float(bool(author & (claim.stems | title.stems))),
            *_dates(post, candidate),
            *_prefix_coverage(claim, title, query),
        ]
        for rank, (candidate, (claim, title)) in enumerate(zip(stored, claims, strict=True))
    ]


def _rarity(claims: Sequence[tuple[_Words, _Words]], query: _Words) -> dict[str, float]:
    """How rare each word of the candidates and the post is among the candidates (IDF)."""
    in_pool = Counter(stem for claim, title in claims for stem in claim.stems | title.stems)
    return {
        stem: math.log((len(claims) + 1) / (in_pool[stem] + 0.5))
        for stem in in_pool.keys() | query.stems
    }


def _coverage(
    claim: _Words, title: _Words, query: _Words, weight: dict[str, float]
) -> tuple[float, ...]:
    either = claim.stems | title.stems
    query_weight = sum(weight[stem] for stem in query.stems)
    return (
        _weighted_share(claim.stems & query.stems, claim.stems, weight),
        _share_of(sum(weight[stem] for stem in either & query.stems), query_weight),
        _weighted_share(title.stems & query.stems, title.stems, weight),
        _share_of(len(claim.stems & query.stems), len(claim.stems)),
        _share_of(len(title.stems & query.stems), len(title.stems)),
        _share_of(len(either & query.stems), len(query.stems)),
    )


def _similarity(body: str, candidate: Stored) -> tuple[float, ...]:
    claim = normalize(candidate.text)
    return (
        fuzz.token_set_ratio(body, claim) / 100,
        fuzz.partial_ratio(claim, body) / 100,
        fuzz.token_set_ratio(body, normalize(candidate.title)) / 100,
        fuzz.token_sort_ratio(body, claim) / 100,
    )


def _meaning(post: Post, stored: Sequence[Stored]) -> list[float]:
    """How near each candidate's claim is to the post's body in meaning (sentence embeddings).

    The title's meaning is left out: it added little in training (cross-validated
    MAP@5 0.904 against 0.902, every candidate measured) and would double the texts
    each search embeds.
    """
    if not stored:
        return []
    vectors = embed.encode([post.body, *(candidate.text for candidate in stored)])
    return (vectors[1:] @ vectors[0]).tolist()


def _dates(post: Post, candidate: Stored) -> tuple[float, ...]:
    if not post.year:
        return (0.0, 0.0, 0.0)
    said = words(f"{candidate.text} {candidate.title}")
    years = {word for word in said if _YEAR.match(word)}
    same = post.year in years
    return (
        float(same),
        float(bool(years) and not same),
        float(same and post.month.casefold() in said),
    )


def _prefix_coverage(claim: _Words, title: _Words, query: _Words) -> tuple[float, ...]:
    either = claim.prefixes | title.prefixes
    shared = len(either & query.prefixes)
    return (_share_of(shared, len(either)), _share_of(shared, len(query.prefixes)))


def _weighted_share(part: frozenset[str], whole: frozenset[str], weight: dict[str, float]) -> float:
    return _share_of(sum(weight[stem] for stem in part), sum(weight[stem] for stem in whole))


def _share_of(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    """A rough English stem ("photographs", "photograph"): close enough to compare words."""
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


# --- the model --------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """A linear model over standardised features; its score is a logistic of the sum."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]

    def score(self, row: Sequence[float]) -> float:
        total = sum(
            (value - mean) / scale * weight
            for value, mean, scale, weight in zip(
                row, self.mean, self.scale, self.weights, strict=True
            )
        )
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, total))))

    def as_json(self) -> dict[str, list[float]]:
        return {
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
            "weights": _rounded(self.weights),
        }


@dataclass(frozen=True)
class Ranker:
    """The shipped models: `words` over `WORD_FEATURES` shortlists, `full` orders the shortlist."""

    words: Model
    full: Model
    shortlist_size: int = SHORTLIST

    def shortlisted(self, rows: Sequence[Sequence[float]], top: int) -> list[int]:
        """The positions of the best `shortlist_size` rows (at least `top`) by `words`;
        ties keep the index's order."""
        scores = [self.words.score(row) for row in rows]
        order = sorted(range(len(rows)), key=lambda at: -scores[at])
        return order[: max(self.shortlist_size, top)]

    def as_json(self, **about: object) -> str:
        """The model file's text; `about` adds facts about the training."""
        return json.dumps(
            {
                "format": MODEL_FORMAT,
                "version": MODEL_VERSION,
                "features": list(FEATURES),
                **self.full.as_json(),
                "shortlist": {
                    "size": self.shortlist_size,
                    "features": list(WORD_FEATURES),
                    **self.words.as_json(),
                },
                **about,
            },
            indent=1,
        )


def _rounded(values: Sequence[float]) -> list[float]:
    """Six decimals: far finer than the model needs, and the same file from run to run."""
    return [round(value, 6) for value in values]


def load_model(path: Path) -> Ranker:
    """The model in `path`; `RerankerError` names the file and what is wrong with it."""
    data = read_model_json(path, "re-ranking", RerankerError)
    try:
        return _ranker_from(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise RerankerError(f"the re-ranking model {path} is not valid: {exc}") from None


@cache
def default_model() -> Ranker:
    """The shipped model, read once per process."""
    return load_model(MODEL_FILE)


def _ranker_from(data: object) -> Ranker:
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a {MODEL_FORMAT} file")
    if data.get("version") != MODEL_VERSION:
        raise ValueError(f"version {data.get('version')!r}, this release reads {MODEL_VERSION}")
    shortlist = data["shortlist"]
    size = shortlist["size"]
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"a shortlist of {size!r} candidates")
    return Ranker(_model_from(shortlist, WORD_FEATURES), _model_from(data, FEATURES), size)


def _model_from(data: dict[str, Any], features: tuple[str, ...]) -> Model:
    if tuple(data["features"]) != features:
        raise ValueError("it was trained on other features than this release computes")
    model = Model(*(tuple(map(float, data[key])) for key in ("mean", "scale", "weights")))
    if not len(model.mean) == len(model.scale) == len(model.weights) == len(features):
        raise ValueError("it has a number of weights other than the number of features")
    if not all(math.isfinite(value) for value in (*model.mean, *model.weights)) or not all(
        math.isfinite(value) and value > 0 for value in model.scale
    ):
        raise ValueError("it has a weight that is not a finite number")
    return model
