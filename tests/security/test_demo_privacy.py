"""Privacy after the demo: run `courtchain demo` on a fresh node, then scan every transaction input and every log of
every block for every plaintext name and id number the demo uses (and every line of the documents it anchors).

The identities come from the demo module: its `PRIVATE_STRINGS` (names, id numbers, bank account numbers of the
story's people), every module constant named `*_ID_NUMBER` or `*_BANK_ACCOUNT*`, and every literal id number passed
to `commitment(salt, id_type, "...")` in its source, so that a party added to the demo is covered without editing
this test. (An institution's name, e.g. the notary's, is public by design and not scanned for.)"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from courtchain import demo as demo_module
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.helpers import run_cli
from tests.privacy_scan import chain_bytes, forms, leaks

COMMITMENT_LITERAL = re.compile(r"commitment\(.*?,\s*\"([^\"]+)\",\s*\"([^\"]+)\"\)")


def identities() -> dict[str, str]:
    found: dict[str, str] = {f"private {i}": text for i, text in enumerate(getattr(demo_module, "PRIVATE_STRINGS", ()))}
    for name, value in vars(demo_module).items():
        if isinstance(value, str) and (name.endswith("_ID_NUMBER") or "_BANK_ACCOUNT" in name):
            found[name] = value
    source = inspect.getsource(demo_module)
    for id_type, number in COMMITMENT_LITERAL.findall(source):
        found[f"{id_type} {number}"] = number
    return found


def document_lines(folder: Path) -> dict[str, str]:
    """Distinctive lines of the documents the demo anchored (they are hashed; their text must stay off chain)."""
    out = {}
    for f in sorted(folder.glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if len(line.strip()) >= 24:
                out[f"{f.name}: {line.strip()[:30]}"] = line.strip()
    return out


def test_demo_puts_no_plaintext_identity_on_chain(tmp_path: Path) -> None:
    people = identities()
    assert people, "the demo uses no identity: nothing to scan for"
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path)}
    with LocalNode() as node:
        out = run_cli("demo", rpc=node.url, env=env)
        assert out.returncode == 0, out.stderr[-2000:]
        chain = Chain(node.url)
        wanted: dict[str, bytes] = {}
        for label, text in {**people, **document_lines(demo_module.DEMO_DOCUMENTS)}.items():
            wanted.update(forms(label, text))
        blobs = chain_bytes(chain)
        assert sum(1 for where, _ in blobs if where.endswith("input")) > 60  # the scan saw the whole procedure
        assert leaks(blobs, wanted) == []

        # Control: the same scan finds an identity that is put on chain.
        label, text = next(iter(people.items()))
        accounts = dev_accounts()
        from courtchain import build

        suite = Suite(chain, build.load_artifacts(), {})
        suite.sender(accounts["outsider"]).send(
            Call(to=accounts["keeper"].address, data="0x" + text.encode().hex(), contract="(none)")
        )
        assert any(hit.startswith(label) for hit in leaks(chain_bytes(chain), wanted))


def test_after_the_demo_a_second_case_of_its_debtor_shares_no_value_with_it(tmp_path: Path) -> None:
    """The whole demo, then a second case of the demo's debtor from the same member records (salt, identity; the
    same credit platform key) and a case of another person as control: no value of the demo's logs is in the second
    case's logs, except the debtor's credit key where the credit registry and the termination order name it."""
    from courtchain import deploy
    from courtchain.commitments import new_salt
    from courtchain.demo import STEPS, Demo, Subject
    from tests.credit.conftest import resident_id
    from tests.privacy_scan import linkage, log_words
    from tests.security.cases_of_one_debtor import run_case
    from tests.security.test_linkage import credit_key_places

    with LocalNode() as node:
        chain = Chain(node.url)
        suite = deploy.deploy(chain, fresh=True, directory=tmp_path).suite
        start = chain.block_number() + 1
        demo = Demo(suite, documents_dir=tmp_path / "documents")
        for step in STEPS:
            step(demo)
        demo_blocks = range(start, chain.block_number() + 1)
        accts = dev_accounts()
        creditor = Subject("creditor", "钱七", "resident", resident_id("11010519800101123"), new_salt())
        other = Subject("other", "孙八", "resident", resident_id("44030619850101123"), new_salt())
        key = demo.credit_platform_key
        second = run_case(suite, accts, demo.parties["debtor"], creditor, "京0491收2026-0777", key)
        control = run_case(suite, accts, other, creditor, "京0491收2026-0778", key)
        demo_words, second_words = log_words(chain, demo_blocks), log_words(chain, second.blocks)
        assert len(demo_words) > 200  # the scan saw the whole demo
        key_places = credit_key_places(suite, demo_blocks, second.credit_key)
        allowed = {second.credit_key: key_places | credit_key_places(suite, second.blocks, second.credit_key)}
        assert second.credit_key in demo_words  # the demo listed him under the same key
        assert linkage([demo_words, second_words], log_words(chain, control.blocks), allowed) == []
