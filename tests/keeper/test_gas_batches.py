"""M6: the keeper sizes its batches by gas against the node's block gas limit, not by a fixed count."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.chain import Chain
from courtchain.clients.docket import DEV_COURT_ID, setup_dev_court
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient, case_type_code
from courtchain.commitments import commitment
from courtchain.keeper import GAS_SHARE, Keeper
from courtchain.suite import Suite

DAY = 24 * 3600
N = 500


@pytest.mark.slow
def test_m6_500_defaults_due_at_once_are_all_triggered_on_a_30m_gas_node(
    suite: Suite,
    chain: Chain,
    make_keeper: Callable[..., Keeper],
    accts: dict[str, LocalAccount],
    clerk: LocalAccount,
) -> None:
    """500 trial defaults (~450k gas each) fall due in the same second. With batches of 100 (45 M gas) every pass
    failed for ever on a 30 M-gas node; sized by gas, all 500 are triggered in one pass, no transaction above
    GAS_SHARE of the block gas limit."""
    block_limit = int(chain.rpc("eth_getBlockByNumber", ["latest", False])["gasLimit"], 16)
    assert block_limit == 30_000_000
    setup_dev_court(suite, clerk, window=3600)
    now = chain.timestamp()
    due = now + 10 * DAY
    mediator = ObligationClient(suite, accts["mediator"])
    terms = [
        AgreementTerms(
            document_hash=bytes(keccak(text=f"bulk agreement {n}")),
            debtor=commitment(bytes(keccak(text=f"debtor salt {n}")), "passport", "E55555555"),
            debtor_account=accts["debtor"].address,
            creditor=commitment(bytes(keccak(text=f"creditor salt {n}")), "passport", "E66666666"),
            creditor_account=accts["creditor"].address,
            token=suite.address("SettlementToken"),
            amounts=(1000,),
            due_dates=(due,),
            grace_period=0,
            acceleration=False,
            consequence=Consequence.TRIAL,
            court_id=DEV_COURT_ID,
            case_type=case_type_code("民初"),
        ).validate(now=now)
        for n in range(N)
    ]
    created = mediator.transact_many([mediator.prepare("createAgreement", t.as_tuple()) for t in terms])
    ids = [int(s.event("AgreementRecorded").args["obligationId"]) for s in created]
    for party in ("debtor", "creditor"):
        client = ObligationClient(suite, accts[party])
        client.transact_many([client.prepare("sign", i) for i in ids])
    k = make_keeper(only=["defaults"])
    k.run_pass()
    k.run_pass()  # the bindings' looks found the deadline
    assert k.pending == N
    chain.set_time(due + 1)
    t0 = time.monotonic()
    r = k.run_pass()
    seconds = time.monotonic() - t0
    assert sorted(r.triggered["defaults"]) == sorted(ids) and not r.failures and not r.quarantined
    sizes = r.batches["defaults"]
    assert sum(sizes) == N and max(sizes) < 100
    for tx in r.transactions:
        receipt = chain.w3.eth.get_transaction(tx)  # type: ignore[arg-type]
        assert receipt["gas"] <= block_limit * GAS_SHARE
    print(
        f"\n500 defaults: 1 pass, {len(r.transactions)} transactions, batches {sizes}, {seconds:.1f} s, "
        f"{r.gas_used:,} gas"
    )
    assert k.run_pass().sent == 0
