"""The settlement token as seen by parties: balances, allowances, transfers; minting on local chains only."""

from __future__ import annotations

from ..errors import InputError
from .base import ContractClient, Sent, check_address


class SettlementTokenClient(ContractClient):
    contract_name = "SettlementToken"

    def balance_of(self, account: str) -> int:
        return int(self.view("balanceOf", check_address(account)))

    def allowance(self, owner: str, spender: str) -> int:
        return int(self.view("allowance", check_address(owner), check_address(spender)))

    def decimals(self) -> int:
        """Decimal places of the token: one yuan is 10**decimals base units."""
        return int(self.view("decimals"))

    def total_supply(self) -> int:
        return int(self.view("totalSupply"))

    def mint(self, to: str, amount: int) -> Sent:
        """Test token only (local chains): anyone may mint."""
        if amount <= 0:
            raise InputError("amount must be positive")
        return self.transact("mint", check_address(to), amount)

    def approve(self, spender: str, amount: int) -> Sent:
        return self.transact("approve", check_address(spender), amount)

    def ensure_allowance(self, spender: str, amount: int) -> Sent | None:
        """Approve `spender` for `amount` unless the current allowance already covers it."""
        assert self.account is not None
        if self.allowance(self.account.address, spender) >= amount:
            return None
        return self.approve(spender, amount)

    def transfer(self, to: str, amount: int) -> Sent:
        return self.transact("transfer", check_address(to), amount)
