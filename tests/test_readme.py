"""The README's examples run as tests (conllu's test_readme idea)."""

import json
import re
from pathlib import Path

from annotation.corpus import dumps, loads
from annotation.schema import load_schema
from annotation.validate import validate_record

README = Path(__file__).resolve().parents[1] / "README.md"


def json_blocks() -> list[str]:
    return re.findall(r"```json\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_corpus_example_is_a_valid_document():
    (block,) = [b for b in json_blocks() if '"annotations"' in b]
    raw = json.loads(block.replace("\n", ""))
    assert list(validate_record(raw, 1, load_schema())) == []
    document = loads(json.dumps(raw))
    assert json.loads(dumps(document)) == raw


def test_readme_names_both_fresh_machine_commands_and_ci_runs_the_test_one():
    text = README.read_text(encoding="utf-8")
    assert "make benchmark" in text and "make test" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.M)
