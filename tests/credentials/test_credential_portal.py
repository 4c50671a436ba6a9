"""The portal's credential page and its verify endpoint, served by the real app: a genuine VC verifies with its
standing, one altered by a character is refused (422), nothing but the answer comes back."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from courtchain.clients.credentials import CredentialClient, export_vc
from courtchain.portal import SuiteProvider, create_app
from courtchain.portal.app import run_in_thread
from courtchain.suite import Suite

from .conftest import Licensing, issue_lawyer


@pytest.fixture(scope="module")
def portal_url(suite: Suite) -> Iterator[str]:
    server, thread = run_in_thread(create_app(SuiteProvider.of(suite)), "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_page_and_verify_endpoint(portal_url: str, suite: Suite, licensing: Licensing) -> None:
    page = requests.get(portal_url + "/credentials", timeout=30)
    assert page.status_code == 200 and "执业资格核验" in page.text and 'lang="zh-CN"' in page.text
    assert requests.get(portal_url + "/static/credential.js", timeout=30).status_code == 200
    cid = issue_lawyer(suite, licensing)
    vc = export_vc(CredentialClient(suite), cid, licensing.bureau1)
    r = requests.post(portal_url + "/api/v1/credentials/verify", json=vc, timeout=30)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["authentic"] and body["valid"] and body["credentialId"] == cid
    assert body["issuer"]["name"] == "北京市司法局" and body["signer"] == licensing.bureau1.address
    altered = json.loads(json.dumps(vc, ensure_ascii=False).replace("专职", "兼职"))
    r = requests.post(portal_url + "/api/v1/credentials/verify", json=altered, timeout=30)
    assert r.status_code == 422 and r.json()["error"] == "not_verified"
    r = requests.post(portal_url + "/api/v1/credentials/verify", data=b"not json", timeout=30)
    assert r.status_code == 400 and r.json()["error"] == "malformed_credential"
