"""Fixtures for the bankruptcy estate (deployed and wired with the suite): clients per role, and helpers that take a
case to its meetings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients import bankruptcy as bk
from courtchain.suite import Suite

from ..enforcement.conftest import mint, send

DEBTOR = keccak(text="debtor enterprise commitment (bankruptcy tests)")
DAY = bk.DAY


@dataclass
class Estate:
    suite: Suite
    accts: dict[str, LocalAccount]
    judge: bk.BankruptcyClient
    judge2: bk.BankruptcyClient
    admin: bk.BankruptcyClient  # the administrator appointed for the case (管理人)
    meet_admin: bk.MeetingClient
    meet_judge: bk.MeetingClient
    estate: str
    meeting: str
    voters: dict[str, LocalAccount] = field(default_factory=dict)

    def as_(self, account: LocalAccount) -> bk.BankruptcyClient:
        return bk.BankruptcyClient(self.suite, account)

    def meet_as(self, account: LocalAccount) -> bk.MeetingClient:
        return bk.MeetingClient(self.suite, account)

    def now(self) -> int:
        return self.suite.chain.timestamp()

    def travel_to(self, t: int) -> None:
        self.suite.chain.set_time(t)

    def voter(self, i: int) -> LocalAccount:
        """A funded creditor account of its own (creditors need gas only to file; ballots can be relayed)."""
        key = f"voter{i}"
        if key not in self.voters:
            acct: LocalAccount = Account.from_key(keccak(text=f"courtchain bankruptcy voter {i}"))
            self.suite.chain.rpc("anvil_setBalance", [acct.address, hex(10**20)])
            self.voters[key] = acct
        return self.voters[key]

    def open_case(self, small_claim_limit: int = 0) -> int:
        t = self.now()
        case_id, act, _ = self.judge.propose_opening(
            DEBTOR, self.accts["litigant"].address, t, t + 30 * DAY, small_claim_limit
        )
        self.judge2.approve_act(act)
        return case_id

    def act(self, case_id: int, kind: bk.ActKind, ref: int = 0, value: int = 0) -> None:
        self.judge2.approve_act(self.judge.propose_act(case_id, kind, ref, value))

    def claims(self, case_id: int, specs: Sequence[tuple[int, bk.ClaimKind, bool]], first_voter: int = 0) -> list[int]:
        """File (or list) claims, review them at their amount, open and pass the objection window, confirm them."""
        ids = []
        for n, (amount, kind, secured) in enumerate(specs):
            acct = self.voter(first_voter + n)
            if kind in (bk.ClaimKind.EMPLOYEE, bk.ClaimKind.EXPENSE, bk.ClaimKind.COMMON_BENEFIT):
                cid = self.admin.list_claim(case_id, acct.address, kind, amount)
            else:
                cid = self.as_(acct).file_claim(case_id, amount, kind, secured)
            self.admin.review_claim(cid, True, amount)
            ids.append(cid)
        deadline = self.now() + DAY
        self.act(case_id, bk.ActKind.SET_OBJECTION_DEADLINE, 0, deadline)
        self.travel_to(deadline + 1)
        for lo in range(0, len(ids), 250):
            chunk = ids[lo : lo + 250]
            self.act(case_id, bk.ActKind.CONFIRM_CLAIMS, chunk[0], chunk[-1])
        return ids

    def convene_agenda_now(self, case_id: int, items: Sequence[bk.AgendaItem], days: int = 3) -> int:
        start = self.now() + 15 * DAY + 10
        mid = self.meet_admin.convene_agenda(case_id, items, start, start + days * DAY)
        self.travel_to(start)
        return mid

    def shareholders(self, case_id: int, shares: Sequence[int], first_voter: int = 500) -> list[int]:
        """Register shareholders (art. 85) with their shares in millionths, each approved by a judge; their voter
        ids."""
        sids = [
            self.meet_admin.register_shareholder(
                case_id, keccak(text=f"shareholder {first_voter + n}"), self.voter(first_voter + n).address, share
            )
            for n, share in enumerate(shares)
        ]
        for sid in sids:
            self.meet_judge.approve_shareholder(sid)
        return sids

    def convene_now(self, case_id: int, kind: bk.ResolutionKind, parent: int = 0, days: int = 3) -> int:
        start = self.now() + 15 * DAY + 10
        mid = self.meet_admin.convene(case_id, kind, start, start + days * DAY, parent)
        self.travel_to(start)
        return mid

    def close(self, meeting_id: int) -> tuple[bk.ResolutionStatus, list[bk.ClassResult]]:
        m = self.meet_admin.get_meeting(meeting_id)
        if self.now() <= m["closes_at"]:
            self.travel_to(m["closes_at"] + 1)
        status, results, _ = self.meet_as(self.accts["outsider"]).close(meeting_id)
        return status, results

    def relay(self, meeting_id: int, votes: Sequence[tuple[int, bk.Choices]], **kw: Any) -> Any:
        ballots = [self.sign(meeting_id, cid, ch) for cid, ch in votes]
        return self.meet_admin.relay(meeting_id, ballots, **kw)

    def sign(self, meeting_id: int, claim_id: int, choice: bk.Choices, nonce: int | None = None) -> bk.SignedBallot:
        account = self.meet_admin.view("getVoice", claim_id)[0][0]  # a claim's or a shareholder's voting account
        acct = next(a for a in self.voters.values() if a.address == account)
        n = self.meet_admin.nonce(claim_id) if nonce is None else nonce
        return bk.sign_ballot(
            acct, self.suite.chain.chain_id, self.meeting, meeting_id, claim_id, choice, n, self.now() + 30 * DAY
        )


@pytest.fixture
def est(suite: Suite, accts: dict[str, LocalAccount]) -> Estate:
    estate, meeting = suite.address("BankruptcyEstate"), suite.address("CreditorsMeeting")
    admin = accts["litigant"]
    return Estate(
        suite,
        accts,
        bk.BankruptcyClient(suite, accts["judge"]),
        bk.BankruptcyClient(suite, accts["judge2"]),
        bk.BankruptcyClient(suite, admin),
        bk.MeetingClient(suite, admin),
        bk.MeetingClient(suite, accts["judge"]),
        estate,
        meeting,
    )


def fund_admin(est: Estate, amount: int) -> None:
    admin = est.accts["litigant"]
    mint(est.suite, admin.address, amount)
    send(est.suite, admin, "SettlementToken", est.suite.address("SettlementToken"), "approve", est.estate, amount)


def litigated_case(est: Estate) -> tuple[int, int, int, int]:
    """Two ordinary claims of 1,000; the first objected to by the second (disputed, so reserved); a final round of
    1,000: 500 reserved for the first, 500 credited to the second. Returns (case, disputed, other, objection)."""
    case_id = est.open_case()
    a, b = est.voter(0), est.voter(1)
    ca = est.as_(a).file_claim(case_id, 1_000)
    cb = est.as_(b).file_claim(case_id, 1_000)
    est.admin.review_claim(ca, True, 1_000)
    est.admin.review_claim(cb, True, 1_000)
    deadline = est.now() + DAY
    est.act(case_id, bk.ActKind.SET_OBJECTION_DEADLINE, 0, deadline)
    obj = est.as_(b).object(ca, cb)
    est.travel_to(deadline + 1)
    est.act(case_id, bk.ActKind.CONFIRM_CLAIMS, ca, cb)
    fund_admin(est, 1_000)
    est.admin.deposit(case_id, 1_000)
    est.judge.approve_payout(est.admin.propose_payout(case_id, bk.PayoutKind.FINAL_ROUND, 1_000))
    return case_id, ca, cb, obj
