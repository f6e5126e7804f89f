"""Where things live and the few knobs a desk may turn.

Every setting has a default that works on a laptop; environment variables
override them so tests and scripted runs never touch a user's real data.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from workbench.errors import WorkbenchError

APP_NAME = "fact-check-workbench"
APP_AUTHOR = "workbench"
#: What a person reads in menus and title bars.
PRODUCT_NAME = "Fact-check workbench"
#: The reverse-DNS name of the desktop entry, the AppStream metadata and the icon.
APP_ID = "org.factcheckworkbench.Workbench"

#: Files larger than this are refused before they are read (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: A web page larger than this is refused while downloading (bytes).
MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024
#: Seconds to wait for a web server before giving up.
DOWNLOAD_TIMEOUT = 15.0
#: Claims scoring below this are not listed unless asked for: the check-worthiness
#: model's threshold, to the hundredth the reader's control shows.
DEFAULT_SCORE_THRESHOLD = 0.12


def resource_root() -> Path:
    """The folder holding `resources/` and `seeds/`, also inside a frozen app."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    return resource_root() / "seeds"


def icon_file() -> Path:
    return resource_root() / "resources" / "icons" / "workbench.svg"


def template_dirs() -> list[Path]:
    """Where report templates are looked up: a desk's own folder first, if
    `WORKBENCH_TEMPLATES` names one, then the templates shipped in `resources/`."""
    shipped = resource_root() / "resources" / "templates"
    own = os.environ.get("WORKBENCH_TEMPLATES", "")
    return [Path(own).expanduser(), shipped] if own else [shipped]


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL of the desk database (the default file when `value` is empty).

    A value may be a full SQLAlchemy URL (`postgresql+psycopg://...`) or a plain
    file path, which means a SQLite file there.
    """
    if not value:
        return f"sqlite:///{data_dir() / 'workbench.db'}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def preferences_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "settings.json"


@dataclass(frozen=True)
class Preferences:
    """What a user sets in the Settings dialog, kept in a JSON file of their own."""

    reviewer: str = ""
    organisation: str = ""
    organisation_url: str = ""
    score_threshold: float = DEFAULT_SCORE_THRESHOLD
    database: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> Preferences:
        path = path or preferences_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise WorkbenchError(f"{path}: the settings file cannot be read ({exc})") from exc
        if not isinstance(data, dict):
            raise WorkbenchError(f"{path}: the settings file is not valid (not a JSON object)")
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        try:
            preferences = cls(**known)
            _check_score(str(path), preferences.score_threshold)
        except (TypeError, ValueError) as exc:
            raise WorkbenchError(f"{path}: the settings file is not valid ({exc})") from exc
        return preferences

    def save(self, path: Path | None = None) -> None:
        """Write the file whole or not at all (a temporary file, then a rename)."""
        path = path or preferences_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        partial.replace(path)


@dataclass(frozen=True)
class Settings:
    """The settings in force: environment variables over the user's preferences."""

    db_url: str
    reviewer: str
    score_threshold: float
    organisation: str = ""
    organisation_url: str = ""

    @classmethod
    def from_environment(cls, preferences: Preferences | None = None) -> Settings:
        preferences = preferences or Preferences.load()
        threshold = os.environ.get("WORKBENCH_SCORE_THRESHOLD", "")
        return cls(
            db_url=database_url(os.environ.get("WORKBENCH_DB") or preferences.database),
            reviewer=os.environ.get("WORKBENCH_REVIEWER") or preferences.reviewer or _login_name(),
            score_threshold=(
                _check_score("WORKBENCH_SCORE_THRESHOLD", threshold)
                if threshold
                else preferences.score_threshold
            ),
            organisation=preferences.organisation,
            organisation_url=preferences.organisation_url,
        )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _check_score(name: str, raw: object) -> float:
    """A score threshold from 0 to 1, or an error naming where the bad value came from."""
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise WorkbenchError(f"{name} must be a number from 0 to 1, not {raw!r}")
    return value
