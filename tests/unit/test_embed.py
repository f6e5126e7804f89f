"""Sentence embeddings: unit vectors that put paraphrases near, and clear errors."""

from pathlib import Path

import numpy as np
import pytest

from workbench.matching import embed
from workbench.matching.embed import DIMENSION, EmbeddingError, Encoder

ALTERED = "This photo of the president was photoshopped."
PARAPHRASE = "The image of the president has been digitally altered."
UNRELATED = "Wheat exports rose by 14 percent last year."
TEXTS = [ALTERED, PARAPHRASE, UNRELATED, "A cat sits on the mat.", "", ALTERED]


@pytest.fixture(scope="module")
def uncached() -> Encoder:
    """An encoder that keeps no vectors, so that every call runs the model."""
    return Encoder(embed.model_file(), embed.TOKENIZER_FILE, cached=0)


def test_texts_become_unit_vectors_of_the_models_size():
    vectors = embed.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embed.encode([]).shape == (0, DIMENSION)


def test_a_paraphrase_is_nearer_than_an_unrelated_text():
    altered, paraphrase, unrelated = embed.encode([ALTERED, PARAPHRASE, UNRELATED])
    assert altered @ paraphrase > 0.5
    assert abs(altered @ unrelated) < 0.3
    assert altered @ paraphrase > altered @ unrelated + 0.3


def test_a_batch_gives_what_one_text_at_a_time_gives(uncached: Encoder):
    together = uncached.encode(TEXTS)
    apart = np.vstack([uncached.encode([text]) for text in TEXTS])
    assert np.allclose(together, apart, atol=1e-5)
    assert np.array_equal(together[0], together[-1])


def test_the_shared_encoder_is_loaded_once():
    assert embed.default_encoder() is embed.default_encoder()


def test_a_missing_tokenizer_file_is_named_in_the_error(tmp_path: Path):
    missing = tmp_path / "minilm-tokenizer.json"
    with pytest.raises(EmbeddingError, match=f"tokenizer {missing} is missing"):
        Encoder(embed.model_file(), missing)


def test_a_corrupt_tokenizer_or_model_file_is_named_in_the_error(tmp_path: Path):
    corrupt = tmp_path / "corrupt"
    corrupt.write_text("{not json", encoding="utf-8")
    with pytest.raises(EmbeddingError, match=f"tokenizer {corrupt} cannot be read"):
        Encoder(embed.model_file(), corrupt)
    with pytest.raises(EmbeddingError, match=f"model {corrupt} cannot be read"):
        Encoder(corrupt, embed.TOKENIZER_FILE)
    with pytest.raises(EmbeddingError, match=f"model {tmp_path / 'model.onnx'} is missing"):
        Encoder(tmp_path / "model.onnx", embed.TOKENIZER_FILE)
