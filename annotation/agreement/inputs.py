"""Read what agreement and adjudication work on: a Label Studio native export or a corpus JSONL, told apart by content.

Every document that reads is kept; every task or line that does not is reported with where it is (file, line,
task id) and kept aside from the numbers, never dropped silently. A file that is neither format is an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotation.build.gold import is_ground_truth
from annotation.corpus import CorpusError, scan_corpus
from annotation.errors import FlashpointError
from annotation.model import AnnotationSet, Document

ADJUDICATOR = "adjudicator"  # the annotator name of an adjudicated set


@dataclass(frozen=True, slots=True)
class Loaded:
    """The documents of an input file, its format, and every problem (with location) of what did not read."""

    path: str
    kind: str  # "label-studio export" | "corpus"
    documents: tuple[Document, ...]
    problems: tuple[str, ...] = ()


def _first_char(path: Path) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    return line.lstrip()[0]
    except UnicodeDecodeError as error:
        raise FlashpointError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}); expected a Label Studio "
                              "export or a corpus JSONL") from error
    return ""


def load_documents(path: str | Path) -> Loaded:
    """Documents of a Label Studio export (JSON array or task lines) or of a corpus JSONL."""
    from annotation.build.sources import SourceReport, read_export_file
    from annotation.labelstudio.export import looks_like_export

    path = Path(path)
    if not path.is_file():
        raise FlashpointError(f"{path}: no such file")
    first = _first_char(path)
    if first not in ("[", "{"):
        raise FlashpointError(f"{path}: neither a Label Studio export (a JSON array of tasks) nor a corpus JSONL "
                              f"(one document object per line); it starts with {first!r}" if first else f"{path}: empty file")
    documents: list[Document] = []
    problems: list[str] = []
    if looks_like_export(path):
        sources = SourceReport()
        documents.extend(read_export_file(path, sources))
        return Loaded(str(path), "label-studio export", tuple(documents), tuple(sources.problems))
    with open(path, encoding="utf-8") as handle:
        for _, line in scan_corpus(handle, str(path)):
            if isinstance(line, CorpusError):
                problems.append(str(line))
            else:
                documents.append(line)
    return Loaded(str(path), "corpus", tuple(documents), tuple(problems))


def independent_sets(document: Document) -> Mapping[str, AnnotationSet]:
    """Each human annotator's own set (status raw; not ground truth, not cancelled, not the adjudicator's).

    An annotator with several such sets in one document counts once, with the last one (by ``updated_at``, then
    position).
    """
    chosen: dict[str, AnnotationSet] = {}
    ranked = sorted(enumerate(document.annotations), key=lambda pair: (pair[1].provenance.updated_at, pair[0]))
    for _, annotation_set in ranked:
        provenance = annotation_set.provenance
        if provenance.status != "raw" or is_ground_truth(annotation_set) or provenance.extra.get("was_cancelled"):
            continue
        if provenance.annotator == ADJUDICATOR:
            continue
        chosen[provenance.annotator] = annotation_set
    return dict(sorted(chosen.items()))


def select_documents(documents: Sequence[Document], *, split: str | None = None, guideline: str | None = None) -> list[Document]:
    """The documents of one split (``meta["split"]``, pinned at selection; unpinned documents are train), each keeping
    only the annotation sets made to ``guideline`` when one is given."""
    chosen = []
    for document in documents:
        if split and str(document.meta.get("split") or "train") != split:
            continue
        if guideline:
            document = replace(document, annotations=tuple(a for a in document.annotations
                                                           if a.provenance.guideline_version == guideline))
        chosen.append(document)
    return chosen
