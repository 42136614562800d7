"""Where the project and the shared read-only data live.

The shared folder sits beside the repository (``../shared``), on developer machines and in CI alike; set
``FLASHPOINT_SHARED`` to point elsewhere. Nothing else in the code should spell an absolute path.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", REPO_ROOT.parent / "shared"))
EXTERNAL = SHARED / "data" / "external"
SEED_ARTICLE = SHARED / "data" / "seed" / "ctv-news-azerbaijan-armenia-clash.txt"
