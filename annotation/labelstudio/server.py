"""Start a local Label Studio server from its own virtual environment (``.venv-ls``, made by ``make ls-install``).

Used by ``flashpoint ls serve`` (for people) and by the integration test. Binds 127.0.0.1 only; switches off the
version check, error reporting and analytics; the admin user and its API token are preset from the environment so
nothing is interactive.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from annotation.errors import FlashpointError

VENV = Path(__file__).resolve().parents[2] / ".venv-ls"
ADMIN_EMAIL = "admin@flashpoint.local"


@dataclass(frozen=True, slots=True)
class ServerSettings:
    data_dir: Path
    port: int
    token: str  # 40 hex characters; the admin's legacy API token
    password: str
    venv: Path = VENV

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        """The server's environment: ours without stray PORT/USERNAME/PASSWORD (it reads those too), plus its settings."""
        stray = ("PORT", "USERNAME", "PASSWORD", "HOST")
        base = {k: v for k, v in os.environ.items() if k not in stray and not k.startswith("LABEL_STUDIO_")}
        return {
            **base,
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
            "LABEL_STUDIO_USERNAME": ADMIN_EMAIL,
            "LABEL_STUDIO_PASSWORD": self.password,
            "LABEL_STUDIO_USER_TOKEN": self.token,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "LABEL_STUDIO_LATEST_VERSION_CHECK": "false",
            "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
        }

    def command(self) -> list[str]:
        executable = self.venv / "bin" / "label-studio"
        if not executable.exists():
            raise FlashpointError(f"{executable} not found: run `make ls-install` to create the Label Studio environment")
        return [str(executable), "start", "--no-browser", "--data-dir", str(self.data_dir),
                "--internal-host", "127.0.0.1", "--port", str(self.port)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(json.loads(response.read()).get("status") == "UP")
    except (OSError, ValueError):
        return False


def start(settings: ServerSettings, log_path: Path) -> subprocess.Popen[bytes]:
    """Start the server in the background (its output to ``log_path``)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        command, environment = settings.command(), settings.environment()
        return subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_up(settings: ServerSettings, process: subprocess.Popen[bytes], log_path: Path, timeout_s: float = 180.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise FlashpointError(f"Label Studio exited with code {process.returncode}; see {log_path}")
        if healthy(settings.url):
            return
        time.sleep(1.0)
    raise FlashpointError(f"Label Studio did not answer {settings.url}/health within {timeout_s:.0f} s; see {log_path}")
