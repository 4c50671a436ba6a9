"""The portal as a person sees it, in both languages at 1280 and 390 px (Debian's chromium with Debian's
fonts-noto-cjk, `make fonts`): home, a verified document, a tampered file, the case page of the demo's story and of
an enforcement story without bankruptcy. Every page: its language is the one chosen, nothing runs off the right
edge, and Chinese renders as glyphs, not as empty boxes. Screenshots go to build/portal-screenshots/
(`<page>-<lang>-<width>.png`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from playwright.sync_api import Browser, Page

from courtchain.chain import Chain
from courtchain.clients.enforcement import EnforcementClient
from courtchain.clients.evidence import DocumentKind
from courtchain.suite import Suite
from courtchain.units import format_yuan

from .conftest import SCREENSHOTS, Portal, change_one_byte
from .story import build_story

LANGS = ("zh", "en")
WIDTHS = (1280, 390)
SCREENS = [(lang, width) for lang in LANGS for width in WIDTHS]

# A code point no font maps (unassigned in Unicode): what it renders as is the font's .notdef "tofu" box.
UNASSIGNED = "\u0378"

# Each character drawn alone on a canvas in the page's own font (body's font-family): its ink (dark pixels) and a
# hash of its pixels. Without a font holding the glyphs, every Chinese character is the same empty box.
INK = """(chars) => {
  const family = getComputedStyle(document.body).fontFamily;
  return chars.map((ch) => {
    const c = document.createElement("canvas");
    c.width = 72; c.height = 72;
    const g = c.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, 72, 72);
    g.fillStyle = "#000"; g.textBaseline = "top"; g.font = "56px " + family;
    g.fillText(ch, 6, 6);
    const d = g.getImageData(0, 0, 72, 72).data;
    let ink = 0, hash = 0;
    for (let i = 0; i < d.length; i += 4) { if (d[i] < 128) ink++; hash = (hash * 31 + d[i]) >>> 0; }
    return { ch: ch, ink: ink, hash: hash };
  });
}"""

PROBE = """([text, size]) => {
  let s = document.getElementById("glyph-probe");
  if (!s) {
    s = document.createElement("span");
    s.id = "glyph-probe";
    s.style.cssText = "position:fixed;left:0;top:0;z-index:99999;background:#fff;color:#000;padding:4px;"
      + "font-family:inherit;line-height:1.2;white-space:nowrap";
    document.body.append(s);
  }
  s.style.fontSize = size + "px";
  s.textContent = text;
}"""


def cjk_chars(text: str, n: int = 6) -> list[str]:
    seen: list[str] = []
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" and ch not in seen:
            seen.append(ch)
    return seen[:n]


def probe_png(page: Page, text: str, size: int = 40) -> bytes:
    page.evaluate(PROBE, [text, size])
    png: bytes = page.locator("#glyph-probe").screenshot()
    page.evaluate("document.getElementById('glyph-probe').remove()")
    return png


def assert_cjk_renders(page: Page) -> None:
    """Chinese characters taken from the page itself are drawn in the page's font as distinct glyphs with ink, none
    equal to the empty box of an unassigned code point; and, as screenshots of the page, two different characters
    differ from each other and from that box."""
    text = page.inner_text("body")
    chars = cjk_chars(text)
    assert len(chars) >= 2, f"no Chinese on the page to check: {text[:200]!r}"
    drawn = page.evaluate(INK, [*chars, UNASSIGNED])
    tofu = drawn[-1]
    glyphs = drawn[:-1]
    for g in glyphs:
        assert g["ink"] > 40, f"{g['ch']} drew almost nothing: {g}"
        assert g["hash"] != tofu["hash"], f"{g['ch']} is drawn as the empty box of an unassigned code point"
    assert len({g["hash"] for g in glyphs}) == len(glyphs), f"Chinese characters drawn alike (boxes?): {glyphs}"
    a, b, box = probe_png(page, chars[0]), probe_png(page, chars[1]), probe_png(page, UNASSIGNED)
    assert a != b and a != box and b != box, f"{chars[0]} / {chars[1]} / U+0378 render alike on the page"


def assert_fits(page: Page, width: int) -> None:
    """Nothing is cut off on the right: the page does not scroll sideways."""
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == width and scroll <= width, f"page is {scroll} px wide in a {width} px viewport"


def assert_language(page: Page, lang: str) -> None:
    assert page.evaluate("document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")
    switch = page.inner_text("#lang-switch")
    assert switch == ("English" if lang == "zh" else "中文")


def shot(page: Page, name: str, lang: str, width: int) -> Path:
    path = SCREENSHOTS / f"{name}-{lang}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


@pytest.fixture
def screens(browser: Browser, portal: Portal) -> Iterator[Any]:
    """screens() → for each (lang, width): a fresh page at that width, the language chosen by the switch's URL."""
    contexts = []

    def each() -> Iterator[tuple[str, int, Page]]:
        for lang, width in SCREENS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(portal.url + f"/?lang={lang}")
            page.wait_for_selector("#chain-status:has-text('block'), #chain-status:has-text('区块')")
            yield lang, width, page

    yield each
    for c in contexts:
        c.close()


def open_case(page: Page, portal: Portal, case: str) -> None:
    page.goto(portal.url + "/cases/" + case)  # no ?lang: the choice made on the home page is kept
    page.wait_for_selector("#timeline-table")


