"""The JSON API over a real anvil and real contracts: every endpoint, every error, with its status and words."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import requests
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind, Reason
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.clients.enforcement import EnforcementClient
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.commitments import commitment, new_salt
from courtchain.errors import ChainError, DeploymentError, InputError, NotFoundError
from courtchain.portal import SuiteProvider, create_app
from courtchain.suite import Suite
from courtchain.verify import sha256_file

from .conftest import Portal, change_one_byte

COURT = "Beijing Internet Court"


@pytest.fixture
def portal(portal: Portal) -> Portal:
    """This module reads the English sentences (`?lang=en`); the Chinese default is tested in test_i18n.py."""
    return Portal(portal.url, lang="en")


def test_status_names_the_chain_and_the_registry(portal: Portal, suite: Suite) -> None:
    r = portal.get("/api/v1/status")
    assert r.status_code == 200
    body = r.json()
    assert body["chainId"] == suite.chain.chain_id
    assert body["contracts"]["EvidenceRegistry"] == suite.address("EvidenceRegistry")
    assert body["evidence"] is True
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_openapi_documents_every_api_route(portal: Portal, suite: Suite) -> None:
    schema = portal.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    from courtchain.portal.index_source import IndexSource

    app = create_app(SuiteProvider.of(suite), IndexSource("sqlite://"))  # with the index's API too (never opened)
    routes = {
        rule.rule.replace("<content_hash>", "{contentHash}")
        .replace("<case>", "{caseId}")
        .replace("<commitment>", "{commitment}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json"
    }
    assert routes == set(schema["paths"]), "every API route is in the OpenAPI schema and nothing else"
    for path, ops in schema["paths"].items():
        for op in ops.values():
            assert "200" in op["responses"] and "503" in op["responses"], path
    refs = json.dumps(schema).count("#/components/schemas/")
    assert refs > 5 and all(name in schema["components"]["schemas"] for name in ("Error", "Verification", "Timeline"))


def test_single_document_everything_a_verifier_needs(portal: Portal, anchor, clerk: LocalAccount) -> None:  # type: ignore[no-untyped-def]
    doc = anchor("judgment.txt", DocumentKind.JUDGMENT, case_id=42)
    r = portal.get(f"/api/v1/documents/0x{doc.hex}")
    assert r.status_code == 200
    v = r.json()
    assert v["onChain"] is True and v["status"] == "active"
    assert v["contentHash"] == "0x" + doc.hex
    assert v["kind"] == "judgment"
    assert v["caseId"] == 42 and v["caseReference"] == "case 42"
    assert v["submitter"] == {
        "capacity": "institution",
        "role": "clerk",
        "roleText": "clerk",
        "memberId": 1,
        "memberName": COURT,
        "account": clerk.address,
    }
    assert v["anchoredAt"] > 0 and v["anchoredAtText"].endswith("(Beijing time, UTC+8)")
    assert v["anchoredAtIso"].endswith("+08:00") and v["kindText"] == "judgment" and v["statusText"] == "active"
    assert v["batch"] is None and v["revocation"] is None and v["services"] == []
    assert v["summary"].startswith(f"This file is on the chain: a judgment anchored by {COURT} in case 42")
    # the same hash without 0x, in capitals: the same answer
    assert portal.get(f"/api/v1/documents/{doc.hex.upper()}").json()["contentHash"] == "0x" + doc.hex


def test_party_evidence_does_not_publish_the_party(portal: Portal, anchor, litigant: LocalAccount) -> None:  # type: ignore[no-untyped-def]
    doc = anchor("photo.jpg", DocumentKind.EVIDENCE, case_id=9, account=litigant, role=None)
    r = portal.get(f"/api/v1/documents/{doc.hex}")
    assert r.status_code == 200
    assert r.json()["submitter"] == {
        "capacity": "party",
        "role": None,
        "roleText": None,
        "memberId": 0,
        "memberName": None,
        "account": None,
    }
    assert litigant.address.lower() not in r.text.lower()
    assert "a party, as itself" in r.json()["summary"]


def test_changed_file_matches_no_record(portal: Portal, anchor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = anchor()
    changed = change_one_byte(doc.path, tmp_path / "changed.txt")
    r = portal.get(f"/api/v1/documents/{sha256_file(changed).hex()}")
    assert r.status_code == 404
    assert r.json()["error"] == "no_matching_record"
    assert "matches no record" in r.json()["message"] and "changed" in r.json()["message"]


@pytest.mark.parametrize(
    "bad",
    ["abc", "0x" + "0" * 63, "1" * 65, "zz" * 32, "0x" + "g" * 64, "0x", "%20" * 3],
)
def test_malformed_hash_is_400(portal: Portal, bad: str) -> None:
    r = portal.get(f"/api/v1/documents/{bad}")
    assert r.status_code == 400
    assert r.json()["error"] == "malformed_hash"
    assert "64 hexadecimal digits" in r.json()["message"]


def test_revoked_and_superseded(portal: Portal, anchor, clerk: LocalAccount, suite: Suite) -> None:  # type: ignore[no-untyped-def]
    old, new, wrong = anchor("v1.txt"), anchor("v2.txt"), anchor("wrong.txt")
    EvidenceClient(suite, clerk).revoke(old.content_hash, new.content_hash)  # the anchorer revokes its own anchor
    EvidenceClient(suite, clerk).revoke(wrong.content_hash)
    s = portal.get(f"/api/v1/documents/{old.hex}").json()
    assert s["status"] == "superseded"
    assert s["revocation"]["supersededBy"] == "0x" + new.hex and s["revocation"]["revokedByMember"] == COURT
    assert "SUPERSEDED" in s["summary"] and new.hex in s["summary"]
    r = portal.get(f"/api/v1/documents/{wrong.hex}").json()
    assert r["status"] == "revoked" and r["revocation"]["supersededBy"] is None
    assert "REVOKED" in r["summary"] and "do not rely on it" in r["summary"]
    assert portal.get(f"/api/v1/documents/{new.hex}").json()["status"] == "active"


def test_served_document_service_status_over_time(  # type: ignore[no-untyped-def]
    portal: Portal, anchor, suite: Suite, clerk: LocalAccount, debtor: LocalAccount, chain: Chain
) -> None:
    doc = anchor("summons.txt", DocumentKind.SERVED_DOCUMENT, case_id=11)
    client = EvidenceClient(suite, clerk)
    recipient = commitment(new_salt(), "passport", "E12345678")
    deemed = chain.timestamp() + 86_400 + 3600
    sid, _ = client.serve(doc.content_hash, recipient, deemed, case_id=11)
    [s] = portal.get(f"/api/v1/documents/{doc.hex}").json()["services"]
    assert (s["serviceId"], s["status"], s["method"], s["deemedServedAt"]) == (sid, "pending", "electronic", deemed)
    assert recipient.hex() not in portal.get(f"/api/v1/documents/{doc.hex}").text  # no identity commitment shown
    chain.set_time(deemed)
    assert portal.get(f"/api/v1/documents/{doc.hex}").json()["services"][0]["status"] == "deemed served"

    doc2 = anchor("summons2.txt", DocumentKind.SERVED_DOCUMENT, case_id=11)
    sid2, _ = client.serve(
        doc2.content_hash, recipient, chain.timestamp() + 86_400 + 3600, recipient_account=debtor.address
    )
    EvidenceClient(suite, debtor).acknowledge(sid2, os.urandom(32))
    body = portal.get(f"/api/v1/documents/{doc2.hex}").json()
    assert body["services"][0]["status"] == "acknowledged" and body["services"][0]["acknowledgedAt"]
    assert "acknowledged by the recipient" in body["summary"]


# -- batches -----------------------------------------------------------------------------------------------------


def _proof(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text())


def test_batch_member_with_its_proof(portal: Portal, anchor_batch) -> None:  # type: ignore[no-untyped-def]
    b = anchor_batch(5)
    for i in (0, 4):
        r = portal.post(f"/api/v1/documents/{b.hashes[i].hex()}/proof", json=_proof(b.proofs[i]))
        assert r.status_code == 200, r.text
        v = r.json()
        assert v["batch"] == {"root": "0x" + b.root.hex()} and v["kind"] == "served document" and v["caseId"] == 7
        assert "as part of a batch" in v["summary"]
    # without the proof the portal cannot know: 404 with a hint about the proof file
    r = portal.get(f"/api/v1/documents/{b.hashes[0].hex()}")
    assert r.status_code == 404 and "proof file" in r.json()["message"]


def test_batch_member_revoked(portal: Portal, anchor_batch, suite: Suite, clerk: LocalAccount) -> None:  # type: ignore[no-untyped-def]
    b = anchor_batch(3)
    p = _proof(b.proofs[1])
    EvidenceClient(suite, clerk).revoke_batch_member(b.root, b.hashes[1], [bytes.fromhex(x[2:]) for x in p["proof"]])
    assert portal.post(f"/api/v1/documents/{b.hashes[1].hex()}/proof", json=p).json()["status"] == "revoked"
    assert portal.post(f"/api/v1/documents/{b.hashes[0].hex()}/proof", json=_proof(b.proofs[0])).json()["status"] == (
        "active"
    )


def test_changed_batch_file_with_its_proof_matches_no_record(portal: Portal, anchor_batch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    b = anchor_batch(3)
    changed = change_one_byte(b.files[0], tmp_path / "changed.txt")
    r = portal.post(f"/api/v1/documents/{sha256_file(changed).hex()}/proof", json=_proof(b.proofs[0]))
    assert r.status_code == 422
    assert r.json()["error"] == "proof_for_another_document"
    assert r.json()["message"].startswith("This file matches no record")


def test_proof_that_does_not_fit(portal: Portal, anchor_batch) -> None:  # type: ignore[no-untyped-def]
    a, b = anchor_batch(3, folder="a"), anchor_batch(4, folder="b")
    # the proof of another document of the same batch, relabelled for this one
    p = _proof(a.proofs[1]) | {"contentHash": "0x" + a.hashes[0].hex()}
    r = portal.post(f"/api/v1/documents/{a.hashes[0].hex()}/proof", json=p)
    assert (r.status_code, r.json()["error"]) == (422, "proof_does_not_fit")
    assert "does not lead from this document" in r.json()["message"]
    # a proof from another batch, pointing at this batch's root
    p = _proof(b.proofs[0]) | {"root": "0x" + a.root.hex()}
    r = portal.post(f"/api/v1/documents/{b.hashes[0].hex()}/proof", json=p)
    assert (r.status_code, r.json()["error"]) == (422, "proof_does_not_fit")
    # a root never anchored
    p = _proof(a.proofs[0]) | {"root": "0x" + os.urandom(32).hex()}
    r = portal.post(f"/api/v1/documents/{a.hashes[0].hex()}/proof", json=p)
    assert (r.status_code, r.json()["error"]) == (422, "unknown_batch")
    assert "never anchored" in r.json()["message"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("not json {", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"format": "something.else"}), "format"),
        (json.dumps({"format": "courtchain.evidence.proof.v1", "contentHash": "0x12", "root": "0x", "proof": []}), ""),
        (json.dumps({"format": "courtchain.evidence.proof.v1", "proof": "x"}), "list"),
        (json.dumps({"format": "courtchain.evidence.proof.v1", "proof": ["0x" + "00" * 32] * 65}), "at most 64"),
    ],
)
def test_malformed_proof_is_400(portal: Portal, body: str, words: str) -> None:
    r = portal.post(f"/api/v1/documents/{'ab' * 32}/proof", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"] == "malformed_proof"
    assert words in r.json()["message"]


def test_oversized_body_is_413(portal: Portal) -> None:
    r = portal.post(f"/api/v1/documents/{'ab' * 32}/proof", data=b"x" * (300 * 1024))
    assert r.status_code == 413 and "too large" in r.json()["message"]


# -- case timeline -----------------------------------------------------------------------------------------------


def test_case_timeline_from_events_without_personal_data(  # type: ignore[no-untyped-def]
    portal: Portal,
    anchor,
    anchor_batch,
    suite: Suite,
    clerk: LocalAccount,
    judge: LocalAccount,
    judge2: LocalAccount,
    debtor: LocalAccount,
    litigant: LocalAccount,
    chain: Chain,
) -> None:
    case = 77
    j = anchor("judgment.txt", DocumentKind.JUDGMENT, case_id=case)
    photo = anchor("photo.jpg", DocumentKind.EVIDENCE, case_id=case, account=litigant, role=None)
    b = anchor_batch(2, case_id=case)
    anchor("other-case.txt", DocumentKind.JUDGMENT, case_id=case + 1)
    recipient = commitment(new_salt(), "passport", "E12345678")
    ev = EvidenceClient(suite, clerk)
    ev.serve(j.content_hash, recipient, chain.timestamp() + 86_400 + 60, case_id=case, recipient_account=debtor.address)
    v2 = anchor("judgment-corrected.txt", DocumentKind.JUDGMENT, case_id=case)
    EvidenceClient(suite, clerk).revoke(j.content_hash, v2.content_hash)  # the anchorer supersedes its own anchor
    subject = commitment(new_salt(), "passport", "G98765432")  # credit acts: see the test below
    chain.sleep(86_400 + 120)
    chain.mine()

    r = portal.get(f"/api/v1/cases/{case}/timeline")
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["caseId"] == case
    assert t["sources"] == [
        "CaseDocket",
        "EvidenceRegistry",
        "ObligationRegistry",
        "EnforcementOffice",
        "CreditRegistry",
    ]
    assert t["caseReference"] == f"case {case}"  # not docketed: no case number
    events = [e["event"] for e in t["entries"]]
    for name in ("Anchored", "BatchAnchored", "Served", "Revoked"):
        assert name in events, name
    assert events[-1] == "DeemedServed" and t["entries"][-1]["derived"] is True
    times = [e["time"] for e in t["entries"]]
    assert times == sorted(times)
    titles = " | ".join(e["title"] for e in t["entries"])
    assert f"judgment anchored by {COURT} (clerk)" in titles
    assert "evidence anchored by a party (as itself)" in titles
    assert "batch of 2 documents (served document)" in titles
    assert f"document superseded by {COURT}" in titles
    documents = {e["details"].get("document") for e in t["entries"]}
    assert "0x" + j.hex in documents and "0x" + photo.hex in documents and b.root.hex() in r.text
    assert t["count"] == len(t["entries"])
    # nothing personal: no identity commitment, no party's account
    text = r.text.lower()
    for secret in (recipient.hex(), subject.hex(), debtor.address.lower()[2:], litigant.address.lower()[2:]):
        assert secret not in text
    assert "other-case" not in text and str(case + 1) not in [str(e["details"]) for e in t["entries"]]


def test_case_timeline_shows_the_two_judge_credit_acts_of_its_own_case(
    portal: Portal, suite: Suite, accts: dict[str, LocalAccount], chain: Chain
) -> None:
    """A docket case's timeline shows the credit entries sourced from it, with both judges of every listing and
    removal; an enforcement case with the same number is another case, and its entry is not shown."""
    docket = setup_dev_court(suite, accts["clerk"])
    parties = [Party(commitment(new_salt(), "passport", "E12345671"), PartyRole.PLAINTIFF)]
    parties.append(Party(commitment(new_salt(), "passport", "E12345672"), PartyRole.DEFENDANT))
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    materials = [MaterialInput(os.urandom(32), int(k)) for k in kinds]
    case, _ = DocketClient(suite, accts["litigant"]).submit(DEV_COURT_ID, "民初", parties, 1000, materials)
    docket.docket(case)
    office = EnforcementClient(suite, accts["clerk"])
    while office.case_count() < case:
        office.open_case(os.urandom(32), accts["creditor"].address, 1000)
    hub = ConsortiumClient(suite, accts["court_governor"])
    hub.govern([hub.grant_role("JUDGE", accts["registrar"].address)], [accts["court_governor"], accts["bank_governor"]])
    judge, judge2, judge3 = (CreditClient(suite, accts[n]) for n in ("judge", "judge2", "registrar"))
    subject = commitment(new_salt(), "passport", "G98765432")
    kind, reason = EntryKind.DISHONEST_DEBTOR, Reason.REFUSES_DESPITE_ABILITY
    pid, _ = judge.propose_listing(subject, CaseDomain.DOCKET, case, kind, reason, os.urandom(32))
    entry, _ = judge2.approve(pid)
    pid, _ = judge.propose_listing(subject, CaseDomain.ENFORCEMENT, case, kind, reason, os.urandom(32))
    other, _ = judge2.approve(pid)
    oid, _ = CreditClient(suite, accts["debtor"]).object(entry.id, os.urandom(32))
    pid, _ = judge2.propose_removal(entry.id, os.urandom(32), objection_id=oid)
    judge3.approve(pid)
    chain.mine()

    t = portal.get(f"/api/v1/cases/{case}/timeline").json()
    events = [e["event"] for e in t["entries"] if e["event"] != "CaseDocketed" and e["source"] == "CreditRegistry"]
    assert events == [
        "ListingProposed",
        "EntryListed",
        "ObjectionFiled",
        "RemovalProposed",
        "ObjectionResolved",
        "EntryRemoved",
    ]
    titles = " | ".join(e["title"] for e in t["entries"])
    assert f"entry {entry.id} on the dishonest debtor list, proposed by {COURT}, approved by {COURT}" in titles
    assert f"objection {oid} upheld" in titles and f"entry {other.id}" not in titles
    assert subject.hex() not in json.dumps(t).lower()


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", str(2**64), "0x10"])
def test_malformed_case_is_400(portal: Portal, bad: str) -> None:
    r = portal.get(f"/api/v1/cases/{bad}/timeline")
    assert r.status_code == 400
    assert r.json()["error"] == "malformed_case"


def test_unknown_case_is_404(portal: Portal) -> None:
    r = portal.get("/api/v1/cases/987654321/timeline")
    assert r.status_code == 404
    assert r.json() == {
        "error": "no_such_case",
        "message": "No public event mentions case 987654321 on this chain.",
        "messages": {
            "zh": "本链上没有任何公开事件涉及案件 987654321。",
            "en": "No public event mentions case 987654321 on this chain.",
        },
        "caseId": 987654321,
    }


# -- HTTP-level errors and the pages -----------------------------------------------------------------------------


def test_unknown_endpoint_and_wrong_method_are_json(portal: Portal) -> None:
    r = portal.get("/api/v1/nothing-here")
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    r = portal.post(f"/api/v1/documents/{'ab' * 32}")
    assert r.status_code == 405 and r.json()["message"] == "This endpoint does not accept that method."


def test_pages_are_served_with_a_strict_content_security_policy(portal: Portal) -> None:
    for path, marker in (("/", 'id="verify-form"'), ("/cases/7", 'id="timeline"')):
        r = portal.get(path)
        assert r.status_code == 200 and marker in r.text
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    for asset in ("sha256.js", "portal.js", "portal.css"):
        assert portal.get(f"/static/{asset}").status_code == 200


def test_wrong_content_type_for_a_proof_is_400(portal: Portal) -> None:
    r = requests.post(f"{portal.url}/api/v1/documents/{'ab' * 32}/proof", data="{}", timeout=10)
    assert r.status_code == 400 and r.json()["error"] == "malformed_proof"


def test_concurrent_requests_share_one_suite(portal: Portal, anchor, anchor_batch) -> None:  # type: ignore[no-untyped-def]
    """The threaded server answers many verifiers at once from the one suite (and its one node connection)."""
    from concurrent.futures import ThreadPoolExecutor

    doc, b = anchor(), anchor_batch(4)

    def ask(i: int) -> tuple[int, str]:
        if i % 3 == 0:
            r = portal.get(f"/api/v1/documents/{doc.hex}")
        elif i % 3 == 1:
            r = portal.post(f"/api/v1/documents/{b.hashes[i % 4].hex()}/proof", json=_proof(b.proofs[i % 4]))
        else:
            r = portal.get(f"/api/v1/documents/{os.urandom(32).hex()}")
        return r.status_code, r.json().get("status") or r.json()["error"]

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(ask, range(60)))
    assert answers == [(200, "active") if i % 3 != 2 else (404, "no_matching_record") for i in range(60)]


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (InputError("a client's precondition"), 400, "bad_input"),
        (NotFoundError("no service 9 (there are 1)"), 404, "not_found"),
        (ChainError("node unreachable"), 503, "node_unavailable"),
        (DeploymentError("no record"), 503, "not_deployed"),
        (ZeroDivisionError("a bug"), 500, "internal_error"),
    ],
)
def test_failures_inside_become_statuses_never_tracebacks(exc: Exception, status: int, code: str) -> None:
    class Failing(SuiteProvider):
        def get(self) -> Suite:
            raise exc

    client = create_app(Failing("http://127.0.0.1:1")).test_client()
    r = client.get(f"/api/v1/documents/{'ab' * 32}")
    assert r.status_code == status
    body = r.get_json()
    assert body["error"] == code and "Traceback" not in r.get_data(as_text=True)
    assert set(body["messages"]) == {"zh", "en"} and body["message"] == body["messages"]["zh"]  # Chinese first
    if status == 500:
        en = body["messages"]["en"]
        assert en.startswith("Something went wrong on the portal's side") and "a bug" not in json.dumps(body)


def test_a_docketed_case_shows_its_case_number_and_docket_events(  # type: ignore[no-untyped-def]
    portal: Portal, anchor, suite: Suite, clerk: LocalAccount, judge: LocalAccount, litigant: LocalAccount, chain: Chain
) -> None:
    from courtchain.clients.docket import (
        DEV_COURT_ID,
        DocketClient,
        MaterialInput,
        MaterialKind,
        Outcome,
        Party,
        PartyRole,
        setup_dev_court,
    )

    setup_dev_court(suite, clerk)
    plaintiff = commitment(new_salt(), "passport", "E12345678")
    defendant = commitment(new_salt(), "passport", "G98765432")
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    fid, _ = DocketClient(suite, litigant).submit(
        DEV_COURT_ID,
        "民初",
        [Party(plaintiff, PartyRole.PLAINTIFF), Party(defendant, PartyRole.DEFENDANT)],
        50_000,
        [MaterialInput(os.urandom(32), int(k)) for k in kinds],
    )
    docket = DocketClient(suite, clerk)
    chain.set_time(docket.filing(fid).window_ends)
    number = docket.docket(fid).case_number
    assert number and "民初" in number
    j = anchor("judgment.txt", DocumentKind.JUDGMENT, case_id=fid)
    DocketClient(suite, judge).record_judgment(fid, j.content_hash, Outcome.DISMISSED)

    v = portal.get(f"/api/v1/documents/{j.hex}").json()
    assert v["caseReference"] == f"case {fid} ({number})" and number in v["summary"]
    r = portal.get(f"/api/v1/cases/{fid}/timeline")
    t = r.json()
    assert t["caseReference"] == f"case {fid} ({number})"
    titles = [e["title"] for e in t["entries"]]
    assert titles[0] == f"filing submitted to {COURT} (case type 民初)"
    assert "party recorded as plaintiff" in titles and "party recorded as defendant" in titles
    for material in ("complaint", "identity proof", "evidence list"):
        assert f"{material} added by a party" in titles
    assert f"docketed as {number}" in titles
    assert f"judgment recorded by {COURT}: dismissed, 0 obligation(s)" in titles
    assert f"judgment anchored by {COURT} (clerk)" in titles
    text = r.text.lower()
    for secret in (plaintiff.hex(), defendant.hex(), litigant.address.lower()[2:]):
        assert secret not in text
