"""Filling a derived claim column for the claims already stored, chunk after chunk."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from workbench.store import backfill


def test_every_claim_is_filled_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(backfill, "CHUNK", 2)
    engine = create_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE claim (id INTEGER PRIMARY KEY, text TEXT, shout TEXT)")
        )
        connection.execute(
            text("INSERT INTO claim (id, text, shout) VALUES (:id, :text, '')"),
            [{"id": number, "text": f"claim {number}"} for number in (1, 2, 5, 7, 9)],
        )
        backfill.fill_from_text(connection, "shout", str.upper)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, shout FROM claim ORDER BY id")).all()
    assert rows == [(n, f"CLAIM {n}") for n in (1, 2, 5, 7, 9)]
