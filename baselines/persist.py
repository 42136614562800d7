"""Safe, inspectable model files: JSON for structure, ``.npz`` for arrays, crfsuite's own file for CRFs. No pickle.

A model directory holds

- ``metadata.json``: :class:`ModelMetadata` (format version, model name, layer, schema version, training data hash,
  hyperparameters, library versions);
- ``model.json``: the fitted estimator as a tree: each estimator is ``{"class": name, "params": ..., "state": ...}``
  with its constructor parameters and every other attribute (its learned state);
- ``arrays.npz``: the numpy arrays the tree points to (read with ``allow_pickle=False``);
- ``crf-N.crfsuite``: one file per CRF, in crfsuite's own format.

Loading builds only classes from :data:`TRUSTED_CLASSES` (a fixed allowlist, no dynamic import), so a model file
cannot run code; a model trained under another schema version, or with another scikit-learn version, is refused with
a clear :class:`~annotation.errors.FlashpointError`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn_crfsuite import CRF

from annotation.errors import FlashpointError

FORMAT = "flashpoint-baseline"
FORMAT_VERSION = 1
LIBRARIES = ("scikit-learn", "sklearn-crfsuite", "python-crfsuite", "numpy", "scipy", "vaderSentiment")

# every class a model file may contain: name in the file -> class. Extended by ``trust`` (our own estimators).
TRUSTED_CLASSES: dict[str, type] = {
    f"{cls.__module__}.{cls.__qualname__}": cls
    for cls in (
        Pipeline,
        FeatureUnion,
        DictVectorizer,
        TfidfVectorizer,
        TfidfTransformer,
        LogisticRegression,
        SGDClassifier,
        DummyClassifier,
    )
}
# plain types that appear as parameter values (e.g. DictVectorizer's dtype)
TRUSTED_TYPES: dict[str, type] = {
    f"{t.__module__}.{t.__qualname__}": t for t in (np.float64, np.float32, np.int64, np.int32, float, int, str, bool)
}
CRF_CLASS = f"{CRF.__module__}.{CRF.__qualname__}"
# fitted attributes that prediction does not use and that cannot be written as data (a compiled loss object):
# left out of the file, so the loaded estimator lacks them
TRANSIENT: dict[type, frozenset[str]] = {SGDClassifier: frozenset({"_loss_function_"})}


def trust(cls: type) -> type:
    """Class decorator: allow ``cls`` in model files (our own estimators register themselves with it)."""
    TRUSTED_CLASSES[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return cls


class PersistError(FlashpointError):
    """A model cannot be saved or loaded."""


@dataclass(frozen=True, slots=True)
class ModelMetadata:
    """What a model directory says about itself (``metadata.json``)."""

    model: str
    layer: str
    schema_version: str
    training_data_sha256: str
    training_documents: int
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    libraries: Mapping[str, str] = field(default_factory=dict)
    created_at: str = ""
    format: str = FORMAT
    format_version: int = FORMAT_VERSION


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def hyperparameters(estimator: BaseEstimator) -> dict[str, Any]:
    """The estimator's deep parameters that are plain values (nested estimators appear through their own keys)."""
    plain = (str, int, float, bool, type(None))
    result: dict[str, Any] = {}
    for key, value in sorted(estimator.get_params(deep=True).items()):
        if isinstance(value, plain):
            result[key] = value
        elif isinstance(value, tuple | list) and all(isinstance(v, plain) for v in value):
            result[key] = list(value)
    return result


