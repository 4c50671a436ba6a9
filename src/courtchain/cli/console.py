"""The two consoles of the CLI (stdout for results, stderr for progress and errors), importable without the rest."""

from __future__ import annotations

from rich.console import Console

console = Console(stderr=False, highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
