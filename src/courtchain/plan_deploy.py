"""Deploy the suite from a plan, journaled: killed at any point, it resumes without deploying a contract twice or
repeating an action, and it stops where other members must approve with their own keys.

Every transaction is a named step in `deployments/<chainId>.journal.json`. A step's signed bytes are written to the
journal before they are broadcast; on resume a step with bytes but no receipt is re-sent byte for byte (the same
hash), one with a receipt is skipped. Governance proposals are proposed by the first genesis governor whose key is
held here and approved by every other governor key held here; when that is not a quorum the deployment stops with
`DeploymentPaused` naming the proposal and the members that must approve (`courtchain consortium approve ID`), and
`courtchain deploy --plan PLAN --resume` executes it once they have.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from web3.types import Nonce
from web3.utils.address import get_create_address

from . import build
from .chain import Chain
from .clients.consortium import Action, ConsortiumClient, ProposalState
from .errors import ChainError, CourtchainError, DeploymentError
from .plan import Plan, PlanAccount, key_problems
from .roles import SUITE_KEYS
from .signers import SigningAccount
from .suite import Suite
from .txn import Call, Sender

# Fault injection for the kill-and-resume tests: "STEP:PHASE" (PHASE signed|sent) ends the process at that point.
CRASH_ENV = "COURTCHAIN_DEPLOY_CRASH_AT"


class DeploymentPaused(CourtchainError):
    """The deployment waits for other members' approvals of a governance proposal (CLI exit code 4)."""

    def __init__(self, proposal_id: int, step: str, approvals: int, threshold: int, missing: list[str]) -> None:
        self.proposal_id = proposal_id
        self.step = step
        self.missing = missing
        super().__init__(
            f"deployment paused at '{step}': proposal {proposal_id} has {approvals} of {threshold} approvals; "
            f"waiting for {', '.join(missing)} to run `courtchain consortium approve {proposal_id} --as <their "
            f"signer>`, then resume with `courtchain deploy --plan PLAN --resume`"
        )


# -- the journal -----------------------------------------------------------------------------------------------------


class Journal:
    """The steps of one plan's deployment on one chain, written atomically after every change."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    @classmethod
    def open(cls, path: Path, plan: Plan, source_hash: str, *, fresh: bool) -> Journal:
        if path.exists() and not fresh:
            try:
                data = json.loads(path.read_text())
            except ValueError as exc:
                raise DeploymentError(f"deployment journal {path} is not valid JSON") from exc
            if data.get("planHash") != plan.sha256:
                raise DeploymentError(
                    f"journal {path} belongs to another plan (sha256 {str(data.get('planHash'))[:16]}…); "
                    "finish that deployment or start afresh with --fresh"
                )
            if data.get("sourceHash") != source_hash:
                raise DeploymentError(
                    f"journal {path} was started from other contract sources; start afresh with --fresh"
                )
            return cls(path, data)
        data = {"planHash": plan.sha256, "target": plan.target, "sourceHash": source_hash, "steps": {}}
        journal = cls(path, data)
        journal.save()
        return journal

    @property
    def steps(self) -> dict[str, dict[str, Any]]:
        steps: dict[str, dict[str, Any]] = self.data["steps"]
        return steps

    def save(self) -> None:
        build.atomic_write_json(self.path, self.data)


def _crash_point(step: str, phase: str) -> None:
    if os.environ.get(CRASH_ENV) == f"{step}:{phase}":
        os._exit(137)


# -- keys ------------------------------------------------------------------------------------------------------------


def address_of(account: PlanAccount) -> str:
    if account.address:
        return account.address
    from .accounts import dev_account

    return dev_account(account.signer.value).address


def plan_signers(plan: Plan, *, dev_chain: bool, only_member: str | None = None) -> dict[str, SigningAccount]:
    """The plan's accounts whose keys can be read here (a member's operator holds only its own keys), and those its
    remote signers hold. A remote signer of the accounts asked for that does not answer, or does not hold its
    account, is a SignerError naming it: a plan that points at a signer means that signer, not "a key held
    elsewhere"."""
    from .accounts import dev_account, from_env, from_keystore
    from .signers import RemoteAccount

    out: dict[str, SigningAccount] = {}
    problems = key_problems(plan, only_member, dev_chain)
    for member, acct in plan.accounts():
        if only_member is not None and member.name != only_member:
            continue
        s = acct.signer
        if s.scheme == "remote":
            remote = RemoteAccount(s.value, address_of(acct))
            remote.check()
            out[acct.name] = remote
            continue
        if any(p.startswith(f"{member.name} account {acct.name!r} ") for p in problems):
            continue  # a key this operator does not hold
        if s.scheme == "dev":
            out[acct.name] = dev_account(s.value)
        elif s.scheme == "env":
            out[acct.name] = from_env(s.value)
        elif s.scheme == "keystore":
            path = Path(s.value) if Path(s.value).is_absolute() else plan.path.parent / s.value
            out[acct.name] = from_keystore(path, s.password_env)
    return out


