"""The workbench's use cases: import, list, inspect, rate, history.

Every action the window or the command line offers is a method of `Desk`, so it
can be run and tested without a display. Long actions take a `progress`
callback and a `cancelled` predicate; they are safe to run on a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workbench import config
from workbench.errors import NotFoundError, ReadError, WorkbenchError
from workbench.ingest.clean import content_hash, word_count
from workbench.ingest.readers import Document, expand_paths, read_file, read_url
from workbench.matching import link, rerank
from workbench.matching.columns import matching_columns
from workbench.matching.compare import Outcome, similarity
from workbench.store import queries
from workbench.store.db import Store, open_store
from workbench.store.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimGroup,
    Match,
    MatchKind,
    MatchState,
    RatingScale,
    Source,
    Status,
    Tag,
)
from workbench.store.queries import ArticleRow, ClaimFilter, ClaimRow, EventRow, ScaleRow

if TYPE_CHECKING:
    from workbench.nlp.claims import ClaimExtractor, ExtractedClaim
    from workbench.reports.export import ExportResult
    from workbench.reports.model import ReportOptions

log = logging.getLogger(__name__)

#: Articles read, analysed and stored together; large enough to keep `nlp.pipe` busy.
IMPORT_CHUNK = 24

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
T = TypeVar("T")


#: How the import's progress text starts while it looks for repeated claims.
REPEAT_SEARCH = "repeats in "
#: `Match.method` of a decision a person made without a suggestion (parting two claims).
PERSON = "person"


@dataclass(frozen=True)
class ImportItem:
    """Something to import: `read` returns its document or raises `ReadError`."""

    origin: str
    read: Callable[[], Document]

    @classmethod
    def failed(cls, error: ReadError) -> ImportItem:
        def read() -> Document:
            raise error

        return cls(error.origin, read)


@dataclass
class ImportOutcome:
    """What became of one input: a new article, a duplicate, or an error."""

    origin: str
    article_id: int | None = None
    title: str | None = None
    claims: int = 0
    words: int = 0
    duplicate_of: int | None = None
    error: str | None = None
    #: Claims linked to an earlier fact-check, suggested as repeats, found altered.
    linked: int = 0
    suggested: int = 0
    altered: int = 0

    def describe(self) -> str:
        if self.error:
            return self.error
        if self.duplicate_of is not None:
            return f"{self.origin}: already stored as article {self.duplicate_of}"
        found = f"{self.origin}: article {self.article_id}, {self.claims} claims found"
        repeats = [
            what
            for count, what in (
                (self.linked, f"{self.linked} seen before"),
                (self.suggested, f"{self.suggested} possibly seen before"),
                (self.altered, f"{self.altered} altered {_copies(self.altered)} of earlier claims"),
            )
            if count
        ]
        return f"{found} ({', '.join(repeats)})" if repeats else found


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def imported(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.article_id is not None and o.duplicate_of is None]

    @property
    def duplicates(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.duplicate_of is not None]

    @property
    def failed(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.error is not None]

    @property
    def words(self) -> int:
        return sum(o.words for o in self.imported)


@dataclass(frozen=True)
class MatchRow:
    """A stored claim found for a text: the claim, the re-ranker's score 0–1, and the
    wording's similarity 0–1."""

    claim: ClaimRow
    relevance: float
    similarity: float


@dataclass(frozen=True)
class Verdict:
    """Changes to a fact-check; `None` leaves a field as it is, "" clears the rating."""

    status: str | None = None
    rating: str | None = None
    conclusion: str | None = None
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SourceInput:
    """A source as a user typed it; the address must be http(s)."""

    url: str
    title: str = ""
    publisher: str = ""
    quote: str = ""
    accessed: date | None = None
    note: str = ""

    def checked(self) -> SourceInput:
        return replace(self, url=checked_url(self.url), title=self.title.strip())


@dataclass(frozen=True)
class Move:
    """A claim that changed fact-check."""

    claim_id: int
    from_group: int
    to_group: int


@dataclass(frozen=True)
class StateChange:
    """A repeat's decision that changed; `before` None means the decision was made new."""

    match_id: int
    before: MatchState | None
    after: MatchState


@dataclass(frozen=True)
class LinkChange:
    """What a decision on repeated claims changed, in order, so that it can be undone."""

    states: tuple[StateChange, ...] = ()
    moves: tuple[Move, ...] = ()


