"""Where things live and the few knobs a desk may turn.

Every setting has a default that works on a laptop; environment variables
override them so tests and scripted runs never touch a user's real data.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from workbench.errors import WorkbenchError

APP_NAME = "fact-check-workbench"
APP_AUTHOR = "workbench"

#: Files larger than this are refused before they are read (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: A web page larger than this is refused while downloading (bytes).
MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024
#: Seconds to wait for a web server before giving up.
DOWNLOAD_TIMEOUT = 15.0
#: Claims scoring below this are not listed unless asked for.
DEFAULT_SCORE_THRESHOLD = 0.3


def resource_root() -> Path:
    """The folder holding `resources/` and `seeds/`, also inside a frozen app."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    return resource_root() / "seeds"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL of the desk database.

    `WORKBENCH_DB` may be a full SQLAlchemy URL (`postgresql+psycopg://...`)
    or a plain file path, which means a SQLite file there.
    """
    value = value if value is not None else os.environ.get("WORKBENCH_DB", "")
    if not value:
        return f"sqlite:///{data_dir() / 'workbench.db'}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


@dataclass(frozen=True)
class Settings:
    db_url: str
    reviewer: str
    score_threshold: float

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            db_url=database_url(),
            reviewer=os.environ.get("WORKBENCH_REVIEWER") or _login_name(),
            score_threshold=_score_env("WORKBENCH_SCORE_THRESHOLD", DEFAULT_SCORE_THRESHOLD),
        )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _score_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise WorkbenchError(f"{name} must be a number from 0 to 1, not {raw!r}")
    return value
