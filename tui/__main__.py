"""``python -m tui`` opens the app on the configured database."""

from __future__ import annotations

import sys

from tracker.cli import main
from tracker.collector import settle_collector

settle_collector()
sys.exit(main(["tui", *sys.argv[1:]]))
