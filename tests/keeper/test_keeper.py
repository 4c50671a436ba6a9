"""The keeper in process: docketing by deadline, idempotence, work done by others, report-only deadlines, cost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain, connect, free_port
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind
from courtchain.clients.docket import DocketClient, FilingStatus, MaterialKind
from courtchain.clients.enforcement import EnforcementClient
from courtchain.clients.evidence import EvidenceClient
from courtchain.commitments import commitment
from courtchain.errors import ChainError, InputError
from courtchain.failover import FailoverProvider
from courtchain.keeper import CheckResult, Journal, Keeper, PassReport
from courtchain.suite import Suite, by_name
from courtchain.watchers import DocketingWatcher

Maker = Callable[..., Keeper]


def _nonce(chain: Chain, account: LocalAccount) -> int:
    return int(chain.rpc("eth_getTransactionCount", [account.address, "latest"]), 16)


def test_docketing_at_window_end_and_idempotent(
    chain: Chain, docket: DocketClient, file: Callable[..., int], make_keeper: Maker, keeper: LocalAccount
) -> None:
    complete = [file() for _ in range(3)]
    incomplete = file((MaterialKind.COMPLAINT,))
    k = make_keeper()
    r = k.run_pass()
    assert r.events == 4 and r.scheduled == 4 and r.due == 0 and r.sent == 0
    ends = docket.filing(complete[0]).window_ends
    assert r.next_deadline is not None and r.next_deadline <= ends
    assert [d.item for d in k.upcoming(10)] == [*complete, incomplete]

    chain.set_time(ends - 5)  # not yet: nothing sent
    r = k.run_pass()
    assert (r.due, r.sent) == (0, 0)

    chain.set_time(docket.filing(incomplete).window_ends)
    before = _nonce(chain, keeper)
    r = k.run_pass()
    assert r.triggered == {"docketing": [*complete, incomplete]} and r.sent == 1
    assert _nonce(chain, keeper) == before + 1
    assert [docket.filing(f).status for f in complete] == [FilingStatus.DOCKETED] * 3
    assert docket.filing(incomplete).status == FilingStatus.REFUSED

    # Idempotent: the next passes find nothing to do and send nothing.
    for _ in range(2):
        r = k.run_pass()
        assert (r.due, r.sent, r.skipped) == (0, 0, 0)
    assert _nonce(chain, keeper) == before + 1
    assert k.upcoming() == []

    # A second keeper on the same state dir is refused while the first runs.
    with pytest.raises(InputError, match="another keeper is running"):
        make_keeper(k.checkpoint_path.parent)
    # A new keeper on the same state dir (a restart) does not send either.
    k.close()
    again = make_keeper(k.checkpoint_path.parent)
    assert again.next_block == k.next_block
    assert again.run_pass().sent == 0


def test_trigger_already_sent_by_another_account_is_not_an_error(
    chain: Chain,
    suite: Suite,
    docket: DocketClient,
    file: Callable[..., int],
    make_keeper: Maker,
    outsider: LocalAccount,
    keeper: LocalAccount,
) -> None:
    ids = [file() for _ in range(4)]
    k = make_keeper()
    k.run_pass()
    chain.set_time(docket.filing(ids[-1]).window_ends)
    DocketClient(suite, outsider).docket_many(ids[:2])  # someone else was faster
    before = _nonce(chain, keeper)
    r = k.run_pass()
    assert r.triggered == {"docketing": ids[2:]} and not r.failures  # their CaseDocketed events closed them
    assert _nonce(chain, keeper) == before + 1

    # The race: the keeper's view said due, but another account docketed before its transaction was mined.
    more = [file() for _ in range(2)]
    k.run_pass()
    chain.set_time(docket.filing(more[-1]).window_ends)
    watcher = k.watchers["docketing"]
    assert isinstance(watcher, DocketingWatcher)

    class Raced(DocketingWatcher):
        def check(self, items: Sequence[int], now: int) -> CheckResult:
            seen = super().check(items, now)  # the views say due ...
            DocketClient(suite, outsider).docket_many(items)  # ... and another account is mined first
            return seen

    k.watchers["docketing"] = Raced(suite)
    r = k.run_pass()
    assert r.triggered == {"docketing": more} and not r.failures  # the batch skipped them: no error
    receipt = chain.w3.eth.get_transaction_receipt(r.transactions[0])  # type: ignore[arg-type]
    skipped = by_name(suite.events_of(receipt), "DocketSkipped")
    assert sorted(int(e.args["filingId"]) for e in skipped) == more


def test_reclassified_window_is_followed(
    chain: Chain, docket: DocketClient, file: Callable[..., int], make_keeper: Maker, clerk: LocalAccount
) -> None:
    fid = file()
    k = make_keeper()
    k.run_pass()
    first_end = docket.filing(fid).window_ends
    # 执 has the same window in this fixture; give the type a longer window, then reclassify into it.
    docket.set_case_type(1, "执", (MaterialKind.COMPLAINT,), 7200)
    docket.reclassify(fid, "执")
    new_end = docket.filing(fid).window_ends
    assert new_end > first_end
    chain.set_time(first_end)
    r = k.run_pass()
    assert r.sent == 0 and docket.filing(fid).status == FilingStatus.OPEN
    assert any(d.item == fid and d.due == new_end for d in k.upcoming())
    chain.set_time(new_end)
    r = k.run_pass()
    assert r.triggered == {"docketing": [fid]}
    assert docket.filing(fid).status == FilingStatus.DOCKETED


def test_report_only_deadlines_are_shown_and_never_sent(
    chain: Chain,
    suite: Suite,
    make_keeper: Maker,
    clerk: LocalAccount,
    judge: LocalAccount,
    judge2: LocalAccount,
    debtor: LocalAccount,
    keeper: LocalAccount,
) -> None:
    now = chain.timestamp()
    deemed = now + 86_400 + 100  # the registry's shortest deemed-service period is one day
    recipient = commitment(b"\x05" * 32, "passport", "E12345678")
    sid_deemed, _ = EvidenceClient(suite, clerk).serve(
        b"\x07" * 32, recipient, deemed, recipient_account=debtor.address
    )
    sid_acked, _ = EvidenceClient(suite, clerk).serve(b"\x08" * 32, recipient, deemed, recipient_account=debtor.address)
    EvidenceClient(suite, debtor).acknowledge(sid_acked, b"\x09" * 32)
    source, _ = EnforcementClient(suite, clerk).open_case(recipient, debtor.address, 1000)  # the listing's case
    pid, _ = CreditClient(suite, judge).propose_listing(
        recipient, CaseDomain.ENFORCEMENT, source, EntryKind.DISHONEST_DEBTOR, 1, b"\x0a" * 32, 86400
    )
    entry, _ = CreditClient(suite, judge2).approve(pid)
    k = make_keeper()
    r = k.run_pass()
    shown = {(d.watcher, d.item): d.due for d in k.upcoming()}
    assert shown[("service", sid_deemed)] == deemed and ("service", sid_acked) not in shown
    assert shown[("listing", entry.id)] == entry.ends_at
    before = _nonce(chain, keeper)
    chain.set_time(max(entry.ends_at, deemed))
    r = k.run_pass()
    assert r.passed == {"service": [sid_deemed], "listing": [entry.id]} and r.sent == 0
    assert _nonce(chain, keeper) == before
    assert k.run_pass().passed == {}


def test_a_pass_costs_what_is_new_and_due(
    chain: Chain, docket: DocketClient, file: Callable[..., int], make_keeper: Maker
) -> None:
    """Nothing new and nothing due: no event is read and no view is called beyond the head's block."""
    ids = [file() for _ in range(5)]
    k = make_keeper()
    k.run_pass()
    last_end = docket.filing(ids[-1]).window_ends
    calls: list[str] = []
    batched: list[tuple[str, int]] = []
    original = k.suite.view
    watcher = k.watchers["docketing"]
    assert isinstance(watcher, DocketingWatcher)
    original_many = watcher._views

    def counting(name: str, fn: str, *args: object) -> object:
        calls.append(fn)
        return original(name, fn, *args)

    def counting_many(fn: str, ids: Sequence[int]) -> list[object]:
        batched.append((fn, len(ids)))
        return original_many(fn, ids)

    k.suite.view = counting  # type: ignore[method-assign]
    watcher._views = counting_many  # type: ignore[method-assign]
    try:
        r = k.run_pass()
        assert (r.events, r.due, calls, batched) == (0, 0, [], [])
        chain.set_time(last_end)
        r = k.run_pass()
        assert r.triggered == {"docketing": ids}
        assert batched == [("getFiling", 5)] and calls == []  # one batch of views for the due items, nothing else
    finally:
        k.suite.view = original  # type: ignore[method-assign]


