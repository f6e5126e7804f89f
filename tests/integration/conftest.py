"""A throwaway PostgreSQL server for the tests, and desks on SQLite and on PostgreSQL.

The server is started once per test session from the PostgreSQL binaries on
this machine, listens only on a Unix socket in a temporary folder, and is
stopped and deleted at the end. Each test gets a database of its own. Without
PostgreSQL the tests that need it fail, saying what to install: a shared desk
that nobody tests is a defect, not an optional extra.
"""

from __future__ import annotations

import itertools
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text

from workbench import config
from workbench.nlp.claims import ClaimExtractor
from workbench.services import Desk

SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
#: Where distributions install the server when it is not on PATH, one folder per version.
SERVER_FOLDERS = "/usr/lib/postgresql/*/bin"
#: initdb and the server refuse to run as root; they run as this system user then.
SERVER_USER = "postgres"
START_TIMEOUT_S = 30
#: Durability settings a throwaway server does not need; they make it much faster.
SERVER_OPTIONS = (
    "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)


def server_binaries() -> Path:
    """The folder with initdb, pg_ctl and postgres: from PATH, else the newest installed."""
    found = shutil.which("initdb")
    folders = [Path(found).resolve().parent] if found else []
    folders += sorted(Path("/").glob(SERVER_FOLDERS.lstrip("/")), key=_version, reverse=True)
    for folder in folders:
        if all((folder / name).is_file() for name in SERVER_BINARIES):
            return folder
    pytest.fail(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or in "
        f"{SERVER_FOLDERS}: install the PostgreSQL server with its contrib extensions "
        "to run the PostgreSQL desk tests",
        pytrace=False,
    )


def _version(folder: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in folder.parent.name.split(".") if part.isdigit())


@dataclass
class PostgresServer:
    """A running throwaway server: its binaries, data and socket folders, and port."""

    binaries: Path
    root: Path
    port: int
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return (
            f"postgresql+psycopg://{SERVER_USER}@/{database}"
            f"?host={self.socket_dir}&port={self.port}"
        )

    def create_database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        name = f"desk_{next(self._names)}"
        with self.connect() as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=SERVER_USER,
            dbname=database,
            autocommit=True,
        )

    def start(self) -> None:
        self.socket_dir.mkdir()
        self.data_dir.mkdir()
        _hand_over(self.root)
        self._run(
            "initdb",
            f"--pgdata={self.data_dir}",
            f"--username={SERVER_USER}",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        self._run(
            "pg_ctl",
            "start",
            f"--pgdata={self.data_dir}",
            "--wait",
            f"--timeout={START_TIMEOUT_S}",
            f"--log={self.root / 'server.log'}",
            f"--options={SERVER_OPTIONS} -k {self.socket_dir} -p {self.port}",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "stop", f"--pgdata={self.data_dir}", "--mode=immediate")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.root / "server.log"
            detail = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(
                f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{detail}",
                pytrace=False,
            )


def _hand_over(root: Path) -> None:
    """Give the server's folders to the server's user when the tests run as root."""
    if os.geteuid() != 0:
        return
    try:
        user = pwd.getpwnam(SERVER_USER)
    except KeyError:
        user = None
    if user is None or shutil.which("runuser") is None:
        pytest.fail(
            "the tests run as root, which PostgreSQL refuses; running the test server needs "
            f"a {SERVER_USER!r} system user and the runuser command to run it as that user",
            pytrace=False,
        )
    for path in (root, *root.iterdir()):
        os.chown(path, user.pw_uid, user.pw_gid)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole test session, deleted afterwards.

    Its folder is made directly in the system's temporary folder: pytest's own
    is private to the user running the tests, which the server's user may not be.
    """
    binaries = server_binaries()
    root = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    server = PostgresServer(binaries, root, port=random.randint(20_000, 60_000))
    try:
        server.start()
        yield server
    finally:
        if (server.data_dir / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the test server."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def desk_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A desk database on each backend in turn: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return config.database_url(str(db_path))
    return request.getfixturevalue("postgres_url")


def open_desk(url: str, extractor: ClaimExtractor) -> Desk:
    settings = config.Settings(db_url=url, reviewer="tester", score_threshold=0.3)
    return Desk.open(settings, extractor)


@pytest.fixture
def desk_on_each_backend(desk_url: str, extractor: ClaimExtractor) -> Iterator[Desk]:
    """A desk on SQLite, then on PostgreSQL: a module whose `desk` is this runs twice."""
    opened = open_desk(desk_url, extractor)
    yield opened
    opened.close()


@pytest.fixture
def postgres_desk(postgres_url: str, extractor: ClaimExtractor) -> Iterator[Desk]:
    opened = open_desk(postgres_url, extractor)
    yield opened
    opened.close()


# --- the command line -------------------------------------------------------------------

#: The installed entry point, run as a user runs it.
WORKBENCH = Path(sys.executable).with_name("workbench")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a `workbench` run: a database and settings of this test's own.
    A test may change it before running; a module may override the fixture."""
    return {
        **os.environ,
        "WORKBENCH_DB": str(tmp_path / "cli.db"),
        "WORKBENCH_REVIEWER": "cli-tester",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


def run_program(
    program: Path, *args: str, env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `program ARGS...` as a user would; the finished process. Never a traceback."""
    result = subprocess.run(
        [str(program), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(name="run_program")
def run_program_fixture():
    """`run_program`, for test modules (they cannot import the conftest)."""
    return run_program


@pytest.fixture
def run(cli_env: dict[str, str]):
    """Run `workbench ARGS...` in `cli_env` from the checkout."""

    def run_workbench(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_program(WORKBENCH, *args, env=cli_env, cwd=REPO, stdin=stdin)

    return run_workbench


# --- desks written by older releases ----------------------------------------------------

_OLD_ARTICLE = (
    "INSERT INTO article (title, origin, origin_kind, text, content_hash, language,"
    " word_count, imported_at) VALUES ('Old', 'old', 'pasted', 'x', 'h', 'en', 1, '2024-01-01')"
)
_OLD_GROUP = (
    "INSERT INTO claim_group (canonical_text, status, conclusion, created_at, updated_at)"
    " VALUES ('x', 'unchecked', '', '2024-01-01', '2024-01-01')"
)
_OLD_CLAIM_COLUMNS = (
    'article_id, group_id, text, start, "end", spans, score, reasons, kind, entities, numbers,'
    " dates"
)
_OLD_CLAIM_VALUES = "1, 1, :text, 0, 1, '[]', 0.5, '[]', 'statement', '[]', '[]', '[]'"


def write_old_claim(engine: Engine, claim_text: str, match_text: str | None = None) -> None:
    """One article with one claim, in plain SQL of an older schema: `match_text` only for
    revisions that have the column (0003 on)."""
    columns, values = _OLD_CLAIM_COLUMNS, _OLD_CLAIM_VALUES
    if match_text is not None:
        columns, values = f"{columns}, match_text", f"{values}, :match_text"
    with engine.begin() as connection:
        connection.execute(text(_OLD_ARTICLE))
        connection.execute(text(_OLD_GROUP))
        connection.execute(
            text(f"INSERT INTO claim ({columns}) VALUES ({values})"),
            {"text": claim_text, "match_text": match_text},
        )
    engine.dispose()


@pytest.fixture
def old_claim_writer():
    """`write_old_claim`, for tests that build a desk as an older release left it."""
    return write_old_claim
