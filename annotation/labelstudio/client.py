"""A thin wrapper over label-studio-sdk 2.x: connection from the environment, retries, clear errors, users.

The API key is read from ``LABEL_STUDIO_API_KEY`` and handed to the SDK only; it is never printed, logged or
written. Transient failures (connection errors, timeouts, 429 and 5xx answers) are retried with backoff; a server
that is not there gives a :class:`FlashpointError` naming the URL and how to start one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from annotation.errors import FlashpointError

URL_VARIABLE = "LABEL_STUDIO_URL"
KEY_VARIABLE = "LABEL_STUDIO_API_KEY"
USER_EMAIL_DOMAIN = "flashpoint.local"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Connection:
    url: str
    api_key: str

    def __repr__(self) -> str:  # never show the key
        return f"Connection(url={self.url!r}, api_key=<hidden>)"


def connection_from_env(url: str | None = None) -> Connection:
    """The server URL (argument, else ``LABEL_STUDIO_URL``) and the key from ``LABEL_STUDIO_API_KEY``."""
    url = url or os.environ.get(URL_VARIABLE, "")
    key = os.environ.get(KEY_VARIABLE, "")
    if not url:
        raise FlashpointError(f"no Label Studio URL: set {URL_VARIABLE} (e.g. http://127.0.0.1:8080) or pass --url")
    if not key:
        raise FlashpointError(f"no Label Studio API key: set {KEY_VARIABLE} (Account & Settings > Access token in Label Studio)")
    return Connection(url.rstrip("/"), key)


def _transient(error: BaseException) -> bool:
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(error, httpx.TransportError):
        return True
    return isinstance(error, ApiError) and isinstance(error.status_code, int) and (error.status_code == 429 or error.status_code >= 500)


class LabelStudioClient:
    """The calls the toolkit makes, each retried on transient errors and turned into clear errors otherwise."""

    def __init__(self, connection: Connection, *, retries: int = 4, backoff: float = 0.5, timeout: float = 120.0) -> None:
        from label_studio_sdk import LabelStudio

        self.connection = connection
        self.retries = retries
        self.backoff = backoff
        self.sdk = LabelStudio(base_url=connection.url, api_key=connection.api_key, timeout=timeout)

    def call(self, what: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(*args, **kwargs)`` with retries; ``what`` names the call in error messages."""
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        for attempt in range(self.retries + 1):
            try:
                return function(*args, **kwargs)
            except (httpx.TransportError, ApiError) as error:
                if _transient(error) and attempt < self.retries:
                    time.sleep(self.backoff * 2**attempt)
                    continue
                raise self._explain(what, error) from error
        raise AssertionError("unreachable")  # pragma: no cover

    def _explain(self, what: str, error: Exception) -> FlashpointError:
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        url = self.connection.url
        if isinstance(error, httpx.TransportError):
            return FlashpointError(
                f"cannot reach Label Studio at {url} ({type(error).__name__}) while trying to {what}; "
                "is the server running? Start one with `flashpoint ls serve`"
            )
        assert isinstance(error, ApiError)
        if error.status_code == 401:
            return FlashpointError(f"Label Studio at {url} refused the API key in {KEY_VARIABLE} (401) while trying to {what}")
        body = str(error.body)[:300]
        return FlashpointError(f"Label Studio at {url} answered {error.status_code} while trying to {what}: {body}")

    # ------------------------------------------------------------ projects and tasks

    def check(self) -> Any:
        return self.call("check the connection", self.sdk.users.whoami)

    def find_project(self, title: str) -> Any | None:
        projects: list[Any] = self.call("list projects", lambda: list(self.sdk.projects.list()))
        found = [p for p in projects if p.title == title]
        if len(found) > 1:
            raise FlashpointError(f"{len(found)} projects are titled {title!r} (ids {[p.id for p in found]}); rename all but one")
        return found[0] if found else None

    def project(self, title: str) -> Any:
        project = self.find_project(title)
        if project is None:
            raise FlashpointError(f"no Label Studio project titled {title!r} at {self.connection.url}; create it with `flashpoint ls push`")
        return project

    def tasks(self, project_id: int, page_size: int = 100) -> Iterator[Any]:
        """Every task of a project, page by page (the SDK's pager follows the pages)."""
        pager: Any = self.call("list tasks", self.sdk.tasks.list, project=project_id, page_size=page_size, fields="all")
        yield from pager

    def predictions(self, task_id: int) -> list[Any]:
        return list(self.call("list predictions", self.sdk.predictions.list, task=task_id))

    # ------------------------------------------------------------ users

    def users(self) -> list[Any]:
        return list(self.call("list users", self.sdk.users.list))

    def user_names(self) -> dict[int, str]:
        """Label Studio user id -> annotator name (the username; the email when there is none)."""
        return {user.id: annotator_name(user.username, user.email) for user in self.users()}

    def ensure_user(self, annotator: str) -> int:
        """The id of the Label Studio user for an annotator name, created (in the organisation) when missing."""
        username, email = user_identity(annotator)
        for user in self.users():
            if user.username == username or (user.email or "").lower() == email.lower():
                return int(user.id)
        created = self.call(f"create user {annotator!r}", self.sdk.users.create, username=username, email=email, first_name=annotator)
        return int(created.id)


def user_identity(annotator: str) -> tuple[str, str]:
    """(username, email) of the Label Studio user that stands for an annotator name."""
    if "@" in annotator:
        return annotator.split("@", 1)[0], annotator
    return annotator, f"{annotator}@{USER_EMAIL_DOMAIN}"


def annotator_name(username: str | None, email: str | None) -> str:
    """The annotator name of a Label Studio user (inverse of :func:`user_identity`)."""
    email = email or ""
    if email.endswith("@" + USER_EMAIL_DOMAIN):
        return email.rsplit("@", 1)[0]
    return email or username or "unknown"
