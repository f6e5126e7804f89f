"""A desk on a real PostgreSQL server: its migrations, search indexes, imports and CLI.

The repeated-claim tests (test_matching.py, test_repeats.py) run on PostgreSQL
too; this module holds what only a server desk has: the trigram index of the
desk table's search, the trigger-kept match table, and their upgrade path.
"""

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, event, func, select, text, update
from sqlalchemy.engine import make_url

from workbench.errors import StoreError
from workbench.matching import index
from workbench.matching.compare import masked
from workbench.services import Desk
from workbench.store import queries
from workbench.store.db import SCHEMA_REVISION, _alembic_config, open_store
from workbench.store.models import Article, Claim
from workbench.store.queries import ClaimFilter, DeskQuery

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "seeds" / "000_0a75df98240e711f.txt"
PARAPHRASE = "Russian warplanes used an Iranian air base last summer to strike targets in Syria"
SEARCH_OBJECTS = """
    SELECT 'index', indexname FROM pg_indexes WHERE schemaname = current_schema()
    UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'function', proname FROM pg_proc
        WHERE pronamespace = current_schema()::regnamespace
    UNION ALL SELECT 'table', tablename FROM pg_tables WHERE schemaname = current_schema()
"""
INDEX_OBJECTS = {
    ("index", "ix_claim_text_trgm"),
    ("index", "ix_claim_match_index_vector"),
    ("table", "claim_match_index"),
    ("trigger", "claim_match_index_insert"),
    ("trigger", "claim_match_index_update"),
    ("trigger", "claim_match_index_title"),
    ("function", "claim_match_vector"),
    ("function", "claim_match_index_claim"),
    ("function", "claim_match_index_title"),
}


def schema_objects(engine) -> set[tuple[str, str]]:
    with engine.connect() as connection:
        return {(kind, name) for kind, name in connection.execute(text(SEARCH_OBJECTS))}


def as_new_role(server, url: str, *grants: str) -> str:
    """`url` for a new login role of this database's own, after running `grants` on it."""
    database = make_url(url).database
    role = f"role_of_{database}"
    with server.connect(database) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        for grant in grants:
            admin.execute(grant.format(role=role))
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def candidate_ids(desk: Desk, words: str) -> list[int]:
    with desk.store.reading() as session:
        return [found.claim_id for found in index.candidates(session, words, limit=10)]


def claim_id(desk: Desk, beginning: str) -> int:
    with desk.store.reading() as session:
        return session.scalar(select(Claim.id).where(Claim.text.startswith(beginning)))


def test_a_new_desk_gets_every_migration_and_its_search_indexes(postgres_url):
    store = open_store(postgres_url)
    try:
        assert store.created
        with store.reading() as session:
            revision = session.scalar(text("SELECT version_num FROM alembic_version"))
            extensions = session.scalars(text("SELECT extname FROM pg_extension")).all()
        assert revision == SCHEMA_REVISION
        assert "pg_trgm" in extensions
        assert schema_objects(store.engine) >= INDEX_OBJECTS
    finally:
        store.close()
    reopened = open_store(postgres_url)
    assert not reopened.created
    reopened.close()


def test_the_seed_articles_and_pasted_ones_import_with_their_claims(postgres_desk, two_articles):
    seeds = postgres_desk.import_paths([REPO / "seeds"])
    pasted = postgres_desk.import_documents(two_articles)
    assert len(seeds.imported) == 3 and len(pasted.imported) == 2
    assert not seeds.failed and not pasted.failed
    zarif = next(
        row for row in postgres_desk.claims(ClaimFilter()) if "Zarif on Tuesday said" in row.text
    )
    assert zarif.speaker == "Mohammad Javad Zarif"
    assert postgres_desk.import_paths([SEED_ARTICLE]).duplicates
    with postgres_desk.store.reading() as session:
        claims = session.scalar(select(func.count(Claim.id)))
        assert index.rebuild(session) == claims
    assert postgres_desk.match(PARAPHRASE)[0].claim.text.startswith("Russian jets used")


def test_the_match_index_follows_a_claims_new_text_and_article(postgres_desk, two_articles):
    postgres_desk.import_documents(two_articles)
    wheat = claim_id(postgres_desk, "Exports of wheat")
    with postgres_desk.store.transaction() as session:
        session.execute(update(Claim).where(Claim.id == wheat).values(match_text="barley harvest"))
    assert wheat not in candidate_ids(postgres_desk, "wheat exports")
    assert candidate_ids(postgres_desk, "barley")[0] == wheat
    with postgres_desk.store.transaction() as session:
        budget = session.scalar(select(Article.id).where(Article.title == "Budget passes"))
        session.execute(update(Claim).where(Claim.id == wheat).values(article_id=budget))
    assert wheat in candidate_ids(postgres_desk, "budget")
    assert wheat not in candidate_ids(postgres_desk, "trade figures")


