"""Alembic environment: the workbench passes its own engine in `config.attributes`."""

from alembic import context
from sqlalchemy import create_engine

from workbench.store.models import Base

config = context.config
#: Tables a migration makes by hand (SQLite's full-text index and its shadow tables).
UNMODELLED_PREFIX = "claim_text_index"


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (type_ == "table" and name and name.startswith(UNMODELLED_PREFIX))


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
