"""The one error type every command turns into a one-line message and a non-zero exit (never a traceback)."""

from __future__ import annotations


class FlashpointError(Exception):
    """A problem the user can fix: bad input, a missing file, a server that is not there."""

    exit_code = 2
