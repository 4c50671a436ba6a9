"""The 2,601-creditor meeting (issue 25; Hangzhou Yuhang, Oct 2019): every creditor votes, once directly (one
transaction each) and once signed off chain (EIP-712) and relayed by the administrator in batches. Reports gas per
direct ballot, gas per relayed ballot (target <= 30,000), transactions and blocks to take all ballots and close, and
the closing cost of a meeting of 2,601 voters against one of 3 (it must not grow with the number of voters).

    python bench/run.py bankruptcy [--creditors 2601 --batch 200]
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from common import deployed, machine, write_result
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.accounts import dev_accounts
from courtchain.clients import bankruptcy as bk

DAY = bk.DAY
BLOCK_GAS = 30_000_000  # a consortium block gas limit of the common Besu/QBFT default size


def _creditors(n: int) -> list[LocalAccount]:
    return [Account.from_key(keccak(text=f"courtchain bench creditor {i}")) for i in range(n)]


def _case(suite: Any, accts: dict[str, LocalAccount], creditors: list[LocalAccount]) -> tuple[int, list[int]]:
    judge, judge2 = bk.BankruptcyClient(suite, accts["judge"]), bk.BankruptcyClient(suite, accts["judge2"])
    admin = bk.BankruptcyClient(suite, accts["litigant"])
    t = suite.chain.timestamp()
    debtor = keccak(text=f"bench debtor {t}")
    case_id, act, _ = judge.propose_opening(debtor, accts["litigant"].address, t, t + 30 * DAY)
    judge2.approve_act(act)
    ids = []
    for i, c in enumerate(creditors):
        suite.chain.rpc("anvil_setBalance", [c.address, hex(10**19)])
        ids.append(bk.BankruptcyClient(suite, c).file_claim(case_id, 1_000 + i))
    admin.transact_many([admin.prepare("reviewClaim", cid, True, 1_000 + i, b"\0" * 32) for i, cid in enumerate(ids)])
    deadline = suite.chain.timestamp() + DAY
    judge2.approve_act(judge.propose_act(case_id, bk.ActKind.SET_OBJECTION_DEADLINE, 0, deadline))
    suite.chain.set_time(deadline + 1)
    for lo in range(0, len(ids), 200):
        chunk = ids[lo : lo + 200]
        judge2.approve_act(judge.propose_act(case_id, bk.ActKind.CONFIRM_CLAIMS, chunk[0], chunk[-1]))
    return case_id, ids


def _meeting(suite: Any, accts: dict[str, LocalAccount], case_id: int) -> int:
    meet = bk.MeetingClient(suite, accts["litigant"])
    start = suite.chain.timestamp() + 15 * DAY + 10
    mid = meet.convene(case_id, bk.ResolutionKind.ORDINARY, start, start + 6 * DAY)
    suite.chain.set_time(start)
    return mid


def _close(suite: Any, accts: dict[str, LocalAccount], mid: int) -> int:
    meet = bk.MeetingClient(suite, accts["outsider"])
    suite.chain.set_time(int(meet.get_meeting(mid)["closes_at"]) + 1)
    _, _, sent = meet.close(mid)
    return sent.gas_used


def _agenda(
    suite: Any, accts: dict[str, LocalAccount], case_id: int, ids: list[int], creditors: list[LocalAccount]
) -> dict[str, Any]:
    meet = bk.MeetingClient(suite, accts["litigant"])
    start = suite.chain.timestamp() + 15 * DAY + 10
    sizes = (1, 4, 8)
    mids = {
        k: meet.convene_agenda(case_id, [bk.AgendaItem(bk.ResolutionKind.ORDINARY)] * k, start, start + 6 * DAY)
        for k in sizes
    }
    suite.chain.set_time(start)
    deadline = start + 7 * DAY
    out: dict[str, Any] = {"ballots": len(ids)}
    for k in sizes:
        ballots = [
            bk.sign_ballot(
                c, suite.chain.chain_id, meet.address, mids[k], cid,
                [bk.Choice.AGAINST if (i + j) % 3 == 2 else bk.Choice.FOR for j in range(k)], k // 4, deadline,
            )  # fmt: skip
            for i, (c, cid) in enumerate(zip(creditors, ids, strict=True))
        ]
        sent = meet.relay(mids[k], ballots, gas=min(BLOCK_GAS, 60_000 + 60_000 * len(ballots)))
        assert len(sent.all("BallotCast")) == len(ballots), "a relayed ballot was skipped"
        out[f"items{k}"] = {"gasPerRelayedBallot": sent.gas_used // len(ballots), "batchGas": sent.gas_used}
    suite.chain.set_time(start + 6 * DAY + 1)
    for k in sizes:
        _, _, closed = bk.MeetingClient(suite, accts["outsider"]).close(mids[k])
        out[f"items{k}"]["closeGas"] = closed.gas_used
    out["met"] = out["items1"]["gasPerRelayedBallot"] <= 30_000
    return out


def measure(n: int = 2601, batch: int = 200) -> dict[str, Any]:
    load = os.getloadavg()
    accts = dev_accounts()
    creditors = _creditors(n)
    out: dict[str, Any] = {"creditors": n, "batch": batch, "blockGasLimitAssumed": BLOCK_GAS}
    with deployed() as d:
        suite = d.suite
        t0 = time.monotonic()
        case_id, ids = _case(suite, accts, creditors)
        out["setupSeconds"] = round(time.monotonic() - t0, 1)
        # 1. direct ballots: one transaction per creditor (choices alternate 2 for : 1 against)
        mid = _meeting(suite, accts, case_id)
        gas = []
        t0 = time.monotonic()
        for i, (c, cid) in enumerate(zip(creditors, ids, strict=True)):
            choice = bk.Choice.AGAINST if i % 3 == 2 else bk.Choice.FOR
            gas.append(bk.MeetingClient(suite, c).vote(mid, cid, choice).gas_used)
        direct_seconds = time.monotonic() - t0
        close_direct = _close(suite, accts, mid)
        out["direct"] = {
            "gasPerBallotMedian": int(statistics.median(gas)),
            "gasPerBallotMax": max(gas),
            "gasPerBallotMean": int(statistics.mean(gas)),
            "transactions": n + 1,
            "blocksAtBlockGasLimit": -(-(sum(gas) + close_direct) // BLOCK_GAS),
            "blocksOnAnvilAutomine": n + 1,
            "seconds": round(direct_seconds, 1),
            "closeGas": close_direct,
        }
        # 2. relayed ballots, signed off chain, in batches of `batch`
        mid2 = _meeting(suite, accts, case_id)
        meet = bk.MeetingClient(suite, accts["litigant"])
        deadline = suite.chain.timestamp() + 30 * DAY
        chain_id = suite.chain.chain_id
        address = suite.address("CreditorsMeeting")
        t0 = time.monotonic()
        ballots = [
            bk.sign_ballot(
                c, chain_id, address, mid2, cid, bk.Choice.AGAINST if i % 3 == 2 else bk.Choice.FOR, 0, deadline
            )
            for i, (c, cid) in enumerate(zip(creditors, ids, strict=True))
        ]
        sign_seconds = time.monotonic() - t0
        t0 = time.monotonic()
        relay_gas = []
        for lo in range(0, n, batch):
            part = ballots[lo : lo + batch]
            sent = meet.relay(mid2, part, gas=min(BLOCK_GAS, 60_000 + 40_000 * len(part)))
            assert len(sent.all("BallotCast")) == len(part), "a relayed ballot was skipped"
            relay_gas.append(sent.gas_used)
        relay_seconds = time.monotonic() - t0
        close_relayed = _close(suite, accts, mid2)
        out["relayed"] = {
            "gasPerBallot": sum(relay_gas) // n,
            "gasPerBatchMax": max(relay_gas),
            "transactions": len(relay_gas) + 1,
            "blocksAtBlockGasLimit": -(-(sum(relay_gas) + close_relayed) // BLOCK_GAS),
            "blocksOnAnvilAutomine": len(relay_gas) + 1,
            "signingSeconds": round(sign_seconds, 1),
            "relaySeconds": round(relay_seconds, 1),
            "closeGas": close_relayed,
            "targetGasPerBallot": 30_000,
            "met": sum(relay_gas) // n <= 30_000,
        }
        # 3. closing cost against a meeting of 3 voters
        small_case, small_ids = _case(suite, accts, creditors[:3])
        mid3 = _meeting(suite, accts, small_case)
        for c, cid in zip(creditors[:3], small_ids, strict=True):
            bk.MeetingClient(suite, c).vote(mid3, cid, bk.Choice.FOR)
        out["closeGas"] = {"voters3": _close(suite, accts, mid3), f"voters{n}": close_relayed}
        # 4. an agenda of 1, 4 and 8 items: one relayed batch of `batch` ballots each, every ballot choosing on every
        #    item (2 for : 1 against); three meetings of one case convened at once
        agenda_case, agenda_ids = _case(suite, accts, creditors[:batch])
        out["agenda"] = _agenda(suite, accts, agenda_case, agenda_ids, creditors[:batch])
        # the call the administrator sends per batch, for reference
        out["relayCalldataBytesPerBallot"] = (
            (len(meet.prepare("relayBallots", mid2, [b.as_tuple() for b in ballots[:10]]).data) - 2) // 2 // 10
        )
    out["machine"] = machine(load)
    write_result("bankruptcy", out)
    return out
