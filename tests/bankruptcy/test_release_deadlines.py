"""Reserve and unclaimed-money deadlines of the estate (Enterprise Bankruptcy Law art. 116-120): the final round's
completion (the final distribution announcement) and the closing are on chain, `releaseDeadlines` derives art. 118's
two months and art. 119's two years from them, and past a deadline anyone may send the money to the other creditors
(`lapse`), pro rata in a round of its own. The court still rules on a litigated claim after closing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import audit, paths
from courtchain.audit import bankruptcy as abk
from courtchain.audit.story import build_story
from courtchain.chain import LocalNode
from courtchain.clients import bankruptcy as bk
from courtchain.clients.base import Sent
from courtchain.index.tables import Deadlines
from courtchain.keeper import Keeper
from courtchain.units import format_time
from courtchain.watchers import default_watchers

from ..helpers import reverts
from ..toolchain.test_cli_json_tour import Tour
from .conftest import Estate, fund_admin, litigated_case


def _gas(label: str, gas_used: int) -> None:
    print(f"GAS {label}: {gas_used:,}")  # for the notes (pytest -s)


def _pay_all(est: Estate, case_id: int) -> list[Sent]:
    pages: list[Sent] = []
    done = False
    while not done:
        sent = est.as_(est.accts["outsider"]).distribute(case_id, 10)
        pages.append(sent)
        done = bool(sent.all("RoundCompleted"))
    return pages


def _conserved(est: Estate, case_id: int, deposited: int) -> None:
    """Every yuan deposited is held, credited (withdrawn or not) or reserved; the estate's balance is the rest."""
    c = est.admin.get_case(case_id)
    assert c["held"] + c["credited"] + c["reserved"] == deposited
    balance = est.suite.view("SettlementToken", "balanceOf", est.estate)
    assert balance == deposited - c["withdrawn"]


def test_final_distribution_and_closing_fix_the_deadlines(est: Estate) -> None:
    case_id, _, _, _ = litigated_case(est)
    assert est.admin.release_deadlines(case_id) == (0, 0)  # no final round completed yet
    last = _pay_all(est, case_id)[-1]
    _gas("distribute (last page of the final round)", last.gas_used)
    fd = last.event("FinalDistribution").args
    at = est.suite.chain.timestamp(last.block)
    assert (int(fd["at"]), int(fd["unclaimedAfter"]), int(fd["round"])) == (at, at + bk.UNCLAIMED, 1)
    case = est.admin.get_case(case_id)
    assert (case["final_at"], case["closed_at"]) == (at, 0)
    assert est.admin.release_deadlines(case_id) == (at + bk.UNCLAIMED, 0)
    judge_act = est.judge.propose_act(case_id, bk.ActKind.CLOSE)
    sent = est.judge2.approve_act(judge_act)
    _gas("approveAct (close)", sent.gas_used)
    closed = est.suite.chain.timestamp(sent.block)
    assert int(sent.event("CaseClosed").args["closedAt"]) == closed
    assert est.admin.get_case(case_id)["closed_at"] == closed
    assert est.admin.release_deadlines(case_id) == (at + bk.UNCLAIMED, closed + bk.LITIGATED)
    _conserved(est, case_id, 1_000)