# -- deploying -------------------------------------------------------------------------------------------------------


@dataclass
class _Run:
    chain: Chain
    plan: Plan
    journal: Journal
    artifacts: dict[str, build.Artifact]
    senders: dict[str, Sender]
    log: Callable[[str], None]

    def suite(self, addresses: dict[str, str]) -> Suite:
        return Suite(self.chain, self.artifacts, addresses, self.senders)

    def send(self, step: str, suite: Suite, account: SigningAccount, call: Call) -> dict[str, Any]:
        """Send one journaled transaction, or finish or skip it if the journal has it already."""
        entry = self.journal.steps.get(step)
        if entry and "receipt" in entry:
            return dict(entry["receipt"])
        sender = suite.sender(account)
        if entry and "raw" in entry:
            if self.chain.rpc("eth_getTransactionReceipt", [entry["hash"]]) is None:  # not mined: send it again
                self.log(f"{step}: re-sending the signed transaction {entry['hash']} byte for byte")
                try:
                    self.chain.rpc("eth_sendRawTransaction", [entry["raw"]])
                except ChainError as exc:  # already in the pool, or mined meanwhile: the receipt decides
                    self.log(f"{step}: node said {exc}")
        else:
            sender.resync_nonce()
            entry = self._sign_and_broadcast(step, sender, call, sender.next_nonce())
        return self._settle(step, suite, sender, call, entry)

    def _sign_and_broadcast(self, step: str, sender: Sender, call: Call, nonce: int) -> dict[str, Any]:
        """Sign, journal the signed bytes (a resume re-sends exactly these), then broadcast."""
        tx_hash, raw = sender.sign(call, nonce)
        entry = self.journal.steps[step] = {"from": sender.address, "hash": tx_hash, "raw": "0x" + raw.hex()}
        if not call.to:  # a creation: its nonce decides its address
            entry["address"] = str(get_create_address(sender.address, Nonce(nonce)))
        self.journal.save()
        _crash_point(step, "signed")
        sender.broadcast(raw)
        _crash_point(step, "sent")
        return entry

    def _settle(self, step: str, suite: Suite, sender: Sender, call: Call, entry: dict[str, Any]) -> dict[str, Any]:
        """Wait for a journaled step's receipt, check it, and journal what it did."""
        receipt = self.chain.wait_for_receipt(entry["hash"])
        sender.check(call, receipt)
        expected = entry.get("address")
        if expected and str(receipt.get("contractAddress") or "").lower() != str(expected).lower():
            raise DeploymentError(
                f"{step}: the contract was created at {receipt.get('contractAddress')}, not at {expected} where its "
                f"nonce put it (another transaction of {sender.address} took that nonce?)"
            )
        result: dict[str, Any] = {
            "block": int(receipt["blockNumber"]),
            "gasUsed": int(receipt["gasUsed"]),
            "contractAddress": receipt.get("contractAddress"),
            "events": [
                {"name": e.name, "args": {k: _plain(v) for k, v in e.args.items()}} for e in suite.events_of(receipt)
            ],
        }
        entry["receipt"] = result
        self.journal.save()
        return result

    def create_all(
        self, account: SigningAccount, addresses: dict[str, str], specs: list[tuple[str, Callable[[], list[Any]]]]
    ) -> None:
        """Create the contracts `specs` names from `account`, each with the constructor arguments its function gives
        when its turn comes; each address goes into `addresses` as soon as it is known, so a later constructor may
        name an earlier contract. Pipelined: what a killed run journaled is finished first, in order (re-sent byte
        for byte); the rest is signed and broadcast at once, each contract at the address its nonce decides, and
        then the receipts are awaited. On an interval-mined chain the whole list takes a block or two instead of a
        block per contract."""
        suite = self.suite({})
        sender = suite.sender(account)
        sent: list[tuple[str, Call, dict[str, Any]]] = []
        for name, args_of in specs:
            step = f"create:{name}"
            factory = self.chain.w3.eth.contract(abi=self.artifacts[name].abi, bytecode=self.artifacts[name].bytecode)
            call = Call(to="", data=factory.constructor(*args_of()).data_in_transaction, contract=name)
            if step in self.journal.steps:  # done, or signed by a killed run (a run signs its steps in order)
                addresses[name] = str(self.send(step, suite, account, call)["contractAddress"])
                continue
            if not sent:
                sender.resync_nonce()
            entry = self._sign_and_broadcast(step, sender, call, sender.next_nonce())
            sent.append((step, call, entry))
            addresses[name] = str(entry["address"])
        for step, call, entry in sent:
            self._settle(step, suite, sender, call, entry)
        for name, _ in specs:
            gas = self.journal.steps[f"create:{name}"]["receipt"]["gasUsed"]
            self.log(f"deployed {name} at {addresses[name]} (gas {gas:,})")

    def govern(
        self,
        name: str,
        suite: Suite,
        governors: list[tuple[str, SigningAccount]],
        everyone: list[tuple[str, str]],
        actions: list[Action],
    ) -> None:
        """Propose (first held governor), approve (every other held governor), execute once approved."""
        if not actions:
            return
        step = f"proposal:{name}"
        proposer = governors[0][1]
        hub = ConsortiumClient(suite, proposer)
        done = self.journal.steps.get(f"{step}:execute", {}).get("receipt")
        if done:
            return
        r = self.send(
            f"{step}:propose",
            suite,
            proposer,
            hub.prepare("propose", [a.as_tuple() for a in actions], _description(name)),
        )
        pid = next(int(e["args"]["proposalId"]) for e in r["events"] if e["name"] == "ProposalCreated")
        for label, g in governors[1:]:
            state = hub.proposal(pid).state
            if state != ProposalState.PENDING:
                break
            if not hub.view("hasApproved", pid, hub.member_of(g.address)):
                self.send(f"{step}:approve:{label}", suite, g, ConsortiumClient(suite, g).prepare("approve", pid))
        p = hub.proposal(pid)
        if p.state == ProposalState.EXECUTED:
            return
        if p.state != ProposalState.APPROVED:
            held = {g.address for _, g in governors}
            missing = [
                f"{member} ({address})"
                for member, address in everyone
                if address not in held and not hub.view("hasApproved", pid, hub.member_of(address))
            ]
            raise DeploymentPaused(pid, step, p.approvals, hub.threshold(), missing)
        self.send(f"{step}:execute", suite, proposer, hub.prepare("execute", pid))
        self.log(f"{name}: proposal {pid} executed")


