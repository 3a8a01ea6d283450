"""What the package is made of: no dependencies, a core that MicroPython can import, and
an `import sigv4presign` that loads only the core."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sigv4presign"
# The micro-safe core is the folder sigv4presign/core/ (plus the package's __init__.py,
# which imports only from it): the one list, read here as MicroPython's runner reads it.
CORE = sorted(["__init__"] + ["core/" + p.stem for p in (PACKAGE / "core").glob("*.py")])
# What the core may import at module level: MicroPython has each of these.
CORE_IMPORTS = {"binascii", "hashlib", "hmac", "struct", "sys", "time"}


def module_level_imports(path: Path) -> "set[str]":
    """Top-level names imported outside functions and outside `if TYPE_CHECKING:`."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add((node.module or "").split(".")[0])
    return names


def all_imports(path: Path) -> "set[str]":
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add((node.module or "").split(".")[0])
    return names


def test_no_runtime_dependencies_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    project = text.split("[project]", 1)[1].split("\n[", 1)[0]
    assert [line for line in project.splitlines() if line.startswith("dependencies")] == ["dependencies = []"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_standard_library_is_imported(path: Path) -> None:
    # _sha2 is CPython 3.12+'s built-in SHA-2 module (_sha256 before), tried in turn.
    outside = all_imports(path) - set(sys.stdlib_module_names) - {"sigv4presign", "_sha2"}
    assert outside == set()


@pytest.mark.parametrize("name", CORE)
def test_core_imports_only_what_micropython_has(name: str) -> None:
    assert module_level_imports(PACKAGE / (name + ".py")) <= CORE_IMPORTS


@pytest.mark.parametrize("name", CORE)
def test_core_avoids_what_micropython_lacks(name: str) -> None:
    source = (PACKAGE / (name + ".py")).read_text()
    for construct in ("from __future__", "@dataclass", ".translate(", "maketrans", ".isascii(", "bit_length", "{**"):
        if construct == ".translate(" and name == "core/encoding":
            continue  # guarded: used only where bytes.translate exists
        assert construct not in source, construct


def test_import_loads_only_the_core() -> None:
    code = (
        "import sys, json; before = set(sys.modules); import sigv4presign; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", code], cwd=ROOT, text=True))
    core = {"sigv4presign" if m == "__init__" else "sigv4presign." + m.replace("/", ".").replace(".__init__", "") for m in CORE}
    ours = {m for m in loaded if m.startswith("sigv4presign")}
    # Only core modules, and the ones the signer needs; SigV4a and checksums load on use.
    assert ours <= core
    assert {"sigv4presign.core.presign", "sigv4presign.core.s3", "sigv4presign.core.signing"} <= ours
    heavy = {"json", "re", "urllib", "datetime", "argparse", "configparser", "subprocess", "base64", "enum"}
    assert heavy.isdisjoint(loaded)


def test_upper_layers_load_on_first_use() -> None:
    code = "import sys, sigv4presign; sigv4presign.verify_presigned; print('sigv4presign.verify' in sys.modules)"
    assert subprocess.check_output([sys.executable, "-c", code], cwd=ROOT, text=True).strip() == "True"


def test_py_typed_is_shipped() -> None:
    assert (PACKAGE / "py.typed").is_file()