def test_litigated_reserve_lapses_to_the_other_creditors_after_two_years(est: Estate) -> None:
    case_id, ca, cb, _ = litigated_case(est)
    _pay_all(est, case_id)
    est.act(case_id, bk.ActKind.CLOSE)
    est.as_(est.voter(1)).withdraw(cb)  # the other creditor collected its 500 in time
    _, litigated_after = est.admin.release_deadlines(case_id)
    anyone = est.as_(est.accts["outsider"])
    with reverts("BankruptcyNotDue", claimId=ca, dueAfter=litigated_after):
        anyone.lapse(ca)
    est.suite.chain.set_next_timestamp(litigated_after)  # the last second of the two years: not yet
    with reverts("BankruptcyNotDue", claimId=ca, dueAfter=litigated_after):
        anyone.lapse(ca)
    est.suite.chain.set_next_timestamp(litigated_after + 1)
    amount, article, sent = anyone.lapse(ca)
    _gas("lapse (art. 119, starts a round)", sent.gas_used)
    assert (amount, article) == (500, 119)
    lapsed = sent.event("Lapsed").args
    assert (int(lapsed["round"]), lapsed["by"]) == (2, est.accts["outsider"].address)
    assert int(sent.event("RoundStarted").args["available"]) == 500
    assert est.admin.get_claim(ca).reserve == 0 and not est.admin.get_claim(ca).in_tier
    with reverts("BankruptcyDistributing", caseId=case_id):
        anyone.lapse(cb)  # one round at a time; anyone pages it
    pages = _pay_all(est, case_id)
    _gas("distribute (the lapse round, 2 claims)", pages[-1].gas_used)
    assert est.admin.get_claim(cb).credited == 1_000  # the other creditor is paid in full from the reserve
    _conserved(est, case_id, 1_000)
    with reverts("BankruptcyNothingOwed", claimId=ca):
        anyone.lapse(ca)


def test_unclaimed_money_lapses_after_two_months_and_each_round_restarts_the_clock(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(1_000, bk.ClaimKind.ORDINARY, False)] * 3)
    fund_admin(est, 900)
    est.admin.deposit(case_id, 900)
    est.judge.approve_payout(est.admin.propose_payout(case_id, bk.PayoutKind.FINAL_ROUND, 900))
    _pay_all(est, case_id)
    for n in (1, 2):
        est.as_(est.voter(n)).withdraw(ids[n])
    unclaimed_after, _ = est.admin.release_deadlines(case_id)
    anyone = est.as_(est.accts["outsider"])
    est.suite.chain.set_next_timestamp(unclaimed_after)  # the last second of the two months: not yet
    with reverts("BankruptcyNotDue", claimId=ids[0], dueAfter=unclaimed_after):
        anyone.lapse(ids[0])
    est.travel_to(unclaimed_after + 1)
    with reverts("BankruptcyNothingOwed", claimId=ids[1]):
        anyone.lapse(ids[1])  # collected in time: nothing to lapse
    amount, article, sent = anyone.lapse(ids[0])
    _gas("lapse (art. 118, starts a round)", sent.gas_used)
    assert (amount, article) == (300, 118)
    _pay_all(est, case_id)  # works on an open case too; the round is announced like the final one
    got = [est.admin.get_claim(i) for i in ids]
    assert [c.credited for c in got] == [0, 450, 450] and not got[0].in_tier
    _conserved(est, case_id, 900)
    again, _ = est.admin.release_deadlines(case_id)
    assert again > unclaimed_after  # the new announcement gives the payees two months of their own
    with reverts("BankruptcyNotDue", claimId=ids[1], dueAfter=again):
        anyone.lapse(ids[1])
    with reverts("BankruptcyNothingOwed", claimId=ids[0]):
        est.as_(est.voter(0)).withdraw(ids[0])  # the lapsed claimant waived it (art. 118)


def test_court_rules_on_a_litigated_claim_after_closing(est: Estate) -> None:
    """Regression: a litigation that ends within art. 119's two years after the procedure ended is ruled on by the
    court; on a closed case every act was refused (BankruptcyUnexpectedCaseStatus), so the reserve stayed locked."""
    case_id, ca, _, obj = litigated_case(est)
    _pay_all(est, case_id)
    est.act(case_id, bk.ActKind.CLOSE)
    est.act(case_id, bk.ActKind.RULE_OBJECTION, obj, 700)  # the court finds 700: the reserve of 500 is paid to it
    claim = est.admin.get_claim(ca)
    assert (claim.status, claim.credited, claim.reserve) == (bk.ClaimStatus.CONFIRMED, 500, 0)
    with reverts("BankruptcyUnexpectedCaseStatus", caseId=case_id, current=bk.CaseStatus.CLOSED):
        est.judge.propose_act(case_id, bk.ActKind.SET_PROVISIONAL, ca, 1)  # other acts stay refused
    _conserved(est, case_id, 1_000)


