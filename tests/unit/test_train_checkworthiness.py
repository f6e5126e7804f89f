"""`make model` end to end on a small data set of the real formats: the trainer writes a
model the workbench loads, and a metrics file of figures on rows the model did not see."""

import json
import subprocess
import sys
from pathlib import Path

from workbench.nlp.claims import ClaimExtractor
from workbench.nlp.pipeline import Pipeline
from workbench.nlp.scoring import load_model

REPO = Path(__file__).resolve().parents[2]
WORTHY = [
    "Unemployment fell to {n} percent last year, the lowest rate in a decade.",
    "The state spent ${n} million on new highways in 2015.",
    "Crime in our cities went up {n} percent under this administration.",
    "We have lost {n},000 manufacturing jobs since the trade deal was signed.",
]
UNWORTHY = [
    "I think we need to come together as a country, number {n}.",
    "Thank you all so much for being here tonight, friend {n}.",
    "What are you going to do about it, question {n}?",
    "I want to thank my wonderful family and supporter {n}.",
]


def sentences(templates: list[str], count: int, start: int) -> list[str]:
    return [templates[i % len(templates)].format(n=start + i) for i in range(count)]


def write_data(folder: Path) -> tuple[Path, Path]:
    rows = [
        {"sentence_id": i, "label": label, "text": text}
        for i, (text, label) in enumerate(
            [(text, 1) for text in sentences(WORTHY, 12, 10)]
            + [(text, 0) for text in sentences(UNWORTHY, 24, 10)]
        )
    ]
    claimbuster = folder / "claimbuster.json"
    claimbuster.write_text(json.dumps(rows), encoding="utf-8")
    debates = folder / "debates"
    debates.mkdir()
    for name, start in (("debate_a", 50), ("debate_b", 80)):
        lines = [(text, 1) for text in sentences(WORTHY, 3, start)]
        lines += [(text, 0) for text in sentences(UNWORTHY, 9, start)]
        (debates / f"{name}.tsv").write_text(
            "".join(f"{i}\tSPEAKER\t{text}\t{label}\n" for i, (text, label) in enumerate(lines)),
            encoding="utf-8",
        )
    return claimbuster, debates


def test_training_writes_a_loadable_model_and_honest_figures(tmp_path: Path, pipeline: Pipeline):
    claimbuster, debates = write_data(tmp_path)
    output = tmp_path / "model.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "train_checkworthiness.py"),
            "--claimbuster",
            str(claimbuster),
            "--clef2019",
            str(debates),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    model = load_model(output)
    metrics = json.loads(output.with_suffix(".metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["trained_on"]) == {"claimbuster.json", "debate_a.tsv", "debate_b.tsv"}
    assert metrics["claimbuster_cross_validated"]["f1"] > 0.5
    assert set(metrics["clef2019_leave_one_debate_out"]["debates"]) == {"debate_a", "debate_b"}
    extractor = ClaimExtractor(pipeline, model=model)
    (worthy,) = extractor.extract("Unemployment fell to 7 percent last year, the lowest rate.")
    (unworthy,) = extractor.extract("I think we need to come together as a country again.")
    assert worthy.score > unworthy.score
    assert 0.0 < model.threshold < 1.0


def test_missing_data_is_named(tmp_path: Path):
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "train_checkworthiness.py"),
            "--claimbuster",
            str(tmp_path / "nowhere.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "nowhere.json is missing" in done.stderr
