"""Deploy the suite (brownie-style entry point: `def main()`); all logic lives in courtchain.deploy."""

from __future__ import annotations

import os

from courtchain import deploy
from courtchain.chain import connect


def main() -> None:
    rpc = os.environ.get("COURTCHAIN_RPC", "http://127.0.0.1:8545")
    d = deploy.deploy(connect(rpc), fresh=bool(os.environ.get("COURTCHAIN_FRESH")), log=print)
    for name, entry in d.record["contracts"].items():
        print(f"{name}: {entry['address']}")


if __name__ == "__main__":
    main()
