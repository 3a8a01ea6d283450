"""Shared test fixtures: the conformance vectors, a botocore reference and a real S3 server."""

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

# Helpers' asserts report their operands like the tests' own.
pytest.register_assert_rewrite("support")

from support import VECTORS  # noqa: E402


@pytest.fixture(scope="session")
def vectors() -> Path:
    """tests/vectors/: the AWS, botocore, smithy-rs and S3 documentation vectors."""
    return VECTORS


@pytest.fixture(scope="module")
def botocore_reference() -> Iterator[Any]:  # yields support.botocore_reference.SIGNERS
    """botocore as a deterministic reference for the module that uses it: the machine's
    ``AWS_*``/``BOTO_*`` settings and AWS files hidden, and botocore's pure-Python
    presigners installed, recording in ``SIGNERS`` (see tests/support/botocore_reference.py).
    Sign inside ``signed_once(auth_type, timestamp)`` to stop botocore's clock and check
    which signer ran."""
    from support.botocore_reference import SIGNERS, hermetic_environment

    with pytest.MonkeyPatch.context() as mp, SIGNERS:
        hermetic_environment(mp)
        yield SIGNERS


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