def _configure_courts(run: _Run, suite: Suite, signers: dict[str, SigningAccount]) -> list[str]:
    """Each court's case numbers and case types, set by one of its own clerks or judges whose key is held here.
    Returns the courts left for their own staff (`courtchain deploy --plan PLAN --resume` with their keys)."""
    from .clients.docket import DocketClient

    ids = member_ids(run.plan)
    members = {m.name: m for m in run.plan.members}
    pending = []
    for court in run.plan.courts:
        held = [a for a in members[court.member].accounts if a.name in signers]
        # a clerk's work (立案庭 staff) first; a judge of the court may do it too
        staff = [signers[a.name] for a in held if "CLERK" in a.roles] + [
            signers[a.name] for a in held if "JUDGE" in a.roles and "CLERK" not in a.roles
        ]
        if not staff:
            pending.append(court.member)
            continue
        docket = DocketClient(suite, staff[0])
        court_id = ids[court.member]
        step = f"court:{court_id}"
        run.send(
            f"{step}:configure",
            suite,
            staff[0],
            docket.prepare("configureCourt", court_id, court.abbreviation, court.code),
        )
        for t in court.case_types:
            from .clients.docket import encode_case_type

            call = docket.prepare(
                "setCaseType", court_id, encode_case_type(t.code), sorted(set(t.required_kinds)), t.window_days * 86400
            )
            run.send(f"{step}:case-type:{t.code}", suite, staff[0], call)
        run.log(f"court {court.abbreviation}{court.code} ({court.member}): {len(court.case_types)} case types")
    return pending


