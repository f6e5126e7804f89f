"""Shared fixtures: the seed article, the spaCy pipeline, a desk on a real SQLite file."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path

import pytest

from workbench import config
from workbench.ingest.readers import Document, read_pasted
from workbench.nlp.claims import ClaimExtractor
from workbench.nlp.pipeline import Pipeline, load_pipeline
from workbench.services import Desk

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO / "seeds" / "000_0a75df98240e711f.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return load_pipeline()


@pytest.fixture(scope="session")
def extractor(pipeline: Pipeline) -> ClaimExtractor:
    return ClaimExtractor(pipeline)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def desk(db_path: Path, extractor: ClaimExtractor):
    """A desk on a fresh SQLite file, sharing the session's loaded pipeline."""
    settings = config.Settings(
        db_url=config.database_url(str(db_path)), reviewer="tester", score_threshold=0.3
    )
    opened = Desk.open(settings, extractor)
    yield opened
    opened.close()


@pytest.fixture
def two_articles() -> list[Document]:
    """Two short pasted articles with outlets and dates: four claims, two with speakers."""
    return [
        read_pasted(
            "The city council approved a budget of $4.2 million on Monday, Mayor Ana Ruiz said. "
            "Unemployment in Riverton fell to 3.1 percent in 2023, according to the state "
            "labour office.",
            title="Budget passes",
            outlet="Riverton Ledger",
            published=date(2024, 3, 4),
        ),
        read_pasted(
            "Exports of wheat rose by 14 percent last year, the ministry said. "
            "The port handled 2 million containers in 2022, officials told Reuters.",
            title="Trade figures",
            outlet="Example Wire",
            published=date(2023, 1, 9),
        ),
    ]
