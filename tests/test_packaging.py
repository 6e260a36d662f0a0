"""The wheel holds every data file and the console scripts; an installed copy runs from anywhere.

    python -m pytest tests/test_packaging.py

The wheel is built from a copy of the packages (so no ``build/`` or
``*.egg-info`` is left in the work tree, and no stale ``build/lib`` can hide a
missing file), with the setuptools already installed (requirements-dev.txt),
offline. It is installed into a fresh venv that reuses the installed
dependencies (``--system-site-packages``), and the venv's ``geo-events`` runs
from a folder outside the repository, so the package data it reads must come
from the installed copy.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

PACKAGES = ("geo_events", "gazetteer")
#: What the build reads besides the packages.
PROJECT_FILES = ("pyproject.toml", "requirements.txt", "README.md")
SCRIPTS = {"geo-events": "geo_events.cli:main", "geo-events-gazetteer": "gazetteer.indexing.cli:main"}
PAGE_LIBRARIES = ("streamlit", "folium", "branca")


def _run(command: list[str | Path], **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=600, check=False, **options)


def _source_files(*patterns: str) -> list[str]:
    """Files of the packages in the work tree matching ``patterns``, as paths in a wheel."""
    return sorted({path.relative_to(REPO).as_posix()
                   for package in PACKAGES for pattern in patterns
                   for path in (REPO / package).rglob(pattern)
                   if "__pycache__" not in path.parts})


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for package in PACKAGES:
        shutil.copytree(REPO / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--no-build-isolation",
                 "--no-index", "-w", dist])
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = dist.glob("geo_events-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _dist_info(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (path,) = [n for n in archive.namelist() if n.endswith(f".dist-info/{name}")]
        return archive.read(path).decode("utf-8")


def test_wheel_holds_every_csv_and_txt_file_of_the_packages(wheel_names: set[str]) -> None:
    data_files = _source_files("*.csv", "*.txt")
    assert {"gazetteer/overrides.csv", "geo_events/events/data/actors.csv",
            "geo_events/vocab/data/function_words.txt",
            "gazetteer/data/vocabulary/place_types.csv"} <= set(data_files)  # the glob sees the data
    assert [path for path in data_files if path not in wheel_names] == []


def test_wheel_holds_every_package_and_module(wheel_names: set[str]) -> None:
    modules = _source_files("*.py")
    assert "geo_events/cli.py" in modules and "gazetteer/__init__.py" in modules
    assert [path for path in modules if path not in wheel_names] == []


def test_wheel_declares_both_console_scripts(wheel: Path) -> None:
    entry_points = configparser.ConfigParser()
    entry_points.read_string(_dist_info(wheel, "entry_points.txt"))
    assert dict(entry_points["console_scripts"]) == SCRIPTS


def test_wheel_requires_exactly_the_pins_of_requirements_txt(wheel: Path) -> None:
    pins = [line.strip() for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    required = [line.removeprefix("Requires-Dist:").strip()
                for line in _dist_info(wheel, "METADATA").splitlines() if line.startswith("Requires-Dist:")]
    assert pins and required == pins


@pytest.fixture(scope="module")
def venv_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed, reusing the installed dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    done = _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv])
    assert done.returncode == 0, done.stderr
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # pip comes from the system site-packages but installs into the venv it runs in.
    done = _run([bin_dir / "python", "-m", "pip", "install", "--no-deps", "--no-index", wheel])
    assert done.returncode == 0, done.stdout + done.stderr
    return bin_dir


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Options that run a command in a folder outside the repository, without the repository on its path."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    return {"cwd": tmp_path_factory.mktemp("elsewhere"), "env": env}


def test_installed_packages_are_the_venv_copies(venv_bin: Path, outside: dict) -> None:
    done = _run([venv_bin / "python", "-c", "import geo_events, gazetteer; "
                 "print(geo_events.__file__); print(gazetteer.__file__)"], **outside)
    assert done.returncode == 0, done.stderr
    venv = venv_bin.parent.resolve()
    assert all(Path(line).resolve().is_relative_to(venv) for line in done.stdout.splitlines())


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_installed_console_script_prints_help(venv_bin: Path, outside: dict, script: str) -> None:
    done = _run([venv_bin / script, "--help"], **outside)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script} ")


def test_installed_geo_events_geoparse_resolves_mosul(venv_bin: Path, outside: dict) -> None:
    done = _run([venv_bin / "geo-events", "geoparse"], input='{"text": "Raids near Mosul."}\n', **outside)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    (toponym,) = json.loads(line)["toponyms"]
    assert (toponym["text"], toponym["country_code"]) == ("Mosul", "IQ")


def test_command_line_geoparse_loads_no_page_library_nor_pandas() -> None:
    code = ("import json, sys\n"
            "from geo_events.cli import main\n"
            "status = main(['geoparse'])\n"
            "print(json.dumps({'status': status, 'modules': sorted(sys.modules)}))\n")
    done = _run([sys.executable, "-c", code], cwd=REPO, input='{"text": "Raids near Mosul."}\n')
    assert done.returncode == 0, done.stderr
    geoparsed, report = done.stdout.splitlines()
    assert [t["text"] for t in json.loads(geoparsed)["toponyms"]] == ["Mosul"]  # the command ran
    result = json.loads(report)
    assert result["status"] == 0
    loaded = {name.partition(".")[0] for name in result["modules"]}
    assert "geo_events" in loaded and [name for name in (*PAGE_LIBRARIES, "pandas") if name in loaded] == []
