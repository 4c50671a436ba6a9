"""`courtchain evidence anchor | revoke | service`, `courtchain verify`, `courtchain serve`, `courtchain acknowledge`.

Exit codes of `verify`: 0 the document is on chain and in force; 1 it matches no record (or its proof fails);
4 it is on chain but revoked or superseded.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click
from eth_account.signers.local import LocalAccount

from .. import commitments
from ..clients.consortium import ConsortiumClient
from ..clients.evidence import (
    ANCHORING_ROLES,
    KINDS_BY_ROLE,
    AnchorRole,
    Anchors,
    AnchorStatus,
    Capacity,
    DocumentKind,
    EvidenceClient,
    ServiceMethod,
    Verification,
    parse_anchor_role,
    parse_enum,
)
from ..errors import ContractRevert, InputError, UsageError
from ..privacy import CaseContext, pseudonym
from ..units import UnitError, format_time, parse_time
from ..verify import LEAF_ENCODING, MANIFEST_FORMAT, ProofFile, read_proof, sha256_file
from .amounts import when_json, with_units
from .inputs import UInt, address_or_account, existing_file, hash_or_file, parse_int
from .session import Session, chain_options, console, make_table

EXIT_NOT_FOUND = 1
EXIT_REVOKED = 4


def register(cli: click.Group) -> None:
    cli.add_command(evidence)
    cli.add_command(verify_cmd)
    cli.add_command(serve_cmd)
    cli.add_command(acknowledge_cmd)


def _utc(ts: int) -> str:
    """A time as a person reads it: ISO 8601 with its zone, Beijing time (units.format_time)."""
    return format_time(ts)


_SERVICE_TIMES = frozenset({"served_at", "deemed_served_at", "acknowledged_at"})


def _deemed_at(text: str) -> int:
    if text.strip().isdigit():
        return parse_int(text, "--deemed-at", bits=64)
    try:
        return parse_time(text)
    except UnitError as exc:
        raise UsageError(f"--deemed-at: {exc}", option="--deemed-at") from None


def _expand(paths: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Files to anchor, with the name each is known by in a manifest (path relative to its folder argument)."""
    out: list[tuple[Path, str]] = []
    for spec in paths:
        p = Path(spec)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not any(x.startswith(".") for x in f.parts))
            out += [(f, f.relative_to(p).as_posix()) for f in files]
        elif p.is_file():
            out.append((p, p.name))
        else:
            raise InputError(f"no such file or folder: {spec}")
    if not out:
        raise InputError("nothing to anchor: the folder(s) hold no files")
    names = [n for _, n in out]
    if len(set(names)) != len(names):
        raise InputError("two documents have the same name; anchor them from one folder or in separate runs")
    return out


def _role_of(hub: ConsortiumClient, address: str, role: str, kind: DocumentKind | None = None) -> AnchorRole:
    """The role to act under: as given, none for `party`, or the first anchoring role the account holds that may
    anchor `kind` (the contract's role/kind table)."""
    if role != "auto":
        return parse_anchor_role(role)
    held = [r for r in ANCHORING_ROLES if hub.has_role(r, address)]
    for r in held:
        if kind is None or kind in KINDS_BY_ROLE[AnchorRole[r]]:
            return AnchorRole[r]
    if held and kind is not None and kind not in KINDS_BY_ROLE[AnchorRole.NONE]:
        names = ", ".join(r.lower().replace("_", "-") for r in held)
        raise InputError(f"none of this account's roles ({names}) anchors {kind.name.lower().replace('_', '-')}")
    return AnchorRole.NONE


def _who(session: Session, address: str, member_id: int, capacity: Capacity, role: AnchorRole = AnchorRole.NONE) -> str:
    if capacity == Capacity.INSTITUTION and member_id:
        name = ConsortiumClient(session.suite).member(member_id).name
        as_role = role.name.lower().replace("_", " ")
        return f"{name} (member {member_id}), account {address}, as an institution ({as_role})"
    if member_id:
        name = ConsortiumClient(session.suite).member(member_id).name
        return f"account {address} of {name} (member {member_id}), as a party"
    return f"account {address}, as a party (not a consortium member)"


# -- evidence group ------------------------------------------------------------------------------------------------


@click.group()
def evidence() -> None:
    """Anchor judicial documents by content hash; revoke or supersede them; show services."""


_KINDS = [k.name.lower().replace("_", "-") for k in DocumentKind if k != DocumentKind.NONE]


