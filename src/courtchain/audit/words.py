"""What an auditor reads instead of numbers: enum values, events and people in words, Chinese first.

House style for a value a person reads: `中文 / english` (e.g. `判决 / judgment`), the Chinese term a court uses
first, the English name of the interface's enum member after it, so a reader of either language and a reader of the
contracts' source find it. Amounts are yuan with the token's decimals and times ISO 8601 in Beijing time
(`courtchain.units`).

Enum arguments are found from the ABI (`internalType` "enum IEnforcementOffice.ClaimClass"), so a new enum argument
of an existing enum reads in words without a change here; a `uint8` that is an enum in disguise is named in
`UINT8_ENUMS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..clients.docket import decode_case_type
from ..roles import ROLE_BY_ID
from ..suite import Event, Suite
from ..units import format_time, format_yuan

# enum type (the interface's name) -> member value -> (Chinese, english)
ENUM_WORDS: dict[str, dict[int, tuple[str, str]]] = {
    "FilingStatus": {
        1: ("待立案", "open"),
        2: ("已立案", "docketed"),
        3: ("不予受理", "refused"),
        4: ("已撤回", "withdrawn"),
        5: ("已判决", "judged"),
    },
    "PartyRole": {1: ("原告", "plaintiff"), 2: ("被告", "defendant"), 3: ("第三人", "third party")},
    "Outcome": {
        1: ("支持诉讼请求", "upheld"),
        2: ("部分支持", "partly upheld"),
        3: ("驳回诉讼请求", "dismissed"),
        4: ("调解结案", "mediated"),
    },
    "RefusalReason": {
        1: ("原告不适格", "no standing"),
        2: ("无明确被告", "no definite defendant"),
        3: ("无具体诉讼请求", "no specific claim"),
        4: ("不属于受理范围", "not within scope"),
        5: ("无管辖权", "no jurisdiction"),
        6: ("重复起诉", "duplicate suit"),
        7: ("其他", "other"),
    },
    "MaterialKind": {
        1: ("起诉状", "complaint"),
        2: ("身份证明", "identity proof"),
        3: ("证据清单", "evidence list"),
        4: ("授权委托书", "power of attorney"),
        5: ("调解协议", "mediation agreement"),
        6: ("判决书", "judgment"),
        7: ("执行申请书", "enforcement application"),
        8: ("证据", "evidence"),
        9: ("其他", "other"),
    },
    "ObligationKind": {1: ("调解协议", "mediation agreement"), 2: ("判决", "judgment")},
    "ObligationStatus": {
        1: ("待签署", "pending"),
        2: ("履行中", "active"),
        3: ("已履行", "performed"),
        4: ("已违约", "defaulted"),
    },
    "Consequence": {1: ("转诉讼", "trial"), 2: ("申请执行", "enforcement")},
    "CaseStatus": {1: ("执行中", "open"), 2: ("终结本次执行", "terminated"), 3: ("执行完毕", "closed")},
    "ClaimClass": {1: ("执行费用", "costs"), 2: ("优先债权", "priority"), 3: ("普通债权", "ordinary")},
    # IBankruptcyEstate / ICreditorsMeeting
    "ClaimKind": {
        1: ("破产费用", "expense"),
        2: ("共益债务", "common benefit"),
        3: ("职工债权", "employee"),
        4: ("社会保险", "social insurance"),
        5: ("税款", "tax"),
        6: ("普通债权", "ordinary"),
    },
    "ClaimStatus": {
        1: ("已申报", "filed"),
        2: ("已审查", "reviewed"),
        3: ("不予确认", "rejected"),
        4: ("有异议", "disputed"),
        5: ("已确认", "confirmed"),
    },
    "ActKind": {
        1: ("受理破产申请", "opening"),
        2: ("裁定确认无异议债权", "confirm undisputed claims"),
        3: ("临时确定表决债权额", "provisional voting amount"),
        4: ("确定异议期限", "objection deadline"),
        5: ("异议裁定", "ruling on an objection"),
        6: ("裁定认可", "override"),
        7: ("强制批准", "cram-down"),
        8: ("撤销决议", "revocation"),
        9: ("提存分配额处理", "reserve release"),
        10: ("终结破产程序", "closing"),
        11: ("附条件债权", "conditional claim"),
    },
    "PayoutKind": {1: ("中间分配", "round"), 2: ("最后分配", "final round"), 3: ("担保财产清偿", "collateral")},
    "VoteClass": {
        0: ("全体债权人", "whole meeting"),
        1: ("有财产担保债权组", "secured"),
        2: ("职工债权组", "employees"),
        3: ("税款债权组", "taxes"),
        4: ("普通债权组", "ordinary"),
        5: ("小额债权组", "small claims"),
        6: ("社会保险", "social insurance"),
        7: ("出资人组", "shareholders"),
    },
    "ResolutionKind": {
        1: ("普通决议", "ordinary resolution"),
        2: ("和解协议", "composition"),
        3: ("破产财产分配方案", "distribution plan"),
        4: ("重整计划草案", "reorganisation plan"),
    },
    "ResolutionStatus": {
        1: ("表决中", "convened"),
        2: ("通过", "passed"),
        3: ("未通过", "failed"),
        4: ("法院裁定认可", "overridden by the court"),
        5: ("法院裁定撤销", "revoked by the court"),
        6: ("法院强制批准", "crammed down"),
        7: ("会议结束", "closed"),
    },
    "Choice": {1: ("同意", "for"), 2: ("反对", "against"), 3: ("弃权", "abstain")},
    "CourtRuling": {1: ("裁定认可", "override"), 2: ("强制批准", "cram-down"), 3: ("撤销决议", "revocation")},
    "AssetKind": {
        1: ("银行存款", "bank deposit"),
        2: ("不动产", "real estate"),
        3: ("车辆", "vehicle"),
        4: ("证券", "securities"),
        5: ("其他", "other"),
    },
    "OrderKind": {1: ("冻结", "freeze"), 2: ("扣划", "deduct"), 3: ("解除冻结", "release"), 4: ("终结", "terminate")},
    "OrderStatus": {
        1: ("已提请", "proposed"),
        2: ("已批准", "approved"),
        3: ("已执行", "executed"),
        4: ("已撤销", "cancelled"),
    },
    "EntryKind": {1: ("失信被执行人", "dishonest debtor"), 2: ("限制高消费", "high-consumption ban")},
    "CaseDomain": {1: ("审判案件", "docket case"), 2: ("执行案件", "enforcement case")},
    "ProposalKind": {1: ("纳入名单", "listing"), 2: ("删除名单", "removal")},
    "Reason": {
        1: ("有履行能力而拒不履行", "refuses despite ability"),
        2: ("妨碍、抗拒执行", "obstructs enforcement"),
        3: ("规避执行", "evades enforcement"),
        4: ("违反财产报告制度", "violates property reporting"),
        5: ("违反限制消费令", "violates consumption ban"),
        6: ("无正当理由拒不履行和解协议", "breaks settlement"),
        101: ("未按期履行", "not performed in time"),
        102: ("已被纳入失信名单", "listed as dishonest"),
        103: ("单位被执行人的责任人", "responsible for unit debtor"),
    },
    "DocumentKind": {
        1: ("案卷", "case file"),
        2: ("证据", "evidence"),
        3: ("送达文书", "served document"),
        4: ("送达回证", "receipt of service"),
        5: ("档案", "archive"),
        6: ("统计报表", "statistical report"),
        7: ("调解笔录", "mediation record"),
        8: ("裁判文书", "judgment"),
    },
    "Capacity": {1: ("机构", "institution"), 2: ("当事人", "party")},
    "AnchorRole": {
        1: ("法官", "judge"),
        2: ("书记员", "clerk"),
        3: ("立案人员", "registrar"),
        4: ("调解员", "mediator"),
        5: ("执行员", "enforcement officer"),
    },
    "ServiceMethod": {
        1: ("电子送达", "electronic"),
        2: ("直接送达", "personal"),
        3: ("邮寄送达", "post"),
        4: ("公告送达", "publication"),
    },
    "MemberKind": {
        1: ("法院", "court"),
        2: ("检察院", "procuratorate"),
        3: ("公安机关", "public security"),
        4: ("托管银行", "custodian bank"),
        5: ("征信平台", "credit platform"),
        6: ("调解中心", "mediation centre"),
        7: ("律师协会", "bar association"),
        8: ("公证机构", "notary"),
        9: ("审计机构", "auditor"),
    },
    "MemberStatus": {1: ("正常", "active"), 2: ("暂停", "suspended"), 3: ("已移除", "removed")},
    "OutgoingStatus": {
        1: ("移送中", "in transfer"),
        2: ("已移出", "transferred"),
        3: ("已退回", "returned"),
        4: ("移送超时", "timed out"),
    },
    "IncomingStatus": {1: ("待接收", "pending"), 2: ("已接收", "accepted"), 3: ("已退回", "returned")},
}

# `uint8` arguments that carry an enum: (contract, event, argument) -> enum type
UINT8_ENUMS: dict[tuple[str, str, str], str] = {
    ("CaseDocket", "MaterialAdded", "kind"): "MaterialKind",
    ("CaseDocket", "FilingRefused", "missingKinds"): "MaterialKind",
    ("EnforcementOffice", "DebtorListed", "kind"): "EntryKind",
    ("CreditRegistry", "EntryListed", "reason"): "Reason",
    ("CreditRegistry", "ListingProposed", "reason"): "Reason",
}

ROLE_WORDS: dict[str, tuple[str, str]] = {
    "GOVERNOR": ("治理代表", "governor"),
    "JUDGE": ("法官", "judge"),
    "CLERK": ("书记员", "clerk"),
    "MEDIATOR": ("调解员", "mediator"),
    "ENFORCEMENT_OFFICER": ("执行员", "enforcement officer"),
    "CUSTODIAN": ("托管银行", "custodian"),
    "CREDIT_AGENCY": ("征信机构", "credit agency"),
    "REGISTRAR": ("立案人员", "registrar"),
    "AUDITOR": ("审计员", "auditor"),
}

CONTRACT_WORDS: dict[str, tuple[str, str]] = {
    "CourtConsortium": ("法院联盟", "consortium"),
    "CaseDocket": ("立案系统", "case docket"),
    "ObligationRegistry": ("调解协议与判决履行", "obligations"),
    "EnforcementOffice": ("执行局", "enforcement office"),
    "CreditRegistry": ("信用惩戒名单", "credit registry"),
    "EvidenceRegistry": ("电子证据存证", "evidence registry"),
    "SettlementToken": ("结算代币", "settlement token"),
    "BankruptcyEstate": ("破产案件", "bankruptcy estate"),
    "CreditorsMeeting": ("债权人会议", "creditors' meetings"),
    "MeetingRequests": ("债权人会议提议与债权人委员会", "meeting requests and the creditors' committee"),
    "CrossChainOutbox": ("跨链发件箱", "cross-chain outbox"),
    "CrossChainInbox": ("跨链收件箱", "cross-chain inbox"),
    "CrossChainAttestors": ("跨链见证人", "cross-chain attestors"),
    "CrossChainCases": ("跨链案件移送", "cross-chain case transfer"),
    "CrossChainEvidence": ("跨链证据", "cross-chain evidence"),
    "CrossChainLoans": ("跨链借款违约", "cross-chain loans"),
}

EVENT_WORDS: dict[str, tuple[str, str]] = {
    "FilingSubmitted": ("提交立案申请", "filing submitted"),
    "PartyRecorded": ("登记当事人", "party recorded"),
    "MaterialAdded": ("提交材料", "material added"),
    "FilingReclassified": ("变更案件类型", "filing reclassified"),
    "FilingWithdrawn": ("撤回申请", "filing withdrawn"),
    "FiledFromObligation": ("违约转诉讼立案", "filed from an obligation"),
    "CaseDocketed": ("立案", "case docketed"),
    "FilingRefused": ("不予受理(材料不全)", "filing refused"),
    "FilingRejected": ("裁定不予受理", "filing rejected"),
    "DocketSkipped": ("暂不立案", "docketing skipped"),
    "JudgmentRecorded": ("判决", "judgment"),
    "JudgmentObligationRecorded": ("登记判决义务", "judgment obligation recorded"),
    "CaseTransferInitiated": ("提出移送", "transfer initiated"),
    "CaseTransferAccepted": ("接受移送", "transfer accepted"),
    "CaseTransferCancelled": ("撤回移送", "transfer cancelled"),
    "AgreementRecorded": ("登记调解协议", "agreement recorded"),
    "AgreementSigned": ("签署调解协议", "agreement signed"),
    "AgreementBinding": ("协议生效", "agreement binding"),
    "AgreementConfirmed": ("司法确认", "agreement confirmed"),
    "JudgmentRegistered": ("登记判决履行义务", "judgment registered"),
    "PaymentMade": ("履行付款", "payment made"),
    "PaymentAcknowledged": ("确认线下付款", "payment acknowledged"),
    "ObligationPerformed": ("履行完毕", "obligation performed"),
    "ObligationDefaulted": ("违约", "obligation defaulted"),
    "DefaultOccurred": ("逾期未付", "default occurred"),
    "DefaultSkipped": ("暂不认定违约", "default skipped"),
    "TrialFiled": ("转诉讼", "trial filed"),
    "EnforcementOpened": ("转执行", "enforcement opened"),
    "ConsequencePending": ("违约后果待处理", "consequence pending"),
    "CaseOpened": ("执行立案", "enforcement case opened"),
    "AssetInquiryIssued": ("财产查询", "asset inquiry issued"),
    "CreditorAdmitted": ("债权人参与分配", "creditor admitted"),
    "AdmissionProposed": ("提请参与分配", "admission proposed"),
    "AdmissionApproved": ("批准参与分配", "admission approved"),
    "AdmissionCancelled": ("撤回参与分配申请", "admission cancelled"),
    "AssetReported": ("报告财产", "asset reported"),
    "OrderProposed": ("提请执行措施", "order proposed"),
    "OrderApproved": ("批准执行措施", "order approved"),
    "OrderCancelled": ("撤销执行措施", "order cancelled"),
    "OrderExecuted": ("实施执行措施", "order executed"),
    "Deposited": ("执行款入账", "deposited"),
    "DistributionStarted": ("开始分配", "distribution started"),
    "DistributionCredited": ("分配至债权人", "credited to creditor"),
    "DistributionCompleted": ("分配完成", "distribution completed"),
    "Withdrawn": ("领取款项", "withdrawn"),
    "CaseTerminated": ("终结本次执行", "case terminated"),
    "CaseResumed": ("恢复执行", "case resumed"),
    "CaseClosed": ("执行完毕结案", "case closed"),
    "DebtorListed": ("纳入信用惩戒名单", "debtor listed"),
    "DebtorDelisted": ("移出信用惩戒名单", "debtor delisted"),
    "EntryListed": ("列入名单", "entry listed"),
    "EntryDelisted": ("移出名单", "entry delisted"),
    "EntryRemoved": ("删除名单记录", "entry removed"),
    "ListingProposed": ("提请列入名单", "listing proposed"),
    "RemovalProposed": ("提请删除名单", "removal proposed"),
    "ProposalApproved": ("批准提请", "proposal approved"),
    "ProposalCancelled": ("撤回提请", "proposal cancelled"),
    "ObjectionFiled": ("提出异议", "objection filed"),
    "ObjectionResolved": ("异议处理", "objection resolved"),
    "Anchored": ("文书存证", "document anchored"),
    "BatchAnchored": ("批量存证", "batch anchored"),
    "Revoked": ("撤销存证", "anchor revoked"),
    "Served": ("送达", "served"),
    "Acknowledged": ("签收", "acknowledged"),
    "CaseSentOut": ("跨链移送发出", "case sent to another chain"),
    "CaseOutSettled": ("跨链移送结果", "cross-chain transfer settled"),
    "CaseReceived": ("收到跨链移送", "case received from another chain"),
    "CaseAccepted": ("接收移送案件", "case accepted"),
    "CaseReturned": ("退回移送案件", "case returned"),
    "CaseReplyTimedOut": ("答复超时", "reply timed out"),
    "CaseReplyResent": ("答复重发", "reply sent again"),
    "MessageSent": ("跨链消息发出", "message sent"),
    "MessageDelivered": ("跨链消息送达", "message delivered"),
    "MessageTimedOut": ("跨链消息超时", "message timed out"),
    "MessageTimeoutConfirmed": ("超时回执确认", "timeout confirmed"),
}

ARG_WORDS: dict[str, str] = {
    "claimAmount": "标的额",
    "claim": "债权额",
    "amount": "金额",
    "total": "总额",
    "available": "可分配",
    "distributed": "已分配",
    "value": "价值",
    "outstanding": "未履行",
    "owed": "应付",
    "caseType": "案件类型",
    "from": "原",
    "to": "新",
    "outcome": "裁判结果",
    "class_": "债权类别",
    "kind": "类型",
    "reason": "理由",
    "role": "诉讼地位",
    "rank": "顺位",
    "round": "轮次",
    "creditorId": "债权人",
    "assetId": "财产",
    "dueDate": "到期日",
    "since": "起算",
    "instalment": "期次",
    "year": "年度",
    "sequence": "序号",
    "courtId": "法院",
    "consequence": "违约后果",
    "autoApproval": "自动审批",
    "automatic": "自动",
    "payee": "收款人",
    "debtorAccount": "被执行人账户",
    "creditorAccount": "债权人账户",
    "token": "代币",
    "method": "送达方式",
    "documentKind": "文书类型",
}

# arguments that are Unix seconds
TIME_ARGS = {
    "dueDate",
    "dueDates",
    "since",
    "possibleAt",
    "windowEnds",
    "deadline",
    "expiresAt",
    "listedAt",
    "until",
    "at",
    "startsAt",
    "endsAt",
    "closesAt",
    "announcedAt",
    "filingDeadline",
    "closedAt",
    "unclaimedAfter",
}


def bilingual(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def enum_word(enum: str, value: int) -> str:
    words = ENUM_WORDS.get(enum, {}).get(int(value))
    return bilingual(*words) if words else f"{enum} {int(value)}"


# events of the bankruptcy estate and its meetings (a name another contract also uses reads as the estate's own)
BANKRUPTCY_EVENT_WORDS: dict[str, tuple[str, str]] = {
    "ActProposed": ("提请裁定", "court act proposed"),
    "ActApproved": ("合议批准裁定", "court act approved"),
    "ActCancelled": ("撤回裁定提请", "court act cancelled"),
    "CaseProposed": ("提请受理破产申请", "bankruptcy case proposed"),
    "CaseOpened": ("裁定受理破产申请", "bankruptcy case opened"),
    "CaseClosed": ("终结破产程序", "bankruptcy case closed"),
    "ClaimFiled": ("申报债权", "claim filed"),
    "ClaimReviewed": ("管理人审查债权", "claim reviewed"),
    "ClaimConfirmed": ("法院裁定确认债权", "claim confirmed"),
    "ProvisionalAmountSet": ("临时确定表决债权额", "provisional voting amount set"),
    "PriorityWaived": ("放弃优先受偿权", "priority waived"),
    "ObjectionDeadlineSet": ("确定异议期限", "objection deadline set"),
    "ObjectionFiled": ("对债权提出异议", "objection to a claim filed"),
    "ObjectionAnswered": ("管理人答复异议", "objection answered"),
    "ObjectionRuled": ("法院裁定异议", "objection ruled"),
    "Deposited": ("破产财产入账", "deposited into the estate"),
    "PayoutProposed": ("提请分配", "payout proposed"),
    "PayoutApproved": ("批准分配", "payout approved"),
    "CollateralPaid": ("担保财产优先受偿", "collateral paid"),
    "RoundStarted": ("开始分配", "distribution round started"),
    "Credited": ("分配至债权", "credited to a claim"),
    "RoundCompleted": ("本次分配完成", "distribution round completed"),
    "ReserveReleased": ("提存分配额处理", "reserve released"),
    "FinalDistribution": ("最后分配公告", "final distribution announced"),
    "ClaimConditional": ("附条件债权认定", "claim marked conditional or its condition met"),
    "Lapsed": ("逾期分配额分配给其他债权人", "lapsed to the other creditors"),
    "Withdrawn": ("领取分配款", "withdrawn"),
    "CaseRegistered": ("登记表决案件", "case registered for voting"),
    "VoteWeightChanged": ("表决权变更", "voting weight changed"),
    "MeetingConvened": ("召集债权人会议", "creditors' meeting convened"),
    "BallotCast": ("投票", "ballot cast"),
    "BallotSkipped": ("无效票跳过", "ballot skipped"),
    "ClassTallied": ("分组计票", "class tallied"),
    "MeetingClosed": ("表决结束", "meeting closed"),
    "ResolutionRuled": ("法院裁定决议", "resolution ruled by the court"),
    "RequestOpened": ("提议召开债权人会议", "meeting requested"),
    "RequestSupported": ("附议", "request joined"),
    "SupportSkipped": ("代交附议跳过", "relayed support skipped"),
    "SupportRecounted": ("附议债权额重新核计", "support recounted"),
    "RequestReached": ("提议达到法定条件", "request reached its threshold"),
    "RequestThresholdLost": ("提议不再满足条件", "request fell below its threshold"),
    "RequestAnswered": ("已召集所提议的会议", "request answered by a meeting"),
    "CommitteeProposed": ("提请认可债权人委员会", "creditors' committee proposed"),
    "CommitteeAppointed": ("法院书面决定认可债权人委员会", "creditors' committee in office"),
    "CommitteeProposalCancelled": ("撤回债权人委员会提请", "committee proposal cancelled"),
    "ActReported": ("管理人向债权人委员会报告", "administrator's report (art. 69)"),
    "ItemTabled": ("会议议题", "agenda item tabled"),
    "BallotItemSkipped": ("议题无表决权跳过", "ballot skipped on an item"),
    "ItemClosed": ("议题表决结果", "agenda item closed"),
    "ShareholderRegistered": ("登记出资人（待法官批准）", "shareholder registered, pending a judge's approval"),
    "ShareholderApproved": ("法官批准出资人登记", "shareholder approved by a judge"),
    "ShareholderCancelled": ("撤回出资人登记", "shareholder registration cancelled"),
}


_BANKRUPTCY_CONTRACTS = ("BankruptcyEstate", "CreditorsMeeting", "MeetingRequests")


def event_word(name: str, contract: str = "") -> str:
    words = BANKRUPTCY_EVENT_WORDS.get(name) if contract in _BANKRUPTCY_CONTRACTS else None
    words = words or EVENT_WORDS.get(name)
    return bilingual(*words) if words else name


def contract_word(name: str) -> str:
    words = CONTRACT_WORDS.get(name)
    return bilingual(*words) if words else name


def role_word(role: str) -> str:
    words = ROLE_WORDS.get(role)
    return bilingual(*words) if words else role.lower()


def _enum_types(suite: Suite) -> dict[tuple[str, str, str], str]:
    """(contract, event, argument) -> enum type name, from the ABI's internalType."""
    out: dict[tuple[str, str, str], str] = dict(UINT8_ENUMS)
    for contract, art in suite.artifacts.items():
        for item in art.abi:
            if item.get("type") != "event":
                continue
            for inp in item.get("inputs", []):
                internal = str(inp.get("internalType", ""))
                if internal.startswith("enum "):
                    out[(contract, item["name"], inp["name"])] = internal.rsplit(".", 1)[-1].removesuffix("[]")
    return out