def test_home_verified_and_tampered_in_both_languages_and_widths(screens, anchor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = anchor("judgment.txt", DocumentKind.JUDGMENT, case_id=42)
    tampered = change_one_byte(doc.path, tmp_path / "judgment-tampered.txt")
    for lang, width, page in screens():
        assert_language(page, lang)
        title = page.inner_text("h1")
        assert title == ("核验司法文书" if lang == "zh" else "Verify a judicial document")
        assert_fits(page, width)
        assert_cjk_renders(page)
        shot(page, "home", lang, width)

        assert page.inner_text("#drop-zone .file-button") == ("选择文件" if lang == "zh" else "Choose a file")
        page.set_input_files("#file", str(doc.path))
        assert page.inner_text("#file-name") == doc.path.name
        page.click("#verify")
        page.wait_for_selector("#result[data-outcome]")
        assert page.get_attribute("#result", "data-outcome") == "match"
        text = page.inner_text("#result")
        if lang == "zh":
            assert "真实：该文件已在链上存证" in text and "裁判文书" in text and "（北京时间 UTC+8）" in text
            assert "案件 42" in text
        else:
            assert "Authentic: this document is on the chain" in text and "(Beijing time, UTC+8)" in text
        assert "0x" + doc.hex in text
        assert_fits(page, width)
        assert_cjk_renders(page)
        shot(page, "verify-success", lang, width)

        page.set_input_files("#file", str(tampered))
        page.click("#verify")
        page.wait_for_selector('#result[data-outcome="no-record"]')
        text = page.inner_text("#result")
        if lang == "zh":
            assert "不匹配：该文件与链上任何记录都不匹配" in text and "哪怕只改了一个字节" in text
        else:
            assert "No match" in text and "even by a single byte" in text
        assert_fits(page, width)
        assert_cjk_renders(page)
        shot(page, "verify-tampered", lang, width)


def _money_shown(page: Page, case_id: int) -> dict[str, str]:
    box = page.locator(f'[data-enforcement="{case_id}"]')
    return {k: box.locator(f'[data-figure="{k}"]').inner_text() for k in ("seized", "distributed", "outstanding")}


@pytest.mark.slow
def test_the_demos_story_in_both_languages_and_widths(screens, portal: Portal, suite: Suite, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from courtchain import demo

    results = demo.run(suite, documents=tmp_path)
    filing = next(r.data["filingId"] for r in results if "filingId" in r.data)
    number = next(r.data["caseNumber"] for r in results if "caseNumber" in r.data)
    enforcement = next(r.data["caseId"] for r in results if "caseId" in r.data)
    case = EnforcementClient(suite).case(enforcement)
    want = {k: format_yuan(getattr(case, k)) for k in ("seized", "distributed", "outstanding")}
    assert case.seized > 0
    for lang, width, page in screens():
        full_width = number.replace("(", "（").replace(")", "）")  # typed as a clerk types it
        page.fill("#case", full_width)
        page.locator("#case-form button").click()
        page.wait_for_selector("#timeline-table")
        assert_language(page, lang)
        heading = page.inner_text("#case-title")
        assert number in heading
        assert _money_shown(page, enforcement) == want
        story = page.inner_text("#story")
        assert ("调解协议与义务" if lang == "zh" else "Agreements and obligations") in story
        timeline = page.inner_text("#timeline")
        assert ("执行局" if lang == "zh" else "enforcement office") in timeline
        assert "kind " not in timeline and "CaseDocket" not in timeline
        assert_fits(page, width)
        assert_cjk_renders(page)
        shot(page, "case-demo-story", lang, width)
    assert filing


@pytest.mark.slow
def test_an_enforcement_story_without_bankruptcy_in_both_languages_and_widths(  # type: ignore[no-untyped-def]
    screens, portal: Portal, suite: Suite, accts: dict[str, LocalAccount], chain: Chain
) -> None:
    story = build_story(suite, accts, chain)
    want = {
        k: format_yuan(getattr(EnforcementClient(suite).case(story.enforcement), k))
        for k in ("seized", "distributed", "outstanding")
    }
    for lang, width, page in screens():
        open_case(page, portal, str(story.filing))
        assert_language(page, lang)
        assert _money_shown(page, story.enforcement) == want
        for entry in story.entries:
            assert page.locator(f'#listings [data-entry="{entry}"]').count() == 1
        assert_fits(page, width)
        assert_cjk_renders(page)
        shot(page, "case-enforcement-story", lang, width)

        open_case(page, portal, str(story.unrelated_filing))  # numbered like the enforcement case: no listing
        assert page.locator("#listings [data-entry]").count() == 0
        assert page.inner_text("#listings") == (
            "本案没有信用惩戒记录。" if lang == "zh" else "No credit listing comes from this case."
        )
        assert_fits(page, width)


def test_the_glyph_check_fails_where_no_cjk_font_is_installed(browser: Browser, portal: Portal, tmp_path: Path) -> None:
    """The check above is not one that cannot fail: the same chromium, shown only the DejaVu fonts (no CJK face,
    through its own fontconfig file), draws Chinese as empty boxes, and the check says so."""
    from courtchain.portal.headless import CHROMIUM, CHROMIUM_ARGS

    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("Debian's DejaVu fonts (a chromium dependency) are not where expected")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{dejavu}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    launch = browser.browser_type.launch  # a second chromium from the session's Playwright
    b = launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS), env={"FONTCONFIG_FILE": str(conf)})
    try:
        page = b.new_page(viewport={"width": 390, "height": 900})
        page.goto(portal.url + "/?lang=zh")
        page.wait_for_selector("#chain-status:has-text('区块')")
        with pytest.raises(AssertionError, match=r"alike|empty box|almost nothing") as failed:
            assert_cjk_renders(page)
        print("without a CJK font:", str(failed.value).splitlines()[0])
    finally:
        b.close()
