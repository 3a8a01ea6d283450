"""Helpers shared by the tests: the vector readers, the botocore reference, the CLI
runner and the SeaweedFS server. Imported as ``support.<module>``: pytest puts ``tests/``
on ``sys.path`` when it loads ``tests/conftest.py``."""

from pathlib import Path

# The checkout, and the conformance data the tests read (see tests/vectors/README.md).
ROOT = Path(__file__).resolve().parent.parent.parent
VECTORS = ROOT / "tests" / "vectors"
