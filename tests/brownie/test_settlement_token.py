"""SettlementToken (the test ERC-20 the suite settles in), Brownie style: public mint, transfers, allowances."""

from __future__ import annotations

import brownie

YUAN = 10**18


def test_metadata(token):
    assert token.name() == "Court Settlement Yuan (test)"
    assert token.symbol() == "tCNY"
    assert token.decimals() == 18
    assert token.totalSupply() == 0


def test_anyone_mints_on_a_test_chain(token, outsider, debtor):
    tx = token.mint(debtor, 500 * YUAN, {"from": outsider})
    transfer = tx.events["Transfer"]
    assert (transfer["from"], transfer["to"], transfer["value"]) == (brownie.ZERO_ADDRESS, debtor, 500 * YUAN)
    assert token.balanceOf(debtor) == 500 * YUAN
    assert token.totalSupply() == 500 * YUAN


def test_transfer_and_transfer_from(token, debtor, creditor, custodian):
    token.mint(debtor, 100 * YUAN, {"from": debtor})
    token.transfer(creditor, 30 * YUAN, {"from": debtor})
    token.approve(custodian, 50 * YUAN, {"from": debtor})
    tx = token.transferFrom(debtor, custodian, 50 * YUAN, {"from": custodian})
    assert tx.events["Transfer"]["value"] == 50 * YUAN
    assert token.allowance(debtor, custodian) == 0
    assert [token.balanceOf(a) for a in (debtor, creditor, custodian)] == [20 * YUAN, 30 * YUAN, 50 * YUAN]


def test_overdrafts_revert_with_openzeppelin_messages(token, debtor, creditor):
    token.mint(debtor, 10 * YUAN, {"from": debtor})
    with brownie.reverts("ERC20: transfer amount exceeds balance"):
        token.transfer(creditor, 11 * YUAN, {"from": debtor})
    with brownie.reverts("ERC20: insufficient allowance"):
        token.transferFrom(debtor, creditor, 1, {"from": creditor})


def test_isolation_gives_each_test_a_fresh_token(token, debtor):
    assert token.totalSupply() == 0
    assert token.balanceOf(debtor) == 0
