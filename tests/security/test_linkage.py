"""Linkage (issue 18): three cases of one debtor, each through docket, obligations, enforcement, service and credit,
on one chain. No value of one case's logs (32-byte words: topics and data, addresses included) appears in another
case's logs, except the debtor's credit key where the credit registry and the termination order that lists under it
name it, and values a case of another debtor shares too (the courts' staff accounts, contracts, case types).

Control: the same check finds the link when the members use one salted commitment per person (the old scheme).
"""

from __future__ import annotations

from typing import Any, cast

from eth_account.signers.local import LocalAccount
from eth_utils import event_abi_to_log_topic

from courtchain.chain import Chain
from courtchain.clients.credit import CreditClient
from courtchain.clients.docket import setup_dev_court
from courtchain.commitments import new_salt
from courtchain.demo import Subject
from courtchain.privacy import new_platform_key
from courtchain.suite import Suite
from tests.credit.conftest import resident_id
from tests.privacy_scan import Where, linkage, log_words
from tests.security.cases_of_one_debtor import run_case

DEBTOR = Subject("debtor", "李娜", "resident", "310104199206113815", new_salt())
CREDITORS = [
    Subject(f"creditor {i}", f"债权人{i}", "resident", resident_id(f"1101051980010{i}123"), new_salt())
    for i in range(4)
]
OTHER = Subject("other debtor", "赵强", "resident", resident_id("44030619850101123"), new_salt())


def credit_key_places(suite: Suite, blocks: range, key: bytes) -> set[Where]:
    """Where in `blocks` the credit key may appear: the credit registry's events and the office's termination order
    (`OrderProposed`, which carries it to the approving judge)."""
    registry = suite.addresses["CreditRegistry"].lower()
    office = suite.addresses["EnforcementOffice"].lower()
    order = "0x" + bytes(event_abi_to_log_topic(cast(Any, _event(suite, "EnforcementOffice", "OrderProposed")))).hex()
    places = log_words(suite.chain, blocks).get(key, set())
    return {p for p in places if p[0] == registry or p == (office, order)}


def _event(suite: Suite, contract: str, name: str) -> dict[str, Any]:
    return next(dict(e) for e in suite.artifacts[contract].abi if e.get("type") == "event" and e.get("name") == name)


def test_three_cases_of_one_debtor_share_no_value_but_the_credit_key(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount]
) -> None:
    setup_dev_court(suite, accts["clerk"])
    platform_key = new_platform_key()
    runs = [run_case(suite, accts, DEBTOR, CREDITORS[i], f"京0491收2026-{i + 1:04d}", platform_key) for i in range(3)]
    control = run_case(suite, accts, OTHER, CREDITORS[3], "京0491收2026-0099", platform_key)
    cases = [log_words(chain, r.blocks) for r in runs]
    # The scan saw the whole of each case, in every contract (docket, obligations, office, evidence, credit).
    emitters = {addr for words in cases for places in words.values() for addr, _ in places}
    for contract in ("CaseDocket", "ObligationRegistry", "EnforcementOffice", "EvidenceRegistry", "CreditRegistry"):
        assert suite.addresses[contract].lower() in emitters, contract
    # Each case's pseudonyms are in its logs, and in no other case's.
    for i, r in enumerate(runs):
        for p in r.pseudonyms:
            assert p in cases[i] and all(p not in cases[j] for j in range(3) if j != i)
    # The credit registry finds all three listings under one key, whichever case listed him.
    assert {r.credit_key for r in runs} == {runs[0].credit_key}
    entries = CreditClient(suite).entries_of(runs[0].credit_key)
    assert len(entries) == 6 and {e.case_id for e in entries} == {r.enforcement_id for r in runs}

    key = runs[0].credit_key
    allowed = {key: set().union(*(credit_key_places(suite, r.blocks, key) for r in runs))}
    assert len(allowed[key]) == 2  # EntryListed and OrderProposed
    assert linkage(cases, log_words(chain, control.blocks), allowed) == []

    # Without the exception, the credit key is what links them (so the check does look at the registry's logs).
    shared = linkage(cases, log_words(chain, control.blocks))
    assert shared and all(f"0x{runs[0].credit_key.hex()}" in line for line in shared)

    # Control: with one salted commitment per person (and one account), the same check finds the links.
    old = [
        run_case(suite, accts, OTHER, CREDITORS[i], f"京0491收2026-01{i}", platform_key, stable=True) for i in range(2)
    ]
    found = linkage([log_words(chain, r.blocks) for r in old], log_words(chain, control.blocks), allowed)
    assert any(f"0x{old[0].pseudonyms[1].hex()}" in line for line in found)  # the commitment
    assert len(found) >= 2  # the commitment and the debtor's account (at least)
