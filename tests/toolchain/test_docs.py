"""The documentation says nothing the code does not back: the generated reference pages equal what the code gives,
every `courtchain` command shown in the README and in docs/ exists with the options it names (and answers --help),
the README stays short and its links lead somewhere, and the Python API page's example runs against a real node.
(`make docs` builds the site with `mkdocs build --strict` in `make test`: links and anchors inside docs/.)"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
import pytest
from click.testing import CliRunner

from courtchain.chain import Chain
from courtchain.cli import cli
from tests.helpers import SRC, run_cli

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_LIMIT = 12 * 1024


def _reference_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_reference", ROOT / "scripts" / "docs_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages() -> list[Path]:
    """The README and every hand-written page (docs/reference/ is generated from the commands themselves)."""
    return [README, *sorted(p for p in DOCS.rglob("*.md") if "reference" not in p.relative_to(DOCS).parts)]


# ------------------------------------------------------------------------------------------------ generated pages


def test_cli_reference_is_generated_from_the_commands() -> None:
    ref = _reference_script()
    assert ref.CLI_PAGE.read_text(encoding="utf-8") == ref.cli_page(), (
        "docs/reference/cli.md: run `make docs-reference`"
    )


def test_contract_reference_is_generated_from_the_natspec() -> None:
    ref = _reference_script()
    assert ref.stale(ref.contract_pages()) == [], "run `make docs-reference`"


def test_the_staleness_check_sees_a_changed_page(tmp_path: Path) -> None:
    """The comparison is not vacuous: a page that differs from the generated text by one character is reported."""
    ref = _reference_script()
    page = tmp_path / "reference" / "contracts" / "CaseDocket.md"
    page.parent.mkdir(parents=True)
    generated = {page: "# CaseDocket\n", tmp_path / "reference" / "contracts" / "index.md": "# index\n"}
    page.write_text("# CaseDocket \n", encoding="utf-8")
    ref.CONTRACT_DIR, ref.ROOT = page.parent, tmp_path
    assert ref.stale(generated) == [
        "reference/contracts/CaseDocket.md is out of date",
        "reference/contracts/index.md is out of date",
    ]


# ------------------------------------------------------------------------------------- commands named in the docs


FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`(courtchain [^`]+)`")


def shown_commands(text: str) -> list[str]:
    """`courtchain ...` lines of code blocks (continuation lines joined, comments dropped) and inline code spans."""
    found: list[str] = []
    for block in FENCE.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("courtchain "):
                found.append(line.split("  #", 1)[0].split(" # ", 1)[0].strip())
    prose = FENCE.sub("", text)
    found += [m.strip() for m in INLINE.findall(prose)]
    return found


def resolve(command: str) -> tuple[list[str], click.Command, list[str]]:
    """(command path, command, options named) of a shown command line; raises AssertionError where it is wrong."""
    tokens = shlex.split(command, comments=True)[1:]
    path: list[str] = []
    current: click.Command = cli
    ctx = click.Context(cli, info_name="courtchain")
    options: list[str] = []
    walking = True
    for token in tokens:
        bare = token.strip("[]()")
        if bare.startswith("-"):
            options += [p.split("=", 1)[0] for p in bare.split("|") if p.startswith("--")]
            walking = False
            continue
        if walking and isinstance(current, click.Group):
            sub = current.get_command(ctx, bare)
            if sub is not None:
                path.append(bare)
                current = sub
                ctx = click.Context(sub, info_name=bare, parent=ctx)
                continue
            if not (current.invoke_without_command and path):
                raise AssertionError(f"`{command}`: {' '.join(['courtchain', *path])} has no command {bare!r}")
        walking = False
    return path, current, options


def _option_names(command: click.Command) -> set[str]:
    names = {"--help"}
    for p in command.params:
        if isinstance(p, click.Option):
            names.update(o for o in (*p.opts, *p.secondary_opts) if o.startswith("--"))
    return names


def test_the_command_extraction_reads_blocks_spans_and_continuations() -> None:
    text = (
        "Run `courtchain case show 1` or:\n\n```sh\n"
        "courtchain case file --type 民初 \\\n    --claim 5   # a comment --not-an-option\n"
        "other text\n```\n"
    )
    assert shown_commands(text) == ["courtchain case file --type 民初      --claim 5", "courtchain case show 1"]
    path, _, options = resolve("courtchain credit resolve 1 --uphold|--dismiss [--as judge2]")
    assert (path, options) == (["credit", "resolve"], ["--uphold", "--dismiss", "--as"])
    with pytest.raises(AssertionError, match="has no command 'frobnicate'"):
        resolve("courtchain case frobnicate 1")


def test_every_command_in_the_docs_exists_with_the_options_it_names() -> None:
    problems: list[str] = []
    paths: set[tuple[str, ...]] = set()
    count = 0
    for page in _pages():
        for command in shown_commands(page.read_text(encoding="utf-8")):
            count += 1
            where = page.relative_to(ROOT)
            try:
                path, resolved, options = resolve(command)
            except AssertionError as exc:
                problems.append(f"{where}: {exc}")
                continue
            if not path and not options:
                problems.append(f"{where}: `{command}` names no command")
                continue
            paths.add(tuple(path))
            unknown = [o for o in options if o not in _option_names(resolved)]
            if unknown:
                problems.append(f"{where}: `{command}`: courtchain {' '.join(path)} has no option {', '.join(unknown)}")
    assert count > 100, f"only {count} commands found in the docs: the extraction is broken"
    assert problems == [], "\n".join(problems)
    runner = CliRunner()
    for path in sorted(paths):
        result = runner.invoke(cli, [*path, "--help"], prog_name="courtchain")
        assert result.exit_code == 0, f"courtchain {' '.join(path)} --help: {result.output}"


def test_every_make_target_in_the_docs_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", makefile, re.M))
    shown: set[str] = set()
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        for block in FENCE.findall(text):
            shown.update(re.findall(r"^\s*(?:[A-Z_]+=\S+ )*make ([a-z][a-z0-9-]*)", block, re.M))
        shown.update(re.findall(r"`make ([a-z][a-z0-9-]*)", FENCE.sub("", text)))
    assert {"demo", "test", "docs", "docs-reference"} <= shown
    assert sorted(shown - targets) == []


def missing_references(text: str) -> list[str]:
    """Repository paths in code spans (`src/...`, `bench/...`) that do not exist, and `tests/x.py::name` (or a later
    `::name` on the same line, meaning the same file) naming no test function there."""
    missing: list[str] = []
    for m in re.finditer(r"`((?:src|tests|bench|analysis|scripts|contracts|plans|bin|docs|\.ci)/[^`\s]*)`", text):
        path = m.group(1).split("::")[0]
        if not any(c in path for c in "*<{") and not (ROOT / path).exists():
            missing.append(path)
    for line in text.splitlines():
        current: Path | None = None
        for m in re.finditer(r"(tests/[\w/]+\.py)|::(\w+)", line):
            if m.group(1):
                current = ROOT / m.group(1)
                if not current.exists():
                    missing.append(m.group(1))
                    current = None
            elif current is not None and not re.search(rf"^\s*def {m.group(2)}\(", current.read_text(), re.M):
                missing.append(f"{current.relative_to(ROOT)}::{m.group(2)}")
    return missing


def test_every_file_and_test_the_docs_name_exists() -> None:
    """The security page's findings table names the regression test of each finding: each must exist."""
    sample = "`src/nowhere.py`, tests/toolchain/test_docs.py::test_x, ::missing_references, ::no_such_test"
    assert missing_references(sample) == [
        "src/nowhere.py",
        "tests/toolchain/test_docs.py::test_x",
        "tests/toolchain/test_docs.py::no_such_test",
    ]
    security = (DOCS / "security.md").read_text(encoding="utf-8")
    assert len(re.findall(r"::\w+", security)) > 60, "the findings table lost its tests"
    problems = {str(page.relative_to(ROOT)): missing_references(page.read_text(encoding="utf-8")) for page in _pages()}
    assert {k: v for k, v in problems.items() if v} == {}


