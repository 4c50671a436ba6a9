"""`courtchain agreement create | sign | confirm | pay | acknowledge | withdraw | status | trigger | trigger-due |
register-judgment`: mediation agreements and judgments as enforceable obligations.

`sign --offline` produces a party's EIP-712 signature without sending anything (and without a node when the chain
id, registry, terms hash and nonce are given) and writes it to a file; a mediator submits it with `sign --submit`.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import click

from ..clients.base import Sent, check_hash
from ..clients.obligations import (
    AgreementTerms,
    Consequence,
    Obligation,
    ObligationClient,
    SignedAgreement,
    SkipReason,
    case_type_code,
    sign_agreement_offline,
)
from ..errors import ContractRevert, CourtchainError, InputError
from ..units import UnitError, parse_time
from .amounts import amount_options, when, when_json
from .exits import ExitCode
from .inputs import UINT, UINT32, address_or_account, check_address, hash_or_file, output_file
from .session import Session, chain_options, err_console, make_table

MAX_BATCH = 100
_DURATION = re.compile(r"^(\d+)([smhd]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def register(cli: click.Group) -> None:
    cli.add_command(agreement)


@click.group()
def agreement() -> None:
    """Mediation agreements and judgments: signatures, payments, and default that files trial or enforcement."""


# -- parsing helpers --------------------------------------------------------------------------------------------------


def parse_duration(value: str) -> int:
    """Seconds from `90`, `90s`, `15m`, `12h` or `30d`."""
    m = _DURATION.match(value.strip().lower())
    if not m:
        raise InputError(f"malformed duration {value!r} (e.g. 3600, 15m, 12h, 30d)")
    return int(m.group(1)) * _UNITS[m.group(2)]


def parse_when(value: str, now: int) -> int:
    """A unix time: `+30d` (from now), ISO 8601 (`2027-03-01`, `2027-03-01T12:00`, `...+08:00`; Beijing time when
    no zone is given), or seconds since the epoch."""
    v = value.strip()
    if v.startswith("+"):
        return now + parse_duration(v[1:])
    try:
        return parse_time(v)
    except UnitError:
        raise InputError(
            f"malformed time {value!r} (use +30d, 2027-03-01, 2027-03-01T12:00 (Beijing time), "
            "2027-03-01T12:00+08:00 or unix seconds)"
        ) from None


def account_arg(session: Session, value: str, what: str = "account") -> str:
    """An address (EIP-55 checked), or the address of a named account (dev name, keystore:PATH, env:VAR)."""
    return address_or_account(value, what, session.account)


def _sent(session: Session, sent: Sent, text: str, **extra: Any) -> None:
    session.emit(
        {
            "tx_hash": sent.tx_hash,
            "block": sent.block,
            "gas_used": sent.gas_used,
            **extra,
            "events": [e.name for e in sent.events],
        },
        text=text,
    )


_MONEY_FIELDS = ("total", "paid", "acknowledged", "claim_amount", "pending_claim")
_TIME_FIELDS = ("created_at", "closed_at")


def obligation_json(session: Session, o: Obligation) -> dict[str, Any]:
    """An obligation in --json: amounts as {base_units, yuan}, times as ISO 8601 (Beijing time)."""
    data: dict[str, Any] = {k: v for k, v in vars(o).items()}
    for k in _MONEY_FIELDS:
        data[k] = session.money(getattr(o, k))
    for k in _TIME_FIELDS:
        data[k] = when_json(getattr(o, k))
    data["amounts"] = [session.money(a) for a in o.amounts]
    data["due_dates"] = [when_json(d) for d in o.due_dates]
    return data


def terms_json(session: Session, terms: AgreementTerms) -> dict[str, Any]:
    data = terms.to_json()
    data["amounts"] = [session.money(a) for a in terms.amounts]
    data["dueDates"] = [when_json(d) for d in terms.due_dates]
    return data


def _obligation_rows(session: Session, o: Obligation) -> list[tuple[str, Any]]:
    y = session.yuan
    return [
        ("kind", o.kind.name.lower()),
        ("status", o.status.name.lower()),
        ("consequence", o.consequence.name.lower()),
        ("judicially confirmed", o.judicially_confirmed),
        ("debtor", f"{o.debtor_account} (signed: {o.debtor_signed})"),
        ("creditor", f"{o.creditor_account} (signed: {o.creditor_signed})"),
        ("document", "0x" + o.document_hash.hex()),
        ("terms hash", "0x" + o.terms_hash.hex()),
        ("total / paid / acknowledged", f"{y(o.total)} / {y(o.paid)} / {y(o.acknowledged)}"),
        ("grace period (s)", o.grace_period),
        ("court / case type", f"{o.court_id} / {o.case_type}"),
        ("claim / consequence id", f"{y(o.claim_amount)} / {o.consequence_id}"),
        ("pending claim", y(o.pending_claim)),
    ]


# -- commands -------------------------------------------------------------------------------------------------------


@agreement.command("create")
@chain_options
@click.option("--debtor", "debtor_account", required=True, help="Debtor's address or account name.")
@click.option("--creditor", "creditor_account", required=True, help="Creditor's address or account name.")
@click.option("--debtor-commitment", required=True, help="Debtor's salted identity commitment (hex).")
@click.option("--creditor-commitment", required=True, help="Creditor's salted identity commitment (hex).")
@click.option("--document", required=True, help="The agreement's file (hashed with SHA-256) or its hash.")
@click.option(
    "--instalment",
    "instalments",
    multiple=True,
    required=True,
    help="AMOUNT@WHEN in yuan, e.g. 3000@+30d, 3,000.00@2027-03-01 or ¥3000@2027-03-01T10:00+08:00 (repeat, in "
    "order; a time without a zone is Beijing time).",
)
@click.option("--grace", default="0", show_default=True, help="Grace period after each due date (e.g. 5d).")
@click.option("--acceleration", is_flag=True, help="One default makes the rest due.")
@click.option("--consequence", type=click.Choice(["trial", "enforcement"]), default="trial", show_default=True)
@click.option("--court", "court_id", type=UINT32, default=0, help="Court member id that hears the trial case.")
@click.option("--case-type", default="", help="Case type code of the trial case, e.g. 民初.")
@click.option("--token", default=None, help="Settlement token (default: the suite's).")
@click.option("--as", "as_account", default="mediator", show_default=True, help="Recording mediator.")
@amount_options
def create(
    session: Session,
    debtor_account: str,
    creditor_account: str,
    debtor_commitment: str,
    creditor_commitment: str,
    document: str,
    instalments: tuple[str, ...],
    grace: str,
    acceleration: bool,
    consequence: str,
    court_id: int,
    case_type: str,
    token: str | None,
    as_account: str,
) -> None:
    """Record a mediation agreement; it binds once both parties have signed."""
    doc = hash_or_file(document, "--document")
    grace_s = parse_duration(grace)
    reg = ObligationClient(session.suite, session.account(as_account))
    now = session.chain.timestamp()
    amounts: list[int] = []
    dues: list[int] = []
    for spec in instalments:
        if "@" not in spec:
            raise InputError(f"malformed instalment {spec!r} (expected AMOUNT@WHEN, e.g. 3000@+30d)")
        amount, when = spec.split("@", 1)
        amounts.append(session.amount(amount, "--instalment amount", minimum=1))
        dues.append(parse_when(when, now))
    terms = AgreementTerms(
        document_hash=doc,
        debtor=check_hash(debtor_commitment, "debtor commitment"),
        debtor_account=account_arg(session, debtor_account, "--debtor"),
        creditor=check_hash(creditor_commitment, "creditor commitment"),
        creditor_account=account_arg(session, creditor_account, "--creditor"),
        token=check_address(token, "--token") if token else session.suite.address("SettlementToken"),
        amounts=tuple(amounts),
        due_dates=tuple(dues),
        grace_period=grace_s,
        acceleration=acceleration,
        consequence=Consequence.TRIAL if consequence == "trial" else Consequence.ENFORCEMENT,
        court_id=court_id,
        case_type=case_type_code(case_type) if case_type else b"\0" * 32,
    )
    oid, sent = reg.create_agreement(terms)
    _sent(
        session,
        sent,
        f"agreement {oid} recorded: {len(amounts)} instalment(s), total {session.yuan(terms.total)}; waiting for "
        "both signatures",
        obligation_id=oid,
        terms_hash="0x" + terms.hash().hex(),
        terms=terms_json(session, terms),
    )


@agreement.command("sign")
@click.argument("obligation_id", type=UINT, required=False)
@chain_options
@click.option(
    "--as", "as_account", default=None, help="Signing party [debtor]; with --submit, the mediator [mediator]."
)
@click.option("--offline", is_flag=True, help="Write an EIP-712 signature to --out instead of sending.")
@click.option("--out", help="Signature file to write (--offline).")
@click.option(
    "--deadline",
    default="+7d",
    show_default=True,
    help="Last time the signature may be submitted: +7d, or ISO 8601 (Beijing time when no zone is given).",
)
@click.option("--chain-id", type=UINT, default=None, help="Offline without a node: the chain id.")
@click.option("--registry", default=None, help="Offline without a node: the ObligationRegistry address.")
@click.option("--terms-hash", default=None, help="Offline without a node: the agreement's terms hash.")
@click.option("--nonce", type=UINT, default=None, help="Offline without a node: the signer's current nonce.")
@click.option(
    "--submit",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Submit a party's signature file (as a mediator).",
)
def sign(
    session: Session,
    obligation_id: int | None,
    as_account: str | None,
    offline: bool,
    out: str | None,
    deadline: str,
    chain_id: int | None,
    registry: str | None,
    terms_hash: str | None,
    nonce: int | None,
    submit: Path | None,
) -> None:
    """Sign agreement OBLIGATION_ID on chain, offline into a file, or submit a party's signature file."""
    if submit is not None:
        signed = SignedAgreement.read(submit)
        reg = ObligationClient(session.suite, session.account(as_account or "mediator"))
        sent = reg.submit_signature(signed)
        binding = bool(sent.all("AgreementBinding"))
        text = f"signature of {signed.signer} on agreement {signed.obligation_id} submitted" + (
            "; the agreement now binds" if binding else ""
        )
        _sent(session, sent, text, obligation_id=signed.obligation_id, signer=signed.signer, binding=binding)
        return
    if obligation_id is None:
        raise InputError("give the agreement's id (or --submit FILE)")
    if offline:
        if out is None:
            raise InputError("--offline needs --out FILE")
        out_path = output_file(out, "--out")
        local = session.local_account(as_account or "debtor", "signing an agreement off chain")
        given = (chain_id, registry, terms_hash, nonce)
        if all(v is not None for v in given):
            assert chain_id is not None and registry is not None and terms_hash is not None and nonce is not None
            when = parse_when(deadline, int(time.time()))
            signed = sign_agreement_offline(
                local,
                chain_id=chain_id,
                registry=check_address(registry, "--registry"),
                obligation_id=obligation_id,
                terms_hash=check_hash(terms_hash, "terms hash"),
                nonce=nonce,
                deadline=when,
            )
        elif any(v is not None for v in given):
            raise InputError("signing without a node needs all of --chain-id, --registry, --terms-hash and --nonce")
        else:
            session.require_chain_for_writes("--offline without --chain-id, --registry, --terms-hash, --nonce reads")
            reg = ObligationClient(session.suite, local)
            signed = reg.sign_offline(obligation_id, parse_when(deadline, session.chain.timestamp()))
        signed.write(out_path)
        session.emit(
            signed.to_json() | {"file": str(out_path)},
            text=f"{local.address} signed agreement {obligation_id} (nonce {signed.nonce}) → {out}",
        )
        return
    acct = session.account(as_account or "debtor")
    reg = ObligationClient(session.suite, acct)
    sent = reg.sign(obligation_id)
    binding = bool(sent.all("AgreementBinding"))
    text = f"{acct.address} signed agreement {obligation_id}" + ("; the agreement now binds" if binding else "")
    _sent(session, sent, text, obligation_id=obligation_id, binding=binding)


