"""Distribution against an independent calculation, over many shapes of claims (hypothesis), in one or two rounds
and in pages of random size."""

from __future__ import annotations

from fractions import Fraction

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courtchain.chain import Chain
from courtchain.clients.enforcement import ClaimClass
from courtchain.suite import Suite

from .conftest import DEBTOR, TITLE, make_office, mint

Claim = tuple[ClaimClass, int, int]  # class, rank, amount


def expected_shares(claims: list[Claim], paid: list[int], available: int) -> list[int]:
    """The documented rule, computed independently: tiers costs, priority rank 1..8, ordinary; each tier takes
    min(its outstanding, money left); inside a partial tier, cumulative rounding in admission order."""

    def tier(c: Claim) -> int:
        return {ClaimClass.COSTS: 0, ClaimClass.PRIORITY: c[1], ClaimClass.ORDINARY: 9}[c[0]]

    owe = [c[2] - p for c, p in zip(claims, paid, strict=True)]
    shares = [0] * len(claims)
    left = available
    for t in range(10):
        members = [i for i, c in enumerate(claims) if tier(c) == t and owe[i] > 0]
        total = sum(owe[i] for i in members)
        if total == 0:
            continue
        fill = min(total, left)
        left -= fill
        running = 0
        for i in members:
            before = fill * running // total
            running += owe[i]
            shares[i] = fill * running // total - before
    return shares


claim_st = st.one_of(
    st.tuples(st.just(ClaimClass.COSTS), st.just(0), st.integers(1, 10**6)),
    st.tuples(st.just(ClaimClass.PRIORITY), st.integers(1, 8), st.integers(1, 10**24)),
    st.tuples(st.just(ClaimClass.ORDINARY), st.just(0), st.integers(1, 10**24)),
    st.tuples(st.just(ClaimClass.ORDINARY), st.just(0), st.integers(1, 7)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    claims=st.lists(claim_st, min_size=1, max_size=7),
    fractions=st.lists(st.fractions(0, 1), min_size=1, max_size=2),
    page=st.integers(1, 4),
)
@pytest.mark.slow
def test_distribution_matches_independent_calculation(
    suite: Suite,
    chain: Chain,
    accts: dict[str, LocalAccount],
    claims: list[Claim],
    fractions: list[Fraction],
    page: int,
) -> None:
    snap = chain.snapshot()
    suite.reset_nonces()
    try:
        office = make_office(suite, accts)
        payees = [accts[n].address for n in ("creditor", "creditor2", "creditor3", "litigant")]
        first = claims[0]
        # the opening creditor is ordinary; other shapes join through two judges
        cid, _ = office.clerk.open_case(DEBTOR, payees[0], first[2] if first[0] == ClaimClass.ORDINARY else 1)
        shape: list[Claim] = [(ClaimClass.ORDINARY, 0, first[2] if first[0] == ClaimClass.ORDINARY else 1)]
        for i, c in enumerate(claims[1:] if first[0] == ClaimClass.ORDINARY else claims):
            office.admit(cid, payees[i % 4], c[2], c[0], c[1], TITLE)
            shape.append(c)
        mint(suite, accts["debtor"].address, 10**30)
        paid = [0] * len(shape)
        for f in fractions:
            need = sum(c[2] for c in shape) - sum(paid)
            amount = max(1, int(need * f)) if need else 0
            if amount == 0:
                break
            office.as_("debtor").deposit(cid, amount)
            want = expected_shares(shape, paid, amount)
            pages = office.anyone.distribute_all(cid, page)
            assert len(pages) == -(-len(shape) // page)
            got = [cr.credited for cr in office.anyone.creditors(cid)]
            deltas = [g - p for g, p in zip(got, paid, strict=True)]
            assert deltas == want
            assert sum(deltas) == amount  # the sum credited equals the money available
            for d, c, p in zip(deltas, shape, paid, strict=True):
                assert p + d <= c[2]
            paid = got
            office.balance_conserved([cid])
        assert office.anyone.check_audit(cid).ok
    finally:
        chain.revert(snap)
        suite.reset_nonces()


def test_rule_properties_offline() -> None:
    """Cumulative rounding gives each creditor the exact pro-rata share rounded down or up, summing to the fill."""
    claims: list[Claim] = [(ClaimClass.ORDINARY, 0, c) for c in (3, 3, 3)]
    assert expected_shares(claims, [0, 0, 0], 2) == [0, 1, 1]
    assert expected_shares(claims, [0, 0, 0], 9) == [3, 3, 3]
    mixed: list[Claim] = [(ClaimClass.ORDINARY, 0, 10), (ClaimClass.PRIORITY, 2, 5), (ClaimClass.PRIORITY, 1, 5)]
    assert expected_shares(mixed, [0, 0, 0], 7) == [0, 2, 5]
