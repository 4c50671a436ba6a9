"""Deployment plans: what a consortium deploys, with whose keys (TOML; `courtchain plan init|check`).

A plan names the chain (expected chain id, build target, confirmations, gas-price policy), the members (name, kind,
genesis governors, threshold), each member's operator accounts with their roles and how each signs, the settlement
token, the courts with their case types, and the list durations and proposal lifetime. A plan never holds a private
key: an account signs through a keystore file, an environment variable, a remote signer speaking JSON-RPC
`eth_signTransaction` (Web3Signer, Clef), or — on development chains only — the development mnemonic.

`load` reads a plan and `check` lists every problem at once (the file's own, then the keys', then the node's),
so an operator fixes a plan in one pass instead of one error per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils import is_checksum_address, is_hex_address, to_checksum_address

from .clients.consortium import MemberKind
from .errors import InputError
from .roles import ROLE_NAMES

TARGETS = ("paris", "fisco")
SIGNER_SCHEMES = ("keystore", "env", "remote", "dev")
GAS_PRICE_POLICIES = ("zero", "node")
MAX_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Signer:
    """How an account signs: `keystore:PATH`, `env:VAR`, `remote:URL` or `dev:NAME` (development chains only)."""

    scheme: str
    value: str
    password_env: str = "COURTCHAIN_KEYSTORE_PASSWORD"

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


@dataclass(frozen=True)
class PlanAccount:
    name: str
    roles: tuple[str, ...]
    signer: Signer
    address: str | None


@dataclass(frozen=True)
class PlanMember:
    name: str
    kind: MemberKind
    genesis_governor: str | None
    accounts: tuple[PlanAccount, ...]


@dataclass(frozen=True)
class PlanCaseType:
    code: str
    required_kinds: tuple[int, ...]
    window_days: int


@dataclass(frozen=True)
class PlanCourt:
    member: str
    abbreviation: str
    code: str
    case_types: tuple[PlanCaseType, ...]


@dataclass(frozen=True)
class PlanToken:
    kind: str  # "suite" (the suite's own token, test networks) or "erc20" (an existing token)
    address: str | None
    decimals: int
    symbol: str


@dataclass(frozen=True)
class PlanPeer:
    """A peer chain of the cross-chain contracts (`[[crosschain.peer]]`): its chain id, its deployment record (the
    file `plan deploy` wrote on that chain, relative to the plan), the attestors (relayer accounts of different
    organisations) whose M-of-N signatures prove its messages here, and M."""

    chain_id: int
    record: Path
    attestors: tuple[str, ...]
    threshold: int


@dataclass(frozen=True)
class Plan:
    path: Path
    sha256: str
    name: str
    chain_id: int
    target: str
    confirmations: int
    gas_price: str | int
    threshold: int
    proposal_lifetime_days: int
    dishonest_debtor_days: int
    high_consumption_ban_days: int
    auto_approval_cap_yuan: int
    token: PlanToken
    members: tuple[PlanMember, ...]
    courts: tuple[PlanCourt, ...] = field(default=())
    # `[crosschain]`: deploy the cross-chain contracts (docs/crosschain.md); None = not part of this consortium
    crosschain: tuple[PlanPeer, ...] | None = None

    def accounts(self) -> list[tuple[PlanMember, PlanAccount]]:
        return [(m, a) for m in self.members for a in m.accounts]

    @property
    def genesis_governors(self) -> list[tuple[PlanMember, PlanAccount]]:
        return [(m, a) for m, a in self.accounts() if a.name == m.genesis_governor]


class PlanError(InputError):
    """A plan with problems; `problems` lists every one of them."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"plan {path} has {len(problems)} problem(s): " + "; ".join(problems))


# -- reading -------------------------------------------------------------------------------------------------------