@agreement.command("confirm")
@click.argument("obligation_id", type=UINT)
@chain_options
@click.option("--ruling", required=True, help="The confirmation ruling's file (SHA-256) or hash.")
@click.option("--as", "as_account", default="judge", show_default=True)
def confirm(session: Session, obligation_id: int, ruling: str, as_account: str) -> None:
    """Judicially confirm a binding agreement: its default will open an enforcement case."""
    reg = ObligationClient(session.suite, session.account(as_account))
    sent = reg.confirm(obligation_id, hash_or_file(ruling, "RULING"))
    _sent(session, sent, f"agreement {obligation_id} judicially confirmed", obligation_id=obligation_id)


@agreement.command("pay")
@click.argument("obligation_id", type=UINT)
@click.argument("amount", type=str)
@chain_options
@click.option("--as", "as_account", default="debtor", show_default=True)
@amount_options
def pay(session: Session, obligation_id: int, amount: str, as_account: str) -> None:
    """Pay AMOUNT (yuan: 3000, 3,000.00 or ¥3000) of the settlement token towards the obligation (approves the
    registry first if needed)."""
    reg = ObligationClient(session.suite, session.account(as_account))
    units = session.amount(amount, "AMOUNT")
    sent = reg.pay(obligation_id, units)
    o = reg.obligation(obligation_id)
    _sent(
        session,
        sent,
        f"paid {session.yuan(units)} on obligation {obligation_id}: {session.yuan(o.paid)} of "
        f"{session.yuan(o.total)}, {o.status.name.lower()}",
        obligation_id=obligation_id,
        amount=session.money(units),
        paid=session.money(o.paid),
        status=o.status,
    )