class Desk:
    """An open desk database and the NLP pipeline it imports with."""

    def __init__(
        self, store: Store, settings: config.Settings, extractor: ClaimExtractor | None = None
    ) -> None:
        self.store = store
        self.settings = settings
        self._extractor = extractor

    @classmethod
    def open(
        cls, settings: config.Settings | None = None, extractor: ClaimExtractor | None = None
    ) -> Desk:
        """Open the desk database; the spaCy pipeline loads on first import unless given."""
        settings = settings or config.Settings.from_environment()
        return cls(open_store(settings.db_url), settings, extractor)

    def close(self) -> None:
        self.store.close()

    @property
    def extractor(self) -> ClaimExtractor:
        """The claim extractor, loading spaCy on first use only.

        spaCy takes a second to import and longer to load, and listing or rating
        claims needs neither, so both wait until something is imported.
        """
        if self._extractor is None:
            from workbench.nlp.claims import ClaimExtractor
            from workbench.nlp.pipeline import load_pipeline

            self._extractor = ClaimExtractor(load_pipeline())
        return self._extractor

    # --- import -------------------------------------------------------------------------

    def import_paths(
        self,
        targets: Iterable[str | Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        find_repeats: bool = True,
    ) -> ImportReport:
        """Import files, folders and web addresses; failures are reported, never fatal."""
        return self.import_items(items_for(targets), progress, cancelled, find_repeats=find_repeats)

    def import_documents(self, documents: Sequence[Document]) -> ImportReport:
        return self.import_items([ImportItem(doc.origin, lambda doc=doc: doc) for doc in documents])

    def import_items(
        self,
        items: Sequence[ImportItem],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        find_repeats: bool = True,
    ) -> ImportReport:
        """Store every readable item, each article in one transaction; then, unless
        `find_repeats` is off, compare the new claims with the stored ones."""
        report = ImportReport()
        done = 0
        for chunk in _chunks(items, IMPORT_CHUNK):
            if cancelled and cancelled():
                report.cancelled = True
                break
            report.outcomes.extend(self._import_chunk(chunk))
            done += len(chunk)
            if progress:
                progress(done, len(items), chunk[-1].origin)
        if find_repeats and not report.cancelled:
            self._find_repeats_of(report.imported, progress, cancelled)
        return report

    def _find_repeats_of(
        self,
        outcomes: Sequence[ImportOutcome],
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        """The second step of an import: repeats of each new article's claims."""
        stored = [outcome for outcome in outcomes if outcome.article_id]
        for done, outcome in enumerate(stored, start=1):
            if cancelled and cancelled():
                return
            self._search_repeats(outcome)
            if progress:
                progress(done, len(stored), f"{REPEAT_SEARCH}{outcome.origin}")

    def _import_chunk(self, chunk: Sequence[ImportItem]) -> list[ImportOutcome]:
        outcomes: list[ImportOutcome] = []
        fresh: list[tuple[ImportOutcome, Document, str]] = []
        for item in chunk:
            outcome = ImportOutcome(origin=item.origin)
            outcomes.append(outcome)
            try:
                document = item.read()
            except ReadError as exc:
                outcome.error = str(exc)
                continue
            fresh.append((outcome, document, content_hash(document.text)))
        new, copies = self._without_duplicates(fresh)
        claims = self.extractor.extract_batch([document.text for _, document, _ in new])
        for (outcome, document, digest), extracted in zip(new, claims, strict=True):
            self._store_article(outcome, document, digest, extracted)
        for copy, original in copies:
            copy.duplicate_of = original.article_id or original.duplicate_of
        return outcomes

    def _without_duplicates(
        self, fresh: list[tuple[ImportOutcome, Document, str]]
    ) -> tuple[
        list[tuple[ImportOutcome, Document, str]], list[tuple[ImportOutcome, ImportOutcome]]
    ]:
        """The documents to store, and the copies of one of them within this chunk."""
        with self.store.reading() as session:
            stored = queries.existing_hashes(session, [digest for _, _, digest in fresh])
        new, copies, first_seen = [], [], {}
        for outcome, document, digest in fresh:
            if digest in stored:
                outcome.duplicate_of = stored[digest]
            elif digest in first_seen:
                copies.append((outcome, first_seen[digest]))
            else:
                first_seen[digest] = outcome
                new.append((outcome, document, digest))
        return new, copies

    def _store_article(
        self,
        outcome: ImportOutcome,
        document: Document,
        digest: str,
        extracted: list[ExtractedClaim],
    ) -> None:
        """One article with its claims, in one transaction."""
        try:
            with self.store.transaction() as session:
                article = _new_article(document, digest)
                article.claims = [_new_claim(claim) for claim in extracted]
                session.add(article)
                session.flush()
                self._audit(session, "article", article.id, "import", None, None, document.origin)
        except IntegrityError:
            with self.store.reading() as session:
                outcome.duplicate_of = queries.existing_hashes(session, [digest]).get(digest)
            if outcome.duplicate_of is None:
                raise
            return
        outcome.article_id, outcome.title = article.id, article.title
        outcome.claims, outcome.words = len(extracted), article.word_count

    def _link_repeats(self, session: Session, outcome: ImportOutcome, claim_ids: list[int]) -> None:
        """Record where the new claims repeat stored ones; link the sure same-claim cases."""
        for repeat in link.find_repeats(session, claim_ids, self.settings.score_threshold):
            altered = repeat.judgement.outcome is Outcome.ALTERED
            automatic = repeat.automatic and _untouched(session.get_one(Claim, repeat.claim_id))
            session.add(
                Match(
                    claim_id=repeat.claim_id,
                    other_claim_id=repeat.other_claim_id,
                    group_id=repeat.other_group_id,
                    score=repeat.judgement.similarity,
                    method=link.METHOD,
                    kind=MatchKind.ALTERED if altered else MatchKind.SAME,
                    state=MatchState.CONFIRMED if automatic else MatchState.SUGGESTED,
                    reason="; ".join(repeat.judgement.differences),
                )
            )
            if automatic:
                self._join_group(session, repeat.claim_id, repeat.other_group_id)
                outcome.linked += 1
            elif altered:
                outcome.altered += 1
            else:
                outcome.suggested += 1

    def _join_group(self, session: Session, claim_id: int, group_id: int) -> None:
        """Move an untouched claim into an earlier fact-check; its own, now empty, goes."""
        self._move(session, session.get_one(Claim, claim_id), session.get_one(ClaimGroup, group_id))

    def import_seeds_if_new(self) -> ImportReport | None:
        """Load the sample articles into a desk that was created just now."""
        if not self.store.created:
            return None
        with self.store.reading() as session:
            if queries.count_articles(session):
                return None
        return self.import_paths([config.seeds_dir()])

    # --- reading ------------------------------------------------------------------------

    def articles(self, min_score: float = 0.0) -> list[ArticleRow]:
        """Every article, counting its claims that score at least `min_score`."""
        with self.store.reading() as session:
            return queries.list_articles(session, min_score)

    def claims(self, claim_filter: ClaimFilter) -> list[ClaimRow]:
        with self.store.reading() as session:
            return queries.list_claims(session, claim_filter)

    def claim(self, claim_id: int) -> ClaimRow:
        with self.store.reading() as session:
            row = queries.claim_detail(session, claim_id)
        if row is None:
            raise NotFoundError(f"there is no claim {claim_id}")
        return row

    def history(self, claim_id: int | None = None) -> list[EventRow]:
        if claim_id is not None:
            self.claim(claim_id)
        with self.store.reading() as session:
            return queries.history(session, claim_id)

    def scale(self) -> ScaleRow:
        """The desk's active rating scale."""
        with self.store.reading() as session:
            return queries.active_scale(session)

    def scale_names(self) -> list[str]:
        with self.store.reading() as session:
            return list(session.scalars(select(RatingScale.name).order_by(RatingScale.id)))

    def use_scale(self, name: str) -> ScaleRow:
        """Make `name` the desk's rating scale; verdicts already given keep their labels."""
        with self.store.transaction() as session:
            scales = session.scalars(select(RatingScale)).all()
            chosen = next((scale for scale in scales if scale.name == name), None)
            if chosen is None:
                raise NotFoundError(f"there is no rating scale {name!r}")
            previous = next((scale for scale in scales if scale.active), None)
            if previous is not chosen:
                for scale in scales:
                    scale.active = scale is chosen
                old = previous.name if previous else None
                self._audit(session, "scale", chosen.id, "update", "active", old, chosen.name)
        return self.scale()

    def article_text(self, article_id: int) -> str:
        with self.store.reading() as session:
            text = queries.article_text(session, article_id)
        if text is None:
            raise NotFoundError(f"there is no article {article_id}")
        return text

    # --- repeated claims ----------------------------------------------------------------

    def repeats(self) -> tuple[list[queries.RepeatedGroup], list[queries.AlteredPair]]:
        """Fact-checks seen in more than one place, and the altered copies found."""
        with self.store.reading() as session:
            return queries.repeated_groups(session), queries.altered_pairs(session)

    def find_repeats(self, article_id: int) -> ImportOutcome:
        """Look again for repeats of an article's claims (after more imports, or an upgrade)."""
        with self.store.reading() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFoundError(f"there is no article {article_id}")
            outcome = ImportOutcome(article.origin, article.id, article.title, len(article.claims))
        self._search_repeats(outcome)
        return outcome

    def _search_repeats(self, outcome: ImportOutcome) -> None:
        """Link, suggest or flag the repeats of a stored article's claims, counting in `outcome`."""
        with self.store.transaction() as session:
            claim_ids = session.scalars(
                select(Claim.id).where(Claim.article_id == outcome.article_id)
            )
            self._link_repeats(session, outcome, list(claim_ids))

    def suggestions(self) -> list[queries.MatchPair]:
        """Possible same claims waiting for a person to confirm or reject them."""
        with self.store.reading() as session:
            return queries.suggested_pairs(session)

    def confirm(self, match_id: int) -> LinkChange:
        """Agree with a repeat: a same claim joins the other's fact-check (and its verdict);
        an altered copy stays apart, marked as confirmed."""
        with self.store.transaction() as session:
            match = self._match(session, match_id)
            moves = self._merge_pair(session, match) if match.kind is MatchKind.SAME else ()
            return LinkChange(self._decide(session, match, MatchState.CONFIRMED), moves)

    def reject(self, match_id: int) -> LinkChange:
        """Disagree with a repeat; it is never suggested again. Claims that this match
        had put in one fact-check are parted."""
        with self.store.transaction() as session:
            match = self._match(session, match_id)
            claim = self._claim(session, match.claim_id)
            other = self._claim(session, match.other_claim_id or 0)
            if match.kind is MatchKind.SAME and claim.group_id == other.group_id:
                return self._part(session, claim)
            return LinkChange(self._decide(session, match, MatchState.REJECTED))

    def unlink(self, claim_id: int) -> LinkChange:
        """Take a claim out of a shared fact-check into one of its own: it is not the same
        claim as the others, and will not be suggested with them again."""
        with self.store.transaction() as session:
            return self._part(session, self._claim(session, claim_id))

    def revert(self, change: LinkChange) -> None:
        """Undo a confirm, reject or unlink: claims go back, decisions are as they were."""
        with self.store.transaction() as session:
            recreated: dict[int, ClaimGroup] = {}
            for move in reversed(change.moves):
                claim = self._claim(session, move.claim_id)
                group = session.get(ClaimGroup, move.from_group) or recreated.setdefault(
                    move.from_group, ClaimGroup(canonical_text=claim.text)
                )
                self._move(session, claim, group, action="revert")
            for state in reversed(change.states):
                match = session.get(Match, state.match_id)
                if match is None:
                    continue
                if state.before is None:
                    session.delete(match)
                    after = state.after.value
                    self._audit(session, "match", match.id, "revert", "state", after, None)
                else:
                    self._decide(session, match, state.before, action="revert")

    def _match(self, session: Session, match_id: int) -> Match:
        match = session.get(Match, match_id)
        if match is None or match.other_claim_id is None:
            raise NotFoundError(f"there is no suggested repeat {match_id}")
        return match

    def _decide(
        self, session: Session, match: Match, state: MatchState, action: str | None = None
    ) -> tuple[StateChange, ...]:
        if match.state is state:
            return ()
        before, match.state = match.state, state
        self._audit(
            session, "match", match.id, action or state.value, "state", before.value, state.value
        )
        return (StateChange(match.id, before, state),)

    def _merge_pair(self, session: Session, match: Match) -> tuple[Move, ...]:
        """Put the two claims of a same-claim match in one fact-check.

        The fact-check nobody has worked on joins the other; when both hold work
        (a status, verdict, conclusion, sources or tags), merging would lose some,
        so the person is asked to clear one first.
        """
        claim = self._claim(session, match.claim_id)
        other = self._claim(session, match.other_claim_id or 0)
        if claim.group_id == other.group_id:
            return ()
        if _untouched_group(claim.group):
            source, target = claim.group, other.group
        elif _untouched_group(other.group):
            source, target = other.group, claim.group
        else:
            raise WorkbenchError(
                f"claims {claim.id} and {other.id} both have a fact-check with work in it; "
                "clear one of them before confirming that they are the same claim"
            )
        return tuple(self._move(session, member, target) for member in list(source.claims))

    def _part(self, session: Session, claim: Claim) -> LinkChange:
        """Move `claim` to a fact-check of its own, rejecting its pairs with the others."""
        others = [member for member in claim.group.claims if member.id != claim.id]
        if not others:
            raise WorkbenchError(f"claim {claim.id} is alone in its fact-check: nothing to unlink")
        states: list[StateChange] = []
        recorded = {
            frozenset((match.claim_id, match.other_claim_id)): match
            for match in session.scalars(
                select(Match).where(
                    Match.kind == MatchKind.SAME,
                    (Match.claim_id == claim.id) | (Match.other_claim_id == claim.id),
                )
            )
        }
        for other in others:
            match = recorded.get(frozenset((claim.id, other.id)))
            if match is None:
                match = self._rejected_pair(session, claim, other)
                states.append(StateChange(match.id, None, MatchState.REJECTED))
            else:
                states.extend(self._decide(session, match, MatchState.REJECTED))
        own = ClaimGroup(canonical_text=claim.text)
        move = self._move(session, claim, own, action="unlink")
        return LinkChange(tuple(states), (move,))

    def _rejected_pair(self, session: Session, claim: Claim, other: Claim) -> Match:
        """Record that a person parted two claims, so that no search proposes them again."""
        match = Match(
            claim_id=claim.id,
            other_claim_id=other.id,
            group_id=other.group_id,
            score=similarity(claim.text, other.text),
            method=PERSON,
            kind=MatchKind.SAME,
            state=MatchState.REJECTED,
        )
        session.add(match)
        session.flush()
        rejected = MatchState.REJECTED.value
        self._audit(session, "match", match.id, "reject", "state", None, rejected)
        return match

    def _move(
        self, session: Session, claim: Claim, group: ClaimGroup, action: str = "link"
    ) -> Move:
        """Put a claim in another fact-check; its old one goes if nothing is left in it.

        The move goes through the relationship, so that the old group's list of
        claims empties in the session too; matches that named the old group name
        the new one, since deleting a group deletes the matches naming it.
        """
        own = claim.group
        claim.group = group
        session.flush()
        self._audit(session, "claim", claim.id, action, "group", str(own.id), str(group.id))
        if not own.claims:
            session.execute(update(Match).where(Match.group_id == own.id).values(group_id=group.id))
            session.delete(own)
        return Move(claim.id, own.id, group.id)

    def match(self, claim_text: str, top: int = 5) -> list[MatchRow]:
        """The stored claims most like `claim_text`, best first: the match index's
        candidates re-ranked by the shipped model."""
        with self.store.reading() as session:
            found = rerank.search(session, claim_text, top)
            ids = tuple(candidate.claim_id for candidate in found)
            rows = {row.id: row for row in queries.list_claims(session, ClaimFilter(ids=ids))}
        return [
            MatchRow(
                rows[candidate.claim_id],
                candidate.relevance,
                similarity(claim_text, rows[candidate.claim_id].text),
            )
            for candidate in found
            if candidate.claim_id in rows
        ]

    # --- desk table and dashboard -------------------------------------------------------

    def desk_page(self, query: queries.DeskQuery, offset: int, limit: int) -> list[queries.DeskRow]:
        """One page of the desk table: every claim of every article, filtered and sorted."""
        with self.store.reading() as session:
            return queries.desk_page(session, query, offset, limit)

    def desk_count(self, query: queries.DeskQuery) -> int:
        with self.store.reading() as session:
            return queries.desk_count(session, query)

    def overview(self, until: date | None = None) -> queries.DeskOverview:
        """The dashboard's counts, with the weekly figures up to `until` (default today)."""
        with self.store.reading() as session:
            return queries.desk_overview(session, until)

    # --- verdicts -----------------------------------------------------------------------

    def rate(self, claim_id: int, verdict: Verdict) -> ClaimRow:
        """Change a claim's fact-check; every changed field goes into the audit trail."""
        status = parse_status(verdict.status) if verdict.status is not None else None
        sources = [SourceInput(url).checked() for url in verdict.sources]
        with self.store.transaction() as session:
            claim = self._claim(session, claim_id)
            group = claim.group
            if verdict.rating is not None:
                self._set_rating(session, group, verdict.rating)
            if verdict.conclusion is not None:
                self._set_conclusion(session, group, verdict.conclusion)
            if status is not None:
                self._set_status(session, claim, status)
            if verdict.tags is not None:
                self._set_tags(session, group, verdict.tags)
            for source in sources:
                self._add_source(session, group, source)
            group.reviewer = self.settings.reviewer
        return self.claim(claim_id)

    def add_source(self, claim_id: int, source: SourceInput) -> int:
        """Attach a source to the claim's fact-check; returns the new source's id."""
        source = source.checked()
        with self.store.transaction() as session:
            group = self._claim(session, claim_id).group
            return self._add_source(session, group, source).id

    def update_source(self, source_id: int, source: SourceInput) -> None:
        source = source.checked()
        with self.store.transaction() as session:
            stored = self._source(session, source_id)
            for name in ("url", "title", "publisher", "quote", "accessed", "note"):
                old, new = getattr(stored, name), getattr(source, name)
                if old != new:
                    self._audit(
                        session,
                        "group",
                        stored.group_id,
                        "update",
                        f"source.{name}",
                        _text(old),
                        _text(new),
                    )
                    setattr(stored, name, new)

    def remove_source(self, source_id: int) -> SourceInput:
        """Delete a source; returns it as it was, so that the removal can be undone."""
        with self.store.transaction() as session:
            stored = self._source(session, source_id)
            removed = SourceInput(
                stored.url,
                stored.title,
                stored.publisher,
                stored.quote,
                stored.accessed,
                stored.note,
            )
            self._audit(session, "group", stored.group_id, "remove", "source", stored.url, None)
            session.delete(stored)
        return removed

    def _claim(self, session: Session, claim_id: int) -> Claim:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFoundError(f"there is no claim {claim_id}")
        return claim

    def _source(self, session: Session, source_id: int) -> Source:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFoundError(f"there is no source {source_id}")
        return source

    def _add_source(self, session: Session, group: ClaimGroup, source: SourceInput) -> Source:
        stored = Source(
            url=source.url,
            title=source.title,
            publisher=source.publisher,
            quote=source.quote,
            accessed=source.accessed,
            note=source.note,
        )
        group.sources.append(stored)
        session.flush()
        self._audit(session, "group", group.id, "add", "source", None, source.url)
        return stored

    def _set_tags(self, session: Session, group: ClaimGroup, names: tuple[str, ...]) -> None:
        wanted = list(dict.fromkeys(name.strip() for name in names if name.strip()))
        current = [tag.name for tag in group.tags]
        if sorted(wanted) == sorted(current):
            return
        existing = {
            tag.name: tag for tag in session.scalars(select(Tag).where(Tag.name.in_(wanted)))
        }
        group.tags = [existing.get(name) or Tag(name=name) for name in wanted]
        self._audit(
            session, "group", group.id, "update", "tags", ", ".join(current), ", ".join(wanted)
        )

    def _set_conclusion(self, session: Session, group: ClaimGroup, conclusion: str) -> None:
        if conclusion != group.conclusion:
            self._audit(
                session, "group", group.id, "update", "conclusion", group.conclusion, conclusion
            )
            group.conclusion = conclusion

    def _set_status(self, session: Session, claim: Claim, status: Status) -> None:
        """Checked and published fact-checks must say what was found."""
        group = claim.group
        if status == group.status:
            return
        if status.needs_verdict and group.rating is None and not group.conclusion.strip():
            raise WorkbenchError(
                f"claim {claim.id} needs a rating or a written conclusion "
                f"before it can be {status.value}"
            )
        self._audit(
            session, "group", group.id, "update", "status", group.status.value, status.value
        )
        group.status = status

    def _set_rating(self, session: Session, group: ClaimGroup, name: str) -> None:
        """Set the rating by its label on the desk's scale; an empty name clears it."""
        if not name.strip():
            if group.rating is not None:
                self._audit(session, "group", group.id, "update", "rating", group.rating.name, None)
                group.rating = None
            return
        scale = self.store.active_scale(session)
        label = next(
            (lab for lab in scale.labels if lab.name.casefold() == name.strip().casefold()), None
        )
        if label is None:
            names = ", ".join(lab.name for lab in scale.labels)
            raise WorkbenchError(f"{name!r} is not a rating on the {scale.name} ({names})")
        if group.rating_id != label.id:
            old = group.rating.name if group.rating else None
            self._audit(session, "group", group.id, "update", "rating", old, label.name)
            group.rating = label

    def _audit(
        self,
        session: Session,
        entity: str,
        entity_id: int,
        action: str,
        field_name: str | None,
        old: str | None,
        new: str | None,
    ) -> None:
        session.add(
            AuditEvent(
                actor=self.settings.reviewer,
                entity=entity,
                entity_id=entity_id,
                action=action,
                field=field_name,
                old_value=old,
                new_value=new,
            )
        )

    # --- reports ------------------------------------------------------------------------

    def export(
        self,
        options: ReportOptions,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ExportResult:
        """Write a verdict report of `options.scope` to `options.output`, whole or not at all.

        Claims scoring under the desk's threshold are left out, unless someone worked
        on them or the scope names them, or the scope sets its own `min_score`.
        """
        from workbench.reports.export import export_report  # Jinja2 loads on first export

        if options.scope.min_score is None:
            scope = replace(options.scope, min_score=self.settings.score_threshold)
            options = replace(options, scope=scope)
        return export_report(self.store, self.settings, options, progress, cancelled)


def items_for(targets: Iterable[str | Path]) -> list[ImportItem]:
    """What to read for each target: a web address, a file, or every file in a folder."""
    items: list[ImportItem] = []
    for target in targets:
        if isinstance(target, str) and target.lower().startswith(("http://", "https://")):
            items.append(ImportItem(target, lambda url=target: read_url(url)))
            continue
        items.extend(
            ImportItem.failed(path)
            if isinstance(path, ReadError)
            else ImportItem(str(path), lambda path=path: read_file(path))
            for path in expand_paths([Path(target)])
        )
    return items


def parse_status(value: str) -> Status:
    """'In progress', 'in-progress' and 'in_progress' all name the same status."""
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Status(key)
    except ValueError:
        names = ", ".join(status.value for status in Status)
        raise WorkbenchError(f"{value!r} is not a status ({names})") from None


def checked_url(url: str) -> str:
    """A source address must be a web address: http or https with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise WorkbenchError(f"{url!r} is not a web address (http:// or https://)")
    return url.strip()


def _untouched(claim: Claim) -> bool:
    """The claim alone in a fact-check nobody has worked on: linking it elsewhere loses
    nothing."""
    return len(claim.group.claims) == 1 and _untouched_group(claim.group)


def _untouched_group(group: ClaimGroup) -> bool:
    """Nobody has worked on the fact-check: no status, verdict, conclusion, sources or tags."""
    return (
        group.status is Status.UNCHECKED
        and group.rating_id is None
        and not group.conclusion
        and not group.sources
        and not group.tags
    )


def _copies(count: int) -> str:
    return "copy" if count == 1 else "copies"


def _text(value: object) -> str | None:
    """A field value as the audit trail stores it."""
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _new_article(document: Document, digest: str) -> Article:
    return Article(
        title=document.title,
        outlet=document.outlet,
        byline=document.byline,
        url=document.url,
        published=document.published,
        origin=document.origin,
        origin_kind=document.origin_kind,
        text=document.text,
        content_hash=digest,
        word_count=word_count(document.text),
    )


def _new_claim(extracted: ExtractedClaim) -> Claim:
    return Claim(
        group=ClaimGroup(canonical_text=extracted.text),
        text=extracted.text,
        start=extracted.start,
        end=extracted.end,
        spans=[list(span) for span in extracted.spans],
        score=extracted.score,
        reasons=[reason.as_dict() for reason in extracted.reasons],
        speaker=extracted.speaker,
        kind=extracted.kind,
        entities=extracted.entities,
        numbers=extracted.numbers,
        dates=extracted.dates,
        **matching_columns(extracted.text),
    )


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
