"""Each fact-check knows how many articles it was seen in, and its first claim

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 02:00:00

The desk table shows "seen in N articles", filters the fact-checks seen in
several, and can show one row per fact-check. Counting a group's claims for
every row of a large desk is too slow for that, so `claim_group` keeps the two
figures itself: `seen_in` (distinct articles of its claims) and
`first_claim_id` (its earliest claim). Triggers on `claim` keep them in step
whenever a claim is stored, deleted (a deleted article takes its claims), or
moves to another fact-check, on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("claim_group_seen_insert", "claim_group_seen_delete", "claim_group_seen_update")


def _recount(group: str) -> str:
    """SQL that sets both figures of the group whose id is the expression `group`."""
    return (
        "UPDATE claim_group SET "
        f"seen_in = (SELECT count(DISTINCT article_id) FROM claim WHERE group_id = {group}), "
        f"first_claim_id = (SELECT min(id) FROM claim WHERE group_id = {group}) "
        f"WHERE id = {group};"
    )


SQLITE_TRIGGERS = (
    f"CREATE TRIGGER claim_group_seen_insert AFTER INSERT ON claim BEGIN "
    f"{_recount('new.group_id')} END",
    f"CREATE TRIGGER claim_group_seen_delete AFTER DELETE ON claim BEGIN "
    f"{_recount('old.group_id')} END",
    f"CREATE TRIGGER claim_group_seen_update AFTER UPDATE OF group_id, article_id ON claim BEGIN "
    f"{_recount('old.group_id')} {_recount('new.group_id')} END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION claim_group_seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_recount('OLD.group_id')} END IF; "
    f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {_recount('NEW.group_id')} END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER claim_group_seen_insert AFTER INSERT ON claim "
    "FOR EACH ROW EXECUTE FUNCTION claim_group_seen()",
    "CREATE TRIGGER claim_group_seen_delete AFTER DELETE ON claim "
    "FOR EACH ROW EXECUTE FUNCTION claim_group_seen()",
    "CREATE TRIGGER claim_group_seen_update AFTER UPDATE OF group_id, article_id ON claim "
    "FOR EACH ROW WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id "
    "OR OLD.article_id IS DISTINCT FROM NEW.article_id) "
    "EXECUTE FUNCTION claim_group_seen()",
)


def upgrade() -> None:
    with op.batch_alter_table("claim_group") as batch:
        batch.add_column(sa.Column("seen_in", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("first_claim_id", sa.Integer(), nullable=True))
        batch.create_index("ix_claim_group_seen_in", ["seen_in"])
    op.execute(
        "UPDATE claim_group SET "
        "seen_in = (SELECT count(DISTINCT article_id) FROM claim "
        "WHERE claim.group_id = claim_group.id), "
        "first_claim_id = (SELECT min(id) FROM claim WHERE claim.group_id = claim_group.id)"
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for trigger in TRIGGERS:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON claim")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS claim_group_seen()")
    with op.batch_alter_table("claim_group") as batch:
        batch.drop_index("ix_claim_group_seen_in")
        batch.drop_column("first_claim_id")
        batch.drop_column("seen_in")
