"""`courtchain enforce open | join | admit | cancel-admission | report-asset | propose | approve | execute |
distribute | withdraw | terminate | show`: enforcement cases from opening to closure."""

from __future__ import annotations

from typing import Any

import click

from ..clients.base import check_hash
from ..clients.enforcement import (
    AssetKind,
    ClaimClass,
    EnforcementClient,
    OrderKind,
    termination_listing,
)
from .amounts import amount_options, when_json
from .inputs import address_or_account, parse_int
from .inputs import choice as _choice
from .inputs import hash_or_text as _hash_or_text
from .session import Session, chain_options, make_table
from .session import emit_sent as _done

ZERO = b"\0" * 32


def register(cli: click.Group) -> None:
    cli.add_command(enforce)


@click.group()
def enforce() -> None:
    """Enforcement cases: investigate, freeze, seize, distribute, withdraw, terminate, resume, close.

    Amounts are in yuan (120000, 120,000.00 or ¥120000; the settlement token's decimals), or in its integer base
    units with --base-units. Accounts are dev names (judge, officer, ...) or addresses.
    """


def _client(session: Session, as_account: str | None = None) -> EnforcementClient:
    return EnforcementClient(session.suite, session.account(as_account) if as_account else None)


def _address(session: Session, value: str, what: str) -> str:
    return address_or_account(value, what, session.account)


@enforce.command("open")
@chain_options
@click.argument("debtor")
@click.argument("creditor")
@click.argument("claim")
@click.option("--costs", default="0", show_default=True, help="Enforcement costs in yuan, paid first.")
@click.option("--costs-payee", default="registrar", show_default=True, help="Court account receiving the costs.")
@click.option("--title", default=None, help="Enforceable title: hash (64 hex) or reference text.")
@click.option("--debtor-account", default=None, help="The debtor's own address, if any.")
@click.option("--as", "as_account", default="clerk", show_default=True, help="A clerk or judge.")
@amount_options
def open_case(
    session: Session,
    debtor: str,
    creditor: str,
    claim: str,
    costs: str,
    costs_payee: str,
    title: str | None,
    debtor_account: str | None,
    as_account: str,
) -> None:
    """Open a case on application: DEBTOR commitment (64 hex), CREDITOR account, CLAIM amount in yuan. Costs are only
    proposed: a judge other than the opener admits them (`enforce admit`)."""
    office = _client(session, as_account)
    cost = session.amount(costs, "--costs")
    claimed = session.amount(claim, "CLAIM")
    cid, sent = office.open_case(
        check_hash(debtor, "debtor commitment"),
        _address(session, creditor, "creditor"),
        claimed,
        title_hash=_hash_or_text(title, "title"),
        debtor_account=_address(session, debtor_account, "debtor account") if debtor_account else None,
        costs=cost,
        costs_payee=_address(session, costs_payee, "costs payee") if cost else None,
    )
    costs_admission = office.proposed_admission(sent)
    text = f"enforcement case {cid} opened for {session.yuan(claimed)}; asset inquiry issued"
    if costs_admission is not None:
        text += f"; costs of {session.yuan(cost)} proposed as admission {costs_admission} (another judge admits them)"
    data = {"case_id": cid, "claim": session.money(claimed), "costs_admission_id": costs_admission}
    _done(session, data, sent, text)


