"""The solc front's compile cache (bin/solc-cache.js), and the primary build's settings that let Brownie use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from courtchain import build, paths

FRONT = build.PRIMARY.compiler
OWNED = (
    "// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.0;\n"
    'import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";\n'
    "contract Owned is Ownable {}\n"
)


def _input(sources: dict[str, str], outputs: list[str]) -> dict[str, Any]:
    return {
        "language": "Solidity",
        "sources": {name: {"content": text} for name, text in sources.items()},
        "settings": {
            "optimizer": {"enabled": True, "runs": 200},
            "evmVersion": "paris",
            "remappings": build.REMAPPINGS,
            "outputSelection": {"*": {"*": outputs}},
        },
    }


def _compile(
    data: dict[str, Any], cache: Path, base: Path | None = None, cwd: Path | None = None
) -> tuple[dict[str, Any], str]:
    """The front's output and what it said about the cache."""
    env = {**os.environ, "COURTCHAIN_SOLC_CACHE": str(cache), "COURTCHAIN_SOLC_CACHE_LOG": "1"}
    argv = [str(FRONT), "--standard-json", *(["--base-path", str(base)] if base else [])]
    run = subprocess.run(
        argv, input=json.dumps(data), capture_output=True, text=True, env=env, cwd=cwd, check=True, timeout=300
    )
    return json.loads(run.stdout), run.stderr


def _bytecode(output: dict[str, Any], source: str, name: str) -> str:
    return str(output["contracts"][source][name]["evm"]["bytecode"]["object"])


def test_the_same_compilation_is_served_from_the_cache(tmp_path: Path) -> None:
    first, said = _compile(_input({"contracts/Owned.sol": OWNED}, ["abi", "evm.bytecode"]), tmp_path)
    assert "(no entry)" in said and "stored" in said
    # the same sources and settings, written in another order and asking for less: served, not compiled
    data = _input({"contracts/Owned.sol": OWNED}, ["evm.bytecode.object"])
    data = {
        "settings": dict(reversed(list(data["settings"].items()))),
        "sources": data["sources"],
        "language": "Solidity",
    }
    again, said = _compile(data, tmp_path)
    assert said.startswith("solc cache: hit"), said
    assert again == first


def test_remapped_openzeppelin_is_found_from_any_working_folder(tmp_path: Path) -> None:
    """The build's remapping names OpenZeppelin's files by their path in the checkout (node_modules/...)."""
    output, _ = _compile(_input({"contracts/Owned.sol": OWNED}, ["abi"]), tmp_path / "cache", cwd=tmp_path)
    assert not [e for e in output.get("errors", []) if e["severity"] == "error"], output["errors"]
    assert "node_modules/@openzeppelin/contracts/access/Ownable.sol" in output["sources"]


def test_a_wider_selection_is_compiled_with_the_kept_one(tmp_path: Path) -> None:
    sources = {"contracts/Owned.sol": OWNED}
    _compile(_input(sources, ["abi"]), tmp_path)
    wider, said = _compile(_input(sources, ["abi", "evm.deployedBytecode.object"]), tmp_path)
    assert "outputs not in its entry" in said
    assert _outputs_of(wider) == {"abi", "evm"}
    for outputs in (["abi"], ["evm.deployedBytecode.object"]):  # the union is kept: both are served now
        _, said = _compile(_input(sources, outputs), tmp_path)
        assert said.startswith("solc cache: hit"), (outputs, said)


def _outputs_of(output: dict[str, Any]) -> set[str]:
    return set(output["contracts"]["contracts/Owned.sol"]["Owned"])


def test_an_imported_file_that_changed_is_compiled_again(tmp_path: Path) -> None:
    """A kept output depends on the files its compilation read, not only on its input."""
    project = tmp_path / "project"
    (project / "lib").mkdir(parents=True)
    lib = project / "lib" / "Base.sol"
    text = "// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.0;\ncontract Base {{ uint public x = {}; }}\n"
    lib.write_text(text.format(1), encoding="utf-8")
    main = '// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.0;\nimport "lib/Base.sol";\n'
    main += "contract A is Base {}\n"
    data = _input({"A.sol": main}, ["evm.bytecode.object"])
    cache = tmp_path / "cache"
    first, _ = _compile(data, cache, base=project)
    _, said = _compile(data, cache, base=project)
    assert said.startswith("solc cache: hit"), said
    lib.write_text(text.format(2), encoding="utf-8")
    second, said = _compile(data, cache, base=project)
    assert "Base.sol changed" in said
    assert _bytecode(second, "A.sol", "A") != _bytecode(first, "A.sol", "A")


