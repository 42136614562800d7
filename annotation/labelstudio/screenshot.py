"""Screenshot of the labelling interface: our config and the pre-annotated seed article, in headless Chromium.

Starts a throwaway Label Studio server (``.venv-ls``, 127.0.0.1, a free port, a temporary data dir), creates a
project with the generated config, imports the ingested seed article as a task with one prediction set (entities,
events with their arguments, stances with holder and target, all located in the text by search: no offsets are
written down here), logs in as the admin in Chromium (driven by ``screenshot.cjs`` through playwright-core from
npm), opens the task's labelling page, clicks a stance region (so its polarity choice shows in the region panel)
and saves a PNG. The server is stopped at the end.

    .venv/bin/python -m annotation.labelstudio.screenshot -o annotation/screenshot.png

Needs ``make ls-install``, a Chromium (``apt-get install chromium``) and Node.js with npm; ``playwright-core`` is
installed into a temporary folder unless ``--playwright DIR`` names a folder whose ``node_modules`` has it. Only
for producing the picture: nothing in the tests or CI depends on it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotation.errors import FlashpointError
from annotation.ingest import ingest_file
from annotation.labelstudio.client import Connection, LabelStudioClient
from annotation.labelstudio.push import document_ids, push
from annotation.labelstudio.server import ADMIN_EMAIL, ServerSettings, free_port, start, wait_until_up
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Stance
from annotation.paths import SEED_ARTICLE
from annotation.schema import load_schema

HELPER = Path(__file__).with_suffix(".cjs")
PLAYWRIGHT_CORE = "playwright-core@1.65.1"
PROJECT_TITLE = "Flashpoint: seed article (pre-annotated)"
MODEL_VERSION = "flashpoint-seed-demo"


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention to find in the text: ``needle`` inside the first occurrence of ``context`` (a phrase around it)."""

    needle: str
    context: str = ""

    def locate(self, text: str) -> tuple[int, int]:
        context = self.context or self.needle
        anchor = text.find(context)
        if anchor < 0:
            raise FlashpointError(f"seed article: {context!r} not found (the seed text changed?)")
        inner = context.find(self.needle)
        if inner < 0:
            raise FlashpointError(f"seed article: {self.needle!r} is not inside {context!r}")
        return anchor + inner, anchor + inner + len(self.needle)


# What the demo prediction marks: id -> (mention, label). Roles and stance links refer to these ids.
FIRST = "Troops from Azerbaijan and Armenia exchanged fire with weapons including mortars and drones on their joint border on Friday"
MEETING = "ahead of Sunday's planned meeting in Brussels between Armenian Prime Minister Nikol Pashinyan and Azeri President Ilham Aliyev"
CHECKPOINT = "Azerbaijan last month installed a checkpoint"
VIOLATION = 'Yerevan said was a "gross violation"'
ATTEMPT = "Pashinyan said that incident was an attempt by Azerbaijan to disrupt peace talks"
ENTITIES: dict[str, tuple[Mention, str]] = {
    "e1": (Mention("Troops", FIRST), "PER"),
    "e2": (Mention("Azerbaijan", FIRST), "GPE"),
    "e3": (Mention("Armenia", FIRST), "GPE"),
    "e4": (Mention("mortars", FIRST), "WEA"),
    "e5": (Mention("drones", FIRST), "WEA"),
    "e6": (Mention("joint border", FIRST), "LOC"),
    "e7": (Mention("Friday", FIRST), "TIME"),
    "e8": (Mention("soldier", "killing one soldier"), "PER"),
    "e9": (Mention("Sunday", MEETING), "TIME"),
    "e10": (Mention("Brussels", MEETING), "GPE"),
    "e11": (Mention("Armenian", MEETING), "NORP"),
    "e12": (Mention("Nikol Pashinyan", MEETING), "PER"),
    "e13": (Mention("Ilham Aliyev", MEETING), "PER"),
    "e14": (Mention("Azerbaijan", CHECKPOINT), "GPE"),
    "e15": (Mention("Yerevan", VIOLATION), "GPE"),
    "e16": (Mention("Pashinyan", ATTEMPT), "PER"),
    "e17": (Mention("Azerbaijan", ATTEMPT), "GPE"),
}
EVENTS: dict[str, tuple[Mention, str, tuple[tuple[str, str], ...]]] = {
    "v1": (Mention("exchanged fire", FIRST), "Conflict.Attack",
           (("Attacker", "e1"), ("Instrument", "e4"), ("Instrument", "e5"), ("Time", "e7"))),
    "v2": (Mention("killing", "on Friday, killing one soldier"), "Life.Die", (("Victim", "e8"), ("Place", "e6"))),
    "v3": (Mention("meeting", MEETING), "Contact.Meet", (("Entity", "e12"), ("Entity", "e13"), ("Place", "e10"), ("Time", "e9"))),
}
MODALITIES = {"v1": "ASSERTED", "v2": "ASSERTED", "v3": "FUTURE"}
STANCES: dict[str, tuple[Mention, str, str, str]] = {  # id -> (span, polarity, holder id, target id)
    "s1": (Mention("gross violation", VIOLATION), "AGAINST", "e15", "e14"),
    "s2": (Mention("attempt by Azerbaijan to disrupt", ATTEMPT), "AGAINST", "e16", "e17"),
}


