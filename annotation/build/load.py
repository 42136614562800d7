"""Load a built dataset folder with the real ``datasets.load_dataset``, never from a stale cache.

``datasets`` (5.2) keys its cache of a local folder by the folder's name and the config, not by the files' content
(measured: two different folders named ``dataset`` share one cache entry), so after a rebuild, or with a test's
temporary ``dataset/``, a plain ``load_dataset("dataset", CONFIG)`` can return the rows of an earlier build. Every
load inside the toolkit therefore uses a cache folder named after a fingerprint of the Parquet files.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import datasets


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*.parquet")):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def load_config(folder: str | Path, config: str) -> datasets.DatasetDict:
    folder = Path(folder)
    cache = Path(tempfile.gettempdir()) / "flashpoint-datasets-cache" / fingerprint(folder)
    loaded = datasets.load_dataset(str(folder), config, cache_dir=str(cache))
    assert isinstance(loaded, datasets.DatasetDict)
    return loaded
