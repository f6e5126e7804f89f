"""Alembic environment: the workbench passes its own engine in `config.attributes`."""

from alembic import context
from sqlalchemy import create_engine

from workbench.store.models import Base

config = context.config


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
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
