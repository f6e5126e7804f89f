"""Alembic environment: the workbench passes its own engine in `config.attributes`."""

from alembic import context
from sqlalchemy import create_engine

from workbench.store.models import Base

config = context.config
#: Search indexes the migrations make by hand, outside the models: SQLite's full-text
#: tables (with their shadow tables) and PostgreSQL's match table and trigram index.
UNMODELLED_TABLE_PREFIXES = ("claim_text_index", "claim_match_index")
UNMODELLED_INDEXES = frozenset({"ix_claim_text_trgm", "ix_claim_match_index_vector"})


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    if type_ == "table":
        return not (name and name.startswith(UNMODELLED_TABLE_PREFIXES))
    return not (type_ == "index" and name in UNMODELLED_INDEXES)


def run_migrations() -> None:
    engine = config.attributes.get("engine") or create_engine(
        config.get_main_option("sqlalchemy.url")
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