def test_reserve_released_by_the_court_after_closing_goes_to_the_others(est: Estate) -> None:
    case_id, ca, cb, _ = litigated_case(est)
    _pay_all(est, case_id)
    est.act(case_id, bk.ActKind.CLOSE)
    est.act(case_id, bk.ActKind.RELEASE_RESERVE, ca)  # a round of the 500 starts at once (no payout can be proposed)
    assert est.admin.get_case(case_id)["distributing"]
    _pay_all(est, case_id)
    assert est.admin.get_claim(cb).credited == 1_000
    _conserved(est, case_id, 1_000)


def test_keeper_reports_the_release_deadlines_with_their_article(
    est: Estate, keeper: LocalAccount, tmp_path: Path
) -> None:
    start_block = est.suite.chain.block_number() + 1
    case_id, ca, cb, _ = litigated_case(est)
    _pay_all(est, case_id)
    est.act(case_id, bk.ActKind.CLOSE)
    unclaimed_after, litigated_after = est.admin.release_deadlines(case_id)
    names = ["bk-unclaimed", "bk-litigated"]
    events = est.suite.logs(["BankruptcyEstate"], from_block=start_block)
    changes = {(c["watcher"], c["item"]): c["due"] for c in Deadlines(est.suite).changes(events)}
    assert changes[("bk-unclaimed", str(case_id))] == unclaimed_after + 1
    assert changes[("bk-litigated", str(case_id))] == litigated_after + 1
    k = Keeper(est.suite, keeper, default_watchers(est.suite, names), tmp_path / "state", start_block=start_block)
    try:
        assert k.run_pass().passed == {}
        est.travel_to(unclaimed_after + 1)
        r = k.run_pass()
        assert r.passed == {"bk-unclaimed": [case_id]} and r.transactions == []  # 500 credited, not collected
        est.as_(est.voter(1)).withdraw(cb)
        est.travel_to(litigated_after + 1)
        r = k.run_pass()
        assert r.passed == {"bk-litigated": [case_id]} and r.transactions == []  # the reserve of 500
        est.as_(est.accts["outsider"]).lapse(ca)
        _pay_all(est, case_id)
        assert k.run_pass().passed == {}  # reported once; the lapse round's own two months run again
    finally:
        k.close()


def test_audit_tells_the_dates_and_the_releases(est: Estate) -> None:
    """`audit case bankruptcy:N` tells the final distribution's date and art. 118 deadline, the closing with art.
    119's, the court's ruling after closing, each lapse with its article; its claims table equals the views; `audit
    check` passes (rounds and lapses on a closed case are legal transitions)."""
    case_id, ca, cb, obj = litigated_case(est)
    _pay_all(est, case_id)
    est.act(case_id, bk.ActKind.CLOSE)
    unclaimed_after, litigated_after = est.admin.release_deadlines(case_id)
    est.travel_to(litigated_after + 1)
    est.as_(est.accts["outsider"]).lapse(cb)  # art. 118: the 500 credited to the other creditor, never collected
    _pay_all(est, case_id)  # the only other claim is still litigated: its reserve grows to 1,000
    est.as_(est.accts["outsider"]).lapse(ca)  # art. 119: the litigated claim's reserve
    _pay_all(est, case_id)
    events = audit.fetch_events(est.suite)
    story = build_story(est.suite, ("bankruptcy", case_id), events)
    own = [e for e in story.events if e.contract == "BankruptcyEstate"]
    table = abk.claims_table(own)
    for cid in (ca, cb):
        row, view = table[cid], est.admin.get_claim(cid)
        assert (row["credited"], row["reserve"], row["status"]) == (view.credited, view.reserve, int(view.status))
    assert (table[ca]["lapsed"], table[cb]["lapsed"]) == (1_000, 500)
    text = "\n".join(story.summary)
    assert format_time(unclaimed_after) in text and "art. 118" in text
    assert format_time(litigated_after) in text and "art. 119" in text
    assert f"债权 / claim {ca} 的 " in text and f"债权 / claim {cb} 的 " in text
    assert audit.check(est.suite, events).ok
    assert obj  # the objection stays unruled: the reserve lapsed instead


