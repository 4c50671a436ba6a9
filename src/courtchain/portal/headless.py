"""How the portal's tests and bench start Debian's Chromium under Playwright (never a downloaded browser).

Playwright itself is a test dependency; this module only holds the executable and its flags, and launches through
the Playwright object it is given.
"""

from __future__ import annotations

from typing import Any

CHROMIUM = "/usr/bin/chromium"  # Debian's `chromium` package (`make chromium`)
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # the machine's network is closed; nothing may phone home
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium with a fresh profile (Playwright makes a new user-data-dir per launch)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