@evidence.command("anchor")
@chain_options
@click.argument("files", nargs=-1, required=True)
@click.option("--kind", default="evidence", show_default=True, type=click.Choice(_KINDS), help="What they are.")
@click.option("--case", "case_id", default="0", help="CaseDocket case id (0: none).")
@click.option("--as", "as_account", default="registrar", show_default=True, help="Signing account.")
@click.option(
    "--role",
    default="auto",
    show_default=True,
    help="Role to act under (judge, clerk, registrar, mediator, enforcement-officer), `party`, or `auto`.",
)
@click.option("--out", "out_dir", default=None, help="Folder for the manifest and proof files of a batch.")
def anchor_cmd(
    session: Session, files: tuple[str, ...], kind: str, case_id: str, as_account: str, role: str, out_dir: str | None
) -> None:
    """Anchor FILE... : one file is anchored alone; several files or a folder in ONE batch transaction (Merkle root),
    writing a proof file per document next to a manifest."""
    docs = _expand(files)
    case = parse_int(case_id, "--case", bits=64)
    doc_kind = parse_enum(DocumentKind, kind, "document kind")
    account = session.account(as_account)
    client = EvidenceClient(session.suite, account)
    acting = _role_of(ConsortiumClient(session.suite), account.address, role, doc_kind)
    hashes = []
    for path, _ in docs:
        hashes.append(sha256_file(path))
    single = len(docs) == 1 and not Path(files[0]).is_dir()
    if single:
        path = docs[0][0]
        try:
            sent = client.anchor(hashes[0], doc_kind, case, acting)
        except ContractRevert as exc:
            if exc.error == "EvidenceAlreadyAnchored":
                a = exc.arguments
                raise InputError(
                    f"{path} was already anchored by this account ({a['anchorer']}) at "
                    f"{_utc(int(a['anchoredAt']))}; an account anchors a document once (revoke or supersede it)"
                ) from None
            raise
        data = {
            "file": str(path),
            "content_hash": hashes[0],
            "kind": doc_kind,
            "case_id": case,
            "capacity": "institution" if acting != AnchorRole.NONE else "party",
            "role": acting.name.lower(),
            "tx_hash": sent.tx_hash,
            "gas_used": sent.gas_used,
        }
        session.emit(
            data, text=f"anchored {path}\n  sha256 0x{hashes[0].hex()}\n  tx {sent.tx_hash} ({sent.gas_used} gas)"
        )
        return
    proof_names = [re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".proof.json" for _, name in docs]
    if len(set(proof_names)) != len(proof_names):
        raise InputError("two documents' names map to the same proof file name; rename one of them")
    session.note(f"hashed {len(docs)} documents; anchoring their Merkle root in one transaction")
    batch = client.anchor_batch(hashes, doc_kind, case, acting)
    root_hex = "0x" + batch.root.hex()
    if out_dir is None:
        first = Path(files[0])
        out = first.parent / (first.name + ".proofs") if len(files) == 1 else Path(f"courtchain-batch-{root_hex[2:10]}")
    else:
        out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chain_id = session.suite.chain.chain_id
    entries = []
    for (_path, name), h, proof_name in zip(docs, hashes, proof_names, strict=True):
        ProofFile(h, batch.root, batch.tree.proof(h), name, chain_id, client.address, batch.sent.tx_hash).write(
            out / proof_name
        )
        entries.append({"file": name, "content_hash": "0x" + h.hex(), "proof": proof_name})
    manifest = {
        "format": MANIFEST_FORMAT,
        "root": root_hex,
        "count": batch.count,
        "kind": doc_kind.name.lower(),
        "case_id": case,
        "capacity": "institution" if acting != AnchorRole.NONE else "party",
        "role": acting.name.lower(),
        "submitter": account.address,
        "chain_id": chain_id,
        "contract": client.address,
        "tx_hash": batch.sent.tx_hash,
        "gas_used": batch.sent.gas_used,
        "leaf_encoding": LEAF_ENCODING,
        "documents": entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    summary = {k: v for k, v in manifest.items() if k != "documents"} | {"manifest": str(out / "manifest.json")}
    session.emit(
        summary,
        text=(
            f"anchored {batch.count} documents in one transaction {batch.sent.tx_hash}\n"
            f"  root {root_hex}\n  gas {batch.sent.gas_used} ({batch.sent.gas_used / batch.count:.1f} per document)\n"
            f"  manifest and proofs in {out}"
        ),
    )


def _hash_arg(value: str, what: str) -> bytes:
    """A file's SHA-256, or a 0x-hash given directly."""
    if re.fullmatch(r"0x[0-9a-fA-F]{64}", value):
        return bytes.fromhex(value[2:])
    hash_or_file(value, what)  # a clear message for what is neither a file nor a 32-byte hash
    return sha256_file(value)


@evidence.command("revoke")
@chain_options
@click.argument("document")
@click.option("--superseded-by", default=None, help="File or 0x-hash of the replacing document (supersession).")
@click.option("--proof", "proof_path", default=None, help="Proof file, for a document anchored in a batch.")
@click.option("--as", "as_account", default="registrar", show_default=True, help="The account that anchored it.")
def revoke_cmd(
    session: Session, document: str, superseded_by: str | None, proof_path: str | None, as_account: str
) -> None:
    """Revoke your own anchor of DOCUMENT (file or 0x-hash), or supersede it with --superseded-by. Nothing is
    deleted; other accounts' anchors of the same document are untouched."""
    h = _hash_arg(document, "DOCUMENT")
    by = _hash_arg(superseded_by, "--superseded-by") if superseded_by else None
    client = EvidenceClient(session.suite, session.account(as_account))
    if proof_path:
        p = read_proof(proof_path)
        if p.content_hash != h:
            raise InputError(f"{document} is not the document of proof {proof_path}")
        sent = client.revoke_batch_member(p.root, h, p.proof, by)
    else:
        sent = client.revoke(h, by)
    what = "superseded" if by else "revoked"
    session.emit(
        {"content_hash": h, "status": what, "tx_hash": sent.tx_hash}, text=f"{what} 0x{h.hex()} ({sent.tx_hash})"
    )


@evidence.command("service")
@chain_options
@click.argument("service_id")
def service_cmd(session: Session, service_id: str) -> None:
    """Show a service of process and its status now (pending, acknowledged, deemed served)."""
    s = EvidenceClient(session.suite).service(parse_int(service_id, "service id"))
    rows = [
        ("status", s.status.name.lower().replace("_", " ")),
        ("document", "0x" + s.document_hash.hex()),
        ("case", s.case_id),
        ("recipient", "0x" + s.recipient.hex()),
        ("recipient account", s.recipient_account),
        ("method", s.method.name.lower()),
        ("served", _utc(s.served_at)),
        ("deemed served at", _utc(s.deemed_served_at)),
        ("receipt", "0x" + s.receipt_hash.hex() if s.acknowledged_at else "-"),
        (
            "acknowledged",
            (_utc(s.acknowledged_at) + (" (signed, relayed)" if s.by_signature else "")) if s.acknowledged_at else "-",
        ),
    ]
    shown = with_units(s, 0, money_keys=frozenset(), time_keys=_SERVICE_TIMES) if session.as_json else s
    session.emit(shown, table=make_table(f"service {s.id}", ["field", "value"], rows))


# -- verify --------------------------------------------------------------------------------------------------------


def _describe_one(session: Session, v: Verification) -> list[str]:
    lines = [f"  - by       {_who(session, v.submitter, v.member_id, v.capacity, v.role)}"]
    lines.append(f"    kind     {v.kind.name.lower().replace('_', ' ')}")
    lines.append(f"    anchored {_utc(v.anchored_at)}")
    lines.append(f"    case     {v.case_id if v.case_id else '(none)'}")
    if v.status == AnchorStatus.ACTIVE:
        lines.append("    status   in force (not revoked, not superseded)")
    elif v.status == AnchorStatus.REVOKED:
        lines.append(f"    status   REVOKED at {_utc(v.revoked_at)} by {v.revoked_by}")
    else:
        lines.append(
            f"    status   SUPERSEDED at {_utc(v.revoked_at)} by {v.revoked_by}; replaced by 0x{v.superseded_by.hex()}"
        )
    return lines


def _describe(session: Session, file: str, anchors: Anchors) -> str:
    where = "in a batch" if anchors.in_batch else "on its own"
    n = len(anchors)
    lines = [f"{file}: ON CHAIN — matches {n} anchor{'s' if n != 1 else ''} made {where}"]
    lines.append(f"  sha256     0x{anchors.content_hash.hex()}")
    if anchors.in_batch:
        lines.append(f"  batch root 0x{anchors.root.hex()}")
    for v in anchors:
        lines += _describe_one(session, v)
    return "\n".join(lines)


def _anchor_json(session: Session, v: Verification, names: dict[int, str]) -> dict[str, object]:
    data: dict[str, object] = {k: val for k, val in vars(v).items()}
    data["anchored_at"] = when_json(v.anchored_at)
    data["revoked_at"] = when_json(v.revoked_at)
    data["capacity_text"] = v.capacity_text
    if v.member_id:
        if v.member_id not in names:
            names[v.member_id] = ConsortiumClient(session.suite).member(v.member_id).name
        data["member_name"] = names[v.member_id]
    return data


@click.command("verify")
@chain_options
@click.argument("file")
@click.option("--proof", "proof_path", default=None, help="Proof file of a document anchored in a batch.")
def verify_cmd(session: Session, file: str, proof_path: str | None) -> None:
    """Hash FILE and check it against the chain: every anchor of it — when, by whom, in which capacity (party, or
    which institutional role of which member) and in which case — and whether each was revoked or superseded.
    Exit 0 at least one anchor in force, 1 no matching record, 4 every anchor revoked or superseded."""
    h = sha256_file(existing_file(file, "FILE"))
    client = EvidenceClient(session.suite)
    if proof_path:
        p = read_proof(proof_path)
        if p.content_hash != h:
            _no_record(
                session,
                file,
                h,
                f"{file} DIFFERS from the document of proof {proof_path}: its SHA-256 is 0x{h.hex()}, the proof is for "
                f"0x{p.content_hash.hex()}{' (' + p.file + ')' if p.file else ''}. Even one changed byte changes the "
                "hash: this file is not the anchored document and matches no record.",
            )
            return
        v = client.verify_batch_member(p.root, h, p.proof)
        if not v.on_chain:
            _no_record(
                session,
                file,
                h,
                f"{file}: the proof {proof_path} does not lead to a batch anchored on this chain "
                f"(root 0x{p.root.hex()}): NOT VERIFIED.",
            )
            return
    else:
        v = client.verify(h)
        if not v.on_chain:
            _no_record(
                session,
                file,
                h,
                f"{file} (SHA-256 0x{h.hex()}) matches NO record on chain: it differs from every document anchored on "
                "its own. If it belongs to a batch, give its proof file with --proof.",
            )
            return
    names: dict[int, str] = {}
    data = {
        "file": file,
        "on_chain": True,
        "content_hash": v.content_hash,
        "root": v.root,
        "status": v.status,
        "anchors": [_anchor_json(session, a, names) for a in v],
    }
    session.emit(data, text=_describe(session, file, v))
    if v.status != AnchorStatus.ACTIVE:
        sys.exit(EXIT_REVOKED)


def _no_record(session: Session, file: str, h: bytes, message: str) -> None:
    if session.as_json:
        session.emit({"file": file, "on_chain": False, "content_hash": h, "message": message})
    else:
        console.print(message, markup=False)
    sys.exit(EXIT_NOT_FOUND)


# -- service of process --------------------------------------------------------------------------------------------


def _address_of(session: Session, spec: str) -> str:
    return address_or_account(spec, "--recipient-account", session.account)


@click.command("serve")
@chain_options
@click.argument("file")
@click.option("--case", "case_id", default="0", help="CaseDocket case id (0: none).")
@click.option("--recipient", default=None, help="Recipient's pseudonym in the case (0x + 64 hex).")
@click.option("--salt", default=None, help="With --id-type/--id-number/--case-ref: compute the pseudonym here.")
@click.option("--case-ref", default=None, help="The court's reference of the case (for the recipient's pseudonym).")
@click.option("--id-type", default=None, help=f"One of {', '.join(commitments.ID_TYPES)}.")
@click.option("--id-number", default=None, help="The recipient's id number (never sent to the chain).")
@click.option("--recipient-account", default=None, help="Address (or dev name) with which the recipient acknowledges.")
@click.option(
    "--method",
    default="electronic",
    show_default=True,
    type=click.Choice([m.name.lower() for m in ServiceMethod if m != ServiceMethod.NONE]),
)
@click.option(
    "--deemed-days",
    default=15,
    type=UInt(bits=32),
    show_default=True,
    help="Deemed served this many days from now (at least the registry's minimum period, 1 day unless raised).",
)
@click.option(
    "--deemed-at",
    default=None,
    help="Deemed served at this time: ISO 8601 (Beijing time without a zone) or Unix seconds (overrides "
    "--deemed-days).",
)
@click.option("--as", "as_account", default="clerk", show_default=True, help="Court account (clerk or judge).")
def serve_cmd(
    session: Session,
    file: str,
    case_id: str,
    recipient: str | None,
    salt: str | None,
    case_ref: str | None,
    id_type: str | None,
    id_number: str | None,
    recipient_account: str | None,
    method: str,
    deemed_days: int,
    deemed_at: str | None,
    as_account: str,
) -> None:
    """Serve FILE on a recipient: anchors it as a served document (if not yet anchored) and records the service."""
    if recipient is None:
        if not (salt and id_type and id_number and case_ref):
            raise InputError("give --recipient PSEUDONYM, or --salt, --id-type, --id-number and --case-ref")
        ctx = CaseContext(session.suite.chain.chain_id, case_ref)
        commitment = pseudonym(commitments.parse_salt(salt), id_type, id_number, ctx, "recipient")
    else:
        commitment = (
            bytes.fromhex(recipient.removeprefix("0x")) if re.fullmatch(r"(0x)?[0-9a-fA-F]{64}", recipient) else b""
        )
        if not commitment:
            raise InputError(f"malformed recipient commitment {recipient!r} (expected 64 hex digits)")
    h = sha256_file(file)
    case = parse_int(case_id, "--case", bits=64)
    account = session.account(as_account)
    client = EvidenceClient(session.suite, account)
    if not client.verify_by(h, account.address).on_chain:
        is_judge = ConsortiumClient(session.suite).has_role("JUDGE", account.address)
        role = AnchorRole.JUDGE if is_judge else AnchorRole.CLERK
        client.anchor(h, DocumentKind.SERVED_DOCUMENT, case, role)
        session.note(f"anchored {file} as a served document")
    now = session.suite.chain.timestamp()
    deemed = _deemed_at(deemed_at) if deemed_at else now + deemed_days * 86400
    sid, sent = client.serve(
        h,
        commitment,
        deemed,
        case_id=case,
        recipient_account=_address_of(session, recipient_account) if recipient_account else None,
        method=parse_enum(ServiceMethod, method, "service method"),
    )
    session.emit(
        {
            "service_id": sid,
            "document_hash": h,
            "recipient": commitment,
            "deemed_served_at": when_json(deemed),
            "tx_hash": sent.tx_hash,
        },
        text=f"service {sid}: {file} served, pending; deemed served at {_utc(deemed)} unless acknowledged before",
    )


@click.command("acknowledge")
@chain_options
@click.argument("service_id")
@click.argument("receipt")
@click.option("--as", "as_account", default="debtor", show_default=True, help="The recipient's account.")
@click.option(
    "--relay-by",
    default=None,
    help="Court account (clerk/judge) that relays the recipient's EIP-712 signature; without it, the recipient sends.",
)
@click.option("--valid-minutes", default=60, type=UInt(bits=32), show_default=True, help="Lifetime of the signature.")
def acknowledge_cmd(
    session: Session, service_id: str, receipt: str, as_account: str, relay_by: str | None, valid_minutes: int
) -> None:
    """Acknowledge service SERVICE_ID with RECEIPT (a file, or its 0x-hash): from the recipient's account, or signed
    by it (EIP-712) and relayed by the court with --relay-by."""
    sid = parse_int(service_id, "service id")
    h = _hash_arg(receipt, "RECEIPT")
    recipient = (
        session.local_account(as_account, "acknowledging a service") if relay_by else session.account(as_account)
    )
    client = EvidenceClient(session.suite, recipient)
    s = client.service(sid)
    if s.recipient_account.lower() != recipient.address.lower():
        raise InputError(f"{as_account} ({recipient.address}) is not the recipient account of service {sid}")
    if relay_by:
        deadline = session.suite.chain.timestamp() + valid_minutes * 60
        assert isinstance(recipient, LocalAccount)
        signature = client.sign_acknowledgement(recipient, sid, h, deadline)
        court = session.account(relay_by)
        relayer = EvidenceClient(session.suite, court)
        sent = relayer.acknowledge_by_sig(sid, h, deadline, signature)
        if not relayer.verify_by(
            h, court.address
        ).on_chain:  # the court also anchors the receipt itself, so anyone can verify it
            is_judge = ConsortiumClient(session.suite).has_role("JUDGE", court.address)
            relayer.anchor(
                h, DocumentKind.RECEIPT_OF_SERVICE, s.case_id, AnchorRole.JUDGE if is_judge else AnchorRole.CLERK
            )
            session.note("anchored the receipt of service")
    else:
        sent = client.acknowledge(sid, h)
    session.emit(
        {"service_id": sid, "receipt_hash": h, "by_signature": bool(relay_by), "tx_hash": sent.tx_hash},
        text=f"service {sid} acknowledged with receipt 0x{h.hex()}"
        + (f" (signed, relayed by {relay_by})" if relay_by else ""),
    )


__all__ = ["register"]
