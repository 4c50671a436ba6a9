"""Brownie fixtures for the courtchain suite (run only by `bin/brownie test`, i.e. `make brownie-test`).

- `deployment`: the real suite, deployed once per test module by `courtchain.deploy` (the same deploy as
  `scripts/deploy.py` and the main tests: members, roles, suite wiring) on Brownie's network; module-scoped, so it
  sits inside Brownie's `module_isolation` snapshot and disappears with it.
- `contract(name)` / `hub`, `token`: Brownie `ProjectContract`s of the deployed suite (via the contract containers).
  A new suite contract needs only its own fixture: `return contract("CaseDocket")`.
- Every dev account by role name (`judge`, `clerk`, `outsider`, ...; courtchain.accounts.DEV_NAMES order, which is
  Brownie's `accounts[i]` order since the network uses the same mnemonic).
- `fn_isolation` is autouse: each test starts from the freshly deployed suite.
- `err("ErrorName", *args)`: the revert message Brownie 1.22 gives a custom error, for `brownie.reverts(...)`.
- `govern(actions, ...)`: propose, approve by the genesis governors up to the threshold, execute.
- `plain(value)`: a call's or an event's return value as plain Python (tuples, int, "0x.." hex strings), for `==`
  against a tuple or list: Brownie 1.22's compiled `ReturnValue.__eq__` raises TypeError on such comparisons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

try:
    from brownie.network.account import Account
except ModuleNotFoundError as exc:  # the main environment: this suite is not for it
    raise pytest.UsageError(
        "tests/brownie runs only in Brownie's environment: `make brownie-test` or `bin/brownie test` (docs/brownie.md)"
    ) from exc

from courtchain import deploy
from courtchain.accounts import DEV_NAMES
from courtchain.chain import Chain, brownie_rpc_url

GOVERNORS = tuple(o.genesis_governor for o in deploy.DEV_ORGANISATIONS if o.genesis_governor)


@pytest.fixture(autouse=True)
def isolate(fn_isolation: Any) -> None:
    """Snapshot before each test, revert after it (Brownie's own isolation fixture)."""


@pytest.fixture(scope="module")
def deployment(module_isolation: Any, tmp_path_factory: pytest.TempPathFactory) -> deploy.Deployment:
    url = brownie_rpc_url()
    assert url, "Brownie's network is not connected"
    return deploy.deploy(Chain(url), fresh=True, directory=tmp_path_factory.mktemp("deployments"))


@pytest.fixture(scope="module")
def contract(deployment: deploy.Deployment, request: pytest.FixtureRequest) -> Callable[[str], Any]:
    """`contract("CourtConsortium")`: the deployed contract as a Brownie ProjectContract (its container's `.at`)."""

    def at(name: str) -> Any:
        container = request.getfixturevalue(name)
        return container.at(deployment.record["contracts"][name]["address"])

    return at


@pytest.fixture(scope="module")
def hub(contract: Callable[[str], Any]) -> Any:
    return contract("CourtConsortium")


@pytest.fixture(scope="module")
def token(contract: Callable[[str], Any]) -> Any:
    return contract("SettlementToken")


@pytest.fixture(scope="session")
def dev(accounts: Any) -> dict[str, Account]:
    return {name: accounts[i] for i, name in enumerate(DEV_NAMES)}


def _named(name: str) -> Any:
    @pytest.fixture(scope="session", name=name)
    def fixture(dev: dict[str, Account]) -> Account:
        return dev[name]

    return fixture


for _name in DEV_NAMES:
    globals()[f"_account_{_name}"] = _named(_name)


def _format(value: Any) -> str:
    if isinstance(value, tuple | list):  # Brownie prints an array argument as a Python tuple
        return str(tuple(int(v) if isinstance(v, int) else v for v in value))
    if isinstance(value, Account):
        value = value.address
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return value.lower()
    if isinstance(value, bytes):
        return repr(value)
    return str(int(value)) if isinstance(value, bool | int) else str(value)


@pytest.fixture(scope="session")
def err() -> Callable[..., str]:
    """Brownie 1.22 decodes a custom error from the project's ABIs as `Name: arg1, arg2` (addresses lower-case,
    enums and integers in decimal, dynamic bytes as a Python bytes repr; `Name: ` with a trailing space when there
    are no arguments); this builds that exact string for `brownie.reverts`."""

    def build(name: str, *args: Any) -> str:
        return f"{name}: {', '.join(_format(a) for a in args)}"

    return build


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):  # ReturnValue is a tuple
        return tuple(_plain(v) for v in value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):  # Wei, and enums
        return int(value)
    if isinstance(value, bytes):  # HexString (bytes32, bytes)
        return "0x" + bytes(value).hex()
    return str(value) if isinstance(value, str) else value  # EthAddress (checksummed), strings


@pytest.fixture(scope="session")
def plain() -> Callable[[Any], Any]:
    """Brownie 1.22.2 compiles `ReturnValue.__eq__` with mypyc, and comparing a struct or array return value with a
    tuple or list raises `TypeError: ... Wei object expected` unless every element is a number string; this turns
    it into plain tuples, ints and "0x.." hex strings (addresses checksummed, equal to Brownie accounts)."""
    return _plain


@pytest.fixture(scope="session")
def set_next_timestamp(chain: Any, web3: Any) -> Callable[[int], None]:
    """Put the next block (the next transaction, or `chain.mine()`) at exactly `t`. Brownie 1.22's
    `chain.mine(timestamp=t)` sends `evm_mine` a bare integer, which anvil refuses ("Invalid request")."""

    def set_next(t: int) -> None:
        web3.provider.make_request("evm_setNextBlockTimestamp", [int(t)])

    return set_next


@pytest.fixture(scope="session")
def mine_at(chain: Any, set_next_timestamp: Callable[[int], None]) -> Callable[[int], None]:
    """Mine one block at exactly `t` (and keep Brownie's `chain.time()` in step)."""

    def mine(t: int) -> None:
        set_next_timestamp(t)
        chain.mine()

    return mine


@pytest.fixture(scope="module")
def govern(hub: Any, dev: dict[str, Account]) -> Callable[..., Any]:
    """Run governance actions through a proposal: the first governor proposes, the governors approve up to the
    threshold, the proposal executes. Returns the execution transaction."""

    def run(actions: Sequence[tuple[str, bytes | str]], description: str = "0x" + "00" * 32) -> Any:
        tx = hub.propose(list(actions), description, {"from": dev[GOVERNORS[0]]})
        proposal_id = tx.events["ProposalCreated"]["proposalId"]
        for name in GOVERNORS[1 : hub.threshold()]:  # the proposer's member approved on proposing
            hub.approve(proposal_id, {"from": dev[name]})
        return hub.execute(proposal_id, {"from": dev[GOVERNORS[0]]})

    return run
