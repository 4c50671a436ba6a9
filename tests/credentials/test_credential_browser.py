"""The credential page in a real headless Chromium (Debian's, through Playwright; nothing downloaded): a Verifiable
Credential file is chosen and verified, Chinese first; the same file changed by one character is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

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


@pytest.fixture
def page(browser: Browser, portal_url: str) -> Iterator[Page]:
    pg = browser.new_page()
    try:
        pg.set_default_timeout(60_000)
        pg.goto(portal_url + "/credentials")
        yield pg
    finally:
        pg.close()


def _verify(page: Page, path: Path) -> str:
    page.set_input_files("#credential-file", str(path))
    page.click("button[type=submit]")
    page.wait_for_selector("#credential-result h2")
    return page.inner_text("#credential-result")


def test_verify_a_credential_in_the_browser(page: Page, suite: Suite, licensing: Licensing, tmp_path: Path) -> None:
    cid = issue_lawyer(suite, licensing)
    vc = export_vc(CredentialClient(suite), cid, licensing.bureau1)
    good = tmp_path / "vc.json"
    good.write_text(json.dumps(vc, ensure_ascii=False), encoding="utf-8")
    text = _verify(page, good)
    assert "有效 Valid" in text and "北京市司法局" in text and "北京某某律师事务所" in text
    bad = tmp_path / "altered.json"
    bad.write_text(good.read_text(encoding="utf-8").replace("专职", "兼职"), encoding="utf-8")
    page.reload()
    text = _verify(page, bad)
    assert "未通过核验 Not verified" in text
