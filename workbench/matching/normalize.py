"""Claim text in the form matching compares: case, quotes, numbers and units made uniform.

Two copies of a claim differ in ways that do not change what it says: curly or
straight quotes, "14 per cent" or "14%", "two million" or "2,000,000", a link
or a hashtag around a tweet. `normalize` removes those differences and keeps
every word, so that a fuzzy scorer sees what changed; `content_words` then
drops the words too common to help find a claim, for the index query.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_URL = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
#: "#AustralianFires" reads "Australian Fires".
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
#: A number written with digits: thousands separators and a decimal part allowed.
_DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w)")
_PERCENT = re.compile(r"\s*(%|\bper\s*cent\b|\bpercentage points?\b|\bpct\b)", re.IGNORECASE)
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds"}
#: "$4.2 billion": the sign, then the amount with an optional scale word.
_CURRENCY_SIGN = re.compile(
    r"([$€£])\s*(\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion|trillion)\b)?)",
    re.IGNORECASE,
)
_CONTRACTED_NOT = re.compile(r"\b(\w+)n't\b", re.IGNORECASE)
_CONTRACTIONS = {"can't": "cannot", "won't": "will not", "shan't": "shall not"}
_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)?|[^\W_]+(?:'[^\W_]+)*")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}  # fmt: skip
_ORDINARY_ONE = {"one"}
#: Function words and the words every claim has; kept in `normalize`, left out of queries.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    s t said says say according rt via amp""".split()
)
#: Words that turn a claim around: never dropped, and compared on their own.
NEGATIONS = frozenset("no not never none nobody nothing neither nor without cannot".split())


def normalize(text: str) -> str:
    """The claim as lower-case words separated by single spaces, numbers as plain digits."""
    return " ".join(words(text))


@lru_cache(maxsize=65_536)
def words(text: str) -> tuple[str, ...]:
    """The claim's words after normalising; numbers are digits without separators."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _HANDLE.sub(" ", _URL.sub(" ", text))
    text = _CONTRACTED_NOT.sub(
        lambda m: _CONTRACTIONS.get(m.group(0).lower(), m.group(1) + " not"), text
    )
    text = _HASHTAG.sub(lambda m: _CAMEL_BOUNDARY.sub(" ", m.group(1)), text)
    text = _CURRENCY_SIGN.sub(lambda m: f"{m.group(2)} {_CURRENCY[m.group(1)]}", text)
    text = _DIGITS.sub(lambda m: m.group(1).replace(",", "") + (m.group(2) or ""), text)
    text = _PERCENT.sub(" percent", text)
    return tuple(_numbers_as_digits(_WORD.findall(text.casefold())))


def content_words(text: str) -> list[str]:
    """The words worth looking up: no function words, negations kept."""
    return [word for word in words(text) if word not in STOPWORDS or word in NEGATIONS]


def _numbers_as_digits(tokens: list[str]) -> list[str]:
    """Turn runs of number words ("two hundred thousand") into digits ("200000").

    A lone "one" stays a word ("one of the largest"); a run that mixes digits
    and scale words ("2 million") becomes one number.
    """
    out: list[str] = []
    index = 0
    while index < len(tokens):
        value, taken = _number_at(tokens, index)
        if taken and not (taken == 1 and tokens[index] in _ORDINARY_ONE):
            out.append(_format(value))
            index += taken
        else:
            out.append(tokens[index])
            index += 1
    return out


def _number_at(tokens: list[str], start: int) -> tuple[float, int]:
    """The value of the number spelled from `start`, and how many tokens it took (0: none).

    Words combine as they are read: a ten may take a unit after it ("twenty one"),
    any part a scale ("2 million", "five hundred thousand"); two numbers side by
    side ("2019 one") stay apart.
    """
    total, current, index, last = 0.0, 0.0, start, ""
    while index < len(tokens):
        token = tokens[index]
        kind = _kind(token)
        if not kind or kind not in _MAY_FOLLOW[last]:
            break
        if kind == "and":
            if index + 1 >= len(tokens) or _kind(tokens[index + 1]) not in ("unit", "tens"):
                break
        elif kind == "scale":
            scale = _SCALES[token]
            if scale == 100:
                current *= scale
            else:
                total, current = total + current * scale, 0.0
        else:
            current += _value(token, kind)
        last = kind
        index += 1
    if last == "and":
        index -= 1
    return total + current, index - start


#: Which part of a spelled number may come after which ("" is the start).
_MAY_FOLLOW = {
    "": {"digit", "unit", "tens"},
    "digit": {"scale"},
    "unit": {"scale"},
    "tens": {"unit", "scale"},
    "scale": {"unit", "tens", "scale", "and"},
    "and": {"unit", "tens"},
}


def _value(token: str, kind: str) -> float:
    return float(token) if kind == "digit" else _UNITS.get(token, 0) + _TENS.get(token, 0)


def _kind(token: str) -> str:
    if token[0].isdigit():
        return "digit"
    if token in _UNITS:
        return "unit"
    if token in _TENS:
        return "tens"
    if token in _SCALES:
        return "scale"
    return "and" if token == "and" else ""


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
