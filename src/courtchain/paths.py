"""Where things live in a checkout. Every path can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path


def _root() -> Path:
    env = os.environ.get("COURTCHAIN_ROOT")
    if env:
        return Path(env).resolve()
    # src/courtchain/paths.py -> repository root
    return Path(__file__).resolve().parents[2]


ROOT = _root()
CONTRACTS = ROOT / "contracts"
NODE_MODULES = ROOT / "node_modules"
BIN = ROOT / "bin"
BUILD = Path(os.environ.get("COURTCHAIN_BUILD_DIR", ROOT / "build"))
DEPLOYMENTS = Path(os.environ.get("COURTCHAIN_DEPLOYMENTS_DIR", ROOT / "deployments"))
STATE = Path(os.environ.get("COURTCHAIN_STATE_DIR", ROOT / ".courtchain"))
