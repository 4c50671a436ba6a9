"""What the index's test modules share (the fixtures are in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from courtchain import audit
from courtchain.suite import Event

NewDb = Callable[[str], str]  # makes a new empty database and gives its URL


def event_json(events: list[Event]) -> list[dict[str, Any]]:
    return [audit.event_to_json(e) for e in events]
