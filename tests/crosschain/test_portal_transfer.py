"""The portal's timeline of a case sent to another chain names the destination as another chain, not "member 0"."""

from __future__ import annotations

from courtchain.portal.timeline import case_timeline

from .conftest import TwoChains, docketed_case
from .test_crosschain import send_case


def test_a_transfer_to_another_chain_reads_as_such(pair: TwoChains) -> None:
    case_id = docketed_case(pair.a, "portal")
    send_case(pair, case_id)
    entries, _ = case_timeline(pair.a, case_id)
    sent = [e for e in entries if e.event == "CaseTransferInitiated"]
    assert len(sent) == 1
    assert "another chain" in sent[0].title.en and "其他链" in sent[0].title.zh
    assert "member 0" not in sent[0].title.en and "成员 0" not in sent[0].title.zh
