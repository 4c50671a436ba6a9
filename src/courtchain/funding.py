"""Gas money for the development accounts on nodes whose prefunded accounts are not ours.

Anvil started by courtchain prefunds the development mnemonic's accounts; a Ganache or Hardhat node started by
someone else prefunds its own. Before deploying the development plan, each named account that cannot pay for its
share of the demo at the node's gas price is funded from the node's own funded account (`eth_accounts`, which such
nodes sign for); where the node has none, the error names the account and what it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .chain import Chain
from .errors import InputError

# Gas each account may spend in the demo and its set-up, with room: the deployer sends the deployment (~24 M), the
# others at most a few million each.
DEPLOYER_GAS = 60_000_000
ACCOUNT_GAS = 10_000_000


def gas_price(chain: Chain) -> int:
    block = chain.rpc("eth_getBlockByNumber", ["latest", False])
    base = int(block.get("baseFeePerGas") or "0x0", 16)
    return max(int(chain.rpc("eth_gasPrice"), 16), 2 * base + 10**9 if base else 0)


def ensure_funds(
    chain: Chain, accounts: Mapping[str, str], deployer: str, log: Callable[[str], None] = lambda s: None
) -> list[str]:
    """Fund each of `accounts` (name → address) that lacks gas money; return the names funded."""
    price = gas_price(chain)
    if price == 0:
        return []
    needs = {}
    for name, address in accounts.items():
        need = (DEPLOYER_GAS if name == deployer else ACCOUNT_GAS) * price
        balance = int(chain.rpc("eth_getBalance", [address, "latest"]), 16)
        if balance < need:
            needs[name] = (address, need - balance)
    if not needs:
        return []
    total = sum(n for _, n in needs.values())
    ours = {a.lower() for a in accounts.values()}
    funders = [a for a in chain.rpc("eth_accounts") or [] if a.lower() not in ours]
    funder = next((a for a in funders if int(chain.rpc("eth_getBalance", [a, "latest"]), 16) > total + 10**18), None)
    if funder is None:
        name, (address, missing) = next(iter(needs.items()))
        raise InputError(
            f"account {name} ({address}) lacks {missing / 10**18:.4f} ETH of gas money on chain {chain.chain_id} at "
            f"{price / 10**9:g} gwei, and the node has no funded account of its own to send it: fund it"
            + (f" (and {len(needs) - 1} more accounts)" if len(needs) > 1 else "")
        )
    hashes = [
        chain.rpc("eth_sendTransaction", [{"from": funder, "to": address, "value": hex(missing)}])
        for address, missing in needs.values()
    ]
    for h in hashes:
        receipt = chain.wait_for_receipt(str(h))
        if receipt["status"] != 1:
            raise InputError(f"funding transaction {h} from the node's account {funder} failed")
    log(f"funded {len(needs)} development accounts from the node's account {funder}")
    return list(needs)
