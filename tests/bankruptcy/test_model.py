"""The meeting's count against an independent model of the law (exact fractions, not the contract's
cross-multiplication), over random creditors, claims, classes and ballots (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from courtchain.clients import bankruptcy as bk

from .conftest import Estate

K = bk.ClaimKind
C = bk.Choice
KINDS = [(K.ORDINARY, False), (K.ORDINARY, True), (K.EMPLOYEE, False), (K.TAX, False), (K.SOCIAL_INSURANCE, False)]


def vote_class(kind: K, secured: bool) -> bk.VoteClass:
    if secured:
        return bk.VoteClass.SECURED
    return {
        K.EMPLOYEE: bk.VoteClass.EMPLOYEE,
        K.TAX: bk.VoteClass.TAX,
        K.SOCIAL_INSURANCE: bk.VoteClass.SOCIAL_INSURANCE,
    }.get(kind, bk.VoteClass.ORDINARY)


def model(resolution: bk.ResolutionKind, creditors: list[tuple[int, int, C]]) -> bool:
    """Art. 64 / 97 / 84-86 as the statute reads, with exact fractions."""
    rows = [(vote_class(*KINDS[k]), amount, choice) for k, amount, choice in creditors]
    if resolution == bk.ResolutionKind.REORGANISATION:
        classes = {c for c, _, _ in rows if c != bk.VoteClass.SOCIAL_INSURANCE}
        return all(_passes(resolution, [r for r in rows if r[0] == c], Fraction(2, 3)) for c in classes)
    if resolution == bk.ResolutionKind.ORDINARY:
        rows = [(c, 0 if c == bk.VoteClass.SECURED else a, ch) for c, a, ch in rows]
        return _passes(resolution, rows, Fraction(1, 2))
    rows = [r for r in rows if r[0] != bk.VoteClass.SECURED]
    return _passes(resolution, rows, Fraction(2, 3) if resolution == bk.ResolutionKind.COMPOSITION else Fraction(1, 2))


def _passes(resolution: bk.ResolutionKind, rows: list[tuple[bk.VoteClass, int, C]], share: Fraction) -> bool:
    present = [r for r in rows if r[2] != C.NONE]
    heads_for = sum(1 for r in present if r[2] == C.FOR)
    if not present or Fraction(heads_for, len(present)) <= Fraction(1, 2):
        return False
    total = sum(a for _, a, _ in rows)
    amount_for = sum(a for _, a, ch in present if ch == C.FOR)
    return total == 0 or Fraction(amount_for, total) >= share


creditor = st.tuples(
    st.integers(0, len(KINDS) - 1),
    st.integers(1, 60),
    st.sampled_from([C.FOR, C.FOR, C.AGAINST, C.ABSTAIN, C.NONE]),
)


@settings(max_examples=12)
@given(
    resolution=st.sampled_from(list(bk.ResolutionKind)[1:]),
    creditors=st.lists(creditor, min_size=1, max_size=6),
)
def test_meeting_result_matches_the_model(
    est: Estate, resolution: bk.ResolutionKind, creditors: list[tuple[int, int, C]]
) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(amount, *KINDS[k]) for k, amount, _ in creditors])
    voting = [bk.VoteClass(c) for c in range(1, 6)]
    if resolution == bk.ResolutionKind.REORGANISATION and not any(
        est.meet_admin.class_totals(case_id, c)[0] for c in voting
    ):
        return  # no class votes on the plan (only art. 83 claims): the meeting cannot be convened
    if resolution in (bk.ResolutionKind.COMPOSITION, bk.ResolutionKind.DISTRIBUTION_PLAN) and all(
        KINDS[k][1] for k, _, _ in creditors
    ):
        pass  # every creditor secured: the meeting is convened, nobody may vote, the resolution fails
    mid = est.convene_now(case_id, resolution)
    ballots = [(cid, ch) for cid, (_, _, ch) in zip(ids, creditors, strict=True) if ch != C.NONE]
    if ballots:
        est.relay(mid, ballots)
    status, results = est.close(mid)
    assert (status == bk.ResolutionStatus.PASSED) is model(resolution, creditors), results
