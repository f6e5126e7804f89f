"""The database on a real SQLite file: pragmas, migrations, presets, constraints."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError

from workbench import config
from workbench.errors import StoreError
from workbench.matching import index
from workbench.matching.compare import masked
from workbench.store import queries
from workbench.store.db import MIGRATIONS_DIR, SCHEMA_REVISION, _alembic_config, open_store
from workbench.store.models import Article, Claim, ClaimGroup, OriginKind, RatingScale
from workbench.store.queries import DeskQuery


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


def stored_claim(text_: str) -> Article:
    stored = article(content_hash=text_.ljust(64, "x")[:64])
    stored.claims = [
        Claim(group=ClaimGroup(canonical_text=text_), text=text_, start=0, end=1, score=0.5)
    ]
    return stored


def matching_texts(store, words: str) -> list[str]:
    with store.reading() as session:
        return [row.text for row in queries.desk_page(session, DeskQuery(search=words), 0, 50)]


def test_the_claim_text_index_follows_inserts_updates_and_deletes(store):
    with store.transaction() as session:
        session.add_all([stored_claim("Exports rose by 14 percent"), stored_claim("Rain fell")])
    assert matching_texts(store, "EXPORTS 14") == ["Exports rose by 14 percent"]
    with store.transaction() as session:
        claim = session.scalar(select(Claim).where(Claim.text.startswith("Exports")))
        claim.text = "Imports fell by 3 percent"
    assert matching_texts(store, "exports") == []
    assert matching_texts(store, "ports fell") == ["Imports fell by 3 percent"]
    with store.transaction() as session:
        imports = session.scalar(select(Claim).where(Claim.text.startswith("Imports")))
        session.delete(imports.article)
    assert matching_texts(store, "fell") == ["Rain fell"]
    with store.reading() as session:
        left = session.scalar(select(func.count(Claim.id)))
        indexed = session.execute(text("select count(*) from claim_text_index")).scalar()
    assert left == indexed


OLD_CLAIM = "Unemployment fell to fourteen per cent in 2023."


def desk_at_first_revision(path: Path, write_old_claim) -> None:
    """A desk as the first release wrote it, with one claim, in plain SQL of that schema."""
    engine = create_engine(config.database_url(str(path)))
    alembic = Config()
    alembic.set_main_option("script_location", str(MIGRATIONS_DIR))
    alembic.attributes["engine"] = engine
    command.upgrade(alembic, "0001")
    write_old_claim(engine, OLD_CLAIM)


def test_an_older_database_is_backed_up_then_upgraded_with_its_claims_indexed(
    db_path, old_claim_writer
):
    desk_at_first_revision(db_path, old_claim_writer)
    upgraded = open_store(config.database_url(str(db_path)))
    try:
        assert matching_texts(upgraded, "unemployment") == [OLD_CLAIM]
        with upgraded.reading() as session:
            found = index.candidates(session, "unemployment 14% 2023")
            assert session.scalar(select(Claim.match_text)) == (
                "unemployment fell to 14 percent in 2023"
            )
            assert session.scalar(select(Claim.masked_text)) == masked(OLD_CLAIM)
            assert session.scalar(select(Claim.word_pairs)) == index.word_pairs(OLD_CLAIM)
        assert [candidate.claim_id for candidate in found] == [1]
    finally:
        upgraded.close()
    (backup,) = db_path.parent.glob("desk.before-upgrade-0001-*.db")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("select version_num from alembic_version").fetchone() == ("0001",)
        assert copy.execute("select text from claim").fetchall() == [(OLD_CLAIM,)]
    reopened = open_store(config.database_url(str(db_path)))
    reopened.close()
    assert len(list(db_path.parent.glob("desk.before-upgrade-*"))) == 1


def test_the_schema_revision_is_the_newest_migration():
    alembic = Config()
    alembic.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(alembic).get_current_head() == SCHEMA_REVISION


def test_the_migrated_schema_matches_the_models_on_each_backend(desk_url):
    """Autogenerate finds nothing to do: the hand-made search indexes are left out of the
    comparison, and the migrations agree with the models on SQLite and on PostgreSQL."""
    migrated = open_store(desk_url)
    try:
        command.check(_alembic_config(migrated.engine))
    finally:
        migrated.close()
