"""Filling a claim column that is derived from the claim's text, for the claims already stored.

A migration that adds such a column (`match_text`, `masked_text`) fills it here,
a chunk of claims at a time, so that a desk of a million claims is upgraded
without holding them all in memory.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import Connection

#: Claims read and written at once.
CHUNK = 5_000


def fill_from_text(connection: Connection, column: str, derive: Callable[[str], str]) -> None:
    """Set `claim.<column>` to `derive(claim.text)` for every stored claim."""
    claim = sa.table(
        "claim", sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column(column, sa.Text)
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
            .values({column: sa.bindparam("derived")}),
            [{"claim_id": row.id, "derived": derive(row.text)} for row in rows],
        )
        last = rows[-1].id