@enforce.command("join")
@chain_options
@click.argument("case_id")
@click.argument("payee")
@click.argument("claim")
@click.option("--class", "claim_class", default="ordinary", show_default=True, help="ordinary, priority or costs.")
@click.option("--rank", default="0", show_default=True, help="Priority rank 1..8 (lower is paid first).")
@click.option("--basis", default=None, help="Hash (or reference text) of the admission basis.")
@click.option("--as", "as_account", default="judge", show_default=True, help="The proposing judge.")
@amount_options
def join(
    session: Session, case_id: str, payee: str, claim: str, claim_class: str, rank: str, basis: str | None,
    as_account: str,
) -> None:  # fmt: skip
    """Propose another creditor (CLAIM in yuan) for the distribution of an open case (参与分配); a second judge
    admits it."""
    office = _client(session, as_account)
    cid = parse_int(case_id, "case id")
    aid, sent = office.propose_admission(
        cid,
        _address(session, payee, "payee"),
        session.amount(claim, "CLAIM"),
        _choice(ClaimClass, claim_class, "claim class"),
        parse_int(rank, "rank"),
        _hash_or_text(basis, "basis"),
    )
    text = f"case {cid}: admission {aid} proposed; a judge other than you admits it (enforce admit {aid})"
    _done(session, {"case_id": cid, "admission_id": aid}, sent, text)


@enforce.command("admit")
@chain_options
@click.argument("admission_id")
@click.option("--as", "as_account", default="judge2", show_default=True, help="A judge other than the proposer.")
def admit(session: Session, admission_id: str, as_account: str) -> None:
    """Approve a proposed admission (two-person rule): the creditor joins the case."""
    office = _client(session, as_account)
    aid = parse_int(admission_id, "admission id")
    crid, sent = office.approve_admission(aid)
    cid = int(sent.event("AdmissionApproved").args["caseId"])
    data = {"case_id": cid, "admission_id": aid, "creditor_id": crid}
    _done(session, data, sent, f"case {cid}: admission {aid} approved, creditor {crid} admitted")


@enforce.command("cancel-admission")
@chain_options
@click.argument("admission_id")
@click.option("--as", "as_account", default="judge", show_default=True, help="The proposer or a judge.")
def cancel_admission(session: Session, admission_id: str, as_account: str) -> None:
    """Withdraw a proposed admission."""
    office = _client(session, as_account)
    aid = parse_int(admission_id, "admission id")
    sent = office.cancel_admission(aid)
    _done(session, {"admission_id": aid}, sent, f"admission {aid} cancelled")


@enforce.command("report-asset")
@chain_options
@click.argument("case_id")
@click.argument("kind")
@click.argument("ref")
@click.argument("value")
@click.option("--as", "as_account", default="custodian", show_default=True, help="A custodian.")
@amount_options
def report_asset(session: Session, case_id: str, kind: str, ref: str, value: str, as_account: str) -> None:
    """Answer the asset inquiry: KIND (bank-deposit, real-estate, vehicle, securities, other), REF (hash or reference
    text, hashed), VALUE in yuan. Resumes a terminated case; under the automatic policy, freezes bank deposits at
    once."""
    office = _client(session, as_account)
    cid = parse_int(case_id, "case id")
    aid, sent = office.report_asset(
        cid, _choice(AssetKind, kind, "asset kind"), _hash_or_text(ref, "reference"), session.amount(value, "VALUE")
    )
    auto = [int(e.args["orderId"]) for e in sent.all("OrderApproved")]
    resumed = bool(sent.all("CaseResumed"))
    text = f"case {cid}: asset {aid} reported" + (" — case resumed" if resumed else "")
    if auto:
        text += f" — order {auto[0]} approved automatically"
    _done(session, {"case_id": cid, "asset_id": aid, "resumed": resumed, "auto_orders": auto}, sent, text)


@enforce.command("propose")
@chain_options
@click.argument("case_id")
@click.argument("kind", type=click.Choice(["freeze", "deduct", "release"]))
@click.argument("asset_id")
@click.argument("amount")
@click.option("--basis", default=None, help="Hash (or reference text) of the ruling behind the order.")
@click.option("--as", "as_account", default="officer", show_default=True, help="An enforcement officer.")
@amount_options
def propose(
    session: Session, case_id: str, kind: str, asset_id: str, amount: str, basis: str | None, as_account: str
) -> None:
    """Propose a freeze, deduction or release of AMOUNT (yuan) of a reported bank deposit (a judge must approve)."""
    office = _client(session, as_account)
    cid = parse_int(case_id, "case id")
    oid, sent = office.propose_order(
        cid,
        _choice(OrderKind, kind, "order kind"),
        parse_int(asset_id, "asset id"),
        session.amount(amount, "AMOUNT"),
        _hash_or_text(basis, "basis"),
    )
    _done(session, {"case_id": cid, "order_id": oid}, sent, f"case {cid}: order {oid} ({kind}) proposed")


