"""Deploy the suite; all logic lives in courtchain.deploy.

Plain Python (`python scripts/deploy.py`, on COURTCHAIN_RPC or 127.0.0.1:8545) or a Brownie script
(`bin/brownie run scripts/deploy.py --network courtchain-anvil`: Brownie's network is used).
"""

from __future__ import annotations

import os

from courtchain import deploy
from courtchain.chain import connect, default_rpc_url


def main() -> None:
    d = deploy.deploy(connect(default_rpc_url()), fresh=bool(os.environ.get("COURTCHAIN_FRESH")), log=print)
    for name, entry in d.record["contracts"].items():
        print(f"{name}: {entry['address']}")


if __name__ == "__main__":
    main()
