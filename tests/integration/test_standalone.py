"""The standalone app as a user gets it: built by `make app`, moved elsewhere, run.

The build is the real one (PyInstaller from the lock file, about a minute; make
skips it when nothing it is made from changed). The folder is copied out of the
checkout before it runs, so nothing it needs can come from the repository or the
virtual environment.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import __version__, config

REPO = Path(__file__).resolve().parents[2]
#: The development install's entry point, beside the interpreter running the tests.
WORKBENCH = Path(sys.executable).with_name("workbench")
BUILT = REPO / "dist" / config.APP_NAME
STEPS = (
    "new desk",
    "spaCy pipeline",
    "import the seeds",
    "claims and scores",
    "repeated claims",
    "embedding model",
    "search",
    "verdict",
    *(f"export {kind}" for kind in ("html", "pdf", "md", "csv", "json", "claimreview")),
    "import PDF and Word",
    "window",
)


@pytest.fixture(scope="session")
def standalone_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The program of a fresh `make app`, in a copy of its folder outside the checkout."""
    build = subprocess.run(
        ["make", "--no-print-directory", "app"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    folder = tmp_path_factory.mktemp("elsewhere") / config.APP_NAME
    shutil.copytree(BUILT, folder, symlinks=True)
    return folder / config.APP_NAME


def test_the_frozen_self_test_passes_every_step(standalone_app, run_program, cli_env, tmp_path):
    result = run_program(standalone_app, "--self-test", env=cli_env, cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"self-test of {config.PRODUCT_NAME} {__version__} (standalone app)"
    for step in STEPS:
        (line,) = [line for line in lines if line.strip().startswith(f"{step} ")]
        assert " OK " in line, line
    seeds = next(line for line in lines if "import the seeds" in line)
    assert ".html" in seeds and ".md" in seeds and ".txt" in seeds
    assert lines[-1] == f"self-test passed: {len(STEPS)} steps OK"


def test_the_frozen_app_gives_its_version(standalone_app, run_program, cli_env, tmp_path):
    result = run_program(standalone_app, "--version", env=cli_env, cwd=tmp_path)

    assert result.returncode == 0
    assert result.stdout.strip() == f"workbench {__version__}"


def test_the_frozen_window_saves_a_screenshot_of_the_seeded_desk(
    standalone_app, run_program, cli_env, tmp_path
):
    picture = tmp_path / "window.png"

    result = run_program(standalone_app, "--screenshot", str(picture), env=cli_env, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    header = picture.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width >= 800 and height >= 500


def test_the_frozen_app_finds_the_same_claims_as_the_virtual_environment(
    standalone_app, run_program, cli_env, tmp_path
):
    """Every sentence of every seed (the web page included), with its score, reasons,
    speaker and entities, exactly as the development install finds them."""
    found = {}
    for name, program in (("frozen", standalone_app), ("venv", WORKBENCH)):
        env = {**cli_env, "WORKBENCH_DB": str(tmp_path / f"{name}.db")}
        imported = run_program(program, "import", str(REPO / "seeds"), env=env, cwd=tmp_path)
        assert imported.returncode == 0, imported.stderr
        assert "001_example_wire_iran_bases.html: article" in imported.stdout
        listed = run_program(program, "claims", "--all", "--json", env=env, cwd=tmp_path)
        assert listed.returncode == 0, listed.stderr
        found[name] = json.loads(listed.stdout)

    assert len(found["frozen"]) > 20
    assert found["frozen"] == found["venv"]


def test_the_desktop_entry_and_appstream_metadata_are_valid_and_name_what_ships(standalone_app):
    share = standalone_app.parent / "share"
    entry = share / "applications" / f"{config.APP_ID}.desktop"
    metainfo = share / "metainfo" / f"{config.APP_ID}.metainfo.xml"

    for command in (
        ["desktop-file-validate", str(entry)],
        ["appstreamcli", "validate", "--no-net", str(metainfo)],
    ):
        assert shutil.which(command[0]), f"{command[0]} is missing: make test installs it"
        checked = subprocess.run(command, capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr

    fields = dict(
        line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    assert (standalone_app.parent / fields["Exec"]).is_file()
    assert fields["Icon"] == config.APP_ID
    for icon in ("scalable/apps/{}.svg", "256x256/apps/{}.png"):
        assert (share / "icons" / "hicolor" / icon.format(config.APP_ID)).stat().st_size
    assert f"<id>{config.APP_ID}</id>" in metainfo.read_text(encoding="utf-8")
