"""The normalised text of each claim, and on SQLite its BM25 index for matching

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 23:25:00

`claim.match_text` holds the claim as `workbench.matching.normalize` writes it.
On SQLite an FTS5 table (Porter stemming) indexes it beside the article's title,
with its own copy of both, kept in step by triggers on claim and article; the
repeated-claims search ranks its candidates with FTS5's BM25.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workbench.matching.normalize import normalize
from workbench.store.backfill import fill_from_text

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATEMENTS = (
    "CREATE VIRTUAL TABLE claim_match_index USING fts5("
    "match_text, context, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claim_match_index_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_match_index(rowid, match_text, context) VALUES "
    "(new.id, new.match_text, (SELECT title FROM article WHERE id = new.article_id)); END",
    "CREATE TRIGGER claim_match_index_delete AFTER DELETE ON claim BEGIN "
    "DELETE FROM claim_match_index WHERE rowid = old.id; END",
    "CREATE TRIGGER claim_match_index_update AFTER UPDATE OF match_text ON claim BEGIN "
    "UPDATE claim_match_index SET match_text = new.match_text WHERE rowid = new.id; END",
    "CREATE TRIGGER claim_match_index_title AFTER UPDATE OF title ON article BEGIN "
    "UPDATE claim_match_index SET context = new.title "
    "WHERE rowid IN (SELECT id FROM claim WHERE article_id = new.id); END",
)


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("match_text", sa.Text(), nullable=False, server_default=""))
    fill_from_text(op.get_bind(), "match_text", normalize)
    if op.get_bind().dialect.name == "sqlite":
        for statement in STATEMENTS:
            op.execute(statement)
        op.execute(
            "INSERT INTO claim_match_index(rowid, match_text, context) "
            "SELECT claim.id, claim.match_text, article.title "
            "FROM claim JOIN article ON article.id = claim.article_id"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update", "title"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_match_index_{trigger}")
        op.execute("DROP TABLE IF EXISTS claim_match_index")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("match_text")
