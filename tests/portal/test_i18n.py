"""The portal's words: every member of every enumeration it shows has a Chinese and an English word (a new member
added to a client's IntEnum without words fails here), and the language switch's rules."""

from __future__ import annotations

from enum import IntEnum

import pytest

from courtchain.clients import credit, docket, enforcement, evidence, obligations
from courtchain.portal.i18n import REASONS, WORDS, T, localise, pick_lang, when, word

ENUMS: list[type[IntEnum]] = [
    evidence.DocumentKind,
    evidence.AnchorRole,
    evidence.AnchorStatus,
    evidence.ServiceStatus,
    evidence.ServiceMethod,
    credit.EntryKind,
    credit.EntryStatus,
    credit.ObjectionStatus,
    docket.PartyRole,
    docket.Outcome,
    docket.MaterialKind,
    docket.RefusalReason,
    docket.FilingStatus,
    enforcement.CaseStatus,
    enforcement.ClaimClass,
    enforcement.AssetKind,
    enforcement.OrderKind,
    obligations.ObligationStatus,
    obligations.ObligationKind,
    obligations.Consequence,
]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_words_in_both_languages(enum: type[IntEnum]) -> None:
    table = WORDS[enum.__name__]
    assert set(table) == {m.name for m in enum}, f"{enum.__name__}: words for exactly its members"
    for member in enum:
        w = word(member)
        assert _chinese(w.zh), (member, w)
        assert w.en and w.en.isascii() and "_" not in w.en, (member, w)


def test_every_credit_reason_has_words() -> None:
    assert set(REASONS) == {int(r) for r in credit.Reason}
    assert all(_chinese(zh) and en for zh, en in REASONS.values())


def test_the_language_switch() -> None:
    assert [pick_lang(x) for x in (None, "", "zh", "zh-CN", "fr", "en", "EN", "en-US")] == [
        "zh",
        "zh",
        "zh",
        "zh",
        "zh",
        "en",
        "en",
        "en",
    ]
    text = T("中文", "English")
    assert localise({"a": [text, 1], "b": text}, "en") == {"a": ["English", 1], "b": "English"}
    assert localise(text, "zh") == "中文"


def test_beijing_time_with_its_zone() -> None:
    moment = when(1_803_268_800)  # 2027-02-22T04:00:00Z
    assert moment.zh == "2027-02-22 12:00:00（北京时间 UTC+8）"
    assert moment.en == "2027-02-22 12:00:00 (Beijing time, UTC+8)"
    assert when(0).zh == "—"
