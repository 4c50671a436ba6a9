"""Local signing with eth-account: the dev mnemonic's accounts mapped to named roles on local nodes, keystore files
(password from the environment) or raw keys from the environment for real networks."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount

from .chain import DEV_MNEMONIC
from .errors import AccountError

Account.enable_unaudited_hdwallet_features()

# Named accounts of the local demo and tests, by index in the dev mnemonic. Institutions' operator accounts first,
# then parties; `outsider` holds no role and `keeper` runs the permissionless triggers.
DEV_NAMES: tuple[str, ...] = (
    "court_governor",  # 0: deployer; governor of the intermediate court
    "bank_governor",  # 1: governor of the custodian bank
    "credit_governor",  # 2: governor of the credit platform
    "judge",  # 3
    "judge2",  # 4
    "clerk",  # 5
    "mediator",  # 6
    "officer",  # 7: enforcement officer
    "custodian",  # 8: custodian bank operator
    "credit_agency",  # 9
    "registrar",  # 10
    "auditor",  # 11
    "creditor",  # 12
    "creditor2",  # 13
    "creditor3",  # 14
    "debtor",  # 15
    "litigant",  # 16
    "outsider",  # 17
    "keeper",  # 18
    "procurator",  # 19: operator of the procuratorate
)


def dev_account(name_or_index: str | int, mnemonic: str = DEV_MNEMONIC) -> LocalAccount:
    """A dev-mnemonic account by role name or index (local nodes only)."""
    if isinstance(name_or_index, str):
        if name_or_index not in DEV_NAMES:
            raise AccountError(f"unknown dev account {name_or_index!r}; known: {', '.join(DEV_NAMES)}")
        index = DEV_NAMES.index(name_or_index)
    else:
        index = name_or_index
    return _derive(mnemonic, index)


@functools.lru_cache(maxsize=256)
def _derive(mnemonic: str, index: int) -> LocalAccount:
    # a BIP-39 seed is 2,048 rounds of PBKDF2 (15-50 ms): a deployment plan asks for the same accounts many times
    acct: LocalAccount = Account.from_mnemonic(mnemonic, account_path=f"m/44'/60'/0'/0/{index}")
    return acct


def dev_accounts(mnemonic: str = DEV_MNEMONIC) -> dict[str, LocalAccount]:
    """Every named dev account (derivation is slow, so cached)."""
    return {name: dev_account(name, mnemonic) for name in DEV_NAMES}


def from_keystore(path: str | Path, password_env: str = "COURTCHAIN_KEYSTORE_PASSWORD") -> LocalAccount:
    """Decrypt a keystore file with the password held in an environment variable."""
    p = Path(path)
    if not p.is_file():
        raise AccountError(f"keystore file not found: {p}")
    password = os.environ.get(password_env)
    if password is None:
        raise AccountError(f"keystore {p.name} needs its password in ${password_env}")
    try:
        data = json.loads(p.read_text())
    except (OSError, ValueError) as exc:
        raise AccountError(f"keystore {p.name} is not a readable JSON keystore") from exc
    try:
        key = Account.decrypt(data, password)
    except ValueError as exc:
        raise AccountError(f"wrong password for keystore {p.name}") from exc
    acct: LocalAccount = Account.from_key(key)
    return acct


def from_env(var: str = "COURTCHAIN_PRIVATE_KEY") -> LocalAccount:
    key = os.environ.get(var)
    if not key:
        raise AccountError(f"${var} is not set")
    try:
        acct: LocalAccount = Account.from_key(key)
    except (ValueError, TypeError) as exc:
        raise AccountError(f"${var} is not a valid private key") from exc
    return acct


def resolve(spec: str) -> LocalAccount:
    """An account from a spec: a dev name (`judge`), `keystore:PATH`, `env:VAR`, or `dev:N`."""
    if spec.startswith("keystore:"):
        return from_keystore(spec.removeprefix("keystore:"))
    if spec.startswith("env:"):
        return from_env(spec.removeprefix("env:"))
    if spec.startswith("dev:"):
        try:
            return dev_account(int(spec.removeprefix("dev:")))
        except ValueError as exc:
            raise AccountError(f"bad account index in {spec!r}") from exc
    return dev_accounts()[spec] if spec in DEV_NAMES else dev_account(spec)
