"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright through `executable_path`; no
browser is downloaded): a real file is chosen, hashed in the browser, verified; changed by one byte, it is rejected.
These tests read the English pages (`?lang=en`, which the page keeps); the Chinese default, both languages at 1280
and 390 px and the CJK glyph checks are in test_screens.py. A screenshot of each result goes to
build/portal-screenshots/ for review."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from playwright.sync_api import Browser, Page

from courtchain.chain import Chain, LocalNode
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.commitments import commitment, new_salt
from courtchain.suite import Suite
from courtchain.verify import sha256_file

from .conftest import SCREENSHOTS, Portal, change_one_byte

COURT = "Beijing Internet Court"


@pytest.fixture
def page(browser: Browser, portal: Portal) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(portal.url + "/?lang=en")
    try:
        yield pg
    finally:
        context.close()


def verify(page: Page, file: Path | None = None, proof: Path | None = None, typed: str = "") -> str:
    """Choose the file (and proof), press Verify, wait for the result; returns its outcome."""
    if file is not None:
        page.set_input_files("#file", str(file))
    if proof is not None:
        page.evaluate("document.getElementById('proof-box').open = true")
        page.set_input_files("#proof", str(proof))
    if typed:
        page.evaluate("document.getElementById('hash-box').open = true")
        page.fill("#hash", typed)
    page.click("#verify")
    page.wait_for_selector("#result[data-outcome]")
    return str(page.get_attribute("#result", "data-outcome"))


def shot(page: Page, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


def result_text(page: Page) -> str:
    return page.inner_text("#result")


# -- the hash itself -----------------------------------------------------------------------------------------------

HASH_IN_PAGE = """async ([b64, pieces]) => {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const H = window.CourtchainHash;
  const blob = new Blob([bytes]);
  return {
    whole: H.sha256Hex(bytes),
    pieces: H.sha256Hex(bytes, pieces),
    stream: (await H.hashBlob(blob, {method: "stream", chunkSize: 1000})).hex,
    streamOdd: (await H.hashBlob(blob, {method: "stream", chunkSize: 63})).hex,
    webcrypto: (await H.hashBlob(blob, {method: "webcrypto"})).hex,
    auto: (await H.hashBlob(blob)).method,
  };
}"""


def test_browser_sha256_equals_hashlib_on_random_data(page: Page) -> None:
    rng = os.urandom
    sizes = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 999, 1000, 1001, 4113, 65_536, 100_003]
    sizes += [int.from_bytes(rng(2), "big") for _ in range(8)]
    for n in sizes:
        data = rng(n)
        want = hashlib.sha256(data).hexdigest()
        got = page.evaluate(HASH_IN_PAGE, [base64.b64encode(data).decode(), [1, 62, 3, 64, 65, 200]])
        assert got["whole"] == want, n
        assert got["pieces"] == want, n
        assert got["stream"] == want, n
        assert got["streamOdd"] == want, n
        assert got["webcrypto"] == want, n
        assert got["auto"] == "webcrypto"  # small files go to Web Crypto (127.0.0.1 is a secure context)


# -- verification, end to end --------------------------------------------------------------------------------------


