"""Test-wide settings: under CI (the ``CI`` environment variable is set) hypothesis runs a fixed, derandomised
sequence of examples, so a landing does not depend on the luck of the draw; locally every run explores new examples
(and hypothesis keeps the failures it finds in ``.hypothesis/`` to replay them)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
