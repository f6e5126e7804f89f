"""Reading a shipped model's JSON file, with errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError


def read_model_json(path: Path, what: str, error: type[WorkbenchError]) -> Any:
    """The parsed content of `path`, the `what` model's file; `error` names the file
    and the problem when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"the {what} model {path} is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(f"the {what} model {path} cannot be read: {exc}") from None