@agreement.command("acknowledge")
@click.argument("obligation_id", type=UINT)
@click.argument("amount", type=str)
@chain_options
@click.option("--evidence", default="0x" + "00" * 32, help="Receipt file (SHA-256) or hash.")
@click.option("--as", "as_account", default="creditor", show_default=True)
@amount_options
def acknowledge(session: Session, obligation_id: int, amount: str, evidence: str, as_account: str) -> None:
    """As the creditor, acknowledge AMOUNT (yuan) paid off chain."""
    reg = ObligationClient(session.suite, session.account(as_account))
    units = session.amount(amount, "AMOUNT")
    sent = reg.acknowledge(obligation_id, units, hash_or_file(evidence, "EVIDENCE"))
    o = reg.obligation(obligation_id)
    _sent(
        session,
        sent,
        f"acknowledged {session.yuan(units)} on obligation {obligation_id}: {session.yuan(o.paid)} of "
        f"{session.yuan(o.total)}, {o.status.name.lower()}",
        obligation_id=obligation_id,
        amount=session.money(units),
        paid=session.money(o.paid),
        status=o.status,
    )


@agreement.command("withdraw")
@chain_options
@click.option("--token", default=None, help="Token (default: the suite's settlement token).")
@click.option("--as", "as_account", default="creditor", show_default=True)
@amount_options
def withdraw(session: Session, token: str | None, as_account: str) -> None:
    """Withdraw the payments credited to you."""
    reg = ObligationClient(session.suite, session.account(as_account))
    sent = reg.withdraw(token or session.suite.address("SettlementToken"))
    amount = int(sent.event("Withdrawn").args["amount"])
    _sent(session, sent, f"withdrew {session.yuan(amount)}", amount=session.money(amount))


