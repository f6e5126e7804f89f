"""From article text to scored claims: sentences, speakers, entities, numbers, dates.

Body paragraphs of many articles go through `nlp.pipe` in one stream; each
sentence is then read once for the signals that make it worth checking. A
sentence that occurs twice in an article is one claim with two spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from workbench.nlp.pipeline import BATCH_SIZE, Pipeline
from workbench.nlp.quantities import Quantity, find_dates, find_numbers
from workbench.nlp.scoring import Model, Reason, Signals, sentence_features, shipped_model
from workbench.nlp.segment import Block, body_blocks
from workbench.store.models import ClaimKind

MIN_CLAIM_WORDS = 4
SPEECH_VERBS = frozenset(
    "say tell state claim announce add note warn insist argue explain report write declare "
    "assert confirm deny accuse admit suggest estimate reveal allege contend maintain tweet "
    "post testify acknowledge stress emphasise emphasize point".split()
)
ACTOR_LABELS = frozenset("PERSON ORG GPE NORP LOC FAC EVENT LAW PRODUCT WORK_OF_ART".split())
SPEAKER_LABELS = frozenset("PERSON ORG GPE NORP".split())
DATE_LABELS = frozenset(("DATE", "TIME"))
NUMBER_LABELS = frozenset(("CARDINAL", "PERCENT", "MONEY", "QUANTITY"))

_FORWARD = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:also\s+)?(?:expected|set|due|scheduled|poised|slated)\s+to"
    r"|will|shall|plans?\s+to|planning\s+to|intends?\s+to|aims?\s+to|going\s+to"
    r"|likely\s+to|hoped?s?|hoping)\b",
    re.IGNORECASE,
)
#: Case-sensitive, so that the month of May is not a "may".
_SPECULATIVE = re.compile(r"\b(?:[Cc]ould|[Mm]ight|may|[Pp]erhaps|[Pp]ossibly|[Mm]aybe)\b")
_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|guess|suppose)\b|\bin\s+my\s+(?:opinion|view)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|than|most|least|highest|lowest|largest|smallest|biggest|record"
    r"|doubled?|tripled?|halved|increased?|decreased?|rose|risen|fell|fallen|grew|grown"
    r"|declined?|dropped|surged?|plunged?|compared)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due\s+to|caused?|causing|led\s+to|leads?\s+to|result(?:ed|s)?\s+in"
    r"|blamed?\s+for|responsible\s+for)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{12,})[\"“”]")
_FALLBACK_SPEAKER = re.compile(
    r"(?P<before>(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+)\s+(?:said|says|told|claimed|stated|added)\b"
    r"|\b(?:said|says)\s+(?P<after>(?:[A-Z][\w'’-]+\s*){1,4})"
    r"|\baccording\s+to\s+(?P<according>(?:[A-Z][\w'’-]+\s*){1,5})"
)
_PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "it": "ORG"}


@dataclass
class ExtractedClaim:
    """A check-worthy-or-not sentence of one article, ready to be stored."""

    text: str
    spans: list[tuple[int, int]]
    score: float
    reasons: list[Reason]
    kind: ClaimKind
    speaker: str | None = None
    entities: list[dict[str, object]] = field(default_factory=list)
    numbers: list[dict[str, object]] = field(default_factory=list)
    dates: list[dict[str, object]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[0][1]


class ClaimExtractor:
    """Turns article texts into claims with one spaCy pipeline and the check-worthiness model."""

    def __init__(self, pipeline: Pipeline, n_process: int = 1, model: Model | None = None) -> None:
        self.pipeline = pipeline
        self.n_process = n_process
        self.model = model if model is not None else shipped_model()

    def extract(self, text: str) -> list[ExtractedClaim]:
        return self.extract_batch([text])[0]

    def extract_batch(self, texts: Sequence[str]) -> list[list[ExtractedClaim]]:
        """Claims of each text, in order; all paragraphs go through one `nlp.pipe` stream."""
        blocks_per_text = [body_blocks(text) for text in texts]
        docs = iter(
            self.pipeline.nlp.pipe(
                (block.text for blocks in blocks_per_text for block in blocks),
                batch_size=BATCH_SIZE,
                n_process=self.n_process,
            )
        )
        return [
            self._article_claims([(block, next(docs)) for block in blocks])
            for blocks in blocks_per_text
        ]

    def features(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """The model's features of each text read as one sentence, as training needs them."""
        return [
            sentence_features(doc[:], _SentenceReading(doc[:], 0, self.pipeline.trained).signals)
            for doc in self.pipeline.nlp.pipe(texts, batch_size=BATCH_SIZE)
        ]

    def _article_claims(self, paragraphs: list[tuple[Block, Doc]]) -> list[ExtractedClaim]:
        context = _ArticleContext.from_docs(doc for _, doc in paragraphs)
        claims: dict[str, ExtractedClaim] = {}
        for block, doc in paragraphs:
            for sentence in doc.sents:
                claim = self._sentence_claim(block, sentence, context)
                if claim is None:
                    continue
                key = " ".join(claim.text.casefold().split())
                if key in claims:
                    claims[key].spans.extend(claim.spans)
                else:
                    claims[key] = claim
        return sorted(claims.values(), key=lambda claim: claim.start)

    def _sentence_claim(
        self, block: Block, sentence: Span, context: _ArticleContext
    ) -> ExtractedClaim | None:
        text = sentence.text.strip()
        if sum(1 for token in sentence if token.is_alpha) < MIN_CLAIM_WORDS:
            return None
        offset = (
            block.start + sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
        )
        reading = _SentenceReading(sentence, offset, self.pipeline.trained, context)
        features = sentence_features(sentence, reading.signals)
        value, reasons = self.model.score(features, reading.signals)
        context.remember_speaker(reading.speaker, reading.speaker_label)
        return ExtractedClaim(
            text=text,
            spans=[(offset, offset + len(text))],
            score=value,
            reasons=reasons,
            kind=reading.kind(),
            speaker=reading.speaker,
            entities=reading.entities,
            numbers=[quantity.shifted(offset).as_dict() for quantity in reading.numbers],
            dates=reading.dates,
        )


