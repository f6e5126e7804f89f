"""Opening the desk database: engine, SQLite pragmas, schema upgrades, sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from workbench.errors import StoreError
from workbench.store.models import RatingScale

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000


@dataclass
class Store:
    """An open desk database: its engine and a factory of sessions."""

    engine: Engine
    sessions: sessionmaker[Session]
    #: True when this open created the schema (an empty, brand-new desk).
    created: bool

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A unit of work that commits as a whole or not at all."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def active_scale(self, session: Session) -> RatingScale:
        scale = session.scalar(select(RatingScale).where(RatingScale.active))
        if scale is None:
            raise StoreError("the database has no active rating scale")
        return scale

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str) -> Store:
    """Open (creating or upgrading as needed) the database at a SQLAlchemy URL."""
    engine = _create_engine(url)
    created = _upgrade_schema(engine, url)
    return Store(
        engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), created=created
    )


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL or file path: {url!r}") from exc
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the database folder {folder}: {exc.strerror}") from exc
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def _upgrade_schema(engine: Engine, url: str) -> bool:
    """Bring the schema to the newest revision; True when it was created just now."""
    config = _alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        raise StoreError(f"cannot open the database {_display(url)}: {exc.orig}") from exc
    if current == head:
        return False
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            f"the database {_display(url)} was written by a newer version of the workbench "
            f"(schema {current}); update the workbench to open it"
        )
    log.info("upgrading database schema from %s to %s", current, head)
    command.upgrade(config, "head")
    return current is None


def _display(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)