@agreement.command("register-judgment")
@click.argument("case_id", type=UINT)
@click.argument("index", type=UINT)
@chain_options
@click.option("--as", "as_account", default="keeper", show_default=True)
def register_judgment(session: Session, case_id: int, index: int, as_account: str) -> None:
    """Register obligation INDEX of the judgment of docket case CASE_ID (anyone may, once)."""
    reg = ObligationClient(session.suite, session.account(as_account))
    oid, sent = reg.register_judgment(case_id, index)
    _sent(session, sent, f"judgment ({case_id}, {index}) registered as obligation {oid}", obligation_id=oid)


@agreement.command("status")
@click.argument("obligation_id", type=UINT)
@chain_options
@amount_options
def status(session: Session, obligation_id: int) -> None:
    """An obligation, its instalments and its default view."""
    reg = ObligationClient(session.suite)
    o = reg.obligation(obligation_id)
    d = reg.default_state(obligation_id)
    now = session.chain.timestamp()
    if d.in_default:
        verdict = f"in default since {when(d.since)} (instalment {d.instalment + 1}); claim {session.yuan(d.claimable)}"
    elif d.since:
        verdict = f"not in default; default possible from {when(d.since)} (in {max(d.since - now, 0)} s)"
    else:
        verdict = f"not in default ({o.status.name.lower()})"
    table = make_table(f"obligation {obligation_id}", ["field", "value"], _obligation_rows(session, o))
    sched = make_table(
        "instalments (Beijing time)",
        ["#", "amount", "due", "default from"],
        [
            (i + 1, session.yuan(a), when(due), when(due + o.grace_period + 1))
            for i, (a, due) in enumerate(zip(o.amounts, o.due_dates, strict=True))
        ],
    )
    if session.as_json:
        default = {
            "in_default": d.in_default,
            "instalment": d.instalment,
            "since": when_json(d.since),
            "overdue": session.money(d.overdue),
            "outstanding": session.money(d.outstanding),
            "claimable": session.money(d.claimable),
        }
        session.emit({"obligation": obligation_json(session, o), "default": default, "chain_time": when_json(now)})
        return
    session.emit(None, table=table)
    session.emit(None, table=sched, text=verdict)


