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


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):  # yields a seaweed.SeaweedServer
    """A real S3 server (SeaweedFS ``weed mini``) on 127.0.0.1 with free ports and STS,
    for the whole session; see tests/support/seaweed.py for what it offers.

    Without the ``weed`` binary the tests skip, except under CI, where they fail.
    """
    from support.seaweed import ServerUnavailable, start_server

    try:
        server = start_server(tmp_path_factory.mktemp("seaweedfs"))
    except ServerUnavailable as exc:
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the real-server tests: %s" % exc) from exc
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()
