"""`courtchain consortium members | roles | propose | approve | execute | show`."""

from __future__ import annotations

import click

from ..clients.consortium import ConsortiumClient, MemberKind
from ..errors import InputError
from ..roles import ROLE_NAMES, role_name
from .inputs import check_address, parse_int
from .session import Session, chain_options, make_table


def register(cli: click.Group) -> None:
    cli.add_command(consortium)


@click.group()
def consortium() -> None:
    """The alliance: members, accounts, roles and governance proposals."""


@consortium.command("members")
@chain_options
def members(session: Session) -> None:
    """List member organisations."""
    hub = ConsortiumClient(session.suite)
    ms = hub.members()
    rows = [
        (m.id, m.name, m.kind.name.lower(), m.status.name.lower(), m.account_count, m.governor_accounts) for m in ms
    ]
    session.emit(ms, table=make_table("members", ["id", "name", "kind", "status", "accounts", "governors"], rows))


@consortium.command("roles")
@chain_options
@click.option("--account", "accounts", multiple=True, help="Account to show (default: every account with a role).")
def roles(session: Session, accounts: tuple[str, ...]) -> None:
    """Who holds which role, from the hub's event stream (checked against hasRole)."""
    hub = ConsortiumClient(session.suite)
    held: dict[tuple[str, str], int] = {}
    for ev in session.suite.logs(["CourtConsortium"]):
        if ev.name == "RoleGranted":
            held[(ev.args["account"], role_name(ev.args["role"]))] = ev.args["memberId"]
        elif ev.name == "RoleRevoked":
            held.pop((ev.args["account"], role_name(ev.args["role"])), None)
    wanted = {a.lower() for a in accounts}
    rows = []
    for (account, role), member_id in sorted(held.items(), key=lambda kv: (kv[1], kv[0][1])):
        if wanted and account.lower() not in wanted:
            continue
        rows.append({"account": account, "role": role, "member_id": member_id, "active": hub.has_role(role, account)})
    table = make_table(
        "roles",
        ["member", "role", "account", "active"],
        [(r["member_id"], r["role"], r["account"], r["active"]) for r in rows],
    )
    session.emit(rows, table=table)


_ACTIONS = ("admit", "suspend", "reinstate", "remove", "add-account", "remove-account", "grant", "revoke", "threshold")


@consortium.command("propose")
@chain_options
@click.argument("action", type=click.Choice(_ACTIONS))
@click.argument("params", nargs=-1)
@click.option("--as", "as_account", default="court_governor", show_default=True, help="Proposing governor.")
@click.option("--description", default="", help="Text explaining the proposal (its hash goes on chain).")
def propose(session: Session, action: str, params: tuple[str, ...], as_account: str, description: str) -> None:
    """Propose one governance action; the proposer's member approves it at once.

    \b
    admit KIND NAME          suspend|reinstate|remove MEMBER_ID
    add-account MEMBER_ID ADDRESS      remove-account ADDRESS
    grant|revoke ROLE ADDRESS          threshold N
    """
    account = session.account(as_account)  # a signer's problem before the chain's
    hub = ConsortiumClient(session.suite, account)
    need = {
        "admit": 2,
        "suspend": 1,
        "reinstate": 1,
        "remove": 1,
        "add-account": 2,
        "remove-account": 1,
        "grant": 2,
        "revoke": 2,
        "threshold": 1,
    }[action]
    if len(params) != need:
        raise InputError(f"`propose {action}` takes {need} argument(s), got {len(params)}")
    if action == "admit":
        kinds = {k.name.lower().replace("_", "-"): k for k in MemberKind if k != MemberKind.NONE}
        if params[0].lower() not in kinds:
            raise InputError(f"unknown member kind {params[0]!r}; known: {', '.join(kinds)}")
        act = hub.admit_member(kinds[params[0].lower()], params[1])
    elif action in ("suspend", "reinstate", "remove"):
        member_id = parse_int(params[0], "member id", bits=32)
        act = {"suspend": hub.suspend_member, "reinstate": hub.reinstate_member, "remove": hub.remove_member}[action](
            member_id
        )
    elif action == "add-account":
        act = hub.add_account(
            hub._existing_member(parse_int(params[0], "member id", bits=32)), check_address(params[1], "ACCOUNT")
        )
    elif action == "remove-account":
        act = hub.remove_account(check_address(params[0], "ACCOUNT"))
    elif action in ("grant", "revoke"):
        act = (hub.grant_role if action == "grant" else hub.revoke_role)(params[0], check_address(params[1], "ACCOUNT"))
    else:
        act = hub.set_threshold(parse_int(params[0], "threshold", bits=32))
    pid, sent = hub.propose([act], description)
    p = hub.proposal(pid)
    session.emit(
        {
            "proposal_id": pid,
            "action": act.describe,
            "tx_hash": sent.tx_hash,
            "approvals": p.approvals,
            "threshold": hub.threshold(),
            "state": p.state,
        },
        text=f"proposal {pid}: {act.describe} — {p.approvals}/{hub.threshold()} approvals, {p.state.name.lower()}",
    )


@consortium.command("approve")
@chain_options
@click.argument("proposal_id")
@click.option("--as", "as_account", default="bank_governor", show_default=True, help="Approving governor.")
def approve(session: Session, proposal_id: str, as_account: str) -> None:
    """Approve a proposal on behalf of your member organisation."""
    account = session.account(as_account)  # a signer's problem before the chain's
    hub = ConsortiumClient(session.suite, account)
    pid = parse_int(proposal_id, "proposal id")
    hub.proposal(pid)  # clear error if it does not exist
    sent = hub.approve(pid)
    p = hub.proposal(pid)
    session.emit(
        {"proposal_id": pid, "tx_hash": sent.tx_hash, "approvals": p.approvals, "state": p.state},
        text=f"proposal {pid}: {p.approvals}/{hub.threshold()} approvals, {p.state.name.lower()}",
    )


@consortium.command("execute")
@chain_options
@click.argument("proposal_id")
@click.option("--as", "as_account", default="court_governor", show_default=True, help="Any account.")
def execute(session: Session, proposal_id: str, as_account: str) -> None:
    """Execute a proposal whose approvals meet the threshold."""
    account = session.account(as_account)  # a signer's problem before the chain's
    hub = ConsortiumClient(session.suite, account)
    pid = parse_int(proposal_id, "proposal id")
    hub.proposal(pid)
    sent = hub.execute(pid)
    names = [e.name for e in sent.events if e.name != "ProposalExecuted"]
    session.emit(
        {"proposal_id": pid, "tx_hash": sent.tx_hash, "events": names},
        text=f"proposal {pid} executed: {', '.join(names) or 'no further events'}",
    )


@consortium.command("show")
@chain_options
@click.argument("proposal_id")
def show(session: Session, proposal_id: str) -> None:
    """Show a proposal: state, approvals and actions."""
    hub = ConsortiumClient(session.suite)
    pid = parse_int(proposal_id, "proposal id")
    p = hub.proposal(pid)
    actions = [{"target": session.suite.name_of(t) or t, "data": d} for t, d in hub.actions(pid)]
    session.emit(
        {"proposal": p, "actions": actions},
        text=f"proposal {pid}: {p.state.name.lower()}, {p.approvals}/{hub.threshold()} approvals, "
        f"{len(actions)} action(s), expires at {p.expires_at}",
    )


ROLE_CHOICES = [r.lower() for r in ROLE_NAMES]
