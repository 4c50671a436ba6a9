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


# -- agendas and the shareholders' class (art. 85) ------------------------------------------------------------------

voter_ballot = st.tuples(
    st.integers(0, len(KINDS) - 1),
    st.integers(1, 60),
    st.booleans(),  # casts a ballot
    st.lists(st.sampled_from([C.FOR, C.FOR, C.AGAINST, C.ABSTAIN]), min_size=3, max_size=3),
)
holder_ballot = st.tuples(
    st.integers(1, 400_000),
    st.booleans(),
    st.lists(st.sampled_from([C.FOR, C.FOR, C.AGAINST, C.ABSTAIN]), min_size=3, max_size=3),
)
agenda_item = st.tuples(st.sampled_from(list(bk.ResolutionKind)[1:]), st.booleans())


def item_model(
    kind: bk.ResolutionKind,
    equity: bool,
    i: int,
    creditors: list[tuple[int, int, bool, list[C]]],
    holders: list[tuple[int, bool, list[C]]],
) -> bool:
    """One agenda item: the creditors as `model` reads the statute; on a plan item adjusting equity, the shareholders'
    class too: two-thirds or more of the voting rights taking part (at least one share for)."""
    rows = [(k, amount, ballot[i] if present else C.NONE) for k, amount, present, ballot in creditors]
    ok = model(kind, rows)
    if kind != bk.ResolutionKind.REORGANISATION or not equity or not holders:
        return ok
    taking_part = [(share, b[i]) for share, present, b in holders if present]
    shares_for = sum(s for s, c in taking_part if c == C.FOR)
    holders_ok = shares_for > 0 and Fraction(shares_for, sum(s for s, _ in taking_part)) >= Fraction(2, 3)
    # the plan passes only when every voting class passes, the shareholders' included (art. 86)
    creditor_classes = {vote_class(*KINDS[k]) for k, _, _, _ in creditors} - {bk.VoteClass.SOCIAL_INSURANCE}
    return holders_ok and (ok or not creditor_classes)


@settings(max_examples=10)
@given(
    agenda=st.lists(agenda_item, min_size=1, max_size=3),
    creditors=st.lists(voter_ballot, min_size=1, max_size=5),
    holders=st.lists(holder_ballot, min_size=0, max_size=2),
)
def test_agenda_results_match_the_model(
    est: Estate,
    agenda: list[tuple[bk.ResolutionKind, bool]],
    creditors: list[tuple[int, int, bool, list[C]]],
    holders: list[tuple[int, bool, list[C]]],
) -> None:
    agenda = [(k, eq and k == bk.ResolutionKind.REORGANISATION) for k, eq in agenda]
    case_id = est.open_case()
    ids = est.claims(case_id, [(amount, *KINDS[k]) for k, amount, _, _ in creditors])
    sids = est.shareholders(case_id, [share for share, _, _ in holders])
    plan_classes = any(vote_class(*KINDS[k]) != bk.VoteClass.SOCIAL_INSURANCE for k, _, _, _ in creditors)
    for kind, equity in agenda:
        if kind == bk.ResolutionKind.REORGANISATION and not plan_classes and not (equity and holders):
            return  # no class votes on this plan item: the agenda cannot be convened
    n = len(agenda)
    mid = est.convene_agenda_now(case_id, [bk.AgendaItem(k, eq) for k, eq in agenda])
    ballots = [(cid, b[:n]) for cid, (_, _, present, b) in zip(ids, creditors, strict=True) if present]
    ballots += [(sid, b[:n]) for sid, (_, present, b) in zip(sids, holders, strict=True) if present]
    if ballots:
        sent = est.relay(mid, ballots)
        # a voter with no vote on any item (e.g. a shareholder on an agenda without an equity item) is skipped whole
        assert all(int(e.args["reason"]) == bk.SkipReason.NO_VOTE for e in sent.all("BallotSkipped"))
    est.close(mid)
    got = [est.meet_admin.get_item(mid, i)["status"] == bk.ResolutionStatus.PASSED for i in range(n)]
    want = [item_model(k, eq, i, creditors, holders) for i, (k, eq) in enumerate(agenda)]
    assert got == want, (agenda, creditors, holders)