@dataclass
class People:
    """Who an address is, as far as the chain says: a suite contract, a member's account and its roles (hub events),
    or a party of a case (the accounts named in the obligation and enforcement events)."""

    labels: dict[str, list[str]] = field(default_factory=dict)

    def add(self, address: str, label: str) -> None:
        if not address or int(address, 16) == 0:
            return
        known = self.labels.setdefault(address.lower(), [])
        if label not in known:
            known.append(label)

    def label(self, address: str) -> str:
        return "，".join(self.labels.get(str(address).lower(), []))

    def full(self, address: str) -> str:
        """The full address, with its label where known: `0xAbC…(40 hex) (北京互联网法院 · 法官 / judge)`."""
        label = self.label(address)
        return f"{address} ({label})" if label else str(address)

    @classmethod
    def from_events(cls, suite: Suite, events: Iterable[Event]) -> People:
        people = cls()
        for name, address in suite.addresses.items():
            people.add(address, contract_word(name))
        members: dict[int, str] = {}
        for e in events:
            a = e.args
            if e.contract == "CourtConsortium" and e.name == "MemberAdmitted":
                members[int(a["memberId"])] = str(a["name"])
            elif e.contract == "CourtConsortium" and e.name == "RoleGranted":
                role = ROLE_BY_ID.get(bytes(a["role"]), "")
                member = members.get(int(a["memberId"]), f"member {a['memberId']}")
                people.add(str(a["account"]), f"{member} · {role_word(role)}")
            elif e.contract == "ObligationRegistry" and e.name in ("AgreementRecorded", "JudgmentRegistered"):
                for arg, word in (("debtorAccount", "债务人 / debtor"), ("creditorAccount", "债权人 / creditor")):
                    if arg in a:
                        people.add(str(a[arg]), f"{word}, obligation {a['obligationId']}")
            elif e.contract == "EnforcementOffice" and e.name == "CaseOpened":
                people.add(str(a["debtorAccount"]), f"被执行人 / debtor, enforcement {a['caseId']}")
            elif e.contract == "EnforcementOffice" and e.name == "CreditorAdmitted":
                people.add(str(a["payee"]), f"申请执行人 / creditor {a['creditorId']}, enforcement {a['caseId']}")
        return people