@enforce.command("terminate")
@chain_options
@click.argument("case_id")
@click.option("--basis", required=True, help="Hash (or reference text) of the termination ruling.")
@click.option("--ban/--no-ban", default=True, show_default=True, help="List a high-consumption ban.")
@click.option("--dishonest-reason", default="0", show_default=True, help="Also list as dishonest (reason 1..6).")
@click.option(
    "--credit-key",
    default=None,
    help="The debtor's credit key (`courtchain credit key`), the registry's subject; default: the case's debtor.",
)
@click.option("--as", "as_account", default="officer", show_default=True, help="An enforcement officer.")
def terminate(
    session: Session,
    case_id: str,
    basis: str,
    ban: bool,
    dishonest_reason: str,
    credit_key: str | None,
    as_account: str,
) -> None:
    """Propose terminating the case for lack of property (a judge must approve; the debtor is then listed)."""
    office = _client(session, as_account)
    cid = parse_int(case_id, "case id")
    listing = termination_listing(ban, parse_int(dishonest_reason, "dishonest reason"))
    key = check_hash(credit_key, "credit key") if credit_key is not None else None
    oid, sent = office.propose_order(
        cid, OrderKind.TERMINATE, 0, listing, _hash_or_text(basis, "basis"), credit_key=key
    )
    _done(session, {"case_id": cid, "order_id": oid}, sent, f"case {cid}: termination proposed as order {oid}")


@enforce.command("approve")
@chain_options
@click.argument("order_id")
@click.option("--as", "as_account", default="judge", show_default=True, help="A judge other than the proposer.")
def approve(session: Session, order_id: str, as_account: str) -> None:
    """Approve an order (two-person rule); a termination takes effect at once."""
    office = _client(session, as_account)
    oid = parse_int(order_id, "order id")
    sent = office.approve_order(oid)
    listed = [int(e.args["kind"]) for e in sent.all("DebtorListed")]
    text = f"order {oid} approved" + (" — case terminated" if sent.all("CaseTerminated") else "")
    if listed:
        text += f", debtor listed (kinds {listed})"
    _done(session, {"order_id": oid, "terminated": bool(sent.all("CaseTerminated")), "listed": listed}, sent, text)


@enforce.command("execute")
@chain_options
@click.argument("order_id")
@click.option("--amount", default=None, help="Yuan frozen / deducted / released (default: the order's).")
@click.option("--as", "as_account", default="custodian", show_default=True, help="The asset's custodian.")
@amount_options
def execute(session: Session, order_id: str, amount: str | None, as_account: str) -> None:
    """Execute an approved order as the custodian (a deduction transfers tokens from you into the office)."""
    office = _client(session, as_account)
    oid = parse_int(order_id, "order id")
    sent = office.execute_order(oid, session.amount(amount, "--amount") if amount is not None else None)
    ev = sent.event("OrderExecuted").args
    follow = [int(e.args["orderId"]) for e in sent.all("OrderApproved")]
    done = int(ev["amount"])
    text = f"order {oid} executed: {session.yuan(done)}" + (
        f" — order {follow[0]} approved automatically" if follow else ""
    )
    _done(session, {"order_id": oid, "amount": session.money(done), "auto_orders": follow}, sent, text)


