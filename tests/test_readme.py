"""The README's commands and examples are the real ones."""

from __future__ import annotations

import doctest
import json
import re
import shlex
import subprocess
import sys

from conftest import REPO

README = REPO / "README.md"
RUN_COMMAND = "python -m pip install -r requirements.txt && streamlit run app.py"
TEST_COMMAND = "python -m pip install -r requirements-dev.txt && python -m pytest"


def blocks(lang: str | None = None) -> list[str]:
    found = re.findall(r"```(\w*)\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return [body for kind, body in found if lang is None or kind == lang]


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = text.index("```")
    assert text[:first_block].count("\n") <= 2  # only the title line before them
    assert [b.strip() for b in blocks()[:2]] == [RUN_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readme_test_command() -> None:
    assert TEST_COMMAND in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_screenshot_exists() -> None:
    assert (REPO / "docs" / "screenshot.png").stat().st_size > 10_000


def test_cli_example_output_is_current() -> None:
    (console,) = blocks("console")
    command, *expected = console.strip().splitlines()
    args = shlex.split(command.removeprefix("$ "))
    assert args[:2] == ["python", "-m"]
    done = subprocess.run([sys.executable, *args[1:]], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=True)
    assert done.stdout.splitlines() == expected


def test_python_example_runs_as_shown() -> None:
    result = doctest.testfile(str(README), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0


def test_batch_geoparse_example_runs() -> None:
    (example,) = [b for b in blocks("bash") if "geo_events geoparse" in b]
    command = example.replace("| python ", f"| {sys.executable} ")  # this interpreter
    done = subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=True)
    (line,) = done.stdout.splitlines()
    toponyms = json.loads(line)["toponyms"]
    assert [(t["text"], t["name"], t["country_code"]) for t in toponyms] == [
        ("Dayr az-Zawr", "Deir ez-Zor", "SY"), ("Syrian", "Syria", "SY")]


def test_python_examples_use_only_the_public_api() -> None:
    import geo_events

    code = "\n".join(line for block in blocks("python") for line in block.splitlines())
    used = set(re.findall(r"\bge\.([A-Za-z_]+)", code))
    assert used and used <= set(geo_events.__all__), used - set(geo_events.__all__)
    assert "from geo_events." not in code and "import geo_events." not in code


def test_the_public_api_is_small_and_every_name_imports() -> None:
    import geo_events

    assert 10 <= len(geo_events.__all__) <= 20
    assert all(getattr(geo_events, name) is not None for name in geo_events.__all__)