@dataclass
class Reader:
    """Reads one event's arguments in words: enums, case types, amounts in yuan, times in Beijing time, people."""

    suite: Suite
    people: People
    decimals: int = 18
    enums: dict[tuple[str, str, str], str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)  # pseudonym / credit key -> who (the case's keys)

    @classmethod
    def for_events(cls, suite: Suite, events: Iterable[Event], names: Mapping[str, str] | None = None) -> Reader:
        evs = list(events)
        return cls(suite, People.from_events(suite, evs), token_decimals(suite), _enum_types(suite), names or {})

    def value(self, e: Event, arg: str, v: Any) -> str:
        enum = self.enums.get((e.contract, e.name, arg))
        if enum is not None:
            if isinstance(v, (list, tuple)):
                return "、".join(enum_word(enum, x) for x in v) or "-"
            return enum_word(enum, int(v))
        if arg in ("caseType", "from", "to") and isinstance(v, bytes) and len(v) == 32 and e.contract == "CaseDocket":
            return decode_case_type(bytes(v)) or "-"
        if isinstance(v, bool):
            return "是 / yes" if v else "否 / no"
        if isinstance(v, bytes):
            h = "0x" + v.hex()
            return f"{self.names[h]} ({h})" if h in self.names else h
        if isinstance(v, str) and v.startswith("0x") and len(v) == 42:
            return self.people.full(v)
        if isinstance(v, int) and arg in TIME_ARGS:
            return format_time(v)
        if isinstance(v, int) and is_amount(e, arg):
            return format_yuan(v, self.decimals)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(self.value(e, arg, x) for x in v) + "]"
        return str(v)

    def detail(self, e: Event, skip: Iterable[str] = ()) -> str:
        """`债权类别 class_: 优先债权 / priority; 债权额 claim: ¥200.00; …` (every argument not in `skip`)."""
        out = []
        for k, v in e.args.items():
            if k in skip:
                continue
            label = f"{ARG_WORDS[k]} {k}" if k in ARG_WORDS else k
            out.append(f"{label}: {self.value(e, k, v)}")
        return "; ".join(out)


