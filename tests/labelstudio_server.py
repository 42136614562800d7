"""A pytest fixture that starts a REAL Label Studio server once per test session (from ``.venv-ls``).

127.0.0.1, a free port, a temporary data dir, preset admin token; no version check, no error reporting, no
analytics. The server is stopped (its process group) at the end of the session. Without ``.venv-ls`` the fixture
FAILS (it does not skip): ``make test`` creates it first through ``make ls-install``.
"""

from __future__ import annotations

import os
import secrets
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotation.labelstudio.server import VENV, ServerSettings, free_port, start, wait_until_up


@pytest.fixture(scope="session")
def labelstudio_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerSettings]:
    if not (VENV / "bin" / "label-studio").exists():
        pytest.fail(f"{VENV} has no label-studio: run `make ls-install` (make test does it)")
    root = tmp_path_factory.mktemp("labelstudio")
    settings = ServerSettings(data_dir=root / "data", port=free_port(), token=secrets.token_hex(20), password=secrets.token_urlsafe(12))
    log = root / "server.log"
    process = start(settings, log)
    try:
        wait_until_up(settings, process, log, timeout_s=float(os.environ.get("FLASHPOINT_LS_START_TIMEOUT", "180")))
        if f":{settings.port}" not in log.read_text(encoding="utf-8", errors="replace"):
            pytest.fail(f"Label Studio is not on port {settings.port} (it moves on when a port is busy); see {log}")
        yield settings
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except Exception:
            os.killpg(process.pid, signal.SIGKILL)


def server_log(settings: ServerSettings) -> Path:
    return settings.data_dir.parent / "server.log"
