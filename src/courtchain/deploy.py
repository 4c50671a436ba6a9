"""Deploy and wire the whole suite, grant roles, and record `deployments/<chainId>.json`.

Running it again finds the recorded deployment and checks that the code at every address is the code deployed
there; it deploys nothing unless asked for a fresh deployment (or, on a development node, unless the recorded
contracts are gone because the node was restarted without its state).

The suite is the list `SUITE`: each later contract joins it with its constructor arguments and the governance
actions that wire and configure it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from . import build, paths
from .accounts import dev_accounts
from .chain import Chain
from .clients.consortium import Action, ConsortiumClient, MemberKind
from .clients.credit import DEFAULT_BAN_DURATION, DEFAULT_DISHONEST_DURATION, CreditClient, EntryKind
from .errors import DeploymentError
from .roles import SUITE_KEYS
from .suite import Suite
from .txn import Call, Sender

GENESIS_THRESHOLD = 2
PROPOSAL_LIFETIME = 7 * 24 * 3600
# contracts/common/ChainClock.sol MAX_SECONDS_TIMESTAMP: a block timestamp above it is not in seconds (10^10 s is the
# year 2286; a millisecond clock has read more than 10^12 since 2001).
MAX_SECONDS_TIMESTAMP = 10_000_000_000


@dataclass(frozen=True)
class Organisation:
    """A member of the local consortium and its operator accounts (dev names) with their roles."""

    kind: MemberKind
    name: str
    accounts: dict[str, tuple[str, ...]]
    genesis_governor: str | None = None


# The local consortium of the demo and the tests. The first three are the genesis governors.
DEV_ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation(
        MemberKind.COURT,
        "Beijing Internet Court",
        {
            "court_governor": ("GOVERNOR",),
            "judge": ("JUDGE",),
            "judge2": ("JUDGE",),
            "clerk": ("CLERK",),
            "officer": ("ENFORCEMENT_OFFICER",),
            "registrar": ("REGISTRAR",),
        },
        genesis_governor="court_governor",
    ),
    Organisation(
        MemberKind.CUSTODIAN_BANK,
        "Industrial Bank Beijing Branch",
        {"bank_governor": ("GOVERNOR",), "custodian": ("CUSTODIAN",)},
        genesis_governor="bank_governor",
    ),
    Organisation(
        MemberKind.CREDIT_PLATFORM,
        "Capital Credit Platform",
        {"credit_governor": ("GOVERNOR",), "credit_agency": ("CREDIT_AGENCY",)},
        genesis_governor="credit_governor",
    ),
    Organisation(MemberKind.MEDIATION_CENTRE, "Chaoyang People's Mediation Centre", {"mediator": ("MEDIATOR",)}),
    Organisation(MemberKind.PROCURATORATE, "Beijing Fourth Branch Procuratorate", {"procurator": ()}),
    Organisation(MemberKind.AUDITOR, "Judicial Audit Office", {"auditor": ("AUDITOR",)}),
)


@dataclass
class DeployContext:
    """What a contract spec may use to build its constructor arguments and configuration actions."""

    chain: Chain
    suite: Suite
    deployer: LocalAccount
    hub: ConsortiumClient
    settlement_token: str
    addresses: dict[str, str]


@dataclass(frozen=True)
class ContractSpec:
    """A suite contract: how to construct it and which governance actions wire and configure it."""

    name: str
    args: Callable[[DeployContext], list[Any]]
    configure: Callable[[DeployContext], list[Action]] = field(default=lambda ctx: [])


def _hub_only(ctx: DeployContext) -> list[Any]:
    return [ctx.addresses["CourtConsortium"]]


# EnforcementOffice: cases from judicially confirmed obligations up to this amount (settlement-token base units)
# have their orders approved automatically. Set by the governors; change it with a hub proposal.
ENFORCEMENT_AUTO_APPROVAL_CAP = 50_000 * 10**18


def _enforcement_args(ctx: DeployContext) -> list[Any]:
    return [ctx.addresses["CourtConsortium"], ctx.settlement_token]


def _enforcement_config(ctx: DeployContext) -> list[Action]:
    office = ctx.suite.contract("EnforcementOffice")
    data = office.encode_abi("setAutoApprovalCap", args=[ENFORCEMENT_AUTO_APPROVAL_CAP])
    return [
        ctx.hub.suite_call(
            office.address, data, f"EnforcementOffice.setAutoApprovalCap({ENFORCEMENT_AUTO_APPROVAL_CAP})"
        )
    ]


def _credit_configure(ctx: DeployContext) -> list[Action]:
    credit = CreditClient(ctx.suite)
    return [
        credit.set_default_duration(EntryKind.DISHONEST_DEBTOR, DEFAULT_DISHONEST_DURATION),
        credit.set_default_duration(EntryKind.HIGH_CONSUMPTION_BAN, DEFAULT_BAN_DURATION),
    ]


# Suite contracts in deployment order (dependencies first). Each is registered in the hub under its SuiteKeys key.
SUITE: list[ContractSpec] = [
    ContractSpec("CreditRegistry", _hub_only, _credit_configure),
    # CaseDocket has no governance parameters: each court's own staff configures its case numbers and case types.
    ContractSpec("CaseDocket", _hub_only),
    ContractSpec("EvidenceRegistry", _hub_only),
    ContractSpec("EnforcementOffice", _enforcement_args, _enforcement_config),
    ContractSpec("ObligationRegistry", _hub_only),
]


def record_path(chain_id: int, directory: Path | None = None) -> Path:
    return (directory or paths.DEPLOYMENTS) / f"{chain_id}.json"


def _code_hash(chain: Chain, address: str) -> str:
    code = chain.rpc("eth_getCode", [address, "latest"])
    raw = bytes.fromhex(str(code)[2:])
    return "0x" + keccak(raw).hex() if raw else ""


def load_record(chain: Chain, directory: Path | None = None) -> dict[str, Any] | None:
    import json

    path = record_path(chain.chain_id, directory)
    if not path.exists():
        return None
    try:
        return dict(json.loads(path.read_text()))
    except ValueError as exc:
        raise DeploymentError(f"deployment record {path} is not valid JSON") from exc


def check_record(chain: Chain, record: dict[str, Any]) -> list[str]:
    """Problems with a recorded deployment on this chain: missing or different code, stale sources."""
    problems = []
    for name, entry in record.get("contracts", {}).items():
        actual = _code_hash(chain, entry["address"])
        if not actual:
            problems.append(f"{name}: no code at {entry['address']}")
        elif actual != entry["codeHash"]:
            problems.append(f"{name}: code at {entry['address']} differs from what was deployed")
    wanted = {"CourtConsortium", *(s.name for s in SUITE)}
    missing = wanted - set(record.get("contracts", {}))
    if missing:
        problems.append(f"not deployed yet: {', '.join(sorted(missing))}")
    return problems


@dataclass(frozen=True)
class Deployment:
    suite: Suite
    record: dict[str, Any]
    fresh: bool
    path: Path


def open_suite(chain: Chain, record: dict[str, Any] | None = None, target: build.Target = build.PRIMARY) -> Suite:
    """The suite of a recorded deployment (raises DeploymentError if there is none)."""
    record = record or load_record(chain)
    if record is None:
        raise DeploymentError(f"nothing deployed on chain {chain.chain_id}: run `courtchain deploy`")
    artifacts = build.load_artifacts(target) if (paths.BUILD / target.name / "manifest.json").exists() else {}
    if not artifacts:
        artifacts = build.compile_target(target)
    addresses = {name: e["address"] for name, e in record["contracts"].items()}
    return Suite(chain, artifacts, addresses)


def check_clock(chain: Chain) -> None:
    """Refuse a chain whose block timestamps are not in seconds (FISCO BCOS without its EVM-timestamp feature
    reports milliseconds): every deadline of the suite would pass a thousand times too fast."""
    now = chain.timestamp()
    if now > MAX_SECONDS_TIMESTAMP:
        raise DeploymentError(
            f"chain {chain.chain_id} reports block timestamp {now}, which is not in seconds (a millisecond clock?): "
            "the suite's times are in seconds, so it refuses this chain; on FISCO BCOS enable the EVM-timestamp "
            "feature (seconds) and deploy again"
        )


def deploy(
    chain: Chain,
    *,
    fresh: bool = False,
    target: build.Target = build.PRIMARY,
    organisations: Sequence[Organisation] = DEV_ORGANISATIONS,
    settlement_token: str | None = None,
    directory: Path | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> Deployment:
    """Deploy the suite on `chain` unless a matching deployment is recorded; return it either way. Refuses a chain
    whose clock is not in seconds before anything is sent (`check_clock`)."""
    check_clock(chain)
    path = record_path(chain.chain_id, directory)
    artifacts = build.compile_target(target)
    record = None if fresh else load_record(chain, directory)
    if record is not None:
        problems = check_record(chain, record)
        if not problems:
            suite = Suite(chain, artifacts, {n: e["address"] for n, e in record["contracts"].items()})
            return Deployment(suite, record, False, path)
        if not chain.is_dev_node:
            raise DeploymentError(
                f"recorded deployment does not match chain {chain.chain_id}: {problems[0]} (use --fresh)"
            )
        log(f"recorded deployment is stale ({problems[0]}); deploying afresh")

    accounts = dev_accounts()
    if not chain.is_dev_node:
        raise DeploymentError("a fresh deployment on a non-development chain needs a deployment plan with its own keys")
    deployer = accounts["court_governor"]
    senders: dict[str, Sender] = {}  # every Suite below shares them: one nonce cache per account
    suite = Suite(chain, artifacts, {}, senders)
    sender = suite.sender(deployer)
    contracts: dict[str, dict[str, Any]] = {}

    def create(name: str, args: list[Any]) -> str:
        factory = chain.w3.eth.contract(abi=artifacts[name].abi, bytecode=artifacts[name].bytecode)
        data = factory.constructor(*args).data_in_transaction
        t0 = time.monotonic()
        receipt = sender.send(Call(to="", data=data, contract=name))
        address = str(receipt["contractAddress"])
        contracts[name] = {
            "address": address,
            "txHash": "0x" + bytes(receipt["transactionHash"]).hex(),
            "block": int(receipt["blockNumber"]),
            "gasUsed": int(receipt["gasUsed"]),
            "codeHash": _code_hash(chain, address),
        }
        log(f"deployed {name} at {address} (gas {receipt['gasUsed']:,}, {time.monotonic() - t0:.2f}s)")
        return address

    token = settlement_token or create("SettlementToken", [])
    genesis_orgs = [o for o in organisations if o.genesis_governor]
    genesis = [(int(o.kind), o.name, b"\0" * 32, accounts[str(o.genesis_governor)].address) for o in genesis_orgs]
    hub_address = create("CourtConsortium", [genesis, min(GENESIS_THRESHOLD, len(genesis)), PROPOSAL_LIFETIME])
    suite = Suite(chain, artifacts, {n: e["address"] for n, e in contracts.items()}, senders)
    governors = [accounts[str(o.genesis_governor)] for o in genesis_orgs]
    hub = ConsortiumClient(suite, governors[0])

    # Members, accounts and roles: one proposal, approved by the genesis governors.
    actions: list[Action] = []
    next_id = len(genesis_orgs) + 1
    for index, org in enumerate(organisations):
        if org.genesis_governor:
            member_id = index + 1
        else:
            actions.append(hub.admit_member(org.kind, org.name))
            member_id = next_id
            next_id += 1
        for dev_name, roles in org.accounts.items():
            operator = accounts[dev_name].address
            if dev_name != org.genesis_governor:
                actions.append(hub.add_account(member_id, operator))
            for role in roles:
                if not (role == "GOVERNOR" and dev_name == org.genesis_governor):
                    actions.append(hub.grant_role(role, operator))
    hub.govern(actions, governors, "admit the local consortium's members, accounts and roles")
    log(f"consortium formed: {hub.member_count()} members, {len(actions)} governance actions")

    ctx = DeployContext(chain, suite, deployer, hub, token, {n: e["address"] for n, e in contracts.items()})
    wiring: list[Action] = []
    for spec in SUITE:
        address = create(spec.name, spec.args(ctx))
        ctx.addresses[spec.name] = address
        suite = Suite(chain, artifacts, ctx.addresses, senders)
        ctx.suite = suite
        ctx.hub = ConsortiumClient(suite, governors[0])
        wiring.append(ctx.hub.set_suite_contract(SUITE_KEYS[spec.name], address))
    if wiring:
        ctx.hub.govern(wiring, governors, "register the suite contracts")
    config = [a for spec in SUITE for a in spec.configure(ctx)]
    if config:
        ctx.hub.govern(config, governors, "configure the suite contracts")

    manifest = build.load_artifacts(target)  # for the compiler string
    record = {
        "chainId": chain.chain_id,
        "client": chain.client_version,
        "target": target.name,
        "compiler": next(iter(manifest.values())).compiler,
        "evmVersion": target.evm_version,
        "sourceHash": next(iter(artifacts.values())).source_hash,
        "deployedAt": int(time.time()),
        "settlementToken": token,
        "hub": hub_address,
        "threshold": ctx.hub.threshold(),
        "contracts": contracts,
        "accounts": {name: acct.address for name, acct in accounts.items()},
    }
    build.atomic_write_json(path, record)
    log(f"recorded deployment in {path}")
    return Deployment(Suite(chain, artifacts, ctx.addresses, senders), record, True, path)
