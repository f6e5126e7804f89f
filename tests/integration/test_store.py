"""The database on a real SQLite file: pragmas, migrations, presets, constraints."""

import sqlite3

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from workbench import config
from workbench.errors import StoreError
from workbench.store.db import open_store
from workbench.store.models import Article, Claim, ClaimGroup, OriginKind, RatingScale


@pytest.fixture
def store(db_path):
    opened = open_store(config.database_url(str(db_path)))
    yield opened
    opened.close()


def article(content_hash: str = "a" * 64) -> Article:
    return Article(
        title="T",
        origin="test",
        origin_kind=OriginKind.PASTED,
        text="Some text.",
        content_hash=content_hash,
    )


def test_new_file_gets_the_schema_and_says_it_was_created(store, db_path):
    assert store.created
    assert db_path.exists()
    tables = {row[0] for row in sqlite3.connect(db_path).execute("select name from sqlite_master")}
    assert {"article", "claim", "claim_group", "source", "match", "audit_event"} <= tables
    assert {"rating_scale", "rating_label", "tag", "alembic_version"} <= tables


def test_reopening_keeps_data_and_is_not_created_again(store, db_path):
    with store.transaction() as session:
        session.add(article())
    store.close()
    reopened = open_store(config.database_url(str(db_path)))
    try:
        assert not reopened.created
        with reopened.reading() as session:
            assert session.scalar(select(Article.title)) == "T"
    finally:
        reopened.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(store):
    with store.reading() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_preset_scales_with_one_active_default(store):
    with store.reading() as session:
        scales = session.scalars(select(RatingScale)).all()
        assert len(scales) == 3
        active = store.active_scale(session)
        assert [label.name for label in active.labels] == [
            "True",
            "Mostly True",
            "Half True",
            "Mostly False",
            "False",
            "Pants on Fire",
        ]
        assert (active.best, active.worst) == (5, 0)
        names = {scale.name: [label.name for label in scale.labels] for scale in scales}
        assert "Unproven" in names["Mixture and unproven scale"]
        assert names["Three-step scale"] == ["True", "Misleading", "False"]


def test_same_content_hash_cannot_be_stored_twice(store):
    with store.transaction() as session:
        session.add(article())
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(article())


def test_deleting_an_article_deletes_its_claims(store):
    with store.transaction() as session:
        stored = article()
        stored.claims = [
            Claim(group=ClaimGroup(canonical_text="x"), text="x", start=0, end=1, score=0.5)
        ]
        session.add(stored)
    with store.transaction() as session:
        session.delete(session.scalar(select(Article)))
    with store.reading() as session:
        assert session.scalars(select(Claim)).all() == []


def test_foreign_keys_are_enforced(store):
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.execute(
            text(
                'insert into claim (article_id, group_id, text, start, "end", spans, score,'
                " reasons, kind, entities, numbers, dates)"
                " values (999, 999, 'x', 0, 1, '[]', 0.5, '[]', 'statement', '[]', '[]', '[]')"
            )
        )


def test_database_from_a_newer_workbench_is_refused_clearly(store, db_path):
    store.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("update alembic_version set version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer version of the workbench"):
        open_store(config.database_url(str(db_path)))


def test_unopenable_database_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the database folder"):
        open_store(config.database_url(str(blocker / "sub" / "desk.db")))


def test_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database " * 20)
    with pytest.raises(StoreError, match=r"cannot open the database .*notes\.db"):
        open_store(config.database_url(str(bogus)))