AMOUNT_ARGS = ("amount", "claimAmount", "claim", "total", "available", "distributed", "value", "outstanding", "owed")


# the estate's and the meetings' money arguments (yuan)
BANKRUPTCY_AMOUNT_ARGS = {
    "amount",
    "available",
    "paid",
    "deficiency",
    "surplus",
    "returned",
    "undistributed",
    "oldWeight",
    "newWeight",
    "forAmount",
    "againstAmount",
    "presentAmount",
    "totalAmount",
}


def is_amount(e: Event, arg: str) -> bool:
    if e.contract == "MeetingRequests":  # voting amounts, except a committee request's member counts
        if arg in ("amount", "oldAmount", "newAmount"):
            return True
        if arg in ("support", "total"):
            if e.name == "RequestReached":
                return int(e.args["kind"]) == 1
            if e.name == "RequestSupported":
                return int(e.args["ref"]) != 0
            return True
        return False
    if e.contract in ("BankruptcyEstate", "CreditorsMeeting"):
        return arg in BANKRUPTCY_AMOUNT_ARGS and e.name != "ActProposed"
    if arg not in AMOUNT_ARGS and arg != "amounts":
        return False
    # a termination order's `amount` is its listing choice, not money
    return not (e.contract == "EnforcementOffice" and arg == "amount" and int(e.args.get("kind", 0)) == 4)


def token_decimals(suite: Suite) -> int:
    """The settlement token's decimals (18 when the token does not say)."""
    if "SettlementToken" not in suite.addresses:
        return 18
    try:
        return int(suite.view("SettlementToken", "decimals"))
    except Exception:  # a token without decimals(): the suite's default
        return 18
