"""Shared test fixtures: where the AWS test vectors are."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def vectors_dir() -> Path:
    """``$SIGV4_VECTORS``, else ``../shared/vectors`` beside the checkout."""
    env = os.environ.get("SIGV4_VECTORS")
    return Path(env) if env else ROOT.parent / "shared" / "vectors"


def require_vectors() -> Path:
    path = vectors_dir()
    if not path.is_dir():
        if os.environ.get("CI"):
            raise RuntimeError(f"test vectors not found at {path}; CI must run them")
        pytest.skip(f"test vectors not found at {path} (set SIGV4_VECTORS)")
    return path


@pytest.fixture(scope="session")
def vectors() -> Path:
    return require_vectors()