def seed_document() -> Document:
    """The ingested seed article, without annotations (the copyrighted seed is used as a fixture only)."""
    if not SEED_ARTICLE.exists():
        raise FlashpointError(f"{SEED_ARTICLE} not found: the shared folder is expected beside the repository")
    return ingest_file(SEED_ARTICLE)


def seed_prediction(text: str) -> AnnotationSet:
    """The demo prediction set over the seed text: every span located by search, checked by the model."""
    schema = load_schema()

    def where(mention: Mention) -> tuple[int, int, str]:
        start, end = mention.locate(text)
        return start, end, text[start:end]

    entities = tuple(Entity(eid, *where(mention), label) for eid, (mention, label) in ENTITIES.items())
    events = tuple(
        Event(vid, *where(mention), label, tuple(Argument(role, eid) for role, eid in arguments), {"modality": MODALITIES[vid]})
        for vid, (mention, label, arguments) in EVENTS.items()
    )
    stances = tuple(
        Stance(sid, *where(mention), polarity, holder, target) for sid, (mention, polarity, holder, target) in STANCES.items()
    )
    provenance = Provenance(MODEL_VERSION, "flashpoint", "prediction", schema.version, extra={"score": 0.9})
    return AnnotationSet(provenance, entities, events, stances)


@contextmanager
def running_server(root: Path) -> Iterator[ServerSettings]:
    """A fresh Label Studio server in ``root`` for the duration of the block; stopped (its process group) after."""
    settings = ServerSettings(data_dir=root / "data", port=free_port(), token=secrets.token_hex(20), password=secrets.token_urlsafe(16))
    log = root / "server.log"
    process = start(settings, log)
    try:
        wait_until_up(settings, process, log)
        yield settings
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def playwright_modules(folder: Path | None, scratch: Path) -> Path:
    """The ``node_modules`` folder holding playwright-core (npm-installed into ``scratch`` when no folder is given)."""
    if folder is None:
        folder = scratch / "node"
        folder.mkdir(parents=True, exist_ok=True)
        command = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), PLAYWRIGHT_CORE]
        if subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False).returncode != 0:
            raise FlashpointError(f"`{' '.join(command)}` failed; pass --playwright DIR with playwright-core installed")
    modules = folder / "node_modules"
    if not (modules / "playwright-core").is_dir():
        raise FlashpointError(f"{modules} has no playwright-core: run `npm install --prefix {folder} {PLAYWRIGHT_CORE}`")
    return modules


def capture(
    settings: ServerSettings,
    page: str,
    out: Path,
    *,
    chromium: str,
    modules: Path,
    profile: Path,
    width: int,
    height: int,
    select: str = "",
) -> None:
    """Log in as the admin and screenshot ``page`` (a path on the server) with the node helper, after clicking the
    highlighted region whose text is ``select`` (if given)."""
    environment = {**os.environ, "NODE_PATH": str(modules), "LS_PASSWORD": settings.password}
    command = ["node", str(HELPER), settings.url, ADMIN_EMAIL, page, str(out), chromium, str(profile)]
    command += [str(width), str(height), select]
    completed = subprocess.run(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    if completed.returncode != 0:
        raise FlashpointError(f"the screenshot helper failed ({completed.returncode}): {completed.stdout.strip()[-800:]}")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--out", type=Path, default=Path("annotation/screenshot.png"), help="the PNG to write")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium executable (default: %(default)s)")
    parser.add_argument(
        "--playwright", type=Path, help="a folder whose node_modules has playwright-core (default: npm install into a temp dir)"
    )
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1400, help="tall enough for the stance paragraphs (default %(default)s)")
    parser.add_argument("--select", default=STANCES["s1"][0].needle, help="click the region with this text (default: %(default)r)")


def run(args: argparse.Namespace) -> int:
    if not Path(args.chromium).exists():
        raise FlashpointError(f"{args.chromium} not found: install Chromium (`apt-get install chromium`) or pass --chromium")
    document = seed_document()
    prediction = seed_prediction(document.text)
    with tempfile.TemporaryDirectory(prefix="flashpoint-screenshot-") as scratch_name:
        scratch = Path(scratch_name)
        modules = playwright_modules(args.playwright, scratch)
        with running_server(scratch / "labelstudio") as settings:
            client = LabelStudioClient(Connection(settings.url, settings.token))
            report = push(client, PROJECT_TITLE, [document], {document.id: [prediction]})
            task_id = document_ids(client, report.project_id)[document.id]
            page = f"/projects/{report.project_id}/data?task={task_id}"
            args.out.parent.mkdir(parents=True, exist_ok=True)
            capture(settings, page, args.out.resolve(), chromium=args.chromium, modules=modules, profile=scratch / "profile",
                    width=args.width, height=args.height, select=args.select)
    print(f"{args.out}: task {task_id} of project {report.project_id}, {len(prediction.entities)} entities, "
          f"{len(prediction.events)} events, {len(prediction.stances)} stances")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotation.labelstudio.screenshot", description=__doc__.splitlines()[0])
    configure(parser)
    try:
        return run(parser.parse_args(argv))
    except FlashpointError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
