"""Numbers and dates in a sentence, with values normalised so that copies compare.

"14%", "14 per cent" and "fourteen percent" all become 14 with the unit "%";
"$4.2 billion" becomes 4.2e9 with the unit "$". Dates come from the trained
pipeline's entities when there is one, and from patterns otherwise.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCIES = {
    "$": "$",
    "€": "€",
    "£": "£",
    "¥": "¥",
    "us$": "$",
    "usd": "$",
    "eur": "€",
    "gbp": "£",
}
_WORD_VALUES = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
    if value >= 2
} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "half": 0.5,
}
_NUMBER = re.compile(
    r"""(?<![\w.])
    (?P<currency>US\$|[$€£¥]|(?:USD|EUR|GBP)\s)?\s?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?P<word>(?a:"""
    + "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
    + r""")))
    (?:\s?(?P<scale>(?a:thousand|million|billion|trillion|bn|mn|tn|[kmb]))\b)?
    (?:\s?(?P<percent>%|percent\b|per\s+cent\b|percentage\s+points?\b))?
    (?![\w])""",
    # Words and scales ignore only ASCII case: Unicode's would read the Turkish
    # "sıx" or the kelvin sign as "six" and "k", which no table of values holds.
    re.IGNORECASE | re.VERBOSE,
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"""\b(?:
        (?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?
      | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?
      | (?:{_MONTHS})\s+\d{{4}}
      | (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)
      | (?:last|next|this|earlier\s+this|later\s+this)\s+
        (?:week|month|year|spring|summer|autumn|fall|winter|decade|century)
      | yesterday|today|tomorrow
      | (?:in|since|by|until|from|before|after)\s+(?:1[89]|20)\d\d
      | \d{{4}}-\d{{2}}-\d{{2}}
    )\b""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    unit: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def shifted(self, offset: int) -> Quantity:
        """The same quantity with offsets into a longer text starting `offset` earlier."""
        return replace(self, start=self.start + offset, end=self.end + offset)


def find_numbers(text: str) -> list[Quantity]:
    """Every number in `text` with its value and unit ("%", a currency, "year" or "")."""
    quantities = []
    for match in _NUMBER.finditer(text):
        quantities.append(
            Quantity(match.group().strip(), _value(match), _unit(match), match.start(), match.end())
        )
    return quantities


def find_dates(text: str) -> list[tuple[int, int]]:
    """Character spans of date expressions, for pipelines without entity recognition."""
    return [match.span() for match in _DATE.finditer(text)]


def _value(match: re.Match[str]) -> float:
    word = match.group("word")
    value = (
        float(_WORD_VALUES[word.lower()]) if word else float(match.group("digits").replace(",", ""))
    )
    scale = (match.group("scale") or "").lower()
    if len(scale) == 1 and not match.group("currency"):
        scale = ""  # "5 m" is more likely metres than millions
    return value * _SCALES.get(scale, 1.0)


def _unit(match: re.Match[str]) -> str:
    if match.group("percent"):
        return "%"
    currency = (match.group("currency") or "").strip().lower()
    if currency:
        return _CURRENCIES.get(currency, currency)
    if _YEAR.match(match.group("digits")):
        return "year"
    return ""
