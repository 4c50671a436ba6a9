"""`courtchain demo --story bankruptcy`: a liquidation from claims to the final distribution, and a reorganisation
plan voted by classes in which a failing class votes once more (Enterprise Bankruptcy Law art. 45-119).

The steps run on the suite's Demo (tests of money conservation after every step, gas and transactions per step);
the court's acts take two judges, money leaves the estate only on a payout the administrator proposes and a judge
approves."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from eth_utils import keccak

from .clients import bankruptcy as bk
from .clients.base import Sent
from .demo import YUAN, Demo, StepResult, yuan
from .signers import SigningAccount
from .suite import Suite
from .units import format_time

DAY = bk.DAY
ADMIN = "litigant"  # the administrator the court appoints (管理人): a law firm's account in the story
WORKER = "outsider"  # an employee of the debtor, whose wages the administrator lists (art. 48)


def _estate(demo: Demo, as_: str) -> bk.BankruptcyClient:
    return demo.client(bk.BankruptcyClient, as_)


def _meet(demo: Demo, as_: str) -> bk.MeetingClient:
    return demo.client(bk.MeetingClient, as_)


def _act(demo: Demo, case_id: int, kind: bk.ActKind, ref: int = 0, value: int = 0) -> None:
    act = _estate(demo, "judge").propose_act(case_id, kind, ref, value)
    demo.record(_estate(demo, "judge2").approve_act(act))


def _open(demo: Demo) -> int:
    t = demo.now()
    debtor = bytes(keccak(text=f"demo debtor enterprise {demo.serial}"))
    case_id, act, sent = _estate(demo, "judge").propose_opening(debtor, demo.addr(ADMIN), t, t + 30 * DAY)
    demo.record(sent)
    demo.record(_estate(demo, "judge2").approve_act(act))
    return case_id


def _claims(demo: Demo, case_id: int, specs: list[tuple[str, int, bk.ClaimKind, bool]]) -> list[int]:
    admin = _estate(demo, ADMIN)
    ids = []
    for who, amount, kind, secured in specs:
        if kind in (bk.ClaimKind.EMPLOYEE, bk.ClaimKind.EXPENSE, bk.ClaimKind.COMMON_BENEFIT):
            cid = admin.list_claim(case_id, demo.addr(who), kind, amount)
        else:
            cid = _estate(demo, who).file_claim(case_id, amount, kind, secured, evidence=bytes(keccak(text=who)))
        demo.record(admin.review_claim(cid, True, amount))
        ids.append(cid)
    deadline = demo.now() + DAY
    _act(demo, case_id, bk.ActKind.SET_OBJECTION_DEADLINE, 0, deadline)
    demo.travel_to(deadline + 1)
    _act(demo, case_id, bk.ActKind.CONFIRM_CLAIMS, ids[0], ids[-1])
    return ids


def _convene(demo: Demo, case_id: int, kind: bk.ResolutionKind, parent: int = 0) -> int:
    start = demo.now() + 15 * DAY + 60
    mid = _meet(demo, ADMIN).convene(case_id, kind, start, start + 3 * DAY, parent)
    demo.travel_to(start)
    return mid


def _close(demo: Demo, mid: int) -> tuple[bk.ResolutionStatus, list[bk.ClassResult]]:
    demo.travel_to(int(_meet(demo, ADMIN).get_meeting(mid)["closes_at"]) + 1)
    status, results, sent = _meet(demo, "keeper").close(mid)
    demo.record(sent)
    for r in results:
        demo.say(
            f"item {r.item} {r.vote_class.name.lower():>11}: heads {r.for_heads}/{r.present_heads} present "
            f"({bk.percent(r.for_heads, r.present_heads)}), amount {yuan(r.for_amount)} of {yuan(r.total_amount)} "
            f"({bk.percent(r.for_amount, r.total_amount)}) → {'passed' if r.passed else 'failed'}"
        )
    return status, results


def _relay(demo: Demo, mid: int, votes: list[tuple[str, int, bk.Choices]]) -> Sent:
    meet = _meet(demo, ADMIN)
    deadline = demo.now() + 10 * DAY
    ballots = [
        bk.sign_ballot(
            demo.accounts[who], demo.chain.chain_id, meet.address, mid, cid, choice, meet.nonce(cid), deadline
        )
        for who, cid, choice in votes
    ]
    sent = meet.relay(mid, ballots)
    demo.record(sent)
    return sent


def step_liquidation_claims(demo: Demo) -> None:
    with demo.step("破产清算 · the court opens the case, claims are filed, listed, reviewed and confirmed"):
        case_id = _open(demo)
        demo.context["bk_case"] = case_id
        ids = _claims(
            demo,
            case_id,
            [
                ("registrar", 20_000 * YUAN, bk.ClaimKind.EXPENSE, False),  # bankruptcy expenses (art. 41)
                (WORKER, 80_000 * YUAN, bk.ClaimKind.EMPLOYEE, False),  # wages, listed (art. 48)
                ("creditor3", 50_000 * YUAN, bk.ClaimKind.TAX, False),
                ("creditor", 600_000 * YUAN, bk.ClaimKind.ORDINARY, False),
                ("creditor2", 400_000 * YUAN, bk.ClaimKind.ORDINARY, True),  # secured on the debtor's plant
            ],
        )
        demo.context["bk_claims"] = ids
        demo.say(f"case {case_id}: {len(ids)} claims in the table, confirmed by two judges after the objection window")


def step_liquidation_meeting(demo: Demo) -> None:
    with demo.step("债权人会议 · the first meeting: the claims table and the distribution plan (art. 58, 61, 64)"):
        case_id, ids = demo.context["bk_case"], demo.context["bk_claims"]
        start = demo.now() + 15 * DAY + 60
        agenda = [bk.AgendaItem(bk.ResolutionKind.ORDINARY), bk.AgendaItem(bk.ResolutionKind.DISTRIBUTION_PLAN)]
        mid = _meet(demo, ADMIN).convene_agenda(case_id, agenda, start, start + 3 * DAY)
        demo.travel_to(start)
        F, A = bk.Choice.FOR, bk.Choice.AGAINST
        demo.record(_meet(demo, "creditor").vote(mid, ids[3], [F, F]))
        _relay(demo, mid, [(WORKER, ids[1], [F, F]), ("creditor3", ids[2], [A, A])])
        secured = _meet(demo, "creditor2").vote(mid, ids[4], [F, A])
        demo.record(secured)
        demo.expect(
            [int(e.args["item"]) for e in secured.all("BallotItemSkipped")] == [1],
            "the secured creditor's ballot should be skipped on the distribution plan only",
        )
        demo.say("the secured creditor votes on the claims table; not on the distribution plan (art. 59)")
        status, _ = _close(demo, mid)
        demo.expect(status == bk.ResolutionStatus.PASSED, f"the agenda {status.name}")


def step_liquidation_distribution(demo: Demo) -> None:
    with demo.step("变价与分配 · collateral first, then the statutory order, pro rata; the final round"):
        case_id, ids = demo.context["bk_case"], demo.context["bk_claims"]
        estate, admin = _estate(demo, "judge"), _estate(demo, ADMIN)
        realised = 500_000 * YUAN
        demo.mint(ADMIN, realised)
        demo.record(demo.client(type(demo.token), ADMIN).approve(estate.address, realised))
        demo.record(admin.deposit(case_id, realised))
        demo.moved(demo.addr(ADMIN), estate.address, realised)
        pay = admin.propose_payout(case_id, bk.PayoutKind.COLLATERAL, 300_000 * YUAN, ref=ids[4])
        demo.record(estate.approve_payout(pay))
        pay = admin.propose_payout(case_id, bk.PayoutKind.FINAL_ROUND, 200_000 * YUAN)
        demo.record(estate.approve_payout(pay))
        demo.record(_estate(demo, "keeper").distribute(case_id))
        for name, cid in zip(("registrar", WORKER, "creditor3", "creditor", "creditor2"), ids, strict=True):
            c = admin.get_claim(cid)
            demo.say(f"{name:>10} {c.kind.name.lower():>9}: claim {yuan(c.amount)}, credited {yuan(c.credited)}")
            demo.record(_estate(demo, name).withdraw(cid))
            demo.moved(estate.address, demo.addr(name), c.credited)
        _act(demo, case_id, bk.ActKind.CLOSE)
        case = admin.get_case(case_id)
        demo.expect(case["status"] == bk.CaseStatus.CLOSED, "the case did not close")
        unclaimed, litigated = admin.release_deadlines(case_id)
        demo.expect(
            (unclaimed, litigated) == (case["final_at"] + bk.UNCLAIMED, case["closed_at"] + bk.LITIGATED),
            "the release deadlines are not two months after the final distribution and two years after closing",
        )
        demo.say(
            f"final distribution {format_time(case['final_at'])}, closed {format_time(case['closed_at'])}: "
            f"uncollected money lapses after {format_time(unclaimed)} (art. 118), "
            f"litigated reserves after {format_time(litigated)} (art. 119)"
        )


def step_reorganisation(demo: Demo) -> None:
    with demo.step("重整计划 · a plan voted by classes; the failing class votes once more (art. 82-87)"):
        case_id = _open(demo)
        ids = _claims(
            demo,
            case_id,
            [
                (WORKER, 90_000 * YUAN, bk.ClaimKind.EMPLOYEE, False),
                ("creditor", 500_000 * YUAN, bk.ClaimKind.ORDINARY, False),
                ("creditor2", 300_000 * YUAN, bk.ClaimKind.ORDINARY, False),
                ("creditor3", 200_000 * YUAN, bk.ClaimKind.ORDINARY, False),
            ],
        )
        # the plan adjusts the shareholders' equity: the shareholders' class votes on it (art. 85)
        meet = _meet(demo, ADMIN)
        holders = [
            meet.register_shareholder(case_id, keccak(text=f"demo shareholder {who}"), demo.addr(who), share)
            for who, share in (("debtor", 700_000), ("outsider", 300_000))
        ]
        judge = _meet(demo, "judge")
        demo.expect(
            meet.class_totals(case_id, bk.VoteClass.SHAREHOLDER) == (0, 0),
            "a shareholder counted before a judge approved it",
        )
        for sid in holders:
            demo.record(judge.approve_shareholder(sid))
        demo.expect(
            meet.class_totals(case_id, bk.VoteClass.SHAREHOLDER) == (2, 1_000_000),
            "the approved shareholders do not hold the whole equity",
        )
        demo.say("shareholders registered by the administrator and approved by a judge: 70 % and 30 % of the equity")
        start = demo.now() + 15 * DAY + 60
        agenda = [bk.AgendaItem(bk.ResolutionKind.REORGANISATION, adjusts_equity=True)]
        mid = meet.convene_agenda(case_id, agenda, start, start + 3 * DAY)
        demo.travel_to(start)
        _relay(
            demo,
            mid,
            [
                (WORKER, ids[0], bk.Choice.FOR),
                ("creditor", ids[1], bk.Choice.FOR),
                ("creditor2", ids[2], bk.Choice.AGAINST),
                ("creditor3", ids[3], bk.Choice.AGAINST),
                ("debtor", holders[0], bk.Choice.FOR),
                ("outsider", holders[1], bk.Choice.AGAINST),
            ],
        )
        status, _ = _close(demo, mid)
        demo.expect(status == bk.ResolutionStatus.FAILED, "the ordinary class should fail the first vote")
        again = _convene(demo, case_id, bk.ResolutionKind.REORGANISATION, parent=mid)
        _relay(
            demo,
            again,
            [
                ("creditor", ids[1], bk.Choice.FOR),
                ("creditor2", ids[2], bk.Choice.FOR),
                ("creditor3", ids[3], bk.Choice.AGAINST),
            ],
        )
        status, _ = _close(demo, again)
        demo.expect(status == bk.ResolutionStatus.PASSED, "the plan should pass after the re-vote")
        demo.say("every class, the shareholders' included (70 % of the rights voting ≥ 2/3), has passed (art. 86)")


STEPS: tuple[Callable[[Demo], None], ...] = (
    step_liquidation_claims,
    step_liquidation_meeting,
    step_liquidation_distribution,
    step_reorganisation,
)


def run(
    suite: Suite,
    narrate: Callable[[StepResult], None] = lambda r: None,
    *,
    documents: Path | None = None,
    accounts: Mapping[str, SigningAccount] | None = None,
) -> list[StepResult]:
    """Run the bankruptcy story on `suite` (a development node: it travels in time)."""
    demo = Demo(suite, narrate, documents_dir=documents, accounts=accounts)
    try:
        for s in STEPS:
            s(demo)
    except BaseException:
        demo.discard()
        raise
    demo.publish()
    return demo.results
