"""The desk's data model: articles, their claims, the fact-checks that hold verdicts.

A `Claim` is one occurrence of a statement in one article. The verdict lives on
its `ClaimGroup` (the fact-check), so when matching links a repeat to an earlier
group the repeat shows the earlier verdict. Every claim belongs to a group from
the moment it is imported.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Status(enum.StrEnum):
    """Where a fact-check stands in the desk's workflow (not the verdict)."""

    UNCHECKED = "unchecked"
    IN_PROGRESS = "in_progress"
    NEEDS_REVIEW = "needs_review"
    CHECKED = "checked"
    PUBLISHED = "published"
    DISMISSED = "dismissed"

    @property
    def needs_verdict(self) -> bool:
        return self in (Status.CHECKED, Status.PUBLISHED)


class ClaimKind(enum.StrEnum):
    STATISTIC = "statistic"
    QUOTE = "quote"
    COMPARISON = "comparison"
    PREDICTION = "prediction"
    EVENT = "event"
    STATEMENT = "statement"


class OriginKind(enum.StrEnum):
    FILE = "file"
    URL = "url"
    PASTED = "pasted"


class MatchKind(enum.StrEnum):
    SAME = "same"
    ALTERED = "altered"


class MatchState(enum.StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


def _enum(cls: type[enum.StrEnum]) -> Enum:
    """Store an enum as its readable value in a plain string column."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    outlet: Mapped[str | None] = mapped_column(String(200))
    byline: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[date | None] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    origin: Mapped[str] = mapped_column(String(2000))
    origin_kind: Mapped[OriginKind] = mapped_column(_enum(OriginKind))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    word_count: Mapped[int] = mapped_column(Integer, default=0)

    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Claim.start"
    )


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_article_start", "article_id", "start"),
        Index("ix_claim_score", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_group.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: Character offsets of the first occurrence in `Article.text`.
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    #: Every occurrence in the article as [start, end] pairs, the first one included.
    spans: Mapped[list[Any]] = mapped_column(default=list)
    score: Mapped[float] = mapped_column(Float)
    #: Signals behind the score: [{"signal", "weight", "detail"}], strongest first.
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    speaker: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[ClaimKind] = mapped_column(_enum(ClaimKind), default=ClaimKind.STATEMENT)
    #: Named entities: [{"text", "label", "start", "end"}], offsets into the article.
    entities: Mapped[list[Any]] = mapped_column(default=list)
    #: Numbers and quantities: [{"text", "value", "unit", "start", "end"}].
    numbers: Mapped[list[Any]] = mapped_column(default=list)
    #: Dates and times: [{"text", "start", "end"}].
    dates: Mapped[list[Any]] = mapped_column(default=list)
    #: The text as `workbench.matching.normalize` writes it, for repeated-claim matching.
    match_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The text as `workbench.matching.compare.masked` writes it (numbers, names and
    #: negations masked), so that the repeat search ranks candidates without masking them.
    masked_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Its neighbouring content words, each pair as one token
    #: (`workbench.matching.index.word_pairs`), which the match index holds.
    word_pairs: Mapped[str] = mapped_column(Text, default="", server_default="")

    article: Mapped[Article] = relationship(back_populates="claims")
    group: Mapped[ClaimGroup] = relationship(back_populates="claims")


group_tag = Table(
    "group_tag",
    Base.metadata,
    Column("group_id", ForeignKey("claim_group.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class ClaimGroup(Base):
    """A fact-check: the statement one or more claims repeat, and its verdict."""

    __tablename__ = "claim_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_text: Mapped[str] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.UNCHECKED, index=True)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("rating_label.id"))
    conclusion: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: How many articles its claims are in, and its earliest claim: kept by triggers
    #: on `claim` (migration 0005), so that the desk table need not count.
    seen_in: Mapped[int] = mapped_column(default=1, server_default="1", index=True)
    first_claim_id: Mapped[int | None] = mapped_column(Integer)

    claims: Mapped[list[Claim]] = relationship(back_populates="group")
    rating: Mapped[RatingLabel | None] = relationship()
    sources: Mapped[list[Source]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Source.id"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=group_tag, order_by="Tag.name")


class Source(Base):
    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_group.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500), default="")
    publisher: Mapped[str] = mapped_column(String(300), default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    accessed: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    group: Mapped[ClaimGroup] = relationship(back_populates="sources")


class Match(Base):
    """A suggested or decided link from a claim to another claim or a group."""

    __tablename__ = "match"
    __table_args__ = (UniqueConstraint("claim_id", "other_claim_id", name="uq_match_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    other_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(ForeignKey("claim_group.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(50))
    kind: Mapped[MatchKind] = mapped_column(_enum(MatchKind))
    state: Mapped[MatchState] = mapped_column(_enum(MatchState), default=MatchState.SUGGESTED)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only record of every change: who changed which field from what to what."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class RatingScale(Base):
    __tablename__ = "rating_scale"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    #: The desk's scale; exactly one scale is active.
    active: Mapped[bool] = mapped_column(Boolean, default=False)

    labels: Mapped[list[RatingLabel]] = relationship(
        back_populates="scale", cascade="all, delete-orphan", order_by="RatingLabel.position"
    )

    @property
    def best(self) -> int:
        return max(label.value for label in self.labels)

    @property
    def worst(self) -> int:
        return min(label.value for label in self.labels)


class RatingLabel(Base):
    """One step of a scale, with the number ClaimReview publishes for it."""

    __tablename__ = "rating_label"
    __table_args__ = (UniqueConstraint("scale_id", "name", name="uq_rating_label_scale_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scale.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")

    scale: Mapped[RatingScale] = relationship(back_populates="labels")
