"""Gas of the ballots (the benchmark's figures guarded in the tests): a relayed ballot in a batch stays under the
issue's 30,000 gas target, and closing a meeting costs the same whatever the number of voters."""

from __future__ import annotations

from courtchain.clients import bankruptcy as bk

from .conftest import DAY, Estate

ORD = (bk.ClaimKind.ORDINARY, False)


def test_relayed_ballot_under_target_and_close_independent_of_voters(est: Estate) -> None:
    closes = []
    per_ballot = 0
    for n in (2, 60):
        case_id = est.open_case()
        ids = est.claims(case_id, [(100 + i, *ORD) for i in range(n)], first_voter=100 * n)
        mid = est.convene_now(case_id, bk.ResolutionKind.ORDINARY)
        # the same outcome in both meetings (passed), so that closing takes the same branches
        sent = est.relay(
            mid, [(cid, bk.Choice.FOR if i % 3 or n == 2 else bk.Choice.AGAINST) for i, cid in enumerate(ids)]
        )
        assert len(sent.all("BallotCast")) == n
        per_ballot = sent.gas_used // n
        m = est.meet_admin.get_meeting(mid)
        est.travel_to(m["closes_at"] + 1)
        _, _, closed = est.meet_as(est.accts["outsider"]).close(mid)
        closes.append(closed.gas_used)
    assert per_ballot <= 30_000, per_ballot
    assert closes[0] == closes[1], closes


def test_relayed_ballot_gas_per_agenda_size(est: Estate) -> None:
    """A one-item meeting's relayed ballot stays under 30,000 gas; 4 and 8 items cost more per ballot (reported)."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(100 + i, *ORD) for i in range(60)], first_voter=9_000)
    start = est.now() + 15 * DAY + 10
    sizes = (1, 4, 8)
    mids = {
        k: est.meet_admin.convene_agenda(case_id, [bk.AgendaItem(bk.ResolutionKind.ORDINARY)] * k, start, start + DAY)
        for k in sizes
    }
    est.travel_to(start)
    per = {}
    for k in sizes:
        votes = [(cid, [bk.Choice.AGAINST if (i + j) % 3 == 2 else bk.Choice.FOR for j in range(k)]) for i, cid in
                 enumerate(ids)]  # fmt: skip
        sent = est.relay(mids[k], votes)
        assert len(sent.all("BallotCast")) == len(ids)
        per[k] = sent.gas_used // len(ids)
    print("gas per relayed ballot by agenda size (60 per batch):", per)
    assert per[1] <= 30_000, per
    assert per[1] < per[4] < per[8], per
