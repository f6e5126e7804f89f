"""Each claim's wording as the repeat judge compares it, stored beside its normalised text

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 07:00:00

`claim.masked_text` holds the claim as `workbench.matching.compare.masked` writes
it: normalised, with numbers, names and negations masked. The repeat search
ranks several hundred candidates by it for every new claim; masking them at
query time cost more than the rest of the search.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workbench.matching.compare import masked

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 5_000


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("masked_text", sa.Text(), nullable=False, server_default=""))
    _fill_masked_text()


def _fill_masked_text() -> None:
    """Mask the claims already stored, a chunk at a time, from their text as `judge` does."""
    connection = op.get_bind()
    claim = sa.table(
        "claim",
        sa.column("id", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("masked_text", sa.Text),
    )
    last = 0
    while rows := connection.execute(
        sa.select(claim.c.id, claim.c.text)
        .where(claim.c.id > last)
        .order_by(claim.c.id)
        .limit(CHUNK)
    ).all():
        connection.execute(
            sa.update(claim)
            .where(claim.c.id == sa.bindparam("claim_id"))
            .values(masked_text=sa.bindparam("wording")),
            [{"claim_id": row.id, "wording": masked(row.text)} for row in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("masked_text")
