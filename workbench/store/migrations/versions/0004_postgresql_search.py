"""The search indexes of a PostgreSQL desk: trigram for the desk table, full text for matching

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 10:00:00

What 0002 and 0003 give a SQLite desk, with PostgreSQL's own indexes:

- A GIN trigram index (`pg_trgm`) on `claim.text`, which the desk table's
  `ILIKE '%word%'` search uses. Where the database cannot have the extension
  (not installed on the server, or the desk's role may not add it) the search
  still works, reading every claim, and the upgrade logs a warning saying so.
- `claim_match_index`: one row per claim with a `tsvector` of its normalised text
  (weight A) and its article's title (weight B), stemmed with the 'english'
  configuration, under a GIN index. Like the FTS5 table on SQLite it is its own
  narrow table, kept in step by triggers on claim and article (a deleted claim's
  row goes with it, by its foreign key), so ranking reads small rows. Its GIN
  index has no pending list (`fastupdate = off`): the repeat search reads the
  index right after every import's inserts, and a pending list would make each
  of those searches read it all until the next vacuum, for no faster inserts.

On SQLite this revision changes nothing.
"""

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)

TRIGRAM_INDEX = "ix_claim_text_trgm"
MATCH_STATEMENTS = (
    "CREATE FUNCTION claim_match_vector(match_text text, title text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT setweight(to_tsvector('english'::regconfig, coalesce(match_text, '')), 'A') "
    "|| setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'B') $$",
    "CREATE TABLE claim_match_index ("
    "claim_id integer PRIMARY KEY REFERENCES claim (id) ON DELETE CASCADE, "
    "vector tsvector NOT NULL)",
    "CREATE INDEX ix_claim_match_index_vector ON claim_match_index USING gin (vector) "
    "WITH (fastupdate = off)",
    # A claim's row, written when the claim is stored or its text or article changes.
    "CREATE FUNCTION claim_match_index_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO claim_match_index (claim_id, vector) "
    "SELECT NEW.id, claim_match_vector(NEW.match_text, article.title) "
    "FROM article WHERE article.id = NEW.article_id "
    "ON CONFLICT (claim_id) DO UPDATE SET vector = EXCLUDED.vector; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER claim_match_index_insert AFTER INSERT ON claim "
    "FOR EACH ROW EXECUTE FUNCTION claim_match_index_claim()",
    "CREATE TRIGGER claim_match_index_update AFTER UPDATE OF match_text, article_id ON claim "
    "FOR EACH ROW WHEN (OLD.match_text IS DISTINCT FROM NEW.match_text "
    "OR OLD.article_id IS DISTINCT FROM NEW.article_id) "
    "EXECUTE FUNCTION claim_match_index_claim()",
    # The rows of an article's claims, written again when its title changes.
    "CREATE FUNCTION claim_match_index_title() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE claim_match_index SET vector = claim_match_vector(claim.match_text, NEW.title) "
    "FROM claim WHERE claim.article_id = NEW.id AND claim_match_index.claim_id = claim.id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER claim_match_index_title AFTER UPDATE OF title ON article "
    "FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) "
    "EXECUTE FUNCTION claim_match_index_title()",
    "INSERT INTO claim_match_index (claim_id, vector) "
    "SELECT claim.id, claim_match_vector(claim.match_text, article.title) "
    "FROM claim JOIN article ON article.id = claim.article_id",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _create_trigram_index()
    for statement in MATCH_STATEMENTS:
        op.execute(statement)


def _create_trigram_index() -> None:
    """The trigram index of claim texts, if the server has (or lets this desk add) pg_trgm."""
    connection = op.get_bind()
    try:
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        log.warning(
            "the desk table's text search will read every claim: the database cannot use the "
            "pg_trgm extension (%s)",
            str(exc.orig).strip().splitlines()[0],
        )
        return
    op.execute(f"CREATE INDEX {TRIGRAM_INDEX} ON claim USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    """Remove the indexes; pg_trgm stays, as other objects in the database may use it."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS claim_match_index_title ON article")
    for trigger in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS claim_match_index_{trigger} ON claim")
    for function in ("claim_match_index_title", "claim_match_index_claim"):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.execute("DROP TABLE IF EXISTS claim_match_index")
    op.execute("DROP FUNCTION IF EXISTS claim_match_vector(text, text)")
    op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
