"""Write one config/split Parquet file incrementally, exactly as ``datasets.Dataset.to_parquet`` lays it out.

Same arrow schema (with the ``huggingface`` features metadata, so ``load_dataset`` decodes ClassLabels), same column
options and content-defined chunking; rows arrive in batches, so a file of any size is written in bounded memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features, config
from datasets.io.parquet import get_parquet_column_options

BATCH_ROWS = 1000


class ParquetRowWriter:
    """``write(row)`` python rows (labels as strings); ``close()`` flushes and finishes the file."""

    def __init__(self, path: Path, features: Features, *, batch_rows: int = BATCH_ROWS) -> None:
        self.features, self.batch_rows, self.rows = features, batch_rows, 0
        self._schema = features.arrow_schema
        self._buffer: list[dict[str, Any]] = []
        self._open = True
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(
            str(path),
            schema=self._schema,
            use_content_defined_chunking=config.DEFAULT_CDC_OPTIONS,
            write_page_index=True,
            **get_parquet_column_options(features, self._schema),
        )

    def __enter__(self) -> ParquetRowWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def write(self, row: dict[str, Any]) -> None:
        self._buffer.append(self.features.encode_example(row))
        if len(self._buffer) >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self.rows += len(self._buffer)
            self._buffer = []

    def close(self) -> None:
        if self._open:
            self._open = False
            self._flush()
            self._writer.add_key_value_metadata({"content_defined_chunking": json.dumps(config.DEFAULT_CDC_OPTIONS)})
            self._writer.close()