def data_hash(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def new_metadata(estimator: BaseEstimator, *, model: str, layer: str, schema_version: str, training_data_sha256: str,
                 training_documents: int) -> ModelMetadata:
    return ModelMetadata(
        model=model,
        layer=layer,
        schema_version=schema_version,
        training_data_sha256=training_data_sha256,
        training_documents=training_documents,
        hyperparameters=hyperparameters(estimator),
        libraries=library_versions(),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


# ---------------------------------------------------------------- save


class _Writer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.arrays: dict[str, np.ndarray] = {}
        self.crf_files = 0

    def encode(self, value: Any, where: str) -> Any:
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, np.generic):
            return {"__scalar__": value.dtype.str, "value": value.item()}
        if isinstance(value, np.ndarray):
            if value.dtype == object:
                if not all(isinstance(v, str) for v in value.ravel()):
                    raise PersistError(f"{where}: object array holds values other than strings")
                return {"__strings__": value.tolist(), "shape": list(value.shape)}
            key = f"a{len(self.arrays)}"
            self.arrays[key] = value
            return {"__ndarray__": key}
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, set | frozenset):
            return {"__set__": [self.encode(v, where) for v in sorted(value, key=repr)]}
        if isinstance(value, dict):
            if all(isinstance(k, str) for k in value):
                return {"__dict__": {k: self.encode(v, f"{where}.{k}") for k, v in value.items()}}
            return {"__pairs__": [[self.encode(k, where), self.encode(v, f"{where}[{k!r}]")] for k, v in value.items()]}
        if isinstance(value, type):
            name = f"{value.__module__}.{value.__qualname__}"
            if name not in TRUSTED_TYPES:
                raise PersistError(f"{where}: type {name} is not one a model file may hold")
            return {"__type__": name}
        if isinstance(value, CRF):
            return self._crf(value, where)
        if isinstance(value, BaseEstimator):
            return self._estimator(value, where)
        raise PersistError(f"{where}: cannot save a {type(value).__module__}.{type(value).__qualname__}")

    def _estimator(self, estimator: BaseEstimator, where: str) -> dict[str, Any]:
        name = f"{type(estimator).__module__}.{type(estimator).__qualname__}"
        if name not in TRUSTED_CLASSES:
            raise PersistError(f"{where}: {name} is not in the model-file allowlist (baselines.persist.TRUSTED_CLASSES)")
        params = estimator.get_params(deep=False)
        transient = TRANSIENT.get(type(estimator), frozenset())
        state = {key: value for key, value in vars(estimator).items() if key not in params and key not in transient}
        return {
            "class": name,
            "params": {key: self.encode(value, f"{where}.{key}") for key, value in params.items()},
            "state": {key: self.encode(value, f"{where}.{key}") for key, value in sorted(state.items())},
        }

    def _crf(self, crf: CRF, where: str) -> dict[str, Any]:
        params = {key: value for key, value in crf.get_params(deep=False).items() if key not in ("model_filename", "trainer_cls")}
        encoded = {"class": CRF_CLASS, "params": {k: self.encode(v, f"{where}.{k}") for k, v in params.items()}}
        source = crf.modelfile.name
        if source is None or not Path(source).exists():  # an unfitted CRF (a template parameter): no model file
            return encoded
        self.crf_files += 1
        filename = f"crf-{self.crf_files}.crfsuite"
        shutil.copyfile(source, self.directory / filename)
        return {**encoded, "file": filename}