class _Reader:
    """Reads typed values out of the TOML tables, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def get(self, table: dict[str, Any], key: str, where: str, kind: type, default: Any = None) -> Any:
        if key not in table:
            if default is None:
                self.problems.append(f"{where}: missing '{key}'")
            return default
        value = table[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.problems.append(f"{where}.{key}: expected a whole number, got {value!r}")
            return default
        if not isinstance(value, kind):
            self.problems.append(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
            return default
        return value

    def address(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not is_hex_address(value):
            self.problems.append(f"{where}: malformed address {value!r}")
            return None
        if value != value.lower() and not is_checksum_address(value):
            self.problems.append(
                f"{where}: address {value} fails its EIP-55 checksum (expected "
                f"{to_checksum_address(value)} if the hex digits are right)"
            )
            return None
        return to_checksum_address(value)

    def signer(self, value: Any, where: str, password_env: str) -> Signer | None:
        if not isinstance(value, str) or ":" not in value:
            self.problems.append(
                f"{where}.signer: expected 'keystore:PATH', 'env:VAR', 'remote:URL' or 'dev:NAME', got {value!r}"
            )
            return None
        scheme, rest = value.split(":", 1)
        if scheme not in SIGNER_SCHEMES or not rest:
            self.problems.append(
                f"{where}.signer: unknown signer {value!r} (known: "
                + ", ".join(f"{s}:..." for s in SIGNER_SCHEMES)
                + ")"
            )
            return None
        if scheme == "remote" and not rest.startswith(("http://", "https://")):
            self.problems.append(f"{where}.signer: a remote signer needs an http(s) URL, got {rest!r}")
            return None
        return Signer(scheme, rest, password_env)


def _read_members(r: _Reader, raw: Any) -> list[PlanMember]:
    if not isinstance(raw, list) or not raw:
        r.problems.append("no [[member]] tables: a plan needs at least one member")
        return []
    members: list[PlanMember] = []
    seen_accounts: dict[str, str] = {}
    kinds = {k.name.lower(): k for k in MemberKind if k is not MemberKind.NONE}
    for i, m in enumerate(raw, 1):
        where = f"member {i}"
        name = r.get(m, "name", where, str, "")
        where = f"member {i} ({name})" if name else where
        kind_text = r.get(m, "kind", where, str, "")
        kind = kinds.get(kind_text.lower().replace("-", "_").replace(" ", "_"))
        if kind_text and kind is None:
            r.problems.append(f"{where}: unknown member kind {kind_text!r} (known: {', '.join(kinds)})")
        governor = m.get("genesis_governor")
        if governor is not None and not isinstance(governor, str):
            r.problems.append(f"{where}.genesis_governor: expected an account name, got {governor!r}")
            governor = None
        accounts: list[PlanAccount] = []
        for j, a in enumerate(m.get("account", []), 1):
            aw = f"{where} account {j}"
            aname = r.get(a, "name", aw, str, "")
            aw = f"{where} account {aname!r}" if aname else aw
            if aname and aname in seen_accounts:
                r.problems.append(f"{aw}: the account name is used twice (also in {seen_accounts[aname]})")
            seen_accounts[aname] = name
            roles = r.get(a, "roles", aw, list, [])
            for role in roles:
                if not isinstance(role, str) or role.upper().replace("-", "_") not in ROLE_NAMES:
                    r.problems.append(
                        f"{aw}: unknown role {role!r} (known: {', '.join(n.lower() for n in ROLE_NAMES)})"
                    )
            signer = r.signer(a.get("signer"), aw, str(a.get("password_env", "COURTCHAIN_KEYSTORE_PASSWORD")))
            address = r.address(a.get("address"), f"{aw}.address")
            if signer is not None and signer.scheme != "dev" and "address" not in a:
                r.problems.append(f"{aw}: an account that signs by {signer.scheme} needs its 'address'")
            accounts.append(
                PlanAccount(
                    aname, tuple(str(x).upper().replace("-", "_") for x in roles), signer or Signer("dev", ""), address
                )
            )
        if governor is not None:
            gov = [a for a in accounts if a.name == governor]
            if not gov:
                r.problems.append(f"{where}: genesis_governor {governor!r} is none of its accounts")
            elif "GOVERNOR" not in gov[0].roles:
                r.problems.append(f"{where}: genesis governor {governor!r} does not hold the governor role")
        members.append(PlanMember(name, kind or MemberKind.NONE, governor, tuple(accounts)))
    names = [m.name for m in members]
    for n in sorted({n for n in names if names.count(n) > 1}):
        r.problems.append(f"member name {n!r} is used twice")
    return members


def _read_courts(r: _Reader, raw: Any, members: list[PlanMember]) -> list[PlanCourt]:
    courts: list[PlanCourt] = []
    by_name = {m.name: m for m in members}
    for i, c in enumerate(raw or [], 1):
        where = f"court {i}"
        member = r.get(c, "member", where, str, "")
        if member and member not in by_name:
            r.problems.append(f"{where}: member {member!r} is not in the plan")
        elif member and by_name[member].kind not in (MemberKind.COURT, MemberKind.NONE):
            r.problems.append(f"{where}: member {member!r} is a {by_name[member].kind.name.lower()}, not a court")
        abbreviation = r.get(c, "abbreviation", where, str, "")
        code = r.get(c, "code", where, str, "")
        for what, text in (("abbreviation", abbreviation), ("code", code)):
            if text and not 1 <= len(text.encode()) <= 16:
                r.problems.append(f"{where}.{what}: must be 1 to 16 bytes of UTF-8, got {text!r}")
        types: list[PlanCaseType] = []
        for j, t in enumerate(c.get("case_type", []), 1):
            tw = f"{where} case type {j}"
            tcode = r.get(t, "code", tw, str, "")
            if tcode and not 1 <= len(tcode.encode()) <= 32:
                r.problems.append(f"{tw}.code: must be 1 to 32 bytes of UTF-8, got {tcode!r}")
            kinds = r.get(t, "required_kinds", tw, list, [])
            if any(not isinstance(k, int) or not 1 <= k <= 255 for k in kinds):
                r.problems.append(f"{tw}.required_kinds: material kinds are 1..255, got {kinds}")
            window = r.get(t, "window_days", tw, int, 0)
            if window and not 1 <= window <= MAX_WINDOW_DAYS:
                r.problems.append(f"{tw}.window_days: 1 to {MAX_WINDOW_DAYS} days, got {window}")
            types.append(PlanCaseType(tcode, tuple(int(k) for k in kinds if isinstance(k, int)), window))
        courts.append(PlanCourt(member, abbreviation, code, tuple(types)))
    return courts


def _read_token(r: _Reader, raw: Any) -> PlanToken:
    t = raw if isinstance(raw, dict) else {}
    if not isinstance(raw, dict):
        r.problems.append("missing [token] table")
    kind = r.get(t, "kind", "token", str, "suite")
    if kind not in ("suite", "erc20"):
        r.problems.append(f"token.kind: 'suite' or 'erc20', got {kind!r}")
    address = r.address(t.get("address"), "token.address")
    if kind == "erc20" and "address" not in t:
        r.problems.append("token: an existing ERC-20 (kind = 'erc20') needs its 'address'")
    decimals = r.get(t, "decimals", "token", int, 18)
    if not 0 <= decimals <= 36:
        r.problems.append(f"token.decimals: 0 to 36, got {decimals}")
    symbol = r.get(t, "symbol", "token", str, "CNY")
    return PlanToken(kind, address, decimals, symbol)


def _read_crosschain(r: _Reader, raw: Any, base: Path, chain_id: int) -> tuple[PlanPeer, ...] | None:
    """`[crosschain]` with `[[crosschain.peer]]` tables: chain_id, record, attestors (addresses), threshold."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.problems.append("crosschain: expected a table")
        return None
    for key in sorted(set(raw) - {"peer"}):
        r.problems.append(f"crosschain: unknown key {key!r}")
    peers_raw = raw.get("peer", [])
    if not isinstance(peers_raw, list):
        r.problems.append("crosschain.peer: expected [[crosschain.peer]] tables")
        return ()
    peers: list[PlanPeer] = []
    for i, t in enumerate(peers_raw):
        where = f"crosschain.peer[{i}]"
        if not isinstance(t, dict):
            r.problems.append(f"{where}: expected a table")
            continue
        for key in sorted(set(t) - {"chain_id", "record", "attestors", "threshold"}):
            r.problems.append(f"{where}: unknown key {key!r}")
        cid = r.get(t, "chain_id", where, int, 0)
        if cid is not None and (cid <= 0 or cid == chain_id):
            r.problems.append(f"{where}.chain_id: another chain's positive id, got {cid}")
        record = r.get(t, "record", where, str, "")
        if not record:
            r.problems.append(f"{where}: missing 'record' (the peer's deployment record file)")
        raw_attestors = t.get("attestors", [])
        if not isinstance(raw_attestors, list) or not raw_attestors:
            r.problems.append(f"{where}.attestors: a list of the peer's relayer addresses")
            raw_attestors = []
        attestors = [r.address(a, f"{where}.attestors[{j}]") for j, a in enumerate(raw_attestors)]
        found = [a for a in attestors if a]
        if len(set(found)) != len(found):
            r.problems.append(f"{where}.attestors: an address appears twice")
        threshold = r.get(t, "threshold", where, int, 0)
        if threshold is not None and not 1 <= threshold <= max(len(found), 1):
            r.problems.append(f"{where}.threshold: 1 to {len(found)} (the attestors), got {threshold}")
        peers.append(PlanPeer(cid or 0, base / record, tuple(found), threshold or 0))
    if len({p.chain_id for p in peers}) != len(peers):
        r.problems.append("crosschain.peer: a chain id appears twice")
    return tuple(peers)


