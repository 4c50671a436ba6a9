"""W3C Verifiable Credential export (EIP-712, signed by the issuing account) and local verification against the
chain: a genuine VC verifies and shows the standing now; one altered by a single character does not."""

from __future__ import annotations

import copy
import json

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.credentials import (
    ActionKind,
    CredentialClient,
    DisciplineType,
    Validity,
    VerificationError,
    export_vc,
    verify_vc,
)
from courtchain.errors import InputError
from courtchain.suite import Suite

from .conftest import LICENCE, SALT, YEAR, Licensing, issue_lawyer

DISCLOSURE = {"licenceNumber": LICENCE, "name": "张三", "salt": "0x" + SALT.hex()}


def _vc(suite: Suite, lic: Licensing, **kw: object) -> tuple[int, dict[str, object]]:
    cid = issue_lawyer(suite, lic)
    return cid, export_vc(CredentialClient(suite), cid, lic.bureau1, **kw)  # type: ignore[arg-type]


def test_export_then_verify(suite: Suite, licensing: Licensing) -> None:
    cid, vc = _vc(suite, licensing, disclosure=DISCLOSURE)
    assert vc["type"] == ["VerifiableCredential", "CourtchainProfessionalCredential"]
    result = verify_vc(suite, json.loads(json.dumps(vc)))
    assert result.signer == licensing.bureau1.address and result.disclosed
    assert result.standing.validity == Validity.VALID and result.standing.credential.id == cid


def test_one_character_altered_fails(suite: Suite, licensing: Licensing) -> None:
    _, vc = _vc(suite, licensing)
    text = json.dumps(vc, ensure_ascii=False)
    # one character of the firm's name, of the category, of the expiry, of the signature
    for old, new in (("北京某某", "北京某甲"), ("专职", "兼职"), ('"expirationDate": "20', '"expirationDate": "21')):
        altered = text.replace(old, new, 1)
        assert altered != text
        with pytest.raises(VerificationError):
            verify_vc(suite, json.loads(altered))
    bad = copy.deepcopy(vc)
    sig = str(bad["proof"]["proofValue"])  # type: ignore[index]
    bad["proof"]["proofValue"] = sig[:-3] + ("0" if sig[-3] != "0" else "1") + sig[-2:]  # type: ignore[index]
    with pytest.raises(VerificationError):
        verify_vc(suite, bad)
    verify_vc(suite, json.loads(text))  # the unaltered text still verifies


def test_signed_by_another_account_fails(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing)
    with pytest.raises(InputError, match="issued by"):
        export_vc(CredentialClient(suite), cid, licensing.bureau2)


def test_status_is_read_from_the_chain(suite: Suite, licensing: Licensing) -> None:
    cid, vc = _vc(suite, licensing)
    bureau1, bureau2 = CredentialClient(suite, licensing.bureau1), CredentialClient(suite, licensing.bureau2)
    aid, _ = bureau1.propose(cid, ActionKind.REVOKE, keccak(text="吊销决定"), "吊销执业证书")
    bureau2.approve(aid)
    bar1, bar2 = CredentialClient(suite, licensing.bar1), CredentialClient(suite, licensing.bar2)
    now = suite.chain.timestamp()
    aid, _ = bar1.propose(
        cid,
        ActionKind.DISCIPLINE,
        keccak(text="处分决定"),
        "公开谴责",
        discipline=DisciplineType.PUBLIC_CENSURE,
        public_until=now + YEAR,
    )
    bar2.approve(aid)
    result = verify_vc(suite, vc)  # still the issuer's genuine document ...
    assert result.standing.validity == Validity.REVOKED  # ... of a credential revoked since
    assert [d.type for d in result.standing.public_discipline] == [DisciplineType.PUBLIC_CENSURE]


def test_malformed_files(suite: Suite, licensing: Licensing) -> None:
    _, vc = _vc(suite, licensing)
    for broken in (
        {},
        {"credentialStatus": {"chainId": "x"}},
        {**vc, "credentialStatus": {**vc["credentialStatus"], "chainId": 1}},
    ):  # type: ignore[dict-item]
        with pytest.raises(VerificationError):
            verify_vc(suite, broken)


def test_issuer_state_travels_with_the_verification(
    suite: Suite, licensing: Licensing, accts: dict[str, LocalAccount]
) -> None:
    from courtchain.clients.consortium import ConsortiumClient, MemberStatus

    from .conftest import govern

    _, vc = _vc(suite, licensing)
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.suspend_member(licensing.bureau_id)])
    result = verify_vc(suite, vc)
    assert result.standing.validity == Validity.VALID
    assert result.standing.issuer.status == MemberStatus.SUSPENDED
