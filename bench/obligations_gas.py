"""Gas of ObligationRegistry against the real CaseDocket and EnforcementOffice (no stand-ins), from receipts.

PYTHONPATH=src .venv/bin/python bench/obligations_gas.py   → bench/results/obligations_gas.json
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any

from common import deployed, machine, write_result

from courtchain.accounts import dev_accounts
from courtchain.chain import Chain
from courtchain.clients.docket import DocketClient
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient, case_type_code
from courtchain.commitments import commitment
from courtchain.suite import Suite
from courtchain.txn import Call

DAY = 24 * 3600
DEBTOR_ID = commitment(b"\x01" * 32, "resident", "11010519491231002X")
CREDITOR_ID = commitment(b"\x02" * 32, "uscc", "91350100M000100Y43")


def measure(suite: Suite, chain: Chain) -> dict[str, Any]:
    acc = dev_accounts()
    docket = DocketClient(suite, acc["clerk"])
    docket.configure_court(1, "京", "0491")
    docket.set_case_type(1, "民初", [1], 7 * DAY)
    med = ObligationClient(suite, acc["mediator"])

    def as_(name: str) -> ObligationClient:
        return ObligationClient(suite, acc[name])

    token = suite.address("SettlementToken")
    t = suite.contract("SettlementToken")
    data = str(t.encode_abi("mint", args=[acc["debtor"].address, 10**9]))
    suite.sender(acc["keeper"]).send(Call(to=t.address, data=data, contract="SettlementToken"))

    def terms(n: int, **kw: Any) -> AgreementTerms:
        now = chain.timestamp()
        base = AgreementTerms(
            document_hash=bytes([n]) * 32,
            debtor=DEBTOR_ID,
            debtor_account=acc["debtor"].address,
            creditor=CREDITOR_ID,
            creditor_account=acc["creditor"].address,
            token=token,
            amounts=(300, 300, 400),
            due_dates=(now + 30 * DAY, now + 60 * DAY, now + 90 * DAY),
            grace_period=5 * DAY,
            acceleration=False,
            consequence=Consequence.TRIAL,
            court_id=1,
            case_type=case_type_code("民初"),
        )
        return replace(base, **kw)

    gas: dict[str, int] = {}
    trial, s = med.create_agreement(terms(1))
    gas["createAgreement (3 instalments)"] = s.gas_used
    gas["sign (debtor, on chain)"] = as_("debtor").sign(trial).gas_used
    signed = as_("creditor").sign_offline(trial, chain.timestamp() + DAY)
    gas["submitSignature (creditor's EIP-712, by the mediator; binds)"] = med.submit_signature(signed).gas_used
    as_("debtor").pay(trial, 1)  # the first payment also approves the token
    gas["pay (instalment part)"] = as_("debtor").pay(trial, 100).gas_used
    gas["acknowledgePayment (off-chain payment)"] = as_("creditor").acknowledge(trial, 100).gas_used
    gas["withdraw (creditor's credited payments)"] = as_("creditor").withdraw(token).gas_used
    enf, _ = med.create_agreement(terms(2, consequence=Consequence.ENFORCEMENT, court_id=0, case_type=b"\0" * 32))
    as_("debtor").sign(enf)
    as_("creditor").sign(enf)
    gas["confirm (judicial confirmation)"] = as_("judge").confirm(enf, b"\xef" * 32).gas_used
    late = max(med.obligation(i).due_dates[0] + med.obligation(i).grace_period for i in (trial, enf))
    chain.set_time(late + 1)
    gas["triggerDefault → CaseDocket.fileFromObligation (trial)"] = as_("outsider").trigger_default(trial).gas_used
    gas["triggerDefault → EnforcementOffice.openFromObligation"] = as_("outsider").trigger_default(enf).gas_used
    return gas


def main() -> None:
    with deployed() as d:
        result = {
            "what": "ObligationRegistry gas (real CaseDocket and EnforcementOffice)",
            "gas": measure(d.suite, d.chain),
        }
    result["machine"] = machine()
    write_result("obligations_gas", result)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