def _crosschain(
    run: _Run,
    suite: Suite,
    held: list[tuple[str, SigningAccount]],
    everyone: list[tuple[str, str]],
    create: Callable[[list[tuple[str, Callable[[], list[Any]]]], dict[str, str]], None],
) -> tuple[Suite, list[int]]:
    """`[crosschain]`: deploy the cross-chain contracts, record them in the hub (one proposal), and connect each
    peer whose deployment record is there and lists them (one proposal per peer). Returns the suite that knows them
    and the peer chains left for a later `--resume` (their record not written yet: deploy the peer, then resume)."""
    from .clients.crosschain import CONTRACTS, peer_actions
    from .clients.crosschain import SUITE_KEYS as XC_KEYS

    assert run.plan.crosschain is not None
    addresses: dict[str, str] = dict(suite.addresses)
    create([(name, lambda: [addresses["CourtConsortium"]]) for name in CONTRACTS], addresses)
    suite = run.suite(addresses)
    hub = ConsortiumClient(suite, held[0][1])
    run.govern(
        "crosschain", suite, held, everyone, [hub.set_suite_contract(XC_KEYS[n], addresses[n]) for n in CONTRACTS]
    )
    pending = []
    for peer in run.plan.crosschain:
        remote = _peer_contracts(peer.record, peer.chain_id)
        if remote is None:
            run.log(f"cross-chain peer {peer.chain_id}: no deployment record at {peer.record} yet; resume once it is")
            pending.append(peer.chain_id)
            continue
        actions = peer_actions(suite, peer.chain_id, remote, peer.attestors, peer.threshold)
        run.govern(f"crosschain-peer:{peer.chain_id}", suite, held, everyone, actions)
    return suite, pending


def _peer_contracts(path: Path, chain_id: int) -> dict[str, str] | None:
    """The peer's cross-chain contracts from its deployment record, or None when the record is not there (yet)."""
    from .clients.crosschain import CONTRACTS

    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise DeploymentError(f"the peer's deployment record {path} is not JSON: {exc}") from None
    if int(record.get("chainId", -1)) != chain_id:
        raise DeploymentError(f"the deployment record {path} is of chain {record.get('chainId')}, not {chain_id}")
    contracts = record.get("contracts", {})
    missing = [n for n in CONTRACTS if n not in contracts]
    if missing:
        return None  # the peer's own deployment has not reached its cross-chain contracts yet
    return {n: str(contracts[n]["address"]) for n in CONTRACTS}


def _description(name: str) -> bytes:
    from eth_utils import keccak

    return keccak(text=f"deployment plan: {name}")


def _plain(v: Any) -> Any:
    if isinstance(v, bytes):
        return "0x" + v.hex()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, Mapping):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def member_ids(plan: Plan) -> dict[str, int]:
    """The hub's member ids: the genesis members first (in plan order), then the others as they are admitted."""
    genesis = [m.name for m in plan.members if m.genesis_governor]
    rest = [m.name for m in plan.members if not m.genesis_governor]
    return {name: i for i, name in enumerate([*genesis, *rest], 1)}


def member_actions(hub: ConsortiumClient, plan: Plan) -> list[Action]:
    """Admit the members that are not genesis governors, add every operator account, grant every role."""
    actions: list[Action] = []
    ids = member_ids(plan)
    for m in sorted(plan.members, key=lambda m: ids[m.name]):
        if not m.genesis_governor:
            actions.append(hub.admit_member(m.kind, m.name))
        for a in m.accounts:
            address = address_of(a)
            if a.name != m.genesis_governor:
                actions.append(hub.add_account(ids[m.name], address))
            for role in a.roles:
                if not (role == "GOVERNOR" and a.name == m.genesis_governor):
                    actions.append(hub.grant_role(role, address))
    return actions


