"""Reading ELF files with binutils' readelf, which comes with the strip the build uses."""

from __future__ import annotations

import subprocess
from pathlib import Path


def readelf(option: str, path: str | Path) -> str:
    """What `readelf OPTION --wide PATH` prints; empty for a file it cannot read."""
    listing = subprocess.run(
        ["readelf", option, "--wide", str(path)], capture_output=True, text=True, check=False
    )
    return listing.stdout
