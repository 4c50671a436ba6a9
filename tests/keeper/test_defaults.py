"""The keeper's defaults watcher against the real ObligationRegistry, CaseDocket and EnforcementOffice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.docket import DEV_COURT_ID, DocketClient, FilingStatus, Obligation, Outcome, setup_dev_court
from courtchain.clients.obligations import (
    AgreementTerms,
    Consequence,
    ObligationClient,
    ObligationStatus,
    case_type_code,
)
from courtchain.commitments import commitment
from courtchain.keeper import QUARANTINE_BACKOFF, CheckResult, Keeper, read_quarantine
from courtchain.roles import SUITE_KEYS
from courtchain.suite import Suite
from courtchain.txn import Call
from courtchain.watchers import JudgmentsWatcher
from tests.audit.procedure import mint

DAY = 24 * 3600
GRACE = 2 * DAY


@pytest.fixture
def agreement(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount], clerk: LocalAccount
) -> Callable[..., tuple[int, tuple[int, ...]]]:
    """A binding agreement (both parties signed); returns (id, due dates)."""
    setup_dev_court(suite, clerk, window=3600)
    counter = iter(range(1000))

    def make(
        consequence: Consequence = Consequence.ENFORCEMENT,
        confirm: bool = True,
        case_type: str = "民初",
        amounts: tuple[int, ...] = (300, 700),
    ) -> tuple[int, tuple[int, ...]]:
        n = next(counter)
        now = chain.timestamp()
        due = tuple(now + 10 * DAY * (i + 1) for i in range(len(amounts)))
        trial = consequence == Consequence.TRIAL
        terms = AgreementTerms(
            document_hash=bytes(keccak(text=f"agreement {n}")),
            debtor=commitment(bytes([n + 1]) * 32, "passport", "E55555555"),
            debtor_account=accts["debtor"].address,
            creditor=commitment(bytes([n + 100]) * 32, "passport", "E66666666"),
            creditor_account=accts["creditor"].address,
            token=suite.address("SettlementToken"),
            amounts=amounts,
            due_dates=due,
            grace_period=GRACE,
            acceleration=False,
            consequence=consequence,
            court_id=DEV_COURT_ID if trial else 0,
            case_type=case_type_code(case_type) if trial else b"\0" * 32,
        )
        oid, _ = ObligationClient(suite, accts["mediator"]).create_agreement(terms)
        ObligationClient(suite, accts["debtor"]).sign(oid)
        ObligationClient(suite, accts["creditor"]).sign(oid)
        if confirm and not trial:
            ObligationClient(suite, accts["judge"]).confirm(oid, bytes(keccak(text=f"ruling {n}")))
        return oid, due

    return make


def test_default_at_due_plus_grace_then_trial_filing_docketed(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    agreement: Callable[..., Any],
    accts: dict[str, LocalAccount],
) -> None:
    """Trial consequence: the keeper defaults the obligation, which files a case; then it dockets that filing."""
    oid, due = agreement(Consequence.TRIAL)
    k = make_keeper()
    k.run_pass()
    k.run_pass()  # the binding event's look found the real deadline
    assert [(d.watcher, d.item, d.due) for d in k.upcoming()] == [("defaults", oid, due[0] + GRACE + 1)]
    chain.set_time(due[0] + GRACE)  # the last second of grace: not yet
    assert k.run_pass().sent == 0
    chain.set_time(due[0] + GRACE + 1)
    r = k.run_pass()
    assert r.triggered == {"defaults": [oid]}
    reg = ObligationClient(suite)
    o = reg.obligation(oid)  # no acceleration: the 700 not yet due stays owed, the obligation active (issue 16, M8)
    assert (o.status, o.claim_amount) == (ObligationStatus.ACTIVE, 300)
    filing = int(o.consequence_id)
    docket = DocketClient(suite)
    r = k.run_pass()
    assert any(d.watcher == "docketing" and d.item == filing for d in k.upcoming())
    chain.set_time(docket.filing(filing).window_ends)
    r = k.run_pass()
    assert r.triggered == {"docketing": [filing]}
    assert docket.filing(filing).status in (FilingStatus.DOCKETED, FilingStatus.REFUSED)


def test_payment_moves_the_deadline_and_unconfirmed_waits(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    agreement: Callable[..., Any],
    accts: dict[str, LocalAccount],
) -> None:
    paid, due = agreement()
    unconfirmed, due_u = agreement(confirm=False)  # made a second later on a slow machine: wait for both
    k = make_keeper()
    k.run_pass()
    mint(suite, accts["keeper"], accts["debtor"].address, 300)
    ObligationClient(suite, accts["debtor"]).pay(paid, 300)
    chain.set_time(max(due[0], due_u[0]) + GRACE + 1)
    r = k.run_pass()
    assert r.sent == 0  # the paid one is not in default; the unconfirmed one is not enforceable
    assert ("defaults", paid) in {(d.watcher, d.item) for d in k.upcoming()}
    assert all(d.item != unconfirmed for d in k.upcoming())
    ObligationClient(suite, accts["judge"]).confirm(unconfirmed, bytes(keccak(text="late ruling")))
    r = k.run_pass()  # confirmation seen: looked at and scheduled for now
    r2 = k.run_pass()
    assert {**r.triggered, **r2.triggered} == {"defaults": [unconfirmed]}
    chain.set_time(max(due[1], due_u[1]) + GRACE + 1)
    r = k.run_pass()
    # the paid one's second instalment; the other's second instalment too (still followed after its first default)
    assert r.triggered == {"defaults": sorted([paid, unconfirmed])}
    assert ObligationClient(suite).obligation(paid).status == ObligationStatus.DEFAULTED
    assert ObligationClient(suite).obligation(unconfirmed).status == ObligationStatus.DEFAULTED
    assert k.run_pass().sent == 0


def test_default_already_triggered_by_another_account(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    agreement: Callable[..., Any],
    accts: dict[str, LocalAccount],
) -> None:
    ids = [agreement()[0] for _ in range(3)]
    k = make_keeper()
    k.run_pass()
    k.run_pass()
    chain.set_time(k.upcoming()[-1].due)
    ObligationClient(suite, accts["outsider"]).trigger_default(ids[0])
    r = k.run_pass()
    assert r.triggered == {"defaults": ids[1:]} and not r.failures
    # each defaulted once for its first instalment (no acceleration: the second stays owed, issue 16 M8)
    assert [ObligationClient(suite).obligation(i).claim_amount for i in ids] == [300] * 3


def test_state_dir_is_per_chain(make_keeper: Callable[..., Keeper], tmp_path: Path, chain: Chain) -> None:
    k = make_keeper(tmp_path / "s")
    k.run_pass()
    assert k.checkpoint_path == tmp_path / "s" / f"keeper-{chain.chain_id}.sqlite"


def test_judgment_obligations_registered_then_defaulted(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    file: Callable[..., int],
    docket: DocketClient,
    accts: dict[str, LocalAccount],
) -> None:
    """A judgment's obligations are registered by the keeper (one registered first by someone else is skipped, not
    an error); unpaid after the due date, the keeper defaults them into enforcement."""
    fid = file()
    chain.set_time(docket.filing(fid).window_ends)
    docket.docket_many([fid])
    due = chain.timestamp() + 10 * DAY
    debtor = commitment(b"\x77" * 32, "passport", "E77777777")
    obligations = [
        Obligation(debtor, accts["debtor"].address, accts[c].address, 500, due) for c in ("creditor", "creditor2")
    ]
    DocketClient(suite, accts["judge"]).record_judgment(
        fid, bytes(keccak(text="judgment")), Outcome.UPHELD, obligations
    )
    ObligationClient(suite, accts["outsider"]).register_judgment(fid, 1)  # someone else registers the second
    k = make_keeper()

    class Stale(JudgmentsWatcher):  # as if the view had been read before the other account's registration
        def check(self, items: Sequence[int], now: int) -> CheckResult:
            return CheckResult(list(items))

    k.watchers["judgments"] = Stale(suite)
    r = k.run_pass()  # the second's registration reverts (already registered): skipped, not a failure
    assert r.triggered.get("judgments") == [fid * 256] and r.skipped == 1 and not r.failures
    reg = ObligationClient(suite)
    ids = [reg.judgment_obligation_id(fid, i) for i in (0, 1)]
    assert all(ids)
    k.run_pass()
    chain.set_time(due + 1)
    r = k.run_pass()
    assert r.triggered == {"defaults": sorted(ids)}
    assert [reg.obligation(i).status for i in ids] == [ObligationStatus.DEFAULTED] * 2


def test_m8_later_instalments_are_defaulted_each_in_its_own_pass(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    agreement: Callable[..., Any],
    accts: dict[str, LocalAccount],
) -> None:
    """M8 (keeper side): without acceleration a default claims only the lapsed instalments and the obligation stays
    Active (`ObligationDefaulted.outstanding > 0`). The keeper keeps following it: instalment 1 missed, then
    instalment 2 missed, each is defaulted in its own pass at due + grace + 1 s, nothing twice; instalment 3 paid:
    Performed, dropped."""
    oid, due = agreement(amounts=(300, 300, 400))
    reg = ObligationClient(suite)
    k = make_keeper()
    k.run_pass()
    k.run_pass()
    deadlines = lambda: [(d.item, d.due) for d in k.upcoming() if d.watcher == "defaults"]  # noqa: E731
    assert deadlines() == [(oid, due[0] + GRACE + 1)]
    chain.set_time(due[0] + GRACE + 1)
    assert k.run_pass().triggered == {"defaults": [oid]}
    o = reg.obligation(oid)
    assert (o.status, o.claim_amount) == (ObligationStatus.ACTIVE, 300)
    r = k.run_pass()  # reads ObligationDefaulted(outstanding 700): looks again, finds instalment 2's deadline
    assert r.sent == 0 and deadlines() == [(oid, due[1] + GRACE + 1)]
    chain.set_time(due[1] + GRACE)  # instalment 2's last second of grace: not yet
    assert k.run_pass().sent == 0
    chain.set_time(due[1] + GRACE + 1)
    assert k.run_pass().triggered == {"defaults": [oid]}
    o = reg.obligation(oid)
    assert (o.status, o.claim_amount) == (ObligationStatus.ACTIVE, 600)
    r = k.run_pass()
    assert r.sent == 0 and deadlines() == [(oid, due[2] + GRACE + 1)]
    mint(suite, accts["keeper"], accts["debtor"].address, 400)
    ObligationClient(suite, accts["debtor"]).pay(oid, 400)  # the last instalment paid in time: Performed
    chain.set_time(due[2] + GRACE + 1)
    assert k.run_pass().sent == 0
    assert k.run_pass().sent == 0 and deadlines() == []
    assert reg.obligation(oid).status == ObligationStatus.PERFORMED
    defaults = [ev for ev in suite.logs(["ObligationRegistry"]) if ev.name == "ObligationDefaulted"]
    mine = [
        (int(ev.args["instalment"]), int(ev.args["outstanding"])) for ev in defaults if ev.args["obligationId"] == oid
    ]
    assert mine == [(0, 700), (1, 400)]  # one default per missed instalment, both by the keeper, nothing twice
    assert {ev.args["triggeredBy"] for ev in defaults if ev.args["obligationId"] == oid} == {accts["keeper"].address}


def test_m5_refused_consequence_is_pending_and_the_keeper_retries_it_with_back_off(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    agreement: Callable[..., Any],
    accts: dict[str, LocalAccount],
    clerk: LocalAccount,
    tmp_path: Path,
) -> None:
    """M5: one obligation whose consequence is refused (its trial case type was disabled in the docket after the
    agreement was made) sits in a batch with healthy ones. The contract isolates it: all seven defaults are recorded
    by one transaction, the bad one's filing waits as `ConsequencePending`. The keeper retries `retryConsequence`,
    which the docket still refuses: quarantined with the decoded reason (in the checkpoint), retried with back-off,
    not every pass; once the court enables the case type again the retry files the trial case."""
    docket = DocketClient(suite, clerk)
    docket.set_case_type(DEV_COURT_ID, "民特", (1,), 3600)
    made = [agreement() for _ in range(3)]
    bad, _ = agreement(Consequence.TRIAL, case_type="民特")
    made += [agreement() for _ in range(3)]
    docket.disable_case_type(DEV_COURT_ID, "民特")
    everyone = sorted([bad] + [oid for oid, _ in made])
    k = make_keeper()
    k.run_pass()
    k.run_pass()
    chain.set_time(max(due[0] for _, due in made) + GRACE + 1)  # all seven due together
    r = k.run_pass()
    assert r.triggered == {"defaults": everyone} and r.batches == {"defaults": [7]} and not r.quarantined
    reg = ObligationClient(suite)
    assert [reg.obligation(i).claim_amount for i in everyone] == [300] * 7
    o = reg.obligation(bad)
    assert (o.status, o.pending_claim) == (ObligationStatus.ACTIVE, 300)
    r = k.run_pass()  # ConsequencePending seen: the retry is refused by the docket, quarantined with its reason
    assert not r.triggered and list(r.quarantined) == ["consequences"]
    assert "DocketUnknownCaseType" in r.quarantined["consequences"][bad]
    (q,) = read_quarantine(k.checkpoint_path)  # stored in the checkpoint, readable without a chain
    assert (q.watcher, q.item, q.error, q.attempts) == ("consequences", bad, "DocketUnknownCaseType", 1)
    assert q.retry_at == r.now + QUARANTINE_BACKOFF
    r = k.run_pass()
    assert r.sent == 0 and not r.quarantined  # not retried before its back-off
    chain.set_time(q.retry_at)
    r = k.run_pass()  # retried alone: refused again, back-off doubles
    assert not r.triggered and bad in r.quarantined["consequences"]
    (q2,) = read_quarantine(k.checkpoint_path)
    assert q2.attempts == 2 and q2.retry_at == r.now + 2 * QUARANTINE_BACKOFF
    docket.set_case_type(DEV_COURT_ID, "民特", (1,), 3600)  # the court enables the case type again
    chain.set_time(q2.retry_at)
    r = k.run_pass()
    assert r.triggered == {"consequences": [bad]} and r.released == {"consequences": [bad]}
    assert read_quarantine(k.checkpoint_path) == [] and k.quarantined() == []
    o = reg.obligation(bad)
    assert (o.pending_claim, o.claim_amount) == (0, 300)
    assert DocketClient(suite).filing(int(o.consequence_id)).claim_amount == 300
    k.run_pass()  # TrialFiled seen: the consequence is finished, nothing more to retry
    r = k.run_pass()
    assert r.sent == 0 and all(d.watcher != "consequences" for d in k.upcoming())


def test_m5_batch_reverting_as_a_whole_is_bisected_and_the_failing_id_quarantined(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    agreement: Callable[..., Any],
    accts: dict[str, LocalAccount],
    tmp_path: Path,
) -> None:
    """The keeper's own guard for a batch that still reverts as a whole: the registry reverts `triggerDefaults` with
    `ObligationConsequenceOutOfGas` when a consequence's callee consumes all its gas (here a docket stand-in that
    burns it, for the one trial obligation). The keeper bisects the batch, triggers the six healthy ids in the same
    pass, quarantines the one that fails alone and triggers it once it goes through."""
    made = [agreement() for _ in range(3)]
    art = suite.artifacts["IntakeRecorder"]
    factory = chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    data = str(factory.constructor(suite.address("SettlementToken")).data_in_transaction)
    recorder = str(
        suite.sender(accts["outsider"]).send(Call(to="", data=data, contract="IntakeRecorder"))["contractAddress"]
    )
    hub = ConsortiumClient(suite, accts["court_governor"])
    governors = [accts["court_governor"], accts["bank_governor"], accts["credit_governor"]]
    hub.govern([hub.set_suite_contract(SUITE_KEYS["CaseDocket"], recorder)], governors)  # the office stays real
    bad, _ = agreement(Consequence.TRIAL)
    made += [agreement() for _ in range(3)]
    healthy = sorted(oid for oid, _ in made)

    def burning(on: bool) -> None:
        c = suite.contract("IntakeRecorder", recorder)
        data = str(c.encode_abi("setBurning", args=[on]))
        suite.sender(accts["outsider"]).send(Call(to=recorder, data=data, contract="IntakeRecorder"))

    burning(True)
    k = make_keeper()
    k.run_pass()
    k.run_pass()
    chain.set_time(max(due[0] for _, due in made) + GRACE + 1)
    r = k.run_pass()
    assert sorted(r.triggered["defaults"]) == healthy and len(r.batches["defaults"]) > 1  # split around the bad id
    assert list(r.quarantined) == ["defaults"] and "ObligationConsequenceOutOfGas" in r.quarantined["defaults"][bad]
    (q,) = read_quarantine(k.checkpoint_path)
    assert (q.watcher, q.item, q.error, q.attempts) == ("defaults", bad, "ObligationConsequenceOutOfGas", 1)
    reg = ObligationClient(suite)
    assert (reg.obligation(bad).claim_amount, reg.obligation(bad).pending_claim) == (0, 0)
    assert not k.run_pass().quarantined  # not retried before its back-off
    burning(False)
    chain.set_time(q.retry_at)
    r = k.run_pass()
    assert r.triggered == {"defaults": [bad]} and r.released == {"defaults": [bad]}
    assert read_quarantine(k.checkpoint_path) == []
    assert reg.obligation(bad).claim_amount == 300
