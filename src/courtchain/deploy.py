"""Deploy and wire the whole suite, grant roles, and record `deployments/<chainId>.json`.

Running it again finds the recorded deployment and checks that the code at every address is the code deployed
there; it deploys nothing unless asked for a fresh deployment (or, on a development node, unless the recorded
contracts are gone because the node was restarted without its state).

The suite is the list `SUITE`: each later contract joins it with its constructor arguments and the governance
actions that wire and configure it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils import keccak

from . import build, paths
from .chain import Chain
from .clients.consortium import Action, ConsortiumClient, MemberKind
from .clients.credit import DEFAULT_BAN_DURATION, DEFAULT_DISHONEST_DURATION, CreditClient, EntryKind
from .errors import DeploymentError
from .plan import Plan
from .plan import load as load_plan
from .signers import SigningAccount
from .suite import Suite

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


def organisations_of(p: Plan) -> tuple[Organisation, ...]:
    """A plan's members as organisations to deploy (account names, roles, genesis governors)."""
    return tuple(
        Organisation(m.kind, m.name, {a.name: a.roles for a in m.accounts}, m.genesis_governor) for m in p.members
    )


# The local consortium of the demo and the tests: the shipped plan plans/dev-consortium.toml (its first three
# members are the genesis governors), signed by the development mnemonic on development nodes only.
DEV_PLAN_PATH = paths.ROOT / "plans" / "dev-consortium.toml"
DEV_PLAN = load_plan(DEV_PLAN_PATH)
DEV_ORGANISATIONS: tuple[Organisation, ...] = organisations_of(DEV_PLAN)
GENESIS_THRESHOLD = DEV_PLAN.threshold
PROPOSAL_LIFETIME = DEV_PLAN.proposal_lifetime_days * 24 * 3600


@dataclass
class DeployContext:
    """What a contract spec may use to build its constructor arguments and configuration actions."""

    chain: Chain
    suite: Suite
    deployer: SigningAccount
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
ENFORCEMENT_AUTO_APPROVAL_CAP = DEV_PLAN.auto_approval_cap_yuan * 10**DEV_PLAN.token.decimals


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


def _credentials_configure(ctx: DeployContext) -> list[Action]:
    from .clients.credentials import DEFAULT_AUTHORITY, CredentialClient

    client = CredentialClient(ctx.suite)
    return [client.set_authority(mk, ck, issue, discipline) for mk, ck, issue, discipline in DEFAULT_AUTHORITY]


# Suite contracts in deployment order (dependencies first). Each is registered in the hub under its SuiteKeys key.
SUITE: list[ContractSpec] = [
    ContractSpec("CreditRegistry", _hub_only, _credit_configure),
    # CaseDocket has no governance parameters: each court's own staff configures its case numbers and case types.
    ContractSpec("CaseDocket", _hub_only),
    ContractSpec("EvidenceRegistry", _hub_only),
    ContractSpec("EnforcementOffice", _enforcement_args, _enforcement_config),
    ContractSpec("ObligationRegistry", _hub_only),
    # Which member kinds issue and discipline which credentials (DEFAULT_AUTHORITY); change it with a hub proposal.
    ContractSpec("CredentialRegistry", _hub_only, _credentials_configure),
    # the bankruptcy estate and its creditors' meetings (issue 25); each finds the other through the hub's keys
    ContractSpec("CreditorsMeeting", _hub_only),
    ContractSpec("BankruptcyEstate", _enforcement_args),
    # meetings requested on chain (art. 62) and the creditors' committee (art. 67-69); reads the two above
    ContractSpec("MeetingRequests", _hub_only),
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
    target = build.TARGETS.get(str(record.get("target", target.name)), target)
    artifacts = build.load_artifacts(target) if (paths.BUILD / target.name / "manifest.json").exists() else {}
    if not artifacts:
        artifacts = build.compile_target(target)
    source_hash = next(iter(artifacts.values())).source_hash
    if record.get("sourceHash") not in (None, source_hash):
        raise DeploymentError(
            f"chain {chain.chain_id} runs the {target.name} build of other contract sources (deployed "
            f"{str(record['sourceHash'])[:12]}…, this checkout {source_hash[:12]}…): use the checkout that deployed it"
        )
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
            "feature, feature_evm_timestamp (seconds), and deploy again"
        )


def deploy(
    chain: Chain,
    *,
    fresh: bool = False,
    target: build.Target | None = None,
    directory: Path | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> Deployment:
    """Deploy the suite on `chain` unless a matching deployment is recorded; return it either way. Refuses a chain
    whose clock is not in seconds before anything is sent (`check_clock`).

    `target` None uses the recorded deployment's build target (paris for a new one); a target other than the
    recorded one is refused unless `fresh`."""
    check_clock(chain)
    path = record_path(chain.chain_id, directory)
    record = None if fresh else load_record(chain, directory)
    recorded = build.TARGETS.get(str(record.get("target"))) if record else None
    if target is not None and recorded is not None and recorded != target:
        raise DeploymentError(
            f"chain {chain.chain_id} runs the {recorded.name} build; this command asks for {target.name} "
            "(deploy afresh with --fresh, or drop --target)"
        )
    target = target or recorded or build.PRIMARY
    artifacts = build.compile_target(target, log=log)
    if record is not None and record.get("complete") is False:
        # a plan's deployment waiting for its members: the hub and what is deployed so far serve their commands
        suite = Suite(chain, artifacts, {n: e["address"] for n, e in record["contracts"].items()})
        return Deployment(suite, record, False, path)
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

    if not chain.is_dev_node:
        raise DeploymentError(
            "a fresh deployment on a non-development chain needs a deployment plan with its own keys: "
            "courtchain deploy --plan PLAN (courtchain plan init writes one)"
        )
    # The development consortium is the shipped plan, on whatever chain id and target this node and build have.
    from dataclasses import replace

    from .plan_deploy import deploy_plan, plan_signers

    plan = replace(DEV_PLAN, chain_id=chain.chain_id, target=target.name)
    # The demo's court sets up its own docket (its step 3), so the deployment leaves the plan's courts to it.
    signers = plan_signers(plan, dev_chain=True)
    # the demo's parties too: every named development account needs gas money on a node that charges for gas
    from .accounts import dev_accounts
    from .funding import ensure_funds

    named = {name: acct.address for name, acct in dev_accounts().items()}
    ensure_funds(chain, named, deployer=plan.genesis_governors[0][1].name, log=log)
    suite, record = deploy_plan(chain, plan, signers, record_path=path, fresh=True, configure_courts=False, log=log)
    return Deployment(suite, record, True, path)
