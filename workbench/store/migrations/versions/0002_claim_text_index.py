"""Full-text index of claim texts, for the desk's search on SQLite

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 22:50:00

An FTS5 table with the trigram tokenizer over `claim.text` (external content:
the text is stored once, in `claim`), kept in step by triggers. Trigrams make
any substring of three characters or more an index lookup, which is what the
desk's "contains these words" search needs. Other databases search without it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATEMENTS = (
    "CREATE VIRTUAL TABLE claim_text_index USING fts5("
    "text, content='claim', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER claim_text_index_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_text_index(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER claim_text_index_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_text_index(claim_text_index, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER claim_text_index_update AFTER UPDATE OF text ON claim BEGIN "
    "INSERT INTO claim_text_index(claim_text_index, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO claim_text_index(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO claim_text_index(claim_text_index) VALUES ('rebuild')",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_text_index_{trigger}")
        op.execute("DROP TABLE IF EXISTS claim_text_index")