def load(path: str | Path) -> Plan:
    """Read and validate a plan file; raise PlanError listing every problem found in the file itself."""
    p = Path(path)
    try:
        text = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read plan {p}: {exc.strerror or exc}") from exc
    try:
        raw = tomllib.loads(text.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"plan {p} is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"plan {p} is not valid TOML: {exc}") from exc
    r = _Reader()
    chain = raw.get("chain", {})
    gov = raw.get("governance", {})
    durations = raw.get("durations", {})
    chain_id = r.get(chain, "chain_id", "chain", int, 0)
    if chain_id is not None and chain_id <= 0 and "chain_id" in chain:
        r.problems.append(f"chain.chain_id: a positive number, got {chain_id}")
    target = r.get(chain, "target", "chain", str, "paris")
    if target not in TARGETS:
        r.problems.append(f"chain.target: one of {', '.join(TARGETS)}, got {target!r}")
    confirmations = r.get(chain, "confirmations", "chain", int, 1)
    if confirmations < 0:
        r.problems.append(f"chain.confirmations: 0 or more, got {confirmations}")
    gas_price = chain.get("gas_price", "node")
    if not (
        gas_price in GAS_PRICE_POLICIES
        or (isinstance(gas_price, int) and not isinstance(gas_price, bool) and gas_price >= 0)
    ):
        r.problems.append(f"chain.gas_price: 'zero', 'node' or a price in wei, got {gas_price!r}")
    members = _read_members(r, raw.get("member"))
    governors = [m for m in members if m.genesis_governor]
    threshold = r.get(gov, "threshold", "governance", int, 1)
    if not governors:
        r.problems.append("no member names a genesis_governor: the consortium needs at least one")
    elif not 1 <= threshold <= len(governors):
        r.problems.append(
            f"governance.threshold {threshold} is not reachable with {len(governors)} genesis governor(s)"
            f" (1 to {len(governors)})"
        )
    lifetime = r.get(gov, "proposal_lifetime_days", "governance", int, 7)
    if not 1 <= lifetime <= 365:
        r.problems.append(f"governance.proposal_lifetime_days: 1 to 365, got {lifetime}")
    dishonest = r.get(durations, "dishonest_debtor_days", "durations", int, 730)
    ban = r.get(durations, "high_consumption_ban_days", "durations", int, 730)
    for key, value in (("dishonest_debtor_days", dishonest), ("high_consumption_ban_days", ban)):
        if not 1 <= value <= 3650:
            r.problems.append(f"durations.{key}: 1 to 3650 days, got {value}")
    cap = r.get(raw.get("enforcement", {}), "auto_approval_cap_yuan", "enforcement", int, 50_000)
    if cap < 0:
        r.problems.append(f"enforcement.auto_approval_cap_yuan: 0 or more, got {cap}")
    token = _read_token(r, raw.get("token"))
    courts = _read_courts(r, raw.get("court"), members)
    crosschain = _read_crosschain(r, raw.get("crosschain"), p.parent, chain_id or 0)
    known = {"chain", "governance", "durations", "enforcement", "token", "member", "court", "name", "version"}
    known.add("crosschain")
    for key in sorted(set(raw) - known):
        r.problems.append(f"unknown top-level key {key!r}")
    if r.problems:
        raise PlanError(p, r.problems)
    return Plan(
        path=p,
        sha256=hashlib.sha256(text).hexdigest(),
        name=str(raw.get("name", p.stem)),
        chain_id=chain_id,
        target=target,
        confirmations=confirmations,
        gas_price=gas_price,
        threshold=threshold,
        proposal_lifetime_days=lifetime,
        dishonest_debtor_days=dishonest,
        high_consumption_ban_days=ban,
        auto_approval_cap_yuan=cap,
        token=token,
        members=tuple(members),
        courts=tuple(courts),
        crosschain=crosschain,
    )


# -- the keys --------------------------------------------------------------------------------------------------------


def key_problems(plan: Plan, only_member: str | None = None, dev_chain: bool | None = None) -> list[str]:
    """Problems reading each account's key (without sending anything): files, variables, addresses that differ.

    `only_member` restricts the check to one member's accounts (an operator holds only its own keys). A remote
    signer must answer, hold the account (`eth_accounts`) and, if it tells its chain id, sign for the plan's; `dev:`
    signers are refused on a chain known not to be a development node.
    """
    from .accounts import DEV_NAMES, dev_account

    problems: list[str] = []
    for member, acct in plan.accounts():
        if only_member is not None and member.name != only_member:
            continue
        where = f"{member.name} account {acct.name!r} ({acct.signer})"
        s = acct.signer
        derived: str | None = None
        if s.scheme == "dev":
            if dev_chain is False:
                problems.append(f"{where}: development keys are for development chains only")
                continue
            if s.value not in DEV_NAMES:
                problems.append(f"{where}: unknown development account {s.value!r}")
                continue
            derived = dev_account(s.value).address
        elif s.scheme == "keystore":
            path = (plan.path.parent / s.value) if not Path(s.value).is_absolute() else Path(s.value)
            try:
                data = json.loads(path.read_text())
                derived = to_checksum_address("0x" + str(data["address"]).removeprefix("0x"))
            except OSError:
                problems.append(f"{where}: keystore file {path} cannot be read")
                continue
            except (ValueError, KeyError, TypeError):
                problems.append(f"{where}: {path} is not a JSON keystore with an address")
                continue
            if os.environ.get(s.password_env) is None:
                problems.append(f"{where}: the keystore's password variable ${s.password_env} is not set")
        elif s.scheme == "env":
            from eth_account import Account

            key = os.environ.get(s.value)
            if not key:
                problems.append(f"{where}: ${s.value} is not set")
                continue
            try:
                derived = Account.from_key(key).address
            except (ValueError, TypeError):
                problems.append(f"{where}: ${s.value} does not hold a valid private key")
                continue
        elif s.scheme == "remote":
            from .signers import remote_problems

            problems.extend(remote_problems(where, s.value, acct.address, plan.chain_id))
            continue
        if derived and acct.address and derived != acct.address:
            problems.append(f"{where}: the key belongs to {derived}, the plan says {acct.address}")
    return problems


# -- the node --------------------------------------------------------------------------------------------------------


def node_problems(
    plan: Plan, chain_id: int, block_gas_limit: int, largest_deployment_gas: int, dev_chain: bool
) -> list[str]:
    """Problems between the plan and the node it is checked against (chain id, gas limit, development keys)."""
    problems = []
    if chain_id != plan.chain_id:
        problems.append(f"the node's chain id is {chain_id}, the plan expects {plan.chain_id}")
    if block_gas_limit < largest_deployment_gas:
        problems.append(
            f"the node's block gas limit {block_gas_limit:,} is below the largest deployment transaction "
            f"({largest_deployment_gas:,} gas): raise the genesis gasLimit"
        )
    if not dev_chain and any(a.signer.scheme == "dev" for _, a in plan.accounts()):
        problems.append("the plan signs with development keys, and this node is not a development node")
    return problems


def crosschain_problems(plan: Plan) -> list[str]:
    """A peer's deployment record that is there but unreadable or of another chain (an absent one is no problem: the
    peer deploys later and `deploy --plan --resume` connects it)."""
    out = []
    for peer in plan.crosschain or ():
        if not peer.record.exists():
            continue
        try:
            record = json.loads(peer.record.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            out.append(f"crosschain peer {peer.chain_id}: its record {peer.record} is not readable JSON ({exc})")
            continue
        got = record.get("chainId") if isinstance(record, dict) else None
        if got != peer.chain_id:
            out.append(f"crosschain peer {peer.chain_id}: the record {peer.record} is of chain {got}")
    return out


def check(
    path: str | Path,
    *,
    only_member: str | None = None,
    node: Callable[[Plan], list[str]] | None = None,
) -> tuple[Plan | None, list[str]]:
    """Every problem of a plan in one list: the file's, then the keys', then the node's (when `node` is given)."""
    try:
        plan = load(path)
    except PlanError as exc:
        return None, exc.problems
    problems = key_problems(plan, only_member) + crosschain_problems(plan)
    if node is not None:
        problems += node(plan)
    return plan, problems


# -- a new plan ------------------------------------------------------------------------------------------------------

TEMPLATE = """\
# courtchain deployment plan — one file per consortium; check it with `courtchain plan check PLAN`.
# Never put a private key here: each account signs through a keystore file, an environment variable, or a
# remote signer (JSON-RPC eth_signTransaction, as Web3Signer and Clef speak it).

name = "{name}"
version = 1

[chain]
chain_id = {chain_id}          # the chain id the node must report; deployment refuses any other
target = "{target}"           # build target: "paris" (Besu, GoQuorum, go-ethereum) or "fisco" (FISCO BCOS 3.x)
confirmations = 1             # blocks to wait after a receipt (QBFT and PBFT are final at 1)
gas_price = "zero"            # "zero" (free-gas consortium chains), "node" (ask the node), or a price in wei

[governance]
threshold = 2                 # approvals a governance proposal needs (at most the number of genesis governors)
proposal_lifetime_days = 7

[durations]
dishonest_debtor_days = 730       # 失信被执行人名单 default listing period
high_consumption_ban_days = 730   # 限制高消费 default period

[enforcement]
auto_approval_cap_yuan = 50000    # orders in confirmed-agreement cases up to this amount need no second judge

[token]
kind = "suite"                # "suite": the suite's own test token; "erc20": an existing token (give its address)
# address = "0x..."
decimals = 18
symbol = "CNY"

# Each member is an institution; genesis governors form the consortium and approve everything after.
[[member]]
name = "某某人民法院"
kind = "court"                # court, procuratorate, public_security, custodian_bank, credit_platform,
                              # mediation_centre, bar_association, notary, auditor, justice_bureau
genesis_governor = "court_governor"

  [[member.account]]
  name = "court_governor"
  roles = ["governor"]        # governor, judge, clerk, mediator, enforcement_officer, custodian,
                              # credit_agency, registrar, auditor
  signer = "keystore:keys/court_governor.json"   # password from $COURTCHAIN_KEYSTORE_PASSWORD
  address = "0x0000000000000000000000000000000000000001"

  [[member.account]]
  name = "judge"
  roles = ["judge"]
  signer = "remote:http://127.0.0.1:9000"       # a remote signer holding this account
  address = "0x0000000000000000000000000000000000000002"

[[member]]
name = "某某银行"
kind = "custodian_bank"
genesis_governor = "bank_governor"

  [[member.account]]
  name = "bank_governor"
  roles = ["governor"]
  signer = "env:BANK_GOVERNOR_KEY"              # the key in this environment variable
  address = "0x0000000000000000000000000000000000000003"

# Cross-chain messaging with other organs' chains (docs/crosschain.md), one table per peer chain:
# [crosschain]
# [[crosschain.peer]]
# chain_id = 7778                                # the peer's chain id
# record = "peers/7778.json"                     # its deployment record (resume once it is there)
# attestors = ["0x...", "0x...", "0x..."]        # relayer accounts of different organisations
# threshold = 2                                  # M of the attestors sign each message

[[court]]
member = "某某人民法院"
abbreviation = "京"            # 省份简称 in the case number
code = "0491"                 # the court's code
  [[court.case_type]]
  code = "民初"
  required_kinds = [1, 2, 3]  # complaint, identity proof, evidence list
  window_days = 7
"""


def template(name: str = "new consortium", chain_id: int = 7777, target: str = "paris") -> str:
    if target not in TARGETS:
        raise InputError(f"target must be one of {', '.join(TARGETS)}, got {target!r}")
    return TEMPLATE.format(name=name, chain_id=chain_id, target=target)


def largest_deployment_gas(artifacts: dict[str, Any]) -> int:
    """A safe upper bound of the largest contract creation of the suite: the creation's base cost, its calldata,
    the code deposit (200 gas a byte of runtime code) and a tenth more for the constructor's own work."""
    from .roles import SUITE_CONTRACTS

    largest = 0
    for name in ("CourtConsortium", "SettlementToken", *SUITE_CONTRACTS):
        art = artifacts[name]
        init = bytes.fromhex(str(art.bytecode).removeprefix("0x"))
        runtime = bytes.fromhex(str(art.deployed_bytecode).removeprefix("0x"))
        calldata = sum(4 if b == 0 else 16 for b in init)
        largest = max(largest, (53_000 + calldata + 200 * len(runtime)) * 11 // 10)
    return largest