@agreement.command("trigger")
@click.argument("obligation_id", type=UINT)
@chain_options
@click.option("--as", "as_account", default="keeper", show_default=True, help="Any account.")
@amount_options
def trigger(session: Session, obligation_id: int, as_account: str) -> None:
    """Put an overdue obligation into default: files the trial case or opens the enforcement case."""
    reg = ObligationClient(session.suite, session.account(as_account))
    sent = reg.trigger_default(obligation_id)
    o = reg.obligation(obligation_id)
    claim = int(sent.event("ObligationDefaulted").args["claimAmount"])
    pending = reg.pending_in(sent)
    if pending:
        text = (
            f"obligation {obligation_id} defaulted for {session.yuan(claim)}; the {o.consequence.name.lower()} was "
            f"refused ({pending[0].error}) and waits: {session.yuan(o.pending_claim)} pending, retry with "
            f"`agreement retry {obligation_id}`"
        )
    else:
        where = "trial filing" if sent.all("TrialFiled") else "enforcement case"
        text = f"obligation {obligation_id} defaulted: {where} {o.consequence_id} for {session.yuan(claim)}"
    _sent(
        session,
        sent,
        text,
        obligation_id=obligation_id,
        status=o.status,
        consequence=o.consequence,
        consequence_id=o.consequence_id,
        claim_amount=session.money(claim),
        pending_claim=session.money(o.pending_claim),
        pending_error=pending[0].error if pending else None,
    )


@agreement.command("retry")
@click.argument("obligation_id", type=UINT)
@chain_options
@click.option("--as", "as_account", default="keeper", show_default=True, help="Any account but the debtor's.")
@amount_options
def retry(session: Session, obligation_id: int, as_account: str) -> None:
    """File the pending consequence of a default again (after the docket or office refused it)."""
    reg = ObligationClient(session.suite, session.account(as_account))
    claim = reg.obligation(obligation_id).pending_claim
    sent = reg.retry_consequence(obligation_id)
    o = reg.obligation(obligation_id)
    where = "trial filing" if sent.all("TrialFiled") else "enforcement case"
    _sent(
        session,
        sent,
        f"obligation {obligation_id}: {where} {o.consequence_id} for {session.yuan(claim)}",
        obligation_id=obligation_id,
        consequence=o.consequence,
        consequence_id=o.consequence_id,
        claim_amount=session.money(claim),
    )


@agreement.command("trigger-due")
@click.argument("obligation_ids", type=UINT, nargs=-1)
@chain_options
@click.option("--as", "as_account", default="keeper", show_default=True, help="Any account.")
def trigger_due(session: Session, obligation_ids: tuple[int, ...], as_account: str) -> None:
    """Trigger every obligation (of those given, or of all) that is in default now, in batches. A consequence the
    docket or the office refuses leaves the default recorded and the claim pending (listed; exit status 1)."""
    reg = ObligationClient(session.suite, session.account(as_account))
    due = reg.due_ids(list(obligation_ids) if obligation_ids else None)
    defaulted: list[int] = []
    skipped: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for start in range(0, len(due), MAX_BATCH):
        chunk = due[start : start + MAX_BATCH]
        try:
            sents = [reg.trigger_defaults(chunk)]
        except ContractRevert:  # e.g. too little gas for one consequence call: go one by one
            sents = []
            for oid in chunk:
                try:
                    sents.append(reg.trigger_default(oid))
                except ContractRevert as exc:
                    refused.append({"obligation_id": oid, "error": exc.error, "arguments": exc.arguments})
        for sent in sents:
            defaulted += [int(e.args["obligationId"]) for e in sent.all("ObligationDefaulted")]
            skipped += [
                {"obligation_id": int(e.args["obligationId"]), "reason": SkipReason(e.args["reason"])}
                for e in sent.all("DefaultSkipped")
            ]
            refused += [
                {"obligation_id": p.obligation_id, "error": p.error, "arguments": p.arguments, "pending": True}
                for p in reg.pending_in(sent)
            ]
    text = f"defaulted {len(defaulted)}: {defaulted}" if defaulted else "nothing defaulted"
    if skipped:
        text += "; skipped " + ", ".join(f"{s['obligation_id']} ({s['reason'].name.lower()})" for s in skipped)
    if refused:
        text += "; refused " + ", ".join(f"{r['obligation_id']} ({r['error']})" for r in refused)
    session.emit({"defaulted": defaulted, "skipped": skipped, "refused": refused}, text=text)
    if refused:
        message = (
            f"{len(refused)} consequence(s) refused by the docket or the office: {refused_ids(refused)}"
            " (defaults recorded are pending: `agreement retry`)"
        )
        if session.as_json:  # the result object says what was refused: no second (error) object on stdout
            err_console.print(f"error: {message}", markup=False)
            raise SystemExit(ExitCode.FAILED)
        raise TriggerRefused(message)


class TriggerRefused(CourtchainError):
    """Some defaults could not be triggered (their intake was refused)."""


def refused_ids(refused: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r['obligation_id']} ({r['error']})" for r in refused)
