"""Opening the desk database: engine, SQLite pragmas, schema upgrades, sessions."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from workbench.errors import StoreError
from workbench.store.models import RatingScale

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: The newest migration's revision. A desk already there opens without loading
#: Alembic, which saves a quarter of a second at every start; a test keeps this
#: equal to the head of `migrations/`.
SCHEMA_REVISION = "0007"
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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def _upgrade_schema(engine: Engine, url: str) -> bool:
    """Bring the schema to the newest revision; True when it was created just now."""
    try:
        current = _stored_revision(engine)
    except DBAPIError as exc:
        raise StoreError(f"cannot open the database {_display(url)}: {exc.orig}") from exc
    if current == SCHEMA_REVISION:
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _alembic_config(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            f"the database {_display(url)} was written by a newer version of the workbench "
            f"(schema {current}); update the workbench to open it"
        )
    if current is not None:
        _back_up_before_upgrade(url, current)
    log.info("upgrading database schema from %s to %s", current, SCHEMA_REVISION)
    try:
        command.upgrade(config, "head")
    except DBAPIError as exc:
        raise StoreError(
            f"cannot bring the database {_display(url)} to schema {SCHEMA_REVISION}: "
            f"{str(exc.orig).strip().splitlines()[0]}"
        ) from exc
    return current is None


def _stored_revision(engine: Engine) -> str | None:
    """The schema revision Alembic recorded in the database, None for a new one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _back_up_before_upgrade(url: str, revision: str) -> Path | None:
    """Copy a SQLite desk aside before its schema changes; the copy's path.

    The copy goes through SQLite's online backup, so it is consistent even with
    a write-ahead log beside the file. A server database is the server's to back
    up; the workbench only says that it upgrades it.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        log.warning("upgrading %s without a backup copy", _display(url))
        return None
    source = Path(parsed.database)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.before-upgrade-{revision}-{stamp}{source.suffix}")
    try:
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
            live.backup(copy)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"cannot back up {source} to {target} before upgrading it ({exc}); nothing was changed"
        ) from exc
    log.info("backed up %s to %s before upgrading it", source, target)
    return target


def _display(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)