def test_journal_ignores_a_line_torn_by_a_crash(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j")
    j.signed("0xaa", b"\x01", "docketing:1..1")
    j.signed("0xbb", b"\x02", "docketing:2..2")
    j.mined("0xaa", 1)
    with open(tmp_path / "j", "a", encoding="utf-8") as f:
        f.write('{"state": "signed", "hash": "0xcc", "ra')  # power cut in the middle of a write
    assert [e["hash"] for e in j.unmined()] == ["0xbb"]
    j.mined("0xbb", 1)  # the next entry starts on its own line
    assert j.unmined() == []
    j.compact()
    assert not (tmp_path / "j").exists()


def test_views_in_a_batch_or_one_by_one(
    suite: Suite, file: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batched views give what one-by-one views give; a node that refuses batches is asked one by one."""
    from courtchain import watchers

    ids = [file() for _ in range(5)]
    single = [suite.view("CaseDocket", "getFiling", i) for i in ids]
    assert watchers.view_many(suite, "CaseDocket", "getFiling", ids) == single

    def refuse(*args: object, **kwargs: object) -> object:
        raise ChainError(f"batch request failed on {suite.chain.url}: batches not supported")

    monkeypatch.setattr(watchers, "_NO_BATCH", set())
    with monkeypatch.context() as m:
        m.setattr(suite.chain, "rpc_batch", refuse)
        assert watchers.view_many(suite, "CaseDocket", "getFiling", ids) == single
    assert {suite.chain.url} == watchers._NO_BATCH


def test_batched_views_go_through_the_chains_transport_past_a_dead_node(
    suite: Suite, chain: Chain, file: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A keeper on several nodes (`--rpc A,B`) whose first node is down: the batch fails over like every other
    request, instead of going to the dead node's URL (which then lost its batches for good)."""
    from courtchain import watchers

    monkeypatch.setattr(watchers, "_NO_BATCH", set())
    ids = [file() for _ in range(5)]
    single = [suite.view("CaseDocket", "getFiling", i) for i in ids]
    dead = f"http://127.0.0.1:{free_port()}"
    over = connect(f"{dead},{chain.url}")
    assert isinstance(over.w3.provider, FailoverProvider) and over.url == dead
    behind_a_dead_node = Suite(over, suite.artifacts, suite.addresses)
    assert watchers.view_many(behind_a_dead_node, "CaseDocket", "getFiling", ids) == single
    assert not watchers._NO_BATCH


def test_a_pass_failing_on_node_trouble_loses_no_deadline_and_the_run_goes_on(
    chain: Chain, suite: Suite, docket: DocketClient, file: Callable[..., int], make_keeper: Maker
) -> None:
    """The node stops answering after the pass took the due filings off its schedule (their views cannot be read):
    `run` reports the failure, takes the state back from the checkpoint and dockets them in the next pass, instead
    of ending (or, carried on by a caller, forgetting them: the next checkpoint would have dropped them for good)."""
    fids = [file() for _ in range(2)]
    k = make_keeper()
    k.run_pass()  # scheduled and checkpointed
    chain.set_time(docket.filing(fids[-1]).window_ends)
    seen: list[list[int]] = []

    class Flaky(DocketingWatcher):
        def check(self, items: Sequence[int], now: int) -> CheckResult:
            seen.append(list(items))
            if len(seen) == 1:
                raise ChainError("node unreachable at http://127.0.0.1:1: ConnectionError")
            return super().check(items, now)

    k.watchers["docketing"] = Flaky(suite)
    reports: list[PassReport] = []
    k.run(interval=0.01, max_passes=3, on_pass=reports.append)
    assert seen[:2] == [fids, fids]
    assert "node unreachable" in reports[0].failures[0] and not reports[1].failures
    assert reports[1].triggered == {"docketing": fids}
    assert all(docket.filing(f).status == FilingStatus.DOCKETED for f in fids)
    # a single pass still raises it (`courtchain keeper --once` exits with the chain error)
    seen.clear()
    more = file()
    k.run_pass()
    chain.set_time(docket.filing(more).window_ends)
    with pytest.raises(ChainError, match="node unreachable"):
        k.run(max_passes=1)