@enforce.command("distribute")
@chain_options
@click.argument("case_id")
@click.option("--page", default="200", show_default=True, help="Creditors per transaction (the office caps at 300).")
@click.option("--all", "all_pages", is_flag=True, help="Send pages until the round completes.")
@click.option("--as", "as_account", default="keeper", show_default=True, help="Any account.")
@amount_options
def distribute(session: Session, case_id: str, page: str, all_pages: bool, as_account: str) -> None:
    """Distribute the case's undistributed money by priority and pro rata (one page, or --all)."""
    office = _client(session, as_account)
    cid = parse_int(case_id, "case id")
    size = parse_int(page, "--page", minimum=1)
    pages = office.distribute_all(cid, size) if all_pages else [office.distribute(cid, size)[2]]
    credited = sum(int(e.args["amount"]) for p in pages for e in p.all("DistributionCredited"))
    done = bool(pages[-1].all("DistributionCompleted"))
    closed = bool(pages[-1].all("CaseClosed"))
    session.emit(
        {
            "case_id": cid,
            "pages": len(pages),
            "credited": session.money(credited),
            "done": done,
            "closed": closed,
            "gas_used": [p.gas_used for p in pages],
        },
        text=f"case {cid}: {session.yuan(credited)} credited in {len(pages)} page(s)"
        + (", round complete" if done else ", more pages to go")
        + (", case closed" if closed else ""),
    )


@enforce.command("withdraw")
@chain_options
@click.argument("case_id")
@click.argument("creditor_id")
@click.option("--as", "as_account", default="creditor", show_default=True, help="The creditor's payee account.")
@amount_options
def withdraw(session: Session, case_id: str, creditor_id: str, as_account: str) -> None:
    """Withdraw what the office owes you in a case."""
    office = _client(session, as_account)
    cid = parse_int(case_id, "case id")
    amount, sent = office.withdraw(cid, parse_int(creditor_id, "creditor id"))
    _done(
        session, {"case_id": cid, "amount": session.money(amount)}, sent, f"case {cid}: withdrew {session.yuan(amount)}"
    )


_CASE_MONEY = ("withdrawn", "outstanding", "frozen", "seized", "distributed", "round_available")


@enforce.command("show")
@chain_options
@click.argument("case_id")
@amount_options
def show(session: Session, case_id: str) -> None:
    """A case: status, money (frozen, seized, distributed, withdrawn, owed, outstanding), creditors, audit head."""
    office = _client(session)
    cid = parse_int(case_id, "case id")
    case = office.case(cid)
    money = office.money(cid)
    creditors = office.creditors(cid)
    audit = office.check_audit(cid)
    balance = office.token_balance()
    m = session.money
    case_json: dict[str, Any] = dict(vars(case))
    case_json.update({k: m(getattr(case, k)) for k in _CASE_MONEY})
    case_json["opened_at"] = when_json(case.opened_at)
    data = {
        "case": case_json,
        "money": {k: m(v) for k, v in vars(money).items()},
        "creditors": [
            dict(vars(c)) | {"claim": m(c.claim), "credited": m(c.credited), "withdrawn": m(c.withdrawn)}
            for c in creditors
        ],
        "office_balance": m(balance),
        "audit": {"head": audit.head, "operations": audit.operations, "verified": audit.ok, "problem": audit.problem},
    }
    if session.as_json:
        session.emit(data)
        return
    session.emit(
        data,
        table=make_table(
            f"case {cid} — {case.status.name.lower()}" + (" (automatic policy)" if case.auto_approval else ""),
            ["money", "amount"],
            [
                (name, session.yuan(getattr(money, name)))
                for name in ("frozen", "seized", "distributed", "withdrawn", "owed", "outstanding", "undistributed")
            ],
        ),
    )
    session.emit(
        creditors,
        table=make_table(
            "creditors",
            ["id", "payee", "class", "rank", "claim", "credited", "withdrawn", "owed"],
            [
                (
                    c.id,
                    c.payee,
                    c.claim_class,
                    c.rank,
                    *(session.yuan(v) for v in (c.claim, c.credited, c.withdrawn, c.owed)),
                )
                for c in creditors
            ],
        ),
        text=f"audit chain: {audit.operations} operations, head 0x{audit.head.hex()} — "
        + ("verified against the contract" if audit.ok else f"BROKEN: {audit.problem}"),
    )