def save_model(estimator: BaseEstimator, directory: str | Path, meta: ModelMetadata) -> Path:
    """Write a fitted estimator and its metadata to ``directory`` (created; its model files are replaced)."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("crf-*.crfsuite"):
        old.unlink()
    writer = _Writer(path)
    tree = writer.encode(estimator, "model")
    _write_json(path / "model.json", tree)
    np.savez_compressed(path / "arrays.npz", allow_pickle=False, **writer.arrays)
    _write_json(path / "metadata.json", asdict(meta))
    return path


def _write_json(path: Path, value: Any) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=1, sort_keys=False)
        handle.write("\n")


# ---------------------------------------------------------------- load


def read_metadata(directory: str | Path) -> ModelMetadata:
    path = Path(directory) / "metadata.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        meta = ModelMetadata(**raw)
    except FileNotFoundError as error:
        raise PersistError(f"{directory}: not a model directory (no metadata.json)") from error
    except (json.JSONDecodeError, TypeError) as error:
        raise PersistError(f"{path}: unreadable model metadata: {error}") from error
    if meta.format != FORMAT or meta.format_version != FORMAT_VERSION:
        raise PersistError(f"{path}: model format {meta.format} v{meta.format_version}; this version reads {FORMAT} v{FORMAT_VERSION}")
    return meta


def load_model(directory: str | Path, *, schema_version: str) -> tuple[Any, ModelMetadata]:
    """Read a model directory; refuses a model trained under another schema or scikit-learn version."""
    import baselines.registry  # noqa: F401  (registers our estimator classes in TRUSTED_CLASSES)

    path = Path(directory)
    meta = read_metadata(path)
    if meta.schema_version != schema_version:
        raise PersistError(
            f"{path}: model was trained under label schema {meta.schema_version}, but the schema now is {schema_version}; "
            "retrain it (flashpoint train) with the current schema"
        )
    trained_with = meta.libraries.get("scikit-learn")
    if trained_with != sklearn.__version__:
        raise PersistError(f"{path}: model was saved with scikit-learn {trained_with}, this is {sklearn.__version__}; retrain it")
    try:
        tree = json.loads((path / "model.json").read_text(encoding="utf-8"))
        with np.load(path / "arrays.npz", allow_pickle=False) as stored:
            arrays = {key: stored[key] for key in stored.files}
    except (OSError, ValueError) as error:
        raise PersistError(f"{path}: cannot read the model files: {error}") from error
    return _Reader(path, arrays).decode(tree, "model"), meta


class _Reader:
    def __init__(self, directory: Path, arrays: Mapping[str, np.ndarray]) -> None:
        self.directory = directory
        self.arrays = arrays
        self.markers: dict[str, Callable[[dict[str, Any], str], Any]] = {
            "__scalar__": lambda v, w: np.dtype(v["__scalar__"]).type(v["value"]),
            "__ndarray__": lambda v, w: self._array(v["__ndarray__"], w),
            "__strings__": lambda v, w: np.array(v["__strings__"], dtype=object).reshape(v["shape"]),
            "__tuple__": lambda v, w: tuple(self.decode(x, w) for x in v["__tuple__"]),
            "__set__": lambda v, w: {self.decode(x, w) for x in v["__set__"]},
            "__dict__": lambda v, w: {k: self.decode(x, f"{w}.{k}") for k, x in v["__dict__"].items()},
            "__pairs__": lambda v, w: {self.decode(k, w): self.decode(x, w) for k, x in v["__pairs__"]},
            "__type__": lambda v, w: self._type(v["__type__"], w),
            "class": self._estimator,
        }

    def decode(self, value: Any, where: str) -> Any:
        if isinstance(value, list):
            return [self.decode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        for marker, build in self.markers.items():
            if marker in value:
                return build(value, where)
        raise PersistError(f"{self.directory}: {where}: unknown entry {sorted(value)}")

    def _array(self, key: str, where: str) -> np.ndarray:
        if key not in self.arrays:
            raise PersistError(f"{self.directory}: {where}: array {key} is missing from arrays.npz")
        return self.arrays[key]

    def _type(self, name: str, where: str) -> type:
        if name not in TRUSTED_TYPES:
            raise PersistError(f"{self.directory}: {where}: type {name} is not one a model file may hold")
        return TRUSTED_TYPES[name]

    def _estimator(self, value: dict[str, Any], where: str) -> Any:
        name = value["class"]
        params = {key: self.decode(v, f"{where}.{key}") for key, v in value.get("params", {}).items()}
        if name == CRF_CLASS and "file" not in value:
            return CRF(**params)
        if name == CRF_CLASS:
            file = self.directory / str(value["file"])
            if file.parent != self.directory or not file.exists():
                raise PersistError(f"{self.directory}: {where}: crfsuite file {value['file']!r} is missing")
            crf = CRF(**params, model_filename=str(file))
            if crf.tagger_ is None:  # opens the file now, so a broken file fails here
                raise PersistError(f"{file}: crfsuite cannot open the model")
            return crf
        if name not in TRUSTED_CLASSES:
            raise PersistError(f"{self.directory}: {where}: class {name} is not in the model-file allowlist")
        estimator = TRUSTED_CLASSES[name](**params)
        for key, state in value.get("state", {}).items():
            setattr(estimator, key, self.decode(state, f"{where}.{key}"))
        return estimator
