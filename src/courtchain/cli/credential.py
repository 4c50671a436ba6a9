"""`courtchain credential issue | show | suspend | reinstate | revoke | cancel | discipline | approve | export |
verify`.

Professional credentials (CredentialRegistry). Issuing is one REGISTRAR's act of a licensing member; every status
change and every discipline record is proposed by one REGISTRAR and takes effect when a different REGISTRAR of the
same member runs `courtchain credential approve ACTION`: no single account changes a professional's standing.

The licence number and the name never leave this process: `issue` checks the number's format and commits to it with
a salt (printed once: keep it with the licence file; without it nobody, the holder included, can show what the
commitment binds). `verify FILE` checks a Verifiable Credential here, against the chain; the file is sent nowhere.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import click

from ..clients.credentials import (
    DISCIPLINE_TEXT,
    KIND_NAMES,
    VALIDITY_TEXT,
    ActionKind,
    CredentialClient,
    DisciplineType,
    Validity,
    VerificationError,
    check_licence_number,
    credential_commitment,
    export_vc,
    normalise_name,
    parse_discipline,
    parse_kind,
    standing_json,
    verify_vc,
)
from ..commitments import new_salt, parse_salt
from ..errors import InputError
from ..units import format_time, parse_time
from .inputs import UInt, parse_int
from .session import Session, chain_options, make_table

DAY = 24 * 3600
_HEX64 = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")


def register(cli: click.Group) -> None:
    cli.add_command(credential)


@click.group()
def credential() -> None:
    """Credentials of lawyers, legal-aid workers, mediators, notaries, appraisers: issue, verify, revoke."""


def _decision(value: str) -> bytes:
    """64 hex digits, or the SHA-256 of a readable file."""
    if _HEX64.match(value):
        return bytes.fromhex(value.removeprefix("0x"))
    path = Path(value)
    if path.is_file():
        try:
            return hashlib.sha256(path.read_bytes()).digest()
        except OSError as exc:
            raise InputError(f"cannot read decision file {path}: {exc.strerror}") from None
    raise InputError(f"--decision must be 64 hex digits or a readable file, got {value!r}")


def _show_text(s: dict[str, Any]) -> str:
    lines = [
        f"证书 credential {s['credentialId']}: {s['kindText']}, {s['validityText']}",
        f"  持证人 holder {s['holder']}; 执业机构 firm {s['firm']}; 类别 category {s['category'] or '-'}",
        f"  发证 issued {s['issuedAt']} by {s['issuer']['name']} (member {s['issuer']['member']}, "
        f"{s['issuer']['memberStatus']}{'' if s['issuer']['authorised'] else ', no longer authorised'})",
        f"  有效期至 valid until {s['validUntil']}",
    ]
    for d in s["publicDiscipline"]:
        lines.append(
            f"  处分 discipline {d['id']}: {d['typeText']} ({d['recordedAt']}, public until {d['publicUntil']})"
        )
    return "\n".join(lines)


@credential.command("issue")
@chain_options
@click.argument("holder")
@click.option("--kind", required=True, help=f"Credential kind: {', '.join(KIND_NAMES)}.")
@click.option("--licence-number", required=True, help="Licence number: 17 digits (current) or 12 (older scheme).")
@click.option("--name", "holder_name", required=True, help="The holder's name as on the licence (committed, salted).")
@click.option("--salt", default=None, help="32-byte salt (64 hex digits); a new random one if not given.")
@click.option("--firm", required=True, help="The practising firm or institution.")
@click.option("--category", default="", help="Category code, e.g. 专职 / 兼职 / 公职 (at most 32 bytes).")
@click.option("--valid-until", default=None, help="End of validity (ISO 8601, Beijing time if no zone).")
@click.option("--valid-days", default=365, show_default=True, type=UInt(bits=16), help="Or: days from now.")
@click.option("--as", "as_account", required=True, help="A REGISTRAR of the issuing member.")
def issue_cmd(
    session: Session,
    holder: str,
    kind: str,
    licence_number: str,
    holder_name: str,
    salt: str | None,
    firm: str,
    category: str,
    valid_until: str | None,
    valid_days: int,
    as_account: str,
) -> None:
    """Issue a credential to HOLDER (an account); prints the salt, to be kept with the licence."""
    k = parse_kind(kind)
    number = check_licence_number(licence_number)
    name = normalise_name(holder_name)
    s = parse_salt(salt) if salt is not None else new_salt()
    c = credential_commitment(s, k, number.number, name)
    client = CredentialClient(session.suite, session.account(as_account))
    if valid_until is not None:
        until = parse_time(valid_until)
    else:
        if valid_days == 0:
            raise InputError("--valid-days must be at least 1")
        until = session.suite.chain.timestamp() + valid_days * DAY
    cid, sent = client.issue(holder, k, c, firm, category, until)
    session.emit(
        {
            "credentialId": cid,
            "holder": client.credential(cid).holder,
            "kind": k.name.lower(),
            "commitment": "0x" + c.hex(),
            "salt": "0x" + s.hex(),
            "licenceScheme": number.scheme,
            "validUntil": format_time(until),
            "txHash": sent.tx_hash,
            "gasUsed": sent.gas_used,
        },
        text=f"credential {cid} issued to {holder} ({k.name.lower()}, valid until {format_time(until)}); "
        f"salt 0x{s.hex()} — keep it with the licence",
    )


@credential.command("show")
@chain_options
@click.argument("credential_id", required=False)
@click.option("--holder", default=None, help="Or: the holder's account (with --kind).")
@click.option("--kind", default=None, help=f"With --holder: {', '.join(KIND_NAMES)}.")
def show_cmd(session: Session, credential_id: str | None, holder: str | None, kind: str | None) -> None:
    """A credential's standing now: status, validity, issuer's state and the discipline public now."""
    client = CredentialClient(session.suite)
    if credential_id is not None:
        if holder is not None or kind is not None:
            raise InputError("give CREDENTIAL_ID, or --holder with --kind, not both")
        cid = parse_int(credential_id, "credential id", minimum=1)
    elif holder is not None and kind is not None:
        cid = client.credential_of(holder, parse_kind(kind))
        if cid == 0:
            raise InputError(f"{holder} holds no {kind} credential")
    else:
        raise InputError("give CREDENTIAL_ID, or --holder and --kind")
    s = standing_json(client.standing(cid))
    session.emit(s, text=_show_text(s))


def _propose(
    session: Session, credential_id: str, kind: ActionKind, decision: str, reason: str, as_account: str, **kw: Any
) -> None:
    cid = parse_int(credential_id, "credential id", minimum=1)
    client = CredentialClient(session.suite, session.account(as_account))
    aid, sent = client.propose(cid, kind, _decision(decision), reason, **kw)
    session.emit(
        {
            "actionId": aid,
            "credentialId": cid,
            "action": kind.name.lower(),
            "proposer": client.action(aid).proposer,
            "txHash": sent.tx_hash,
            "gasUsed": sent.gas_used,
        },
        text=f"action {aid}: {kind.name.lower()} credential {cid}; takes effect when another REGISTRAR of the "
        f"same member runs: courtchain credential approve {aid}",
    )


_decision_option = click.option("--decision", required=True, help="Hash (64 hex) or file of the decision.")
_reason_option = click.option("--reason", required=True, help="The reason, for people.")
_as_option = click.option("--as", "as_account", required=True, help="A REGISTRAR of the issuing member.")


@credential.command("suspend")
@chain_options
@click.argument("credential_id")
@_decision_option
@_reason_option
@_as_option
def suspend_cmd(session: Session, credential_id: str, decision: str, reason: str, as_account: str) -> None:
    """Propose to suspend a credential (停止执业); another REGISTRAR approves."""
    _propose(session, credential_id, ActionKind.SUSPEND, decision, reason, as_account)


@credential.command("reinstate")
@chain_options
@click.argument("credential_id")
@_decision_option
@_reason_option
@_as_option
def reinstate_cmd(session: Session, credential_id: str, decision: str, reason: str, as_account: str) -> None:
    """Propose to end a suspension; another REGISTRAR approves."""
    _propose(session, credential_id, ActionKind.REINSTATE, decision, reason, as_account)


@credential.command("revoke")
@chain_options
@click.argument("credential_id")
@_decision_option
@_reason_option
@_as_option
def revoke_cmd(session: Session, credential_id: str, decision: str, reason: str, as_account: str) -> None:
    """Propose to revoke a credential (吊销); another REGISTRAR approves."""
    _propose(session, credential_id, ActionKind.REVOKE, decision, reason, as_account)


@credential.command("cancel")
@chain_options
@click.argument("credential_id")
@_decision_option
@_reason_option
@_as_option
def cancel_cmd(session: Session, credential_id: str, decision: str, reason: str, as_account: str) -> None:
    """Propose to cancel a credential (注销, e.g. on the holder's request); another REGISTRAR approves."""
    _propose(session, credential_id, ActionKind.CANCEL, decision, reason, as_account)


@credential.command("discipline")
@chain_options
@click.argument("credential_id")
@click.option("--type", "dtype", required=True, help="admonition, warning, criticism, censure, suspension, expulsion.")
@click.option("--until", default=None, help="For suspension: end of the suspension of rights (ISO 8601).")
@click.option("--public-days", default=365, show_default=True, type=UInt(bits=16), help="Days the record is public.")
@_decision_option
@_reason_option
@click.option("--as", "as_account", required=True, help="A REGISTRAR of a disciplining member (e.g. the bar).")
def discipline_cmd(
    session: Session,
    credential_id: str,
    dtype: str,
    until: str | None,
    public_days: int,
    decision: str,
    reason: str,
    as_account: str,
) -> None:
    """Propose a discipline record (行业处分); another REGISTRAR of the same member approves."""
    t = parse_discipline(dtype)
    if (t == DisciplineType.SUSPENSION_OF_RIGHTS) != (until is not None):
        raise InputError("--until is required for a suspension of rights, and only for it")
    if public_days == 0:
        raise InputError("--public-days must be at least 1")
    now = session.suite.chain.timestamp()
    _propose(
        session,
        credential_id,
        ActionKind.DISCIPLINE,
        decision,
        reason,
        as_account,
        discipline=t,
        until=parse_time(until) if until is not None else 0,
        public_until=now + public_days * DAY,
    )


@credential.command("approve")
@chain_options
@click.argument("action_id")
@click.option("--as", "as_account", required=True, help="Another REGISTRAR of the proposing member.")
def approve_cmd(session: Session, action_id: str, as_account: str) -> None:
    """Approve another REGISTRAR's proposed action; it takes effect at once."""
    aid = parse_int(action_id, "action id", minimum=1)
    client = CredentialClient(session.suite, session.account(as_account))
    a = client.action(aid)
    sent = client.approve(aid)
    s = standing_json(client.standing(a.credential_id))
    session.emit(
        {"actionId": aid, "action": a.kind.name.lower(), "txHash": sent.tx_hash, "gasUsed": sent.gas_used, **s},
        text=f"action {aid} approved: {a.kind.name.lower()}\n" + _show_text(s),
    )


@credential.command("export")
@chain_options
@click.argument("credential_id")
@click.option("--as", "as_account", required=True, help="The account that issued the credential (signs EIP-712).")
@click.option("--out", "out_path", default=None, help="Write the Verifiable Credential here (default: stdout).")
@click.option("--licence-number", default=None, help="Disclose: the licence number (with --name and --salt).")
@click.option("--name", "holder_name", default=None, help="Disclose: the holder's name.")
@click.option("--salt", default=None, help="Disclose: the salt of the commitment.")
def export_cmd(
    session: Session,
    credential_id: str,
    as_account: str,
    out_path: str | None,
    licence_number: str | None,
    holder_name: str | None,
    salt: str | None,
) -> None:
    """Export a credential as a W3C Verifiable Credential (JSON) signed by its issuer with EIP-712."""
    cid = parse_int(credential_id, "credential id", minimum=1)
    parts = (licence_number, holder_name, salt)
    if any(p is not None for p in parts) and not all(p is not None for p in parts):
        raise InputError("a disclosure needs --licence-number, --name and --salt together")
    disclosure = None
    if salt is not None:
        disclosure = {"licenceNumber": str(licence_number), "name": str(holder_name), "salt": salt}
    client = CredentialClient(session.suite)
    vc = export_vc(client, cid, session.local_account(as_account, "a Verifiable Credential"), disclosure=disclosure)
    text = json.dumps(vc, ensure_ascii=False, indent=2)
    if out_path is None and not session.as_json:
        click.echo(text)
        return
    if out_path is not None:
        try:
            Path(out_path).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {out_path}: {exc.strerror}") from None
    # under --json the credential itself is printed as it is (its keys are the W3C data model's, not snake_case)
    if session.as_json:
        click.echo(json.dumps({"credential_id": cid, "path": out_path, "vc": vc}, ensure_ascii=False, indent=2))
        return
    session.emit({"credentialId": cid, "path": out_path}, text=f"credential {cid} written to {out_path}")


@credential.command("verify")
@chain_options
@click.argument("path")
def verify_cmd(session: Session, path: str) -> None:
    """Check a Verifiable Credential FILE here against the chain (it is sent nowhere): the issuer's signature, the
    content, and the standing now. Exit 1 if the file does not verify; a genuine credential that is no longer valid
    verifies, with `valid: false` and the reason."""
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        vc = json.loads(raw)
    except ValueError:
        raise VerificationError(f"{path} is not JSON") from None
    result = verify_vc(session.suite, vc)
    s = standing_json(result.standing)
    v = result.standing.validity
    session.emit(
        {"authentic": True, "signer": result.signer, "disclosed": result.disclosed, **s},
        table=make_table(
            "可验证凭证 Verifiable Credential",
            ["", ""],
            [
                ["签名 signature", f"issuer's ({result.signer})"],
                ["状态 standing", VALIDITY_TEXT[v]],
                [
                    "处分 discipline",
                    ", ".join(DISCIPLINE_TEXT[d.type] for d in result.standing.public_discipline) or "-",
                ],
            ],
        ),
        text=_show_text(s) if v == Validity.VALID else _show_text(s) + "\n  NOT VALID NOW",
    )
