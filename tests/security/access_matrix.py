"""The access matrix: for every state-changing function of every suite contract, who may call it and which custom
error everyone else gets. `tests/security/test_access_matrix.py` checks it against the ABIs (a new function without
an entry fails) and against the chain (every account outside `allowed` is refused with exactly `error`).

Accounts are dev names (src/courtchain/accounts.py); each stands for its role. `PUBLIC` marks a function anyone may
call (a permissionless trigger or a party's own action checked by other means); it still needs an entry, so that
adding a function forces a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from courtchain.roles import ROLES

# Every account that stands for a role, plus parties and an outsider.
CALLERS = (
    "court_governor",
    "judge",
    "clerk",
    "mediator",
    "officer",
    "custodian",
    "credit_agency",
    "registrar",
    "auditor",
    "creditor",
    "debtor",
    "outsider",
)
GOVERNORS = frozenset({"court_governor", "bank_governor", "credit_governor"})
PUBLIC: frozenset[str] = frozenset(CALLERS)
GOVERNANCE: frozenset[str] = frozenset()  # only an executed hub proposal (the hub itself) may call

ArgsFactory = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Entry:
    """Who may call a function, what everyone else gets, and arguments that reach the access check."""

    allowed: frozenset[str]
    error: str | None
    args: ArgsFactory = field(default=lambda ctx: [])
    note: str = ""


def _zero32(ctx: Any) -> bytes:
    return b"\0" * 32


CONSORTIUM: dict[str, Entry] = {
    "propose": Entry(GOVERNORS, "ConsortiumNotGovernor", lambda ctx: [[(ctx.hub_address, b"")], b"\0" * 32]),
    "approve": Entry(GOVERNORS, "ConsortiumNotGovernor", lambda ctx: [1]),
    "execute": Entry(PUBLIC, None, note="anyone executes an approved proposal"),
    "cancel": Entry(frozenset({"court_governor"}), "ConsortiumNotProposer", lambda ctx: [ctx.open_proposal]),
    "admitMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1, "X", b"\0" * 32]),
    "suspendMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [4]),
    "reinstateMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [4]),
    "removeMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [4]),
    "updateMemberMetadata": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1, b"\1" * 32]),
    "addAccount": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1, ctx.addr("outsider")]),
    "removeAccount": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [ctx.addr("judge")]),
    "grantRole": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [ROLES["JUDGE"], ctx.addr("clerk")]),
    "revokeRole": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [ROLES["JUDGE"], ctx.addr("judge")]),
    "setThreshold": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1]),
    "setProposalLifetime": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [3600]),
    "setSuiteContract": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [b"\1" * 32, ctx.hub_address]),
}

# contract name -> function name -> entry. Each suite contract adds its table here.
MATRIX: dict[str, dict[str, Entry]] = {
    "CourtConsortium": CONSORTIUM,
}
