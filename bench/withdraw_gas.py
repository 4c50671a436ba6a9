"""A creditor's withdrawal from EnforcementOffice: gas in three situations and where it goes, opcode by opcode.

    PYTHONPATH=src .venv/bin/python bench/withdraw_gas.py   → bench/results/withdraw_gas.json

The breakdown replays the transaction with `debug_traceCall` at the block before it (anvil's struct logger; automine
puts each transaction alone in its block, so warm/cold state is the same) and charges every
top-level step the gas it really consumed (the CALL to the token includes the token's whole execution).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

from common import Deployed, deployed, machine, write_result

from courtchain.accounts import dev_accounts
from courtchain.clients.enforcement import ClaimClass, EnforcementClient
from courtchain.commitments import commitment
from courtchain.suite import Suite
from courtchain.txn import Call

DEBTOR = commitment(b"\x11" * 32, "passport", "E12345678")
TITLE = b"\x22" * 32
TARGET = 60_000


def _mint(suite: Suite, to: str, amount: int) -> None:
    token = suite.contract("SettlementToken")
    data = str(token.encode_abi("mint", args=[to, amount]))
    suite.sender(dev_accounts()["keeper"]).send(Call(to=token.address, data=data, contract="SettlementToken"))


def breakdown(d: Deployed, tx_hash: str) -> dict[str, Any]:
    tx = d.chain.rpc("eth_getTransactionByHash", [tx_hash])
    receipt = d.chain.rpc("eth_getTransactionReceipt", [tx_hash])
    before = hex(int(receipt["blockNumber"], 16) - 1)  # automine: the transaction is alone in its block
    call = {"from": tx["from"], "to": tx["to"], "data": tx["input"], "gas": tx["gas"]}
    opts = {"disableMemory": True, "disableStack": True, "disableStorage": True}
    logs = d.chain.rpc("debug_traceCall", [call, before, opts])["structLogs"]
    data = bytes.fromhex(tx["input"][2:])
    intrinsic = 21_000 + sum(16 if b else 4 for b in data)
    top = [i for i, s in enumerate(logs) if s["depth"] == 1]
    by_op: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for k, i in enumerate(top):
        step = logs[i]
        cost = step["gas"] - logs[top[k + 1]]["gas"] if k + 1 < len(top) else step["gasCost"]
        op = step["op"]
        name = "CALL to the token (its whole execution)" if op == "CALL" else op
        if (
            op.startswith("PUSH")
            or op.startswith("DUP")
            or op.startswith("SWAP")
            or op
            in (
                "POP",
                "JUMP",
                "JUMPI",
                "JUMPDEST",
                "ADD",
                "SUB",
                "AND",
                "OR",
                "EQ",
                "LT",
                "GT",
                "ISZERO",
                "NOT",
                "SHL",
                "SHR",
                "MLOAD",
                "MSTORE",
                "CALLDATALOAD",
                "MUL",
                "DIV",
                "EXP",
                "SLT",
                "SGT",
                "CALLVALUE",
                "CALLER",
                "MSTORE8",
                "CALLDATASIZE",
                "RETURNDATASIZE",
                "RETURNDATACOPY",
                "EXTCODESIZE",
                "GAS",
                "ADDRESS",
            )
        ):
            name = "other (stack, memory, jumps, arithmetic, EXTCODESIZE)"
        by_op[name] += cost
        count[name] += 1
    execution = sum(by_op.values())
    used = int(receipt["gasUsed"], 16)
    return {
        "gasUsed": used,
        "intrinsic (21,000 + calldata)": intrinsic,
        "execution before refund": execution,
        "refund (reentrancy lock reset)": intrinsic + execution - used,
        "byOpcode": {k: {"gas": v, "count": count[k]} for k, v in by_op.most_common()},
    }


def measure(d: Deployed) -> dict[str, Any]:
    acc = dev_accounts()
    suite = d.suite

    def c(name: str) -> EnforcementClient:
        return EnforcementClient(suite, acc[name])

    cid, sent = c("clerk").open_case(
        DEBTOR, acc["creditor"].address, 1000, title_hash=TITLE, costs=100, costs_payee=acc["registrar"].address
    )
    costs = c("clerk").proposed_admission(sent)
    assert costs is not None
    c("judge").approve_admission(costs)  # the clerk proposed the costs; a judge admits them
    admission, _ = c("judge").propose_admission(cid, acc["creditor2"].address, 400, ClaimClass.ORDINARY, 0)
    c("judge2").approve_admission(admission)
    _mint(suite, acc["debtor"].address, 10**6)
    c("debtor").deposit(cid, 400)
    c("keeper").distribute(cid, 10)
    scenarios: dict[str, Any] = {}
    ids = {cr.payee.lower(): i for i, cr in enumerate(c("keeper").creditors(cid))}
    second_id = ids[acc["creditor2"].address.lower()]
    _, first = c("creditor").withdraw(cid, 0)
    scenarios["first withdrawal of the case; creditor's first; payee held no token"] = first
    _, second = c("creditor2").withdraw(cid, second_id)
    scenarios["creditor's first withdrawal; case already paid out; payee held no token"] = second
    c("debtor").deposit(cid, 400)
    c("keeper").distribute(cid, 10)
    _, third = c("creditor").withdraw(cid, 0)
    scenarios["creditor's second withdrawal (after a new round); payee holds tokens"] = third
    return {
        "what": "EnforcementOffice.withdraw gas from receipts, with an opcode breakdown from debug_traceTransaction",
        "target": TARGET,
        "scenarios": {k: v.gas_used for k, v in scenarios.items()},
        "breakdown": {k: breakdown(d, v.tx_hash) for k, v in scenarios.items()},
    }


def main() -> None:
    with deployed() as d:
        result = measure(d)
        result["chainClient"] = d.chain.client_version
    result["machine"] = machine()
    write_result("withdraw_gas", result)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