def test_cli_show_and_lapse(
    est: Estate,
    node: LocalNode,
    deployments_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`bankruptcy show` gives the dates and deadlines, `bankruptcy lapse` sends a due reserve and pages its round;
    both outputs follow their schemas."""
    monkeypatch.setattr(paths, "DEPLOYMENTS", deployments_dir)
    cli = Tour(node.url, capsys)
    case_id, ca, cb, _ = litigated_case(est)
    _pay_all(est, case_id)
    est.act(case_id, bk.ActKind.CLOSE)
    unclaimed_after, litigated_after = est.admin.release_deadlines(case_id)
    shown = cli("bankruptcy", "show", str(case_id))
    assert shown["status"] == "closed" and shown["final_distribution_at"] is not None
    assert shown["unclaimed_lapse_after"] == format_time(unclaimed_after)
    assert shown["litigated_lapse_after"] == format_time(litigated_after)
    refused = cli("bankruptcy", "lapse", str(ca), code=1)
    assert "BankruptcyNotDue" in json.dumps(refused)
    est.travel_to(litigated_after + 1)
    est.as_(est.voter(1)).withdraw(cb)
    sent = cli("bankruptcy", "lapse", str(ca), "--as", "outsider")
    assert (sent["article"], sent["amount"]["base_units"], sent["round"], sent["case_id"]) == (
        119,
        "500",
        2,
        case_id,
    )
    assert est.admin.get_claim(cb).credited == 1_000


def test_conditional_claim_reserve_is_paid_or_goes_to_the_others(est: Estate) -> None:
    """Art. 117: a conditional claim's shares are reserved; the condition coming out for the creditor before the
    final distribution announcement pays the reserve to it; still conditional a day after the announcement, its
    reserve goes to the other creditors (`lapse`, anyone)."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(1_000, bk.ClaimKind.ORDINARY, False)] * 3)
    with reverts("BankruptcyInvalidAct"):
        est.judge.propose_act(case_id, bk.ActKind.SET_CONDITIONAL, ids[0], 2)
    est.act(case_id, bk.ActKind.SET_CONDITIONAL, ids[0], 1)
    est.act(case_id, bk.ActKind.SET_CONDITIONAL, ids[1], 1)
    assert est.admin.get_claim(ids[0]).conditional
    fund_admin(est, 900)
    est.admin.deposit(case_id, 900)
    est.judge.approve_payout(est.admin.propose_payout(case_id, bk.PayoutKind.ROUND, 300))
    _pay_all(est, case_id)
    assert [(c.credited, c.reserve) for c in map(est.admin.get_claim, ids)] == [(0, 100), (0, 100), (100, 0)]
    est.act(case_id, bk.ActKind.SET_CONDITIONAL, ids[1], 0)  # its condition came out for the creditor: paid
    assert (est.admin.get_claim(ids[1]).credited, est.admin.get_claim(ids[1]).reserve) == (100, 0)
    anyone = est.as_(est.accts["outsider"])
    with reverts("BankruptcyNotDue", claimId=ids[0], dueAfter=0):
        anyone.lapse(ids[0])  # no final distribution yet
    est.judge.approve_payout(est.admin.propose_payout(case_id, bk.PayoutKind.FINAL_ROUND, 600))
    _pay_all(est, case_id)
    assert [(c.credited, c.reserve) for c in map(est.admin.get_claim, ids)] == [(0, 300), (300, 0), (300, 0)]
    due = est.admin.get_case(case_id)["final_at"] + bk.CONDITION_DAY
    est.suite.chain.set_next_timestamp(due)  # the announcement day: the court may still record the condition met
    with reverts("BankruptcyNotDue", claimId=ids[0], dueAfter=due):
        anyone.lapse(ids[0])
    est.suite.chain.set_next_timestamp(due + 1)
    amount, article, _ = anyone.lapse(ids[0])
    assert (amount, article) == (300, 117)
    _pay_all(est, case_id)
    assert [c.credited for c in map(est.admin.get_claim, ids)] == [0, 450, 450]
    _conserved(est, case_id, 900)
    events = audit.fetch_events(est.suite)
    assert audit.check(est.suite, events).ok
    text = "\n".join(build_story(est.suite, ("bankruptcy", case_id), events).summary)
    assert "art. 117" in text and "condition met, the reserve paid to it" in text
