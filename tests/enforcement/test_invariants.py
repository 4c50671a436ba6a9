"""Random sequences of admissions, deposits, distribution pages and withdrawals: after every step the money is
conserved (office balance = undistributed + owed), the books add up per creditor, and the audit chain verifies."""

from __future__ import annotations

from typing import Any

from eth_account.signers.local import LocalAccount
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courtchain.chain import Chain
from courtchain.clients.enforcement import CaseStatus, ClaimClass
from courtchain.errors import ContractRevert
from courtchain.suite import Suite

from .conftest import DEBTOR, TITLE, make_office, mint

PAYEES = ("creditor", "creditor2", "creditor3", "litigant")

op_st = st.one_of(
    st.tuples(
        st.just("admit"),
        st.sampled_from([ClaimClass.COSTS, ClaimClass.PRIORITY, ClaimClass.ORDINARY]),
        st.integers(1, 8),
        st.integers(1, 10**6),
    ),
    st.tuples(st.just("deposit"), st.floats(0.01, 1.0)),
    st.tuples(st.just("distribute"), st.integers(1, 3)),
    st.tuples(st.just("withdraw"), st.integers(0, 20)),
)


def check_books(office: Any, cid: int) -> None:
    case = office.anyone.case(cid)
    m = office.anyone.money(cid)
    creditors = office.anyone.creditors(cid)
    assert m.distributed == sum(c.credited for c in creditors)
    assert m.withdrawn == sum(c.withdrawn for c in creditors)
    assert m.outstanding == sum(c.claim - c.credited for c in creditors)
    assert all(c.withdrawn <= c.credited <= c.claim for c in creditors)
    assert m.undistributed <= m.outstanding
    assert office.anyone.token_balance() == m.undistributed + m.owed
    # a case closes when the round that paid the last claim completes (not in the middle of its pages)
    assert (case.status == CaseStatus.CLOSED) == (m.outstanding == 0 and not case.distributing)
    assert office.anyone.check_audit(cid).ok


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op_st, min_size=1, max_size=12))
def test_money_conserved_under_random_operations(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount], ops: list[Any]
) -> None:
    snap = chain.snapshot()
    suite.reset_nonces()
    try:
        office = make_office(suite, accts)
        cid, _ = office.clerk.open_case(DEBTOR, accts["creditor"].address, 10**6, title_hash=TITLE)
        mint(suite, accts["debtor"].address, 10**12)
        for op in ops:
            status = office.anyone.case(cid).status
            if status == CaseStatus.CLOSED and op[0] != "withdraw":
                continue
            if op[0] == "admit":  # also during a round: the creditor joins from the next round
                _, cls, rank, claim = op
                n = office.anyone.case(cid).creditor_count
                office.admit(cid, accts[PAYEES[n % 4]].address, claim, cls, rank if cls == ClaimClass.PRIORITY else 0)
            elif op[0] == "deposit":
                m = office.anyone.money(cid)
                need = m.outstanding - m.undistributed
                if need > 0:
                    office.as_("debtor").deposit(cid, max(1, int(need * op[1])))
            elif op[0] == "distribute":
                try:
                    office.anyone.distribute(cid, op[1])
                except ContractRevert as exc:
                    assert exc.error == "EnforcementNothingToDistribute"
            else:
                count = office.anyone.case(cid).creditor_count
                cr = office.anyone.creditor(cid, op[1] % count)
                if cr.owed:
                    payee = next(n for n in PAYEES if accts[n].address == cr.payee)
                    office.as_(payee).withdraw(cid, cr.id)
            check_books(office, cid)
    finally:
        chain.revert(snap)
        suite.reset_nonces()
