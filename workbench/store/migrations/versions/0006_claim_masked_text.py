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
from workbench.store.backfill import fill_from_text

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("masked_text", sa.Text(), nullable=False, server_default=""))
    fill_from_text(op.get_bind(), "masked_text", masked)


def downgrade() -> None:
    op.drop_column("claim", "masked_text")