@dataclass
class _ArticleContext:
    """What the article has said so far: full names, and who spoke last."""

    full_names: list[str]
    last_speaker: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_docs(cls, docs: Iterable[Doc]) -> _ArticleContext:
        names: list[str] = []
        for doc in docs:
            for ent in doc.ents:
                if ent.label_ == "PERSON" and len(ent) > 1 and ent.text not in names:
                    names.append(ent.text)
        return cls(full_names=names)

    def full_name(self, mention: str) -> str:
        """'Zarif' becomes 'Mohammad Javad Zarif' when the article named him in full."""
        words = mention.split()
        for name in self.full_names:
            if name.split()[-len(words) :] == words:
                return name
        return mention

    def remember_speaker(self, speaker: str | None, label: str | None) -> None:
        if speaker and label:
            self.last_speaker[label] = speaker

    def antecedent(self, pronoun: str) -> str | None:
        label = _PRONOUNS.get(pronoun.lower())
        return self.last_speaker.get(label) if label else None


class _SentenceReading:
    """One pass over a sentence collecting entities, numbers, dates, speaker and signals."""

    def __init__(
        self,
        sentence: Span,
        offset: int,
        trained: bool,
        context: _ArticleContext | None = None,
    ):
        context = context if context is not None else _ArticleContext(full_names=[])
        self.sentence = sentence
        self.text = sentence.text.strip()
        self.signals = Signals()
        self.speaker: str | None = None
        self.speaker_label: str | None = None
        base = sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
        self.entities = [
            {
                "text": ent.text,
                "label": ent.label_,
                "start": offset + ent.start_char - base,
                "end": offset + ent.end_char - base,
            }
            for ent in sentence.ents
        ]
        date_spans = (
            [
                (ent.start_char - base, ent.end_char - base)
                for ent in sentence.ents
                if ent.label_ in DATE_LABELS
            ]
            if trained
            else find_dates(self.text)
        )
        self.dates = [
            {"text": self.text[start:end], "start": offset + start, "end": offset + end}
            for start, end in date_spans
        ]
        self.numbers = [
            quantity for quantity in find_numbers(self.text) if not _inside(quantity, date_spans)
        ]
        self._find_speaker(context, trained)
        self._collect_signals(trained)

    def _collect_signals(self, trained: bool) -> None:
        add = self.signals.add
        if self.numbers:
            add("number", ", ".join(quantity.text for quantity in self.numbers[:3]))
        if self.dates:
            add("date", ", ".join(str(date["text"]) for date in self.dates[:2]))
        actors = list(
            dict.fromkeys(str(e["text"]) for e in self.entities if e["label"] in ACTOR_LABELS)
        )
        if actors:
            add("entities", ", ".join(actors[:4]))
        if len(actors) >= 3:
            add("many_entities", f"{len(actors)} named")
        if self.speaker:
            add("attribution", self.speaker)
        self._match_signal(
            "comparison",
            _COMPARISON,
            trained_tags={"JJR", "RBR", "JJS", "RBS"} if trained else None,
        )
        self._match_signal("causal", _CAUSAL)
        self._match_signal("forward_looking", _FORWARD)
        if "forward_looking" not in self.signals.found:
            self._match_signal("speculative", _SPECULATIVE)
        if trained and "forward_looking" not in self.signals.found:
            past = [
                t for t in self.sentence if t.tag_ == "VBD" and t.dep_ in ("ROOT", "conj", "ccomp")
            ]
            if past and past[0].lemma_ not in SPEECH_VERBS:
                add("past_event", past[0].text)
        self._match_signal("opinion", _OPINION)
        if self.text.rstrip("\"'”’ ").endswith("?"):
            add("question", "ends with a question mark")
        if sum(1 for token in self.sentence if token.is_alpha) < 7:
            add("fragment", f"{len(self.text.split())} words")

    def _match_signal(
        self, signal: str, pattern: re.Pattern[str], trained_tags: set[str] | None = None
    ) -> None:
        match = pattern.search(self.text)
        if match:
            self.signals.add(signal, match.group())
            return
        if trained_tags:
            tagged = next((token for token in self.sentence if token.tag_ in trained_tags), None)
            if tagged is not None:
                self.signals.add(signal, tagged.text)

    def kind(self) -> ClaimKind:
        found = self.signals.found
        if "forward_looking" in found:
            return ClaimKind.PREDICTION
        if "number" in found:
            return ClaimKind.STATISTIC
        if "comparison" in found:
            return ClaimKind.COMPARISON
        if self.speaker and _QUOTED.search(self.text):
            return ClaimKind.QUOTE
        if "past_event" in found:
            return ClaimKind.EVENT
        return ClaimKind.STATEMENT

    def _find_speaker(self, context: _ArticleContext, trained: bool) -> None:
        mention = self._parsed_speaker() if trained else self._pattern_speaker()
        if mention is None:
            return
        text, label = mention
        if text.lower() in _PRONOUNS:
            self.speaker = context.antecedent(text)
            self.speaker_label = _PRONOUNS[text.lower()] if self.speaker else None
            return
        self.speaker = context.full_name(text) if label == "PERSON" else text
        self.speaker_label = "PERSON" if label == "PERSON" else "ORG"

    def _parsed_speaker(self) -> tuple[str, str] | None:
        for token in self.sentence:
            if token.lemma_ in SPEECH_VERBS and token.pos_ == "VERB":
                subject = next(
                    (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None
                )
                if subject is not None:
                    return _name_in(subject)
            if token.lower_ == "according":
                to = next((c for c in token.children if c.lower_ == "to"), None)
                target = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
                if target is not None:
                    return _name_in(target)
        return None

    def _pattern_speaker(self) -> tuple[str, str] | None:
        match = _FALLBACK_SPEAKER.search(self.text)
        if not match:
            return None
        name = next(group for group in match.groups() if group).strip()
        return name, "PERSON"


def _name_in(head: Token) -> tuple[str, str]:
    """The best name for the phrase headed by `head`.

    A person or organisation named anywhere in it wins ("Foreign Ministry spokesman
    Bahram Ghasemi"); a place or people only when it is the head itself ("Iran
    says"), not a modifier ("Iranian state media").
    """
    phrase = head.doc[head.left_edge.i : head.right_edge.i + 1]
    for label in ("PERSON", "ORG"):
        for ent in phrase.ents:
            if ent.label_ == label:
                return ent.text, label
    for ent in phrase.ents:
        if ent.label_ in SPEAKER_LABELS and ent.start <= head.i < ent.end:
            return ent.text, ent.label_
    if head.pos_ == "PRON":
        return head.text, "PRON"
    words = [t for t in phrase if t.dep_ != "punct" and not t.is_space]
    return "".join(t.text_with_ws for t in words[:8]).strip(), "NOUN"


def _inside(quantity: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(start <= quantity.start and quantity.end <= end for start, end in spans)
