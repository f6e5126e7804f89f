"""Word pairs in the match index; masked wording in alphabetical order

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 09:00:00

`claim.word_pairs` holds the claim's neighbouring content words, each pair as one
token, as `workbench.matching.index.word_pairs` writes them. The match index
holds them beside the claim's words and its article's title, so that the repeat
search finds a copy by words it keeps side by side even when each of them is
common ("going to vote"):

- SQLite: the FTS5 table gets a third column; an FTS5 table cannot gain one, so
  it is made again, with its triggers, and filled from the claims.
- PostgreSQL: `claim_match_vector` takes the pairs too (weight C), the triggers
  follow a change of them, and every claim's vector is written again.

`claim.masked_text` (0006) is written again with its words in alphabetical
order, as `compare.masked` now writes it: judge compares the words in any order,
and sorted once when stored they are not sorted again for every search.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workbench.matching.compare import masked
from workbench.matching.index import word_pairs
from workbench.store.backfill import fill_from_text

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_TRIGGERS = ("insert", "delete", "update", "title")


def sqlite_index(extra: Sequence[str]) -> list[str]:
    """The FTS5 match index over the claim's text, its article's title and the claim's
    `extra` columns, its triggers, and its filling from the stored claims."""
    indexed = ", ".join(["match_text", "context", *extra])
    claim_columns = ["match_text", *extra]
    inserted = ", ".join(
        ["new.match_text", "(SELECT title FROM article WHERE id = new.article_id)"]
        + [f"new.{column}" for column in extra]
    )
    stored = ", ".join(["claim.match_text", "article.title"] + [f"claim.{c}" for c in extra])
    updated = ", ".join(f"{column} = new.{column}" for column in claim_columns)
    return [
        f"CREATE VIRTUAL TABLE claim_match_index USING fts5({indexed}, "
        "tokenize='porter unicode61 remove_diacritics 2')",
        "CREATE TRIGGER claim_match_index_insert AFTER INSERT ON claim BEGIN "
        f"INSERT INTO claim_match_index(rowid, {indexed}) VALUES (new.id, {inserted}); END",
        "CREATE TRIGGER claim_match_index_delete AFTER DELETE ON claim BEGIN "
        "DELETE FROM claim_match_index WHERE rowid = old.id; END",
        f"CREATE TRIGGER claim_match_index_update AFTER UPDATE OF {', '.join(claim_columns)} "
        f"ON claim BEGIN UPDATE claim_match_index SET {updated} WHERE rowid = new.id; END",
        "CREATE TRIGGER claim_match_index_title AFTER UPDATE OF title ON article BEGIN "
        "UPDATE claim_match_index SET context = new.title "
        "WHERE rowid IN (SELECT id FROM claim WHERE article_id = new.id); END",
        f"INSERT INTO claim_match_index(rowid, {indexed}) SELECT claim.id, {stored} "
        "FROM claim JOIN article ON article.id = claim.article_id",
    ]


def postgresql_index(with_pairs: bool) -> list[str]:
    """`claim_match_vector` with or without the word pairs, the trigger functions and
    the update trigger that call it, and every claim's vector written again. The
    pairs go through the same text search configuration as the query that asks
    for them, so a pair token reads the same on both sides."""
    pairs = ", claim.word_pairs" if with_pairs else ""
    new_pairs = ", NEW.word_pairs" if with_pairs else ""
    parameters = "match_text text, title text" + (", word_pairs text" if with_pairs else "")
    pair_vector = (
        " || setweight(to_tsvector('english'::regconfig, coalesce(word_pairs, '')), 'C')"
        if with_pairs
        else ""
    )
    watched = ["match_text", "article_id", *(["word_pairs"] if with_pairs else [])]
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in watched)
    return [
        f"CREATE FUNCTION claim_match_vector({parameters}) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        "SELECT setweight(to_tsvector('english'::regconfig, coalesce(match_text, '')), 'A') "
        "|| setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'B')"
        f"{pair_vector} $$",
        "CREATE OR REPLACE FUNCTION claim_match_index_claim() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO claim_match_index (claim_id, vector) "
        f"SELECT NEW.id, claim_match_vector(NEW.match_text, article.title{new_pairs}) "
        "FROM article WHERE article.id = NEW.article_id "
        "ON CONFLICT (claim_id) DO UPDATE SET vector = EXCLUDED.vector; "
        "RETURN NULL; END $$",
        "CREATE OR REPLACE FUNCTION claim_match_index_title() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE claim_match_index SET vector = "
        f"claim_match_vector(claim.match_text, NEW.title{pairs}) "
        "FROM claim WHERE claim.article_id = NEW.id AND claim_match_index.claim_id = claim.id; "
        "RETURN NULL; END $$",
        "DROP TRIGGER claim_match_index_update ON claim",
        f"CREATE TRIGGER claim_match_index_update AFTER UPDATE OF {', '.join(watched)} ON claim "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION claim_match_index_claim()",
        "UPDATE claim_match_index SET vector = "
        f"claim_match_vector(claim.match_text, article.title{pairs}) "
        "FROM claim JOIN article ON article.id = claim.article_id "
        "WHERE claim_match_index.claim_id = claim.id",
    ]


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("word_pairs", sa.Text(), nullable=False, server_default=""))
    fill_from_text(op.get_bind(), "word_pairs", word_pairs)
    fill_from_text(op.get_bind(), "masked_text", masked)
    _replace_index(with_pairs=True)


def downgrade() -> None:
    _replace_index(with_pairs=False)
    op.drop_column("claim", "word_pairs")


def _replace_index(with_pairs: bool) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS claim_match_index_{trigger}")
        op.execute("DROP TABLE IF EXISTS claim_match_index")
        for statement in sqlite_index(["word_pairs"] if with_pairs else []):
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in postgresql_index(with_pairs):
            op.execute(statement)
        replaced = "text, text" if with_pairs else "text, text, text"
        op.execute(f"DROP FUNCTION claim_match_vector({replaced})")
