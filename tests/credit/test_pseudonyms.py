"""Per-case pseudonyms and the credit key (issue 18): members holding a person's record recompute the pseudonym of
one case and role, and nothing else links it to another; two members who onboarded the same person with different
salts find each other's credit listings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from courtchain.chain import LocalNode
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind, Reason
from courtchain.commitments import commitment
from courtchain.errors import InputError
from courtchain.privacy import CaseContext, credit_key, load_platform_key, pseudonym
from tests.credit.conftest import ID_A, ID_B, SALT_A, SALT_B, doc
from tests.helpers import run_cli

PLATFORM_KEY = bytes.fromhex("5e" * 32)
CASE_1 = CaseContext(31337, "(2026)京0491民初1号")
CASE_2 = CaseContext(31337, "(2026)京0491民初2号")


def test_a_pseudonym_is_recomputed_from_the_record_and_differs_per_case_role_chain_and_salt() -> None:
    p = pseudonym(SALT_A, "resident", ID_A, CASE_1, "defendant")
    # Another member holding the same record (salt, id) and the case's context gets the same value, whatever the
    # id number's spelling.
    assert pseudonym(SALT_A, "RESIDENT", ID_A.lower(), CASE_1, "defendant") == p
    others = {
        pseudonym(SALT_A, "resident", ID_A, CASE_2, "defendant"),
        pseudonym(SALT_A, "resident", ID_A, CASE_1, "debtor"),
        pseudonym(SALT_A, "resident", ID_A, CaseContext(20200, CASE_1.matter), "defendant"),
        pseudonym(SALT_B, "resident", ID_A, CASE_1, "defendant"),
        pseudonym(SALT_A, "resident", ID_B, CASE_1, "defendant"),
        commitment(SALT_A, "resident", ID_A),  # the old, stable commitment
    }
    assert p not in others and len(others) == 6


def test_bad_contexts_and_roles_are_refused() -> None:
    with pytest.raises(InputError, match="unknown role"):
        pseudonym(SALT_A, "resident", ID_A, CASE_1, "judge")
    with pytest.raises(InputError, match="case reference"):
        CaseContext(1, " ")
    with pytest.raises(InputError, match="chain id"):
        CaseContext(0, "x")
    with pytest.raises(InputError, match="salt"):
        pseudonym(b"\x01" * 31, "resident", ID_A, CASE_1, "defendant")
    with pytest.raises(InputError, match="check digit"):
        pseudonym(SALT_A, "resident", ID_A[:-1] + "0", CASE_1, "defendant")


def test_the_credit_key_needs_the_platform_key_and_not_a_salt() -> None:
    k = credit_key(PLATFORM_KEY, "resident", ID_A)
    assert credit_key(PLATFORM_KEY, "resident", ID_A.lower()) == k
    assert credit_key(bytes.fromhex("5f" * 32), "resident", ID_A) != k
    assert credit_key(PLATFORM_KEY, "resident", ID_B) != k
    with pytest.raises(InputError, match="at least 32 bytes"):
        credit_key(b"short", "resident", ID_A)


def test_the_platform_key_comes_from_the_environment_or_a_private_file(tmp_path: Path) -> None:
    assert load_platform_key({"COURTCHAIN_CREDIT_KEY": "0x" + PLATFORM_KEY.hex()}) == PLATFORM_KEY
    with pytest.raises(InputError, match="COURTCHAIN_CREDIT_KEY"):
        load_platform_key({})
    with pytest.raises(InputError, match="64 hex digits"):
        load_platform_key({"COURTCHAIN_CREDIT_KEY": "abcd"})
    f = tmp_path / "credit.key"
    f.write_text(PLATFORM_KEY.hex() + "\n")
    os.chmod(f, 0o644)
    with pytest.raises(InputError, match="chmod 600"):
        load_platform_key({"COURTCHAIN_CREDIT_KEY_FILE": str(f)})
    os.chmod(f, 0o600)
    assert load_platform_key({"COURTCHAIN_CREDIT_KEY_FILE": str(f)}) == PLATFORM_KEY
    with pytest.raises(InputError, match="no such file"):
        load_platform_key({"COURTCHAIN_CREDIT_KEY_FILE": str(tmp_path / "missing")})


def test_two_members_onboarding_the_same_person_find_each_others_listings(
    node: LocalNode,
    credit: CreditClient,
    credit2: CreditClient,
    cases: list[int],
    tmp_path: Path,
    deployments_dir: Path,
) -> None:
    """Member A (a court) onboards the debtor with its own salt and lists him; member B (a bank) onboarded him with
    another salt: its check, from its own record, finds the listing. With salted commitments it did not."""
    env = {"COURTCHAIN_CREDIT_KEY": PLATFORM_KEY.hex(), "COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}

    def key(id_number: str) -> bytes:
        out = run_cli("credit", "key", "--id-type", "resident", "--id-number", id_number, "--json", env=env)
        assert out.returncode == 0, out.stderr
        import json

        return bytes.fromhex(json.loads(out.stdout)["credit_key"].removeprefix("0x"))

    court_record = (SALT_A, ID_A)  # member A's record of the person
    bank_record = (SALT_B, ID_A)  # member B's record: same person, another salt
    listed_key = key(court_record[1])
    pid, _ = credit.propose_listing(
        listed_key, CaseDomain.ENFORCEMENT, cases[0], EntryKind.DISHONEST_DEBTOR,
        Reason.REFUSES_DESPITE_ABILITY, doc("decision"),
    )  # fmt: skip
    credit2.approve(pid)

    # The bank checks its customer sheet through the CLI (salts in its sheet are its own, and not needed).
    sheet = tmp_path / "customers.csv"
    sheet.write_text(f"salt,id_type,id_number,label\n{bank_record[0].hex()},resident,{bank_record[1]},customer\n")
    out = run_cli("credit", "check", "--csv", str(sheet), rpc=node.url, env=env)
    assert out.returncode == 0, out.stderr
    assert "1 of 1 subject(s) restricted" in out.stdout
    assert CreditClient(credit.suite).restriction(key(bank_record[1])).dishonest_debtor
    # What the old salted commitments gave: the bank's commitment differs from the court's and finds nothing.
    assert not CreditClient(credit.suite).restriction(commitment(bank_record[0], "resident", ID_A)).restricted
    assert not CreditClient(credit.suite).restriction(key(ID_B)).restricted


def test_the_key_command_refuses_without_the_platform_key() -> None:
    out = run_cli("credit", "key", "--id-type", "resident", "--id-number", ID_A, env={"COURTCHAIN_CREDIT_KEY": ""})
    assert out.returncode != 0
    assert "COURTCHAIN_CREDIT_KEY" in out.stderr and "Traceback" not in out.stderr
