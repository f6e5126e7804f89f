"""Window speed: cold start to the first painted window, and opening a 100-claim article.

    .venv/bin/python benchmarks/bench_window.py [--data ../shared/data] [--runs 7]

Cold start is timed from launching a fresh Python process to the moment the
main window has painted, against a bare Qt window started the same way (the
floor no Qt program goes below). Opening an article is timed from the request
to the reader showing it with every claim highlighted (database read in a
worker, the trip back to the UI thread, the highlights), against the database
read alone. Targets: cold start under 1.5 s, opening under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from workbench.config import Settings
from workbench.gui.app import create_window
from workbench.gui.main_window import MainWindow
from workbench.ingest.readers import read_pasted
from workbench.services import Desk
from workbench.store.queries import ClaimFilter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
Done = Callable[[], None]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data"
CLAIMS_PER_ARTICLE = 100

PAINTED_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from workbench.config import Settings
from workbench.gui.app import STYLE, create_window
from workbench.services import Desk

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            sys.exit(0)
        return False

app = QApplication([])
app.setStyle("Fusion")
app.setStyleSheet(STYLE)
desk = Desk.open(Settings(db_url=sys.argv[1], reviewer="bench", score_threshold=0.3))
window = create_window(desk, sys.argv[2])
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
window.load_articles()
app.exec()
"""

PAINTED_BARE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            sys.exit(0)
        return False

app = QApplication([])
window = QMainWindow()
window.resize(1320, 820)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def time_process(code: str, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if "painted" not in result.stdout:
        raise SystemExit(f"the window never painted:\n{result.stderr}")
    return elapsed


def cold_start(db_url: str, folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """Alternate the workbench and the bare window, so both see the same machine load."""
    workbench, bare = [], []
    for _ in range(runs + 1):
        workbench.append(time_process(PAINTED_WINDOW, db_url, str(folder / "window.ini")))
        bare.append(time_process(PAINTED_BARE))
    return workbench[1:], bare[1:]


def article_text(data: Path) -> str:
    """A 100-sentence article of check-worthy debate sentences, one paragraph of five each."""
    rows = json.loads((data / "claimbuster" / "train.json").read_text(encoding="utf-8"))
    sentences = [row["text"].strip() for row in rows if row["label"] == 1][:CLAIMS_PER_ARTICLE]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "A debate transcript for the benchmark\n\n" + "\n\n".join(paragraphs)


def open_article(
    db_url: str, folder: Path, text: str, runs: int
) -> tuple[list[float], list[float], int]:
    app = QApplication.instance() or QApplication([])
    desk = Desk.open(Settings(db_url=db_url, reviewer="bench", score_threshold=0.0))
    article_id = (
        desk.import_documents([read_pasted(text, title="Benchmark debate")]).imported[0].article_id
    )
    window = create_window(desk, folder / "window.ini")
    window.show()
    _wait(app, lambda done: window.load_articles(then=done))
    claims = len(desk.claims(ClaimFilter(article_id=article_id)))
    opened, reads = [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        _wait(app, lambda done: _open(window, article_id, done))
        opened.append(time.perf_counter() - started)
        started = time.perf_counter()
        desk.article_text(article_id)
        desk.claims(ClaimFilter(article_id=article_id))
        reads.append(time.perf_counter() - started)
    window.close()
    return opened[1:], reads[1:], claims


def _open(window: MainWindow, article_id: int, done: Done) -> None:
    def shown(_opened_id: int) -> None:
        window.articleShown.disconnect(shown)
        done()

    window.articleShown.connect(shown)
    window.open_article(article_id)


def _wait(app: QApplication, start: Callable[[Done], None]) -> None:
    """Run the event loop until `start`'s work calls back, for at most a minute."""
    finished: list[bool] = []
    start(lambda: finished.append(True))
    deadline = time.perf_counter() + 60
    while not finished and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    if not finished:
        raise SystemExit("the window did not finish in 60 seconds")


def print_row(name: str, values: list[float], baseline: list[float], target: float) -> None:
    median, base = statistics.median(values), statistics.median(baseline)
    verdict = "met" if median < target else "NOT met"
    print(
        f"  {name:<34} median {median * 1000:7.1f} ms  (min {min(values) * 1000:.1f}, "
        f"max {max(values) * 1000:.1f})   baseline {base * 1000:7.1f} ms   "
        f"ratio {median / base:5.2f}   target < {target * 1000:.0f} ms: {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-window-") as temporary:
        folder = Path(temporary)
        db_url = f"sqlite:///{folder / 'desk.db'}"
        opened, reads, claims = open_article(db_url, folder, article_text(args.data), args.runs)
        started, bare = cold_start(db_url, folder, args.runs)
    print(f"window benchmarks, {args.runs} runs each after one warm-up (QT_QPA_PLATFORM=offscreen)")
    print_row("cold start to first painted window", started, bare, 1.5)
    print("      baseline: a bare PySide6 QMainWindow started and painted the same way")
    print_row(f"open an article with {claims} claims", opened, reads, 0.1)
    print("      baseline: the same database reads alone, on the calling thread")
    return 0


if __name__ == "__main__":
    sys.exit(main())