# ------------------------------------------------------------------------------------------------------ the README


def test_the_readme_is_short_and_its_links_lead_to_files() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode()) <= README_LIMIT, f"README.md is {len(text.encode())} bytes; keep it under ~12 KB"
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        assert (ROOT / target.split("#", 1)[0]).exists(), f"README.md links to {target}, which does not exist"


def test_every_docs_page_is_in_the_site_navigation() -> None:
    """mkdocs --strict warns about a page left out of the nav; this names it without building the site."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    missing = [
        str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if f" {p.relative_to(DOCS).as_posix()}\n" not in nav
    ]
    assert missing == []


# ------------------------------------------------------------------------------------------- the Python API page


def test_the_python_api_example_runs(chain: Chain, deployments_dir: Path) -> None:
    page = (DOCS / "python-api.md").read_text(encoding="utf-8")
    example = re.search(r"^```python\n(.*?)^```", page, re.S | re.M)
    assert example is not None
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "COURTCHAIN_RPC": chain.url,
        "COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", example.group(1)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"docketed as \(\d{4}\)京0491民初\d+号", done.stdout), done.stdout


# ------------------------------------------------------------------------------------------- the quick start page


@pytest.mark.slow
def test_the_quick_start_runs_in_order(chain: Chain, tmp_path: Path) -> None:
    """Every command of the quick start's session, in order, against the tests' node (standing in for the
    `courtchain node` of its first line): the subjects it computes feed the filing, the files it names are made
    here, the docketing before the time travel is refused and the one after it gives the case number."""
    page = (DOCS / "quickstart.md").read_text(encoding="utf-8")
    lines: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", page, re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith(("courtchain ", "curl ")):
                lines.append(line)
    session = [line for line in lines if not line.startswith(("courtchain node", "courtchain --help"))]
    for name in ("complaint.pdf", "id.pdf", "evidence.pdf"):
        (tmp_path / name).write_text(f"{name} of the quick start\n", encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "COURTCHAIN_RPC": chain.url,
        "COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments"),
    }
    subjects: list[str] = []
    outputs: dict[str, str] = {}
    dockets: list[str] = []
    ran = []
    for line in session:
        if line.startswith("export "):
            continue
        line = line.replace("0x<plaintiff subject>", subjects[0] if subjects else "?")
        line = line.replace("0x<defendant subject>", subjects[1] if len(subjects) > 1 else "?")
        if line.startswith("courtchain "):  # through the CLI's entry point, in this process (tests/helpers.py)
            done = run_cli(*shlex.split(line)[1:], env=env, cwd=tmp_path)
        else:
            done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True,
                                  timeout=300, check=False)  # fmt: skip
        ran.append(line)
        expected = 0
        if line.startswith("courtchain case docket 1"):
            expected = 0 if dockets else 1  # refused inside the window, docketed after the time travel
            dockets.append(done.stdout + done.stderr)
        assert done.returncode == expected, f"`{line}` exited {done.returncode}: {done.stdout}{done.stderr}"
        if line.startswith("courtchain credit subject"):
            found = re.search(r"subject\s+(0x[0-9a-f]{64})", done.stdout)
            assert found is not None, done.stdout
            subjects.append(found.group(1))
        outputs[line] = done.stdout
    assert len(dockets) == 2 and len(subjects) == 2, ran
    assert "DocketWindowOpen" in dockets[0], dockets[0]
    assert "docketed as (" in dockets[1], dockets[1]
    assert re.search(r"\(\d{4}\)京0491民初1号", outputs["courtchain case show 1"]), outputs["courtchain case show 1"]
    shown = json.loads(outputs["courtchain case show 1 --json"])
    assert "京0491民初1号" in json.dumps(shown, ensure_ascii=False), shown
