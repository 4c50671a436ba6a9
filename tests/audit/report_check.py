"""What a test checks in an audit report: its two pictures are real images (size, pixels drawn, colours), and the
figures they carry (and the money table's) equal what the chain says, read through the client, not the report code.
Shared by tests/audit (a whole procedure) and tests/demo (the report `make demo` writes)."""

from __future__ import annotations

import base64
import io
import json
from html.parser import HTMLParser

from PIL import Image

from courtchain.clients.enforcement import EnforcementClient
from courtchain.suite import Suite


class _Report(HTMLParser):
    """The report's pictures (by id) and its money table rows (their data-* attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.images: dict[str, bytes] = {}
        self.rows: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img" and a.get("src", "").startswith("data:image/png;base64,"):
            self.images[a["id"]] = base64.b64decode(a["src"].split(",", 1)[1])
        if tag == "tr" and "data-case" in a:
            self.rows.append(a)


def looks_drawn(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    w, h = img.size
    assert w >= 600 and h >= 200, img.size
    rgb = img.convert("RGB")
    pixels = list(rgb.get_flattened_data())
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert ink > 0.01, f"only {ink:.2%} of the picture is drawn"
    assert len(set(pixels)) > 20, "a picture of a few flat colours"
    return img


def check_report_pictures(html_text: str, suite: Suite, case_id: int, *, creditors: int) -> Image.Image:
    """Both pictures drawn, the money figures of enforcement case `case_id` (picture metadata and table) equal to the
    chain's, per creditor; returns the timeline picture."""
    parsed = _Report()
    parsed.feed(html_text)
    assert set(parsed.images) == {"timeline-picture", "money-picture"}
    timeline = looks_drawn(parsed.images["timeline-picture"])
    money_img = looks_drawn(parsed.images["money-picture"])

    office = EnforcementClient(suite)
    chain_money = office.money(case_id)
    on_chain = office.creditors(case_id)
    assert len(on_chain) == creditors
    assert chain_money.seized > 0 and chain_money.withdrawn > 0

    drawn = json.loads(money_img.info["Description"])
    case = next(c for c in drawn["cases"] if c["enforcement_case"] == case_id)
    assert int(case["seized"]) == chain_money.seized
    assert int(case["distributed"]) == chain_money.distributed
    assert int(case["withdrawn"]) == chain_money.withdrawn
    by_id = {int(c["creditor_id"]): c for c in case["creditors"]}
    assert set(by_id) == {c.id for c in on_chain}
    for c in on_chain:
        assert int(by_id[c.id]["distributed"]) == c.credited, c
        assert int(by_id[c.id]["withdrawn"]) == c.withdrawn, c
        assert int(by_id[c.id]["claim"]) == c.claim, c
        assert by_id[c.id]["payee"] == c.payee

    rows = {(r["data-case"], r.get("data-creditor")): r for r in parsed.rows}
    total = rows[(str(case_id), None)]
    assert int(total["data-seized"]) == chain_money.seized and int(total["data-withdrawn"]) == chain_money.withdrawn
    for c in on_chain:
        row = rows[(str(case_id), str(c.id))]
        assert (int(row["data-distributed"]), int(row["data-withdrawn"])) == (c.credited, c.withdrawn)
    return timeline