def test_a_failed_compilation_is_not_kept(tmp_path: Path) -> None:
    data = _input({"contracts/Bad.sol": "pragma solidity ^0.8.0; contract Bad { function f( }"}, ["abi"])
    output, said = _compile(data, tmp_path)
    assert any(e["severity"] == "error" for e in output["errors"])
    assert "stored" not in said and not list(tmp_path.glob("*.json"))
    _, said = _compile(data, tmp_path)
    assert "(no entry)" in said


def _served(kept: dict[str, Any], asked: dict[str, Any]) -> dict[str, bool]:
    """What bin/solc-cache.js itself decides for a request `asked` after a compilation of `kept`: the same key, and
    a selection the kept one covers."""
    script = (
        "const { Cache, covers } = require(process.argv[1]);"
        "const [kept, asked] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const c = new Cache('.');"
        "console.log(JSON.stringify({ sameKey: c.key('v', kept) === c.key('v', asked),"
        " covered: covers(kept.settings.outputSelection, asked.settings.outputSelection) }));"
    )
    run = subprocess.run(["node", "-e", script, str(paths.BIN / "solc-cache.js")], input=json.dumps([kept, asked]),
                         capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    return dict(json.loads(run.stdout))


def test_brownie_compiles_what_the_primary_build_keeps(tmp_path: Path) -> None:
    """Brownie's own code, in its environment, builds its compiler input for the whole project; a solc that only
    records it stands in for the compiler. Everything but the output selection equals the primary build's input, and
    the build's selection covers Brownie's: `brownie compile` after `courtchain build` is a cache hit."""
    python = paths.ROOT / ".venv-brownie" / "bin" / "python"
    if not python.exists():
        pytest.skip("Brownie's environment is not set up (`make brownie-setup`)")
    recorder = tmp_path / "bin" / "solc-v0.8.28"
    recorder.parent.mkdir()
    recorded = tmp_path / "input.json"
    recorder.write_text(
        f'#!/bin/sh\nif [ "$1" = --version ]; then exec "{FRONT}" --version; fi\ncat > "{recorded}"\necho "{{}}"\n',
        encoding="utf-8",
    )
    recorder.chmod(0o755)
    script = (
        "import sys\nfrom brownie import project\nfrom brownie.project import main\n"
        "p = project.load(sys.argv[1], compile=False)\n"
        "config = main.expand_posix_vars(main._load_project_compiler_config(p._path), p._envvars)\n"
        "paths = {p._sources.get_source_path(c) for c in p._sources.get_contract_list()}\n"
        "try:\n    p._compile({path: p._sources.get(path) for path in paths}, config, silent=True)\n"
        "except Exception:\n    pass  # the recorder's empty output: what matters is the input it recorded\n"
    )
    (tmp_path / "home").mkdir()  # Brownie keeps its settings under $HOME (bin/brownie: .brownie-home)
    env = {**os.environ, "HOME": str(tmp_path / "home"), "SOLCX_BINARY_PATH": str(recorder.parent)}
    # A copy of the project's sources and Brownie settings: loading the checkout itself would read (and prune) its
    # build/brownie/, which `make brownie-test` may be writing beside this run (.ci/run)
    project = tmp_path / "project"
    shutil.copytree(paths.CONTRACTS, project / "contracts")
    shutil.copy2(paths.ROOT / "brownie-config.yaml", project / "brownie-config.yaml")
    for folder in ("build/brownie", "tests/brownie"):  # Brownie makes its folders there without parents
        (project / folder).mkdir(parents=True)
    run = subprocess.run(
        [str(python), "-c", script, str(project)], env=env, timeout=300, capture_output=True, text=True
    )
    assert run.returncode == 0 and recorded.exists(), run.stderr[-3000:]
    brownie = json.loads(recorded.read_text(encoding="utf-8"))
    ours = build.standard_input(build.PRIMARY, build._sources(paths.CONTRACTS))
    rest = [
        {**d, "settings": {k: v for k, v in d["settings"].items() if k != "outputSelection"}} for d in (brownie, ours)
    ]
    assert rest[0] == rest[1]  # (shows what differs)
    assert _served(ours, brownie) == {"sameKey": True, "covered": True}
