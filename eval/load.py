"""Read gold and predictions: two corpus JSONL files (documents matched by id), or two CoNLL-style BIO files.

Everything wrong is collected and reported together, naming the file and line or the document: bad corpus lines,
predictions for documents the gold lacks, documents whose texts differ, ambiguous annotation sets, BIO files whose
sentences do not line up. Gold documents without a prediction are legitimate (the system predicted nothing):
they are scored as all missed and counted in the report's warnings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotation.corpus import CorpusError, scan_corpus
from annotation.model import AnnotationSet, Document, Provenance

MAX_LISTED = 5  # problems named one by one in a message; the rest are counted


class LoadError(ValueError):
    """Input that cannot be scored; the message names every place (or the first few and a count)."""


def _listing(problems: Sequence[str]) -> str:
    shown = "; ".join(problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    return shown + (f"; and {more} more" if more > 0 else "")


# ------------------------------------------------------------------------------------------------ corpus JSONL


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """One gold document's chosen annotation set and the prediction's (empty when the document has none)."""

    doc_id: str
    gold: AnnotationSet
    pred: AnnotationSet
    has_prediction: bool


@dataclass(frozen=True, slots=True)
class PairedCorpus:
    pairs: tuple[DocumentPair, ...]
    warnings: tuple[str, ...]
    gold_path: str
    pred_path: str


def read_documents(path: str | Path) -> list[Document]:
    """All documents of a corpus file; a :class:`LoadError` naming every bad line if there is any."""
    documents: list[Document] = []
    errors: list[CorpusError] = []
    try:
        with open(path, encoding="utf-8") as handle:
            for _, item in scan_corpus(handle, str(path)):
                if isinstance(item, CorpusError):
                    errors.append(item)
                else:
                    documents.append(item)
    except UnicodeDecodeError as error:
        raise LoadError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    if errors:
        raise LoadError(f"{len(errors)} bad line(s): {_listing([str(e) for e in errors])}")
    seen: dict[str, int] = {}
    repeated = []
    for document in documents:
        seen[document.id] = seen.get(document.id, 0) + 1
        if seen[document.id] == 2:
            repeated.append(document.id)
    if repeated:
        raise LoadError(f"{path}: document id(s) appear more than once: {_listing(repeated)}")
    return documents


def choose_set(document: Document, annotator: str | None, *, role: str, path: str) -> AnnotationSet | None:
    """The named annotator's set; else the gold-status set (for gold) / prediction-status set (for predictions);
    else the only set. ``None`` when the document has no set at all; an error when the choice is ambiguous."""
    sets = document.annotations
    if annotator is not None:
        chosen = [s for s in sets if s.provenance.annotator == annotator]
        if not chosen:
            names = ", ".join(s.provenance.annotator for s in sets) or "none"
            raise LoadError(f"{path}: document {document.id} has no annotation set by {annotator!r} (it has: {names})")
        return chosen[0]
    if not sets:
        return None
    if len(sets) == 1:
        return sets[0]
    status = "gold" if role == "gold" else "prediction"
    preferred = [s for s in sets if s.provenance.status == status]
    if len(preferred) == 1:
        return preferred[0]
    names = ", ".join(f"{s.provenance.annotator} ({s.provenance.status})" for s in sets)
    option = "--gold-annotator" if role == "gold" else "--pred-annotator"
    raise LoadError(f"{path}: document {document.id} has {len(sets)} annotation sets ({names}); choose one with {option}")


def _empty_set(template: AnnotationSet) -> AnnotationSet:
    p = template.provenance
    return AnnotationSet(Provenance(annotator="(no prediction)", source_tool="", status="prediction", schema_version=p.schema_version))


def pair_corpora(
    gold_path: str | Path,
    pred_path: str | Path,
    *,
    gold_annotator: str | None = None,
    pred_annotator: str | None = None,
) -> PairedCorpus:
    """Match gold and predicted documents by id and choose one annotation set on each side."""
    gold_docs = read_documents(gold_path)
    pred_docs = gold_docs if Path(pred_path) == Path(gold_path) else read_documents(pred_path)
    by_id = {document.id: document for document in pred_docs}
    gold_ids = {document.id for document in gold_docs}
    problems = [f"{pred_path}: document {d.id} is not in the gold file {gold_path}" for d in pred_docs if d.id not in gold_ids]
    pairs, warnings, unannotated = [], [], []
    for document in gold_docs:
        gold_set = choose_set(document, gold_annotator, role="gold", path=str(gold_path))
        if gold_set is None:
            unannotated.append(document.id)
            continue
        predicted = by_id.get(document.id)
        if predicted is not None and predicted.text != document.text:
            problems.append(f"{pred_path}: document {document.id} has a different text than in {gold_path}")
            continue
        pred_set = None if predicted is None else choose_set(predicted, pred_annotator, role="pred", path=str(pred_path))
        if pred_set is None:
            warnings.append(f"document {document.id} has no prediction: scored as all missed")
        pairs.append(DocumentPair(document.id, gold_set, pred_set or _empty_set(gold_set), pred_set is not None))
    if problems:
        raise LoadError(f"{len(problems)} problem(s) pairing gold and predictions: {_listing(problems)}")
    if unannotated:
        raise LoadError(f"{gold_path}: {len(unannotated)} gold document(s) have no annotation set: {_listing(unannotated)}")
    if not pairs:
        raise LoadError(f"{gold_path}: no documents to score")
    return PairedCorpus(tuple(pairs), tuple(_summarise(warnings)), str(gold_path), str(pred_path))


def _summarise(warnings: list[str]) -> list[str]:
    if len(warnings) <= MAX_LISTED:
        return warnings
    return [*warnings[:MAX_LISTED], f"... and {len(warnings) - MAX_LISTED} more document(s) without a prediction"]


# ------------------------------------------------------------------------------------------------ BIO files


@dataclass(frozen=True, slots=True)
class BioFile:
    """Sentences of tags (the last column), their tokens (the first column) and the line each sentence starts on."""

    path: str
    tags: tuple[tuple[str, ...], ...]
    tokens: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]


def _bio_sentences(path: str) -> Iterator[tuple[int, list[str], list[str]]]:
    tokens: list[str] = []
    tags: list[str] = []
    first = 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.split()
            if not fields or fields[0] == "-DOCSTART-":
                if tags:
                    yield first, tokens, tags
                tokens, tags = [], []
                continue
            if len(fields) < 2:
                raise LoadError(f"{path}:{number}: {line.strip()!r} has one column; expected a token and a tag")
            if not tags:
                first = number
            tokens.append(fields[0])
            tags.append(fields[-1])
    if tags:
        yield first, tokens, tags


def read_bio(path: str | Path) -> BioFile:
    """Read a CoNLL-style file: one token per line, tag in the last column, blank line (or -DOCSTART-) between sentences."""
    try:
        sentences = list(_bio_sentences(str(path)))
    except UnicodeDecodeError as error:
        raise LoadError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    return BioFile(
        str(path),
        tuple(tuple(tags) for _, _, tags in sentences),
        tuple(tuple(tokens) for _, tokens, _ in sentences),
        tuple(line for line, _, _ in sentences),
    )


def pair_bio_files(gold_path: str | Path, pred_path: str | Path) -> tuple[BioFile, BioFile, tuple[str, ...]]:
    """Read both files and check that sentences line up; sentences whose tokens differ are a counted warning."""
    gold, pred = read_bio(gold_path), read_bio(pred_path)
    if not gold.tags:
        raise LoadError(f"{gold_path}: no sentences")
    if len(gold.tags) != len(pred.tags):
        first = next((i for i, (g, p) in enumerate(zip(gold.tags, pred.tags, strict=False)) if len(g) != len(p)), None)
        hint = "" if first is None else f"; the first difference is at {gold_path}:{gold.lines[first]} / {pred_path}:{pred.lines[first]}"
        raise LoadError(f"{gold_path} has {len(gold.tags)} sentences, {pred_path} has {len(pred.tags)}{hint}")
    problems = [
        f"{gold_path}:{gold.lines[i]} has {len(g)} tokens, {pred_path}:{pred.lines[i]} has {len(p)}"
        for i, (g, p) in enumerate(zip(gold.tags, pred.tags, strict=True))
        if len(g) != len(p)
    ]
    if problems:
        raise LoadError(f"{len(problems)} sentence(s) differ in length: {_listing(problems)}")
    differing = [i for i, (g, p) in enumerate(zip(gold.tokens, pred.tokens, strict=True)) if g != p]
    warnings: tuple[str, ...] = ()
    if differing:
        i = differing[0]
        where = f"{gold_path}:{gold.lines[i]} / {pred_path}:{pred.lines[i]}"
        warnings = (f"{len(differing)} sentence(s) have different tokens on the two sides, first at {where}",)
    return gold, pred, warnings