def test_single_document_verified_then_changed_by_one_byte(page: Page, anchor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = anchor("judgment.txt", DocumentKind.JUDGMENT, case_id=42)
    assert verify(page, doc.path) == "match"
    text = result_text(page)
    assert "Authentic: this document is on the chain" in text
    assert f"a judgment anchored by {COURT} in case 42" in text
    assert "0x" + doc.hex in text
    assert page.get_attribute("#result a", "href") == "/cases/42"
    assert page.get_attribute("#progress", "value") == "1"
    shot(page, "single-match")

    changed = change_one_byte(doc.path, tmp_path / "judgment-changed.txt")
    assert verify(page, changed) == "no-record"
    text = result_text(page)
    assert "No match: this file matches no record on the chain" in text
    assert "it has been changed since, even by a single byte" in text
    assert sha256_file(changed).hex() in text
    shot(page, "single-changed-rejected")


def test_batch_document_with_its_proof_then_changed(page: Page, anchor_batch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    b = anchor_batch(3)
    assert verify(page, b.files[1], b.proofs[1]) == "match"
    text = result_text(page)
    assert "as part of a batch" in text and "0x" + b.root.hex() in text
    shot(page, "batch-match")

    changed = change_one_byte(b.files[1], tmp_path / "notice-changed.txt")
    assert verify(page, changed) == "no-record"  # the proof is still chosen
    assert "This file matches no record" in result_text(page)
    assert "the file has been changed" in result_text(page)
    shot(page, "batch-changed-rejected")


def test_batch_document_with_a_proof_that_does_not_fit(page: Page, anchor_batch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    b = anchor_batch(3)
    forged = tmp_path / "forged.proof.json"
    forged.write_text(b.proofs[2].read_text().replace(b.hashes[2].hex(), b.hashes[0].hex()))
    assert verify(page, b.files[0], forged) == "bad-proof"
    assert "The proof does not fit" in result_text(page)
    shot(page, "batch-proof-does-not-fit")
    bad = tmp_path / "bad.proof.json"
    bad.write_text("this is not JSON")
    assert verify(page, b.files[0], bad) == "error"
    assert "The proof file is not valid JSON." in result_text(page)


def test_superseded_and_served(page: Page, anchor, suite: Suite, judge: LocalAccount, clerk: LocalAccount) -> None:  # type: ignore[no-untyped-def]
    old, new = anchor("v1.txt"), anchor("v2.txt")
    EvidenceClient(suite, clerk).revoke(old.content_hash, new.content_hash)  # the anchorer supersedes its anchor
    assert verify(page, old.path) == "superseded"
    assert "SUPERSEDED" in result_text(page) and "0x" + new.hex in result_text(page)
    shot(page, "superseded")

    served = anchor("summons.txt", DocumentKind.SERVED_DOCUMENT, case_id=5)
    recipient = commitment(new_salt(), "passport", "E12345678")
    EvidenceClient(suite, clerk).serve(served.content_hash, recipient, suite.chain.timestamp() + 2 * 86400, case_id=5)
    assert verify(page, served.path) == "match"
    assert "Service 1: pending" in result_text(page) or "pending (electronic" in result_text(page)
    shot(page, "served-pending")


def test_large_file_is_streamed_with_a_progress_bar(
    page: Page, suite: Suite, clerk: LocalAccount, tmp_path: Path
) -> None:
    big = tmp_path / "archive.bin"
    with big.open("wb") as f:
        for _ in range(40):
            f.write(os.urandom(1 << 20))
    h = sha256_file(big)
    EvidenceClient(suite, clerk).anchor(h, DocumentKind.ARCHIVE, 3, AnchorRole.CLERK)
    assert verify(page, big) == "match"
    last = page.evaluate("window.__portalLast")
    assert last["method"] == "stream" and last["bytes"] == 40 << 20 and last["hex"] == h.hex()
    assert page.get_attribute("#progress", "value") == "1" and page.inner_text("#progress-text") == "100 %"
    assert "streamed" in result_text(page)


def test_malformed_typed_hash_and_nothing_chosen(page: Page) -> None:
    page.click("#verify")
    page.wait_for_selector("#result[data-outcome]")
    assert "Choose a document first" in result_text(page)
    assert verify(page, typed="not-a-hash") == "error"
    assert "64 hexadecimal digits" in result_text(page)
    shot(page, "malformed-hash")
    assert verify(page, typed="ab" * 32) == "no-record"


def test_node_down_is_said_on_the_page(
    browser: Browser, own_node: tuple[LocalNode, Path], served, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    node, deployments = own_node
    url = served(node.url, deployments)
    doc = tmp_path / "doc.txt"
    doc.write_bytes(os.urandom(100))
    node.stop()
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(url + "/?lang=en")
        assert verify(pg, doc) == "error"
        assert "The chain node is not answering" in result_text(pg)
        pg.wait_for_function("document.getElementById('chain-status').textContent.includes('not answering')")
        shot(pg, "node-down")
    finally:
        context.close()


def test_case_page_shows_the_public_timeline(  # type: ignore[no-untyped-def]
    page: Page, portal: Portal, anchor, anchor_batch, suite: Suite, clerk: LocalAccount, chain: Chain
) -> None:
    j = anchor("judgment.txt", DocumentKind.JUDGMENT, case_id=77)
    anchor_batch(2, case_id=77)
    recipient = commitment(new_salt(), "passport", "E12345678")
    EvidenceClient(suite, clerk).serve(j.content_hash, recipient, chain.timestamp() + 86_400 + 60, case_id=77)
    page.fill("#case", "77")
    page.locator("#case-form button").click()
    page.wait_for_url("**/cases/77")
    page.wait_for_selector("#timeline-table")
    rows = page.locator("#timeline-table tbody tr")
    assert rows.count() == 3
    text = page.inner_text("#timeline")
    assert f"judgment anchored by {COURT} (clerk)" in text and "batch of 2 documents" in text
    assert "document served by" in text and recipient.hex() not in text
    assert page.inner_text("#case-title") == "Case 77: public timeline"
    assert page.evaluate("document.documentElement.lang") == "en"  # the choice was kept from the home page
    shot(page, "case-timeline")

    page.goto(portal.url + "/cases/abc")
    page.wait_for_selector("#timeline-message")
    assert "A case is given by its official case number" in page.inner_text("#timeline-message")
    page.goto(portal.url + "/cases/123456")
    page.wait_for_selector("#timeline-message")
    assert page.inner_text("#timeline-message") == "No public event mentions case 123456 on this chain."
    shot(page, "case-unknown")


def test_documents_anchored_by_the_demo(page: Page, suite: Suite, tmp_path: Path) -> None:
    """The README's path: `courtchain demo` anchors documents; the portal verifies them."""
    from courtchain import demo

    results = demo.run(suite, documents=tmp_path)
    case_id = next(r.data["filingId"] for r in results if "filingId" in r.data)
    ruling_service = next(r.data["rulingService"] for r in results if "rulingService" in r.data)
    assert verify(page, tmp_path / "judgment.txt") == "match"
    text = result_text(page)
    assert f"a judgment anchored by {COURT} in case {case_id} (" in text
    assert f"Service {ruling_service}: deemed served" in text
    shot(page, "demo-judgment")
    assert verify(page, tmp_path / "enforcement-notice.txt") == "match"
    assert "served document" in result_text(page) and "acknowledged by the recipient" in result_text(page)
    assert verify(page, tmp_path / "complaint.txt", tmp_path / "complaint.txt.proof.json") == "match"
    assert "archive" in result_text(page) and "as part of a batch" in result_text(page)
    shot(page, "demo-archive-batch")


def test_a_dropped_file_is_verified(page: Page, anchor) -> None:  # type: ignore[no-untyped-def]
    doc = anchor("dropped.txt")
    page.evaluate(
        """([b64, name]) => {
          const bin = atob(b64);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], name));
          const zone = document.getElementById('drop-zone');
          zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
          zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""",
        [base64.b64encode(doc.path.read_bytes()).decode(), doc.path.name],
    )
    page.wait_for_selector("#result[data-outcome]")
    assert page.get_attribute("#result", "data-outcome") == "match"
    assert "0x" + doc.hex in result_text(page)


def test_without_web_crypto_the_page_streams(page: Page, anchor) -> None:  # type: ignore[no-untyped-def]
    """Served over plain HTTP to another host, a page has no crypto.subtle: small files are streamed too."""
    doc = anchor("no-webcrypto.txt")
    page.evaluate("Object.defineProperty(window, 'crypto', {value: {}, configurable: true})")
    assert page.evaluate("!!(window.crypto && window.crypto.subtle)") is False
    assert verify(page, doc.path) == "match"
    assert page.evaluate("window.__portalLast.method") == "stream"
