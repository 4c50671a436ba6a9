"""CreditRegistry against the real contract: listing paths and refusals, expiry at the boundary, objections, removal,
batch and historical queries, governance of the default durations, and the exact custom error of every refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import (
    DAY,
    DEFAULT_BAN_DURATION,
    DEFAULT_DISHONEST_DURATION,
    MAX_BATCH,
    MAX_DURATION,
    MIN_DURATION,
    REASON_TEXT,
    CreditClient,
    EntryKind,
    EntryStatus,
    ObjectionStatus,
    Reason,
)
from courtchain.errors import InputError, NotFoundError
from courtchain.roles import ROLES, SUITE_KEYS
from courtchain.suite import Suite
from tests.credit.conftest import SUBJECT_A, SUBJECT_B, SUBJECT_C, doc
from tests.helpers import assert_enum_mirror, reverts

INTERFACE = Path(__file__).resolve().parents[2] / "contracts" / "interfaces" / "ICreditRegistry.sol"
DISHONEST = EntryKind.DISHONEST_DEBTOR
BAN = EntryKind.HIGH_CONSUMPTION_BAN
EVIDENCE = doc("enforcement ruling (2026) Jing 0491 Zhi 1234")
JUDGE = ROLES["JUDGE"]
ENFORCEMENT_KEY = SUITE_KEYS["EnforcementOffice"]


@pytest.mark.parametrize("enum", [EntryKind, EntryStatus, ObjectionStatus])
def test_enum_mirrors_match_interface_source(enum: type) -> None:
    assert_enum_mirror(enum, "ICreditRegistry.sol")


def test_reason_codes_match_interface_documentation() -> None:
    documented = {int(n) for n in re.findall(r"^///\s+(\d+) ", INTERFACE.read_text(), re.MULTILINE)}
    assert documented == {r.value for r in Reason}
    assert set(REASON_TEXT) == set(Reason)
    assert {r for r in Reason if r.kind == DISHONEST} == {Reason(i) for i in range(1, 7)}


def test_deployment_configures_the_default_durations(credit: CreditClient, suite: Suite) -> None:
    assert credit.default_duration(DISHONEST) == DEFAULT_DISHONEST_DURATION == 730 * DAY
    assert credit.default_duration(BAN) == DEFAULT_BAN_DURATION
    sets = [e for e in suite.logs(["CreditRegistry"]) if e.name == "DefaultDurationSet"]
    assert [(e.args["kind"], e.args["current"]) for e in sets] == [
        (1, DEFAULT_DISHONEST_DURATION),
        (2, DEFAULT_BAN_DURATION),
    ]
    hub = ConsortiumClient(suite)
    assert hub.suite_contract(SUITE_KEYS["CreditRegistry"]) == credit.address


# -- listing by a judge ------------------------------------------------------------------------------------------


def test_judge_lists_with_default_duration(credit: CreditClient, chain: Chain, judge: LocalAccount) -> None:
    t0 = chain.timestamp() + 10
    chain.set_next_timestamp(t0)
    entry, sent = credit.list_subject(SUBJECT_A, 7, DISHONEST, Reason.REFUSES_DESPITE_ABILITY, EVIDENCE)
    ev = sent.event("EntryListed")
    assert ev.args == {
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "caseId": 7,
        "kind": 1,
        "reason": 1,
        "evidenceHash": EVIDENCE,
        "startsAt": t0,
        "endsAt": t0 + DEFAULT_DISHONEST_DURATION,
        "listedBy": judge.address,
    }
    assert entry.status == EntryStatus.ACTIVE and entry.ended_at == 0 and entry.listed_by == judge.address
    assert entry.starts_at == t0 and entry.ends_at == t0 + DEFAULT_DISHONEST_DURATION
    assert credit.entry_for(SUBJECT_A, 7, DISHONEST) == entry.id
    r = credit.restriction(SUBJECT_A)
    assert r.restricted and r.dishonest_debtor and not r.high_consumption_ban
    assert (r.dishonest_until, r.ban_until) == (entry.ends_at, 0)
    assert not credit.restriction(SUBJECT_B).restricted


def test_judge_lists_a_ban_with_its_own_duration(credit: CreditClient) -> None:
    entry, _ = credit.list_subject(SUBJECT_C, 9, BAN, Reason.NOT_PERFORMED_IN_TIME, EVIDENCE, duration=90 * DAY)
    assert entry.kind == BAN and entry.ends_at - entry.starts_at == 90 * DAY
    r = credit.restriction(SUBJECT_C)
    assert r.high_consumption_ban and not r.dishonest_debtor and r.ban_until == entry.ends_at


@pytest.mark.parametrize("name", ["clerk", "officer", "credit_agency", "custodian", "court_governor", "outsider"])
def test_listing_and_removal_refused_to_everyone_but_judges(
    suite: Suite, credit: CreditClient, accts: dict[str, LocalAccount], name: str
) -> None:
    other = CreditClient(suite, accts[name])
    with reverts("AccessMissingRole", role=JUDGE, account=accts[name].address):
        other.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    with reverts("AccessMissingRole", role=JUDGE, account=accts[name].address):
        other.remove(entry.id, doc("correction"))


@pytest.mark.parametrize("name", ["outsider", "judge", "officer", "court_governor"])
def test_enforcement_hooks_refused_to_everyone_but_the_enforcement_office(
    suite: Suite, accts: dict[str, LocalAccount], name: str
) -> None:
    # The positive path runs through the real EnforcementOffice (its integration tests); here: nobody else gets in.
    other = CreditClient(suite, accts[name])
    with reverts("AccessOnlySuite", key=ENFORCEMENT_KEY, caller=accts[name].address):
        other.transact("listFromEnforcement", SUBJECT_A, 1, 1, 1, EVIDENCE)
    with reverts("AccessOnlySuite", key=ENFORCEMENT_KEY, caller=accts[name].address):
        other.transact("delistFromEnforcement", SUBJECT_A, 1)


def test_the_contract_checks_every_listing_field(credit: CreditClient) -> None:
    def raw(subject: bytes, case: int, kind: int, reason: int, evidence: bytes, duration: int = 0) -> object:
        return credit.transact("list", subject, case, kind, reason, evidence, duration)

    with reverts("CreditZeroSubject"):
        raw(b"\0" * 32, 1, 1, 1, EVIDENCE)
    with reverts("CreditZeroCase"):
        raw(SUBJECT_A, 0, 1, 1, EVIDENCE)
    with reverts("CreditZeroHash"):
        raw(SUBJECT_A, 1, 1, 1, b"\0" * 32)
    with reverts("CreditInvalidKind", kind=0):
        raw(SUBJECT_A, 1, 0, 1, EVIDENCE)
    for kind, reason in [(1, 0), (1, 7), (1, 101), (2, 1), (2, 100), (2, 104)]:
        with reverts("CreditInvalidReason", kind=kind, reason=reason):
            raw(SUBJECT_A, 1, kind, reason, EVIDENCE)
    for duration in (MIN_DURATION - 1, MAX_DURATION + 1):
        with reverts("CreditInvalidDuration", duration=duration, min=MIN_DURATION, max=MAX_DURATION):
            raw(SUBJECT_A, 1, 1, 1, EVIDENCE, duration)
    raw(SUBJECT_A, 1, 1, 6, EVIDENCE, MIN_DURATION)
    raw(SUBJECT_A, 1, 2, 103, EVIDENCE, MAX_DURATION)
    assert credit.entry_count() == 2


def test_the_client_refuses_bad_input_before_sending(credit: CreditClient) -> None:
    nonce = credit.suite.chain.rpc("eth_getTransactionCount", [credit.account.address, "latest"])  # type: ignore[union-attr]
    with pytest.raises(InputError, match="not a dishonest_debtor reason"):
        credit.list_subject(SUBJECT_A, 1, DISHONEST, 101, EVIDENCE)
    with pytest.raises(InputError, match="must not be zero"):
        credit.list_subject(b"\0" * 32, 1, DISHONEST, 1, EVIDENCE)
    with pytest.raises(InputError, match="duration"):
        credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE, duration=5)
    with pytest.raises(InputError, match="case id"):
        credit.list_subject(SUBJECT_A, 0, DISHONEST, 1, EVIDENCE)
    with pytest.raises(NotFoundError, match="no credit entry 99"):
        credit.remove(99, doc("x"))
    with pytest.raises(NotFoundError, match="no objection 5"):
        credit.resolve(5, True, doc("x"))
    assert credit.suite.chain.rpc("eth_getTransactionCount", [credit.account.address, "latest"]) == nonce  # type: ignore[union-attr]


def test_one_current_entry_per_subject_case_and_kind(credit: CreditClient) -> None:
    first, _ = credit.list_subject(SUBJECT_A, 3, DISHONEST, 1, EVIDENCE)
    with reverts("CreditAlreadyListed", subject=SUBJECT_A, caseId=3, kind=1, entryId=first.id):
        credit.list_subject(SUBJECT_A, 3, DISHONEST, 2, EVIDENCE)
    # Another kind, another case or another subject is another entry.
    credit.list_subject(SUBJECT_A, 3, BAN, 102, EVIDENCE)
    credit.list_subject(SUBJECT_A, 4, DISHONEST, 1, EVIDENCE)
    credit.list_subject(SUBJECT_B, 3, DISHONEST, 1, EVIDENCE)
    # Once the first is removed, the same subject, case and kind may be listed again.
    credit.remove(first.id, doc("correction"))
    again, _ = credit.list_subject(SUBJECT_A, 3, DISHONEST, 1, EVIDENCE)
    assert again.id != first.id and credit.entry_for(SUBJECT_A, 3, DISHONEST) == again.id
    assert [e.id for e in credit.entries_of(SUBJECT_A)] == [first.id, first.id + 1, first.id + 2, again.id]


# -- expiry by time ----------------------------------------------------------------------------------------------


def test_expiry_boundary_in_views(credit: CreditClient, chain: Chain) -> None:
    t0 = chain.timestamp() + 100
    chain.set_next_timestamp(t0)
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE, duration=30 * DAY)
    end = t0 + 30 * DAY
    assert entry.ends_at == end
    # Current while startsAt <= t < endsAt: the end itself is no longer restricted.
    assert not credit.is_current_at(entry.id, t0 - 1)
    assert credit.is_current_at(entry.id, t0)
    assert credit.is_current_at(entry.id, end - 1)
    assert not credit.is_current_at(entry.id, end)
    assert not credit.is_current_at(entry.id, end + 1)
    assert credit.restriction(SUBJECT_A, at=end - 1).dishonest_debtor
    assert not credit.restriction(SUBJECT_A, at=end).restricted
    assert not credit.restriction(SUBJECT_A, at=end + 1).restricted
    # The same at the chain's own clock, without any transaction to the registry.
    chain.set_time(end - 1)
    assert credit.entry_status(entry.id) == EntryStatus.ACTIVE
    chain.set_time(end)
    assert credit.entry_status(entry.id) == EntryStatus.EXPIRED
    assert credit.entry(entry.id).status == EntryStatus.EXPIRED
    chain.set_time(end + 1)
    assert credit.entry_status(entry.id) == EntryStatus.EXPIRED


@pytest.mark.parametrize(("offset", "still_listed"), [(-1, True), (0, False), (1, False)])
def test_expiry_boundary_in_transactions(credit: CreditClient, chain: Chain, offset: int, still_listed: bool) -> None:
    # A transaction at end-1 still sees the entry (a second listing is refused); at the end and after, it does not.
    t0 = chain.timestamp() + 100
    chain.set_next_timestamp(t0)
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE, duration=MIN_DURATION)
    chain.set_next_timestamp(entry.ends_at + offset)
    if still_listed:
        with reverts("CreditAlreadyListed", entryId=entry.id):
            credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    else:
        again, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
        assert again.starts_at == entry.ends_at + offset
        assert credit.entry(entry.id).status == EntryStatus.EXPIRED


# -- removal, objections -----------------------------------------------------------------------------------------


def test_judge_removes_an_error(
    credit: CreditClient, credit2: CreditClient, chain: Chain, judge2: LocalAccount
) -> None:
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    tr = chain.timestamp() + 50
    chain.set_next_timestamp(tr)
    sent = credit2.remove(entry.id, doc("correction ruling"))
    ev = sent.event("EntryRemoved")
    assert ev.args == {
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "by": judge2.address,
        "objectionId": 0,
        "decisionHash": doc("correction ruling"),
    }
    removed = credit.entry(entry.id)
    assert removed.status == EntryStatus.REMOVED and removed.ended_at == tr
    assert not credit.restriction(SUBJECT_A).restricted
    # History is kept: it restricted until the removal.
    assert credit.restriction(SUBJECT_A, at=tr - 1).dishonest_debtor
    assert not credit.restriction(SUBJECT_A, at=tr).restricted
    with reverts("CreditEntryAlreadyRemoved", entryId=entry.id):
        credit.transact("remove", entry.id, doc("again"))
    with reverts("CreditUnknownEntry", entryId=99):
        credit.transact("remove", 99, doc("again"))
    other, _ = credit.list_subject(SUBJECT_B, 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditZeroHash"):
        credit.transact("remove", other.id, b"\0" * 32)


def test_objection_dismissed_leaves_the_entry(
    credit: CreditClient, credit2: CreditClient, as_debtor: CreditClient, debtor: LocalAccount, judge: LocalAccount
) -> None:
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    application = doc("objection application of the subject")
    oid, sent = as_debtor.object(entry.id, application)
    assert sent.event("ObjectionFiled").args == {
        "objectionId": oid,
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "objector": debtor.address,
        "applicationHash": application,
    }
    with reverts("CreditObjectionPending", entryId=entry.id, objector=debtor.address, objectionId=oid):
        as_debtor.object(entry.id, doc("second application"))
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge.address):
        credit.resolve(oid, False, doc("decision"))
    with reverts("AccessMissingRole", role=JUDGE):
        as_debtor.resolve(oid, True, doc("decision"))
    sent = credit2.resolve(oid, False, doc("dismissal"))
    assert sent.event("ObjectionResolved").args["outcome"] == ObjectionStatus.DISMISSED
    assert sent.all("EntryRemoved") == []
    assert credit.entry(entry.id).status == EntryStatus.ACTIVE and credit.restriction(SUBJECT_A).restricted
    o = credit.objection(oid)
    assert o.status == ObjectionStatus.DISMISSED and o.decision_hash == doc("dismissal") and o.resolved_at > 0
    with reverts("CreditUnexpectedObjectionStatus", objectionId=oid, current=3, expected=1):
        credit2.transact("resolve", oid, True, doc("again"))
    # Dismissed, the subject may object again (with new grounds).
    oid2, _ = as_debtor.object(entry.id, doc("new grounds"))
    assert [o.id for o in credit.objections_of(entry.id)] == [oid, oid2]


def test_objection_upheld_removes_the_entry(
    credit: CreditClient, credit2: CreditClient, as_debtor: CreditClient, suite: Suite, litigant: LocalAccount
) -> None:
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    oid, _ = as_debtor.object(entry.id, doc("application"))
    lawyer = CreditClient(suite, litigant)  # e.g. the subject's lawyer, filing separately
    oid2, _ = lawyer.object(entry.id, doc("lawyer's application"))
    with reverts("CreditZeroHash"):
        credit2.transact("resolve", oid, True, b"\0" * 32)
    sent = credit2.resolve(oid, True, doc("upheld"))
    assert sent.event("ObjectionResolved").args["outcome"] == ObjectionStatus.UPHELD
    assert sent.event("EntryRemoved").args["objectionId"] == oid
    assert credit.entry(entry.id).status == EntryStatus.REMOVED
    assert not credit.restriction(SUBJECT_A).restricted
    with reverts("CreditEntryAlreadyRemoved", entryId=entry.id):
        as_debtor.transact("object", entry.id, doc("more"))
    # The other pending objection is still decided, but removes nothing twice.
    sent2 = credit2.resolve(oid2, True, doc("upheld too"))
    assert sent2.all("EntryRemoved") == []
    with reverts("CreditUnknownObjection", objectionId=42):
        credit2.transact("resolve", 42, True, doc("x"))
    other, _ = credit.list_subject(SUBJECT_B, 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditZeroHash"):
        as_debtor.transact("object", other.id, b"\0" * 32)


def test_objection_against_an_expired_entry(
    credit: CreditClient, credit2: CreditClient, as_debtor: CreditClient, chain: Chain
) -> None:
    entry, _ = credit.list_subject(SUBJECT_A, 1, BAN, 101, EVIDENCE, duration=MIN_DURATION)
    chain.sleep(MIN_DURATION + 10)
    assert credit.entry(entry.id).status == EntryStatus.EXPIRED
    oid, _ = as_debtor.object(entry.id, doc("the record itself is wrong"))
    credit2.resolve(oid, True, doc("upheld"))
    removed = credit.entry(entry.id)
    assert removed.status == EntryStatus.REMOVED and removed.ended_at == removed.ends_at
    with reverts("CreditUnknownEntry", entryId=99):
        as_debtor.transact("object", 99, doc("x"))


# -- queries -----------------------------------------------------------------------------------------------------


def test_batch_query(credit: CreditClient, suite: Suite, credit_agency: LocalAccount) -> None:
    a, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    b, _ = credit.list_subject(SUBJECT_A, 1, BAN, 102, EVIDENCE, duration=10 * DAY)
    c, _ = credit.list_subject(SUBJECT_C, 2, BAN, 103, EVIDENCE)
    bank = CreditClient(suite)  # queries need no account, and no role
    rs = bank.check_many([SUBJECT_B, SUBJECT_A, SUBJECT_C, SUBJECT_A])
    assert [r.subject for r in rs] == [SUBJECT_B, SUBJECT_A, SUBJECT_C, SUBJECT_A]
    assert [(r.dishonest_debtor, r.high_consumption_ban) for r in rs] == [
        (False, False),
        (True, True),
        (False, True),
        (True, True),
    ]
    assert rs[1].dishonest_until == a.ends_at and rs[1].ban_until == b.ends_at and rs[2].ban_until == c.ends_at
    assert bank.check_many([]) == []
    many = [bytes([1 + i % 250]) * 32 for i in range(MAX_BATCH + 1)]
    with reverts("CreditBatchTooLarge", size=MAX_BATCH + 1, max=MAX_BATCH):
        bank.view("checkMany", many)
    assert len(bank.check_many(many)) == MAX_BATCH + 1  # the client splits into batches


def test_entries_and_history_of_a_subject(credit: CreditClient, credit2: CreditClient, as_debtor: CreditClient) -> None:
    a, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    b, _ = credit.list_subject(SUBJECT_A, 1, BAN, 102, EVIDENCE)
    credit.list_subject(SUBJECT_B, 1, DISHONEST, 1, EVIDENCE)
    oid, _ = as_debtor.object(b.id, doc("application"))
    credit2.resolve(oid, True, doc("upheld"))
    entries = credit.entries_of(SUBJECT_A)
    assert [(e.id, e.kind, e.status) for e in entries] == [
        (a.id, DISHONEST, EntryStatus.ACTIVE),
        (b.id, BAN, EntryStatus.REMOVED),
    ]
    assert credit.entries_of(SUBJECT_C) == []
    names = [(e.name, e.args.get("entryId")) for e in credit.history(SUBJECT_A)]
    assert names == [
        ("EntryListed", a.id),
        ("EntryListed", b.id),
        ("ObjectionFiled", b.id),
        ("ObjectionResolved", b.id),
        ("EntryRemoved", b.id),
    ]


# -- governance ----------------------------------------------------------------------------------------------------


def test_default_durations_only_by_governance(
    credit: CreditClient, suite: Suite, court_governor: LocalAccount, bank_governor: LocalAccount
) -> None:
    with reverts("AccessOnlyGovernance", caller=credit.account.address):  # type: ignore[union-attr]
        credit.transact("setDefaultDuration", 1, 365 * DAY)
    hub = ConsortiumClient(suite, court_governor)
    sent = hub.govern([credit.set_default_duration(DISHONEST, 365 * DAY)], [court_governor, bank_governor])
    ev = sent.event("DefaultDurationSet")
    assert ev.args == {"kind": 1, "previous": DEFAULT_DISHONEST_DURATION, "current": 365 * DAY}
    assert credit.default_duration(DISHONEST) == 365 * DAY
    entry, _ = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    assert entry.ends_at - entry.starts_at == 365 * DAY
    bad = ConsortiumClient.suite_call(credit.address, credit.call_data("setDefaultDuration", 2, 10), "too short")
    with reverts("ConsortiumActionFailed"):
        hub.govern([bad], [court_governor, bank_governor])
    with pytest.raises(InputError):
        credit.set_default_duration(BAN, 10)


# -- gas, from real receipts ---------------------------------------------------------------------------------------


def test_gas_of_each_operation(credit: CreditClient, credit2: CreditClient, as_debtor: CreditClient) -> None:
    entry, listed = credit.list_subject(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    second, listed2 = credit.list_subject(SUBJECT_A, 2, BAN, 101, EVIDENCE)
    oid, objected = as_debtor.object(entry.id, doc("application"))
    dismissed = credit2.resolve(oid, False, doc("dismissed"))
    oid2, _ = as_debtor.object(entry.id, doc("application 2"))
    upheld = credit2.resolve(oid2, True, doc("upheld"))
    removed = credit2.remove(second.id, doc("correction"))
    gas = {
        "list (first entry of a subject)": listed.gas_used,
        "list (second entry of a subject)": listed2.gas_used,
        "object": objected.gas_used,
        "resolve (dismissed)": dismissed.gas_used,
        "resolve (upheld, removes)": upheld.gas_used,
        "remove": removed.gas_used,
    }
    print("\nCreditRegistry gas:", gas)
    assert all(20_000 < g < 300_000 for g in gas.values()), gas


def test_gas_of_a_full_batch_query(credit: CreditClient, suite: Suite) -> None:
    # A view costs no transaction, but nodes cap eth_call gas (Besu: 50M by default): a full batch must fit well.
    listed = [bytes([0xEE, i]) + b"\1" * 30 for i in range(50)]
    calls = [credit.prepare("list", s, 1, 1, 1, EVIDENCE, 0, gas=300_000) for s in listed]
    credit.transact_many(calls)
    batch = listed + [bytes([0xDD, i % 256, i // 256]) + b"\2" * 29 for i in range(MAX_BATCH - len(listed))]
    data = credit.call_data("checkMany", batch)
    gas = int(suite.chain.rpc("eth_estimateGas", [{"to": credit.address, "data": data}]), 16)
    print(f"\ncheckMany({MAX_BATCH} subjects, {len(listed)} listed): {gas:,} gas")
    assert sum(r.restricted for r in credit.check_many(batch)) == len(listed)
    assert gas < 10_000_000
