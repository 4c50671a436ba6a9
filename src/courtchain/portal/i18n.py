"""The portal's two languages: Chinese first (the default), English by a switch (`?lang=en`).

A `Text` holds one sentence in both; the API answers in the language asked for and keeps the other beside it where
a person may need it (errors carry `messages: {zh, en}` next to their stable `error` code). Enumerations read as
words (`DocumentKind.JUDGMENT` → 判决书 / judgment), never as numbers; times are Beijing time with their zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..units import DEFAULT_DECIMALS, format_time_human, format_yuan

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


def pick_lang(value: str | None) -> str:
    """`en`, `en-US`, `EN` → en; anything else (or nothing) → zh."""
    return "en" if (value or "").strip().lower().startswith("en") else DEFAULT_LANG


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, Text):
            return Text(self.zh + other.zh, self.en + other.en)
        return Text(self.zh + other, self.en + other)

    def to_json(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


def T(zh: str, en: str) -> Text:
    return Text(zh, en)


def localise(value: Any, lang: str) -> Any:
    """A JSON value with every `Text` in it turned into the chosen language."""
    if isinstance(value, Text):
        return value(lang)
    if isinstance(value, dict):
        return {k: localise(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [localise(v, lang) for v in value]
    return value


def when(ts: int | None) -> Text:
    """Beijing time with its zone: `2027-03-01 10:00:00 (UTC+8)` (北京时间 in Chinese)."""
    if not ts:
        return T("—", "—")
    text = format_time_human(ts)
    return T(text.replace(" (UTC+8)", "（北京时间 UTC+8）"), text.replace("(UTC+8)", "(Beijing time, UTC+8)"))


def yuan(units: int, decimals: int = DEFAULT_DECIMALS) -> Text:
    figure = format_yuan(units, decimals)
    return T(figure, figure)


# -- enumerations in words ---------------------------------------------------------------------------------------

WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "DocumentKind": {
        "NONE": ("未知", "unknown"),
        "CASE_FILE": ("案卷", "case file"),
        "EVIDENCE": ("证据", "evidence"),
        "SERVED_DOCUMENT": ("送达文书", "served document"),
        "RECEIPT_OF_SERVICE": ("送达回证", "receipt of service"),
        "ARCHIVE": ("归档材料", "archive"),
        "STATISTICAL_REPORT": ("统计报表", "statistical report"),
        "MEDIATION_RECORD": ("调解笔录", "mediation record"),
        "JUDGMENT": ("裁判文书", "judgment"),
    },
    "AnchorRole": {
        "NONE": ("当事人", "party"),
        "JUDGE": ("法官", "judge"),
        "CLERK": ("书记员", "clerk"),
        "REGISTRAR": ("立案登记员", "registrar"),
        "MEDIATOR": ("调解员", "mediator"),
        "ENFORCEMENT_OFFICER": ("执行员", "enforcement officer"),
    },
    "AnchorStatus": {
        "NONE": ("无记录", "no record"),
        "ACTIVE": ("有效", "active"),
        "REVOKED": ("已撤销", "revoked"),
        "SUPERSEDED": ("已被替代", "superseded"),
    },
    "ServiceStatus": {
        "NONE": ("无", "none"),
        "PENDING": ("送达中", "pending"),
        "ACKNOWLEDGED": ("已签收", "acknowledged"),
        "DEEMED_SERVED": ("视为送达", "deemed served"),
    },
    "ServiceMethod": {
        "NONE": ("未知", "unknown"),
        "ELECTRONIC": ("电子送达", "electronic"),
        "PERSONAL": ("直接送达", "personal"),
        "POST": ("邮寄送达", "post"),
        "PUBLICATION": ("公告送达", "publication"),
    },
    "EntryKind": {
        "NONE": ("未知", "unknown"),
        "DISHONEST_DEBTOR": ("失信被执行人名单", "dishonest debtor"),
        "HIGH_CONSUMPTION_BAN": ("限制高消费名单", "high consumption ban"),
    },
    "ObjectionStatus": {
        "NONE": ("无", "none"),
        "PENDING": ("待处理", "pending"),
        "UPHELD": ("成立", "upheld"),
        "DISMISSED": ("驳回", "dismissed"),
    },
    "PartyRole": {
        "NONE": ("未知", "unknown"),
        "PLAINTIFF": ("原告", "plaintiff"),
        "DEFENDANT": ("被告", "defendant"),
        "THIRD_PARTY": ("第三人", "third party"),
    },
    "Outcome": {
        "NONE": ("无", "none"),
        "UPHELD": ("支持诉讼请求", "upheld"),
        "PARTLY_UPHELD": ("部分支持", "partly upheld"),
        "DISMISSED": ("驳回诉讼请求", "dismissed"),
        "MEDIATED": ("调解结案", "mediated"),
    },
    "MaterialKind": {
        "COMPLAINT": ("起诉状", "complaint"),
        "IDENTITY_PROOF": ("身份证明", "identity proof"),
        "EVIDENCE_LIST": ("证据清单", "evidence list"),
        "POWER_OF_ATTORNEY": ("授权委托书", "power of attorney"),
        "MEDIATION_AGREEMENT": ("调解协议", "mediation agreement"),
        "JUDGMENT": ("裁判文书", "judgment"),
        "ENFORCEMENT_APPLICATION": ("执行申请书", "enforcement application"),
        "EVIDENCE": ("证据", "evidence"),
        "OTHER": ("其他材料", "other material"),
    },
    "RefusalReason": {
        "NONE": ("无", "none"),
        "NO_STANDING": ("原告不适格", "no standing"),
        "NO_DEFINITE_DEFENDANT": ("无明确被告", "no definite defendant"),
        "NO_SPECIFIC_CLAIM": ("无具体诉讼请求", "no specific claim"),
        "NOT_WITHIN_SCOPE": ("不属于受案范围", "not within scope"),
        "NO_JURISDICTION": ("无管辖权", "no jurisdiction"),
        "DUPLICATE_SUIT": ("重复起诉", "duplicate suit"),
        "OTHER": ("其他", "other"),
    },
    "FilingStatus": {
        "NONE": ("无", "none"),
        "OPEN": ("立案审查中", "open (filing window)"),
        "DOCKETED": ("已立案", "docketed"),
        "REFUSED": ("不予立案", "refused"),
        "WITHDRAWN": ("已撤回", "withdrawn"),
        "JUDGED": ("已裁判", "judged"),
    },
    "EntryStatus": {
        "NONE": ("无", "none"),
        "ACTIVE": ("在列", "active"),
        "EXPIRED": ("已到期", "expired"),
        "DELISTED": ("已移出（履行完毕）", "delisted (performed)"),
        "REMOVED": ("已删除（错误列入）", "removed (listed wrongly)"),
    },
    "CaseStatus": {
        "NONE": ("无", "none"),
        "OPEN": ("执行中", "open"),
        "TERMINATED": ("终结本次执行", "terminated"),
        "CLOSED": ("执行完毕", "closed"),
    },
    "ClaimClass": {
        "NONE": ("无", "none"),
        "COSTS": ("执行费用", "costs"),
        "PRIORITY": ("优先债权", "priority"),
        "ORDINARY": ("普通债权", "ordinary"),
    },
    "AssetKind": {
        "NONE": ("无", "none"),
        "BANK_DEPOSIT": ("银行存款", "bank deposit"),
        "REAL_ESTATE": ("不动产", "real estate"),
        "VEHICLE": ("车辆", "vehicle"),
        "SECURITIES": ("证券", "securities"),
        "OTHER": ("其他财产", "other property"),
    },
    "OrderKind": {
        "NONE": ("无", "none"),
        "FREEZE": ("冻结", "freeze"),
        "DEDUCT": ("扣划", "deduction"),
        "RELEASE": ("解除冻结", "release"),
        "TERMINATE": ("终结本次执行", "termination"),
    },
    "ObligationStatus": {
        "NONE": ("无", "none"),
        "PENDING": ("待签署", "awaiting signatures"),
        "ACTIVE": ("履行中", "active"),
        "PERFORMED": ("已履行", "performed"),
        "DEFAULTED": ("已违约", "defaulted"),
    },
    "ObligationKind": {
        "NONE": ("无", "none"),
        "MEDIATION_AGREEMENT": ("调解协议", "mediation agreement"),
        "JUDGMENT": ("判决确定的义务", "judgment obligation"),
        "NOTARISED_LOAN": ("经公证的借款（跨链报送）", "notarised loan (reported across chains)"),
    },
    "Consequence": {
        "NONE": ("无", "none"),
        "TRIAL": ("起诉", "trial"),
        "ENFORCEMENT": ("强制执行", "enforcement"),
    },
}

REASONS: dict[int, tuple[str, str]] = {
    1: ("有履行能力而拒不履行", "refuses to perform despite the ability to"),
    2: ("以伪造证据、暴力、威胁等方法妨碍、抗拒执行", "obstructs enforcement"),
    3: ("以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行", "evades enforcement"),
    4: ("违反财产报告制度", "violates the property reporting rules"),
    5: ("违反限制消费令", "violates the consumption ban"),
    6: ("无正当理由拒不履行执行和解协议", "breaks a settlement without good reason"),
    101: ("未按执行通知书指定的期间履行", "did not perform in the time set by the enforcement notice"),
    102: ("已被纳入失信被执行人名单", "is listed as a dishonest debtor"),
    103: ("单位被执行人的相关责任人", "is responsible for a unit debtor"),
}


def word(member: Enum) -> Text:
    """An enumeration member in words: `DocumentKind.JUDGMENT` → 裁判文书 / judgment."""
    table = WORDS.get(type(member).__name__, {})
    zh, en = table.get(member.name, (member.name.lower().replace("_", " "),) * 2)
    return T(zh, en)


def reason(code: int) -> Text:
    zh, en = REASONS.get(int(code), (f"理由代码 {code}", f"reason {code}"))
    return T(zh, en)


def amount(units: int, decimals: int = DEFAULT_DECIMALS) -> dict[str, str]:
    """An amount in JSON: the yuan figure a person reads and the exact base units as a string."""
    return {"text": format_yuan(units, decimals), "baseUnits": str(int(units))}