def test_the_title_weighs_less_than_the_claims_own_words(postgres_desk, two_articles):
    postgres_desk.import_documents(two_articles)
    with postgres_desk.store.transaction() as session:
        session.execute(
            update(Article).where(Article.title == "Budget passes").values(title="Wheat")
        )
    found = candidate_ids(postgres_desk, "wheat")
    assert len(found) == 3
    assert found[0] == claim_id(postgres_desk, "Exports of wheat")


def test_the_desk_search_finds_claims_through_the_trigram_index(postgres_desk, two_articles):
    postgres_desk.import_documents(two_articles)
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:
        statements.append((statement, parameters))

    event.listen(postgres_desk.store.engine, "before_cursor_execute", remember)
    rows = postgres_desk.desk_page(DeskQuery(search="WHEAT percent"), 0, 50)
    event.remove(postgres_desk.store.engine, "before_cursor_execute", remember)
    assert [row.text[:16] for row in rows] == ["Exports of wheat"]
    searched, parameters = next(item for item in statements if "ILIKE" in item[0])
    with postgres_desk.store.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        plan = connection.exec_driver_sql(f"EXPLAIN {searched}", parameters).scalars().all()
    assert any("ix_claim_text_trgm" in line for line in plan), plan


def test_without_pg_trgm_the_desk_opens_and_searches_without_the_trigram_index(
    postgres_server, postgres_url, caplog
):
    """A role that may not add extensions to the database still gets a working desk."""
    clerk = as_new_role(postgres_server, postgres_url, "GRANT CREATE ON SCHEMA public TO {role}")
    store = open_store(clerk)
    try:
        assert ("index", "ix_claim_text_trgm") not in schema_objects(store.engine)
        assert "pg_trgm" in caplog.text
        with store.reading() as session:
            assert queries.desk_page(session, DeskQuery(search="wheat"), 0, 10) == []
    finally:
        store.close()


def test_downgrading_removes_the_indexes_and_upgrading_fills_them_again(postgres_desk):
    postgres_desk.import_paths([SEED_ARTICLE])
    expected = candidate_ids(postgres_desk, PARAPHRASE)
    engine = postgres_desk.store.engine
    command.downgrade(_alembic_config(engine), "0003")
    assert not schema_objects(engine) & INDEX_OBJECTS
    command.upgrade(_alembic_config(engine), "head")
    assert schema_objects(engine) >= INDEX_OBJECTS
    assert candidate_ids(postgres_desk, PARAPHRASE) == expected


def test_the_match_command_works_on_a_postgresql_desk(postgres_url, cli_env, run):
    cli_env["WORKBENCH_DB"] = postgres_url
    imported = run("import", str(SEED_ARTICLE))
    assert imported.returncode == 0, imported.stderr
    found = run("match", PARAPHRASE, "--top", "2", "--json")
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)
    assert len(rows) == 2 and rows[0]["text"].startswith("Russian jets used")
    assert rows[0]["relevance"] >= rows[1]["relevance"] > 0
    missing = run("--db", postgres_url.replace("/desk_", "/absent_"), "match", "Iran")
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr and "cannot open the database" in missing.stderr


def test_an_older_desk_upgrades_with_its_claims_in_the_match_index(postgres_url, old_claim_writer):
    engine = create_engine(postgres_url)
    command.upgrade(_alembic_config(engine), "0003")
    claim_text = "Unemployment fell to 14% in 2023, not 4%."
    old_claim_writer(engine, claim_text, match_text="unemployment fell to 14 percent in 2023")
    upgraded = open_store(postgres_url)
    try:
        assert not upgraded.created
        with upgraded.reading() as session:
            found = index.candidates(session, "unemployment 14% 2023")
            assert session.scalar(select(Claim.masked_text)) == masked(claim_text)
            assert session.scalar(select(Claim.word_pairs)) == index.word_pairs(claim_text)
        assert [candidate.claim_id for candidate in found] == [1]
    finally:
        upgraded.close()


def test_a_role_that_may_not_create_tables_gets_a_clear_error(postgres_server, postgres_url):
    visitor = as_new_role(
        postgres_server, postgres_url, "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
    )
    with pytest.raises(StoreError, match=r"cannot bring the database .* to schema .*permission"):
        open_store(visitor)
