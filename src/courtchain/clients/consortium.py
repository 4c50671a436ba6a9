"""Typed client of CourtConsortium: members, accounts, roles and M-of-N governance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_utils import keccak

from ..errors import InputError, NotFoundError
from ..roles import role_id
from ..signers import SigningAccount
from ..txn import Call
from .base import ContractClient, Sent, check_address


class MemberKind(IntEnum):
    NONE = 0
    COURT = 1
    PROCURATORATE = 2
    PUBLIC_SECURITY = 3
    CUSTODIAN_BANK = 4
    CREDIT_PLATFORM = 5
    MEDIATION_CENTRE = 6
    BAR_ASSOCIATION = 7
    NOTARY = 8
    AUDITOR = 9
    JUSTICE_BUREAU = 10  # appended: licenses lawyers, legal-aid workers, notaries and appraisers


class MemberStatus(IntEnum):
    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    REMOVED = 3


class ProposalState(IntEnum):
    NONE = 0
    PENDING = 1
    APPROVED = 2
    EXECUTED = 3
    EXPIRED = 4
    CANCELLED = 5
    STALE = 6  # opened in an older governance epoch: its approvals no longer count


@dataclass(frozen=True)
class Member:
    id: int
    kind: MemberKind
    status: MemberStatus
    admitted_at: int
    account_count: int
    governor_accounts: int
    metadata_hash: bytes
    name: str


@dataclass(frozen=True)
class Action:
    """One call of a proposal. `describe` is for people; the chain sees target and data."""

    target: str
    data: str
    describe: str = ""

    def as_tuple(self) -> tuple[str, bytes]:
        return (self.target, bytes.fromhex(self.data.removeprefix("0x")))


@dataclass(frozen=True)
class Proposal:
    id: int
    proposer: str
    proposer_member: int
    approvals: int
    executed: bool
    cancelled: bool
    created_at: int
    expires_at: int
    epoch: int  # the governance epoch it was opened in (see `ConsortiumClient.governance_epoch`)
    description_hash: bytes
    state: ProposalState


class ConsortiumClient(ContractClient):
    contract_name = "CourtConsortium"

    # -- actions (encoded hub calls, to put in a proposal) -------------------------------------------------------

    def _action(self, fn: str, *args: Any) -> Action:
        rendered = ", ".join("0x" + a.hex() if isinstance(a, bytes) else str(a) for a in args)
        return Action(self.address, self.call_data(fn, *args), f"{fn}({rendered})")

    def admit_member(self, kind: MemberKind, name: str, metadata_hash: bytes = b"\0" * 32) -> Action:
        if kind == MemberKind.NONE:
            raise InputError("member kind must not be NONE")
        if not name.strip():
            raise InputError("member name must not be empty")
        return self._action("admitMember", int(kind), name, metadata_hash)

    def suspend_member(self, member_id: int) -> Action:
        return self._action("suspendMember", self._existing_member(member_id))

    def reinstate_member(self, member_id: int) -> Action:
        return self._action("reinstateMember", self._existing_member(member_id))

    def remove_member(self, member_id: int) -> Action:
        return self._action("removeMember", self._existing_member(member_id))

    def update_member_metadata(self, member_id: int, metadata_hash: bytes) -> Action:
        return self._action("updateMemberMetadata", self._existing_member(member_id), metadata_hash)

    def add_account(self, member_id: int, account: str) -> Action:
        return self._action("addAccount", member_id, check_address(account, "account"))

    def remove_account(self, account: str) -> Action:
        return self._action("removeAccount", check_address(account, "account"))

    def grant_role(self, role: str | bytes, account: str) -> Action:
        rid = role if isinstance(role, bytes) else role_id(role)
        return self._action("grantRole", rid, check_address(account, "account"))

    def revoke_role(self, role: str | bytes, account: str) -> Action:
        rid = role if isinstance(role, bytes) else role_id(role)
        return self._action("revokeRole", rid, check_address(account, "account"))

    def set_threshold(self, threshold: int) -> Action:
        return self._action("setThreshold", threshold)

    def set_proposal_lifetime(self, seconds: int) -> Action:
        return self._action("setProposalLifetime", seconds)

    def set_suite_contract(self, key: bytes, address: str) -> Action:
        return self._action("setSuiteContract", key, check_address(address, "contract address"))

    @staticmethod
    def suite_call(target: str, data: str, describe: str = "") -> Action:
        """An action on a registered suite contract (e.g. a governance-only parameter setter)."""
        return Action(check_address(target, "target"), data, describe)

    # -- governance ------------------------------------------------------------------------------------------------

    def propose(self, actions: Sequence[Action], description: str = "") -> tuple[int, Sent]:
        if not actions:
            raise InputError("a proposal needs at least one action")
        sent = self.transact("propose", [a.as_tuple() for a in actions], keccak(text=description))
        return int(sent.event("ProposalCreated").args["proposalId"]), sent

    def approve(self, proposal_id: int) -> Sent:
        return self.transact("approve", proposal_id)

    def execute(self, proposal_id: int) -> Sent:
        return self.transact("execute", proposal_id)

    def cancel(self, proposal_id: int) -> Sent:
        return self.transact("cancel", proposal_id)

    def govern(self, actions: Sequence[Action], governors: Sequence[SigningAccount], description: str = "") -> Sent:
        """Propose with the first governor, approve with the next ones up to the threshold, execute."""
        if not governors:
            raise InputError("govern needs at least one governor account")
        need = self.threshold()
        proposer = ConsortiumClient(self.suite, governors[0])
        pid, _ = proposer.propose(actions, description)
        approvals = 1
        for g in governors[1:]:
            if approvals >= need:
                break
            ConsortiumClient(self.suite, g).approve(pid)
            approvals += 1
        if approvals < need:
            raise InputError(f"proposal {pid} has {approvals} of {need} approvals: more governors are needed")
        return proposer.execute(pid)

    def execute_call(self, proposal_id: int) -> Call:
        return self.prepare("execute", proposal_id)

    # -- views -----------------------------------------------------------------------------------------------------

    def has_role(self, role: str | bytes, account: str) -> bool:
        rid = role if isinstance(role, bytes) else role_id(role)
        return bool(self.view("hasRole", rid, check_address(account)))

    def member_of(self, account: str) -> int:
        return int(self.view("memberOf", check_address(account)))

    def member_count(self) -> int:
        return int(self.view("memberCount"))

    def member(self, member_id: int) -> Member:
        self._existing_member(member_id)
        m = self.view("getMember", member_id)
        return Member(member_id, MemberKind(m[0]), MemberStatus(m[1]), m[2], m[3], m[4], bytes(m[5]), m[6])

    def members(self) -> list[Member]:
        return [self.member(i) for i in range(1, self.member_count() + 1)]

    def threshold(self) -> int:
        return int(self.view("threshold"))

    def governing_members(self) -> int:
        return int(self.view("governingMembers"))

    def suite_contract(self, key: bytes) -> str:
        return str(self.view("suiteContract", key))

    def suite_key_of(self, address: str) -> bytes:
        """The suite key `address` is recorded under (32 zero bytes if none)."""
        return bytes(self.view("suiteKeyOf", check_address(address)))

    def governance_epoch(self) -> int:
        """The current governance epoch: it advances whenever the threshold or the governing set changes, and a
        proposal opened in an older epoch is STALE."""
        return int(self.view("governanceEpoch"))

    def proposal_count(self) -> int:
        return int(self.view("proposalCount"))

    def proposal(self, proposal_id: int) -> Proposal:
        if not 1 <= proposal_id <= self.proposal_count():
            raise NotFoundError(f"no proposal {proposal_id} (there are {self.proposal_count()})")
        p = self.view("getProposal", proposal_id)
        state = ProposalState(self.view("proposalState", proposal_id))
        return Proposal(proposal_id, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], bytes(p[8]), state)

    def actions(self, proposal_id: int) -> list[tuple[str, bytes]]:
        return [(a[0], bytes(a[1])) for a in self.view("getActions", proposal_id)]

    def _existing_member(self, member_id: int) -> int:
        count = self.member_count()
        if not 1 <= member_id <= count:
            raise NotFoundError(f"no member {member_id} (members are 1..{count})")
        return member_id