def deploy_plan(
    chain: Chain,
    plan: Plan,
    signers: dict[str, SigningAccount],
    *,
    record_path: Path,
    fresh: bool = False,
    configure_courts: bool = True,
    log: Callable[[str], None] = lambda s: None,
) -> tuple[Suite, dict[str, Any]]:
    """Deploy and wire the suite from `plan` with the keys in `signers`; return the suite and its record."""
    from . import deploy as dep

    dep.check_clock(chain)
    if chain.chain_id != plan.chain_id:
        raise DeploymentError(
            f"the node's chain id is {chain.chain_id}, the plan {plan.path.name} expects {plan.chain_id}"
        )
    if not chain.is_dev_node and any(a.signer.scheme == "dev" for _, a in plan.accounts()):
        raise DeploymentError("the plan signs with development keys, and this node is not a development node")
    target = build.TARGETS[plan.target]
    artifacts = build.compile_target(target)
    source_hash = next(iter(artifacts.values())).source_hash
    journal = Journal.open(record_path.with_suffix(".journal.json"), plan, source_hash, fresh=fresh)
    run = _Run(chain, plan, journal, artifacts, {}, log)

    governors = [(m.name, a) for m, a in plan.genesis_governors]
    held = [(a.name, signers[a.name]) for _, a in governors if a.name in signers]
    if not held:
        raise DeploymentError(
            "deploying needs the key of at least one genesis governor here; held: "
            + (", ".join(sorted(signers)) or "none")
        )
    deployer = held[0][1]
    everyone = [(member, address_of(a)) for member, a in governors]
    contracts: dict[str, dict[str, Any]] = {}

    def create(specs: list[tuple[str, Callable[[], list[Any]]]], addresses: dict[str, str]) -> None:
        run.create_all(deployer, addresses, specs)
        for name, _ in specs:
            entry = journal.steps[f"create:{name}"]
            contracts[name] = {
                "address": addresses[name],
                "txHash": entry["hash"],
                "block": entry["receipt"]["block"],
                "gasUsed": entry["receipt"]["gasUsed"],
                "codeHash": dep._code_hash(chain, addresses[name]),
            }

    def write_record(complete: bool, pending: list[str] | None = None) -> dict[str, Any]:
        """The record in deployments/: written incomplete after every stage, so that the members' own commands
        (`courtchain consortium approve`) find the hub while the deployment waits for them."""
        gas = sum(int(s["receipt"]["gasUsed"]) for s in journal.steps.values() if "receipt" in s)
        record = {
            "chainId": chain.chain_id,
            "client": chain.client_version,
            "target": target.name,
            "compiler": next(iter(artifacts.values())).compiler,
            "evmVersion": target.evm_version,
            "sourceHash": source_hash,
            "planHash": plan.sha256,
            "plan": plan.name,
            "complete": complete,
            "deployedAt": int(time.time()),
            "settlementToken": token,
            "hub": contracts.get("CourtConsortium", {}).get("address"),
            "threshold": plan.threshold,
            "contracts": contracts,
            "accounts": {a.name: address_of(a) for _, a in plan.accounts()},
            "transactions": sum(1 for s in journal.steps.values() if "receipt" in s),
            "gasUsed": gas,
            "courtsPending": pending or [],
        }
        build.atomic_write_json(record_path, record)
        return record

    genesis = [(int(m.kind), m.name, b"\0" * 32, address_of(a)) for m, a in plan.genesis_governors]
    lifetime = plan.proposal_lifetime_days * 24 * 3600
    addresses: dict[str, str] = {}
    own_token = not (plan.token.kind == "erc20" and plan.token.address)
    create(
        [*([("SettlementToken", lambda: [])] if own_token else []),
        ("CourtConsortium", lambda: [genesis, plan.threshold, lifetime])],
        addresses,
    )  # fmt: skip
    token = addresses["SettlementToken"] if own_token else str(plan.token.address)
    write_record(complete=False)
    suite = run.suite(addresses)
    run.govern("members", suite, held, everyone, member_actions(ConsortiumClient(suite, deployer), plan))

    ctx = dep.DeployContext(chain, suite, deployer, ConsortiumClient(suite, deployer), token, addresses)
    create([(spec.name, lambda spec=spec: spec.args(ctx)) for spec in dep.SUITE], ctx.addresses)  # type: ignore[misc]
    ctx.suite = run.suite(ctx.addresses)
    ctx.hub = ConsortiumClient(ctx.suite, deployer)
    write_record(complete=False)
    wiring = [ctx.hub.set_suite_contract(SUITE_KEYS[s.name], ctx.addresses[s.name]) for s in dep.SUITE]
    run.govern("wiring", ctx.suite, held, everyone, wiring)
    ctx.hub = ConsortiumClient(ctx.suite, deployer)
    config = [a for spec in dep.SUITE for a in spec.configure(ctx)]
    run.govern("configuration", ctx.suite, held, everyone, config)

    crosschain_pending: list[int] = []
    if plan.crosschain is not None:
        ctx.suite, crosschain_pending = _crosschain(run, ctx.suite, held, everyone, create)
        write_record(complete=False)
    pending = _configure_courts(run, ctx.suite, signers) if configure_courts else []
    # a peer not yet connected leaves the deployment incomplete: `--resume` connects it once its record is there
    record = write_record(complete=not crosschain_pending, pending=pending)
    if plan.crosschain is not None:
        record["crosschainPeersPending"] = crosschain_pending
        build.atomic_write_json(record_path, record)
    log(f"recorded deployment in {record_path} ({record['transactions']} transactions, {record['gasUsed']:,} gas)")
    return ctx.suite, record
