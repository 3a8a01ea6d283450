"""botocore as a reference: hermetic, with a stopped clock and its pure-Python signers.

Tests that compare our output with botocore's (or the AWS CLI's, built on botocore) need
botocore to be deterministic and to sign the way we are checked against:

- ``hermetic_environment(monkeypatch)``: the machine's AWS settings are hidden, so no
  profile, endpoint override or regional-endpoint setting changes botocore's choices;
- ``frozen_clock(timestamp)``: botocore's clock reads return that instant;
- ``PurePythonSigners(auth_type, ...)``: botocore signs with its pure-Python signer classes
  even when ``awscrt`` is installed (botocore then silently swaps in ``botocore.crt.auth``
  signers, which take their parameters in another order and read the clock inside C), and
  records every class that signed so a test can assert the pure-Python one ran.

The ``botocore_reference`` fixture (tests/conftest.py) does the first and installs
``SIGNERS`` (the third, for every presigning auth type) for a whole test module; a test
then signs inside ``signed_once(auth_type, timestamp)``.
"""

import contextlib
import datetime
import os
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional
from unittest import mock

import botocore.auth
import botocore.signers
import pytest

# The pure-Python signer of each presigning auth type botocore's AUTH_TYPE_MAPS names.
PURE_PYTHON = {
    "v4-query": botocore.auth.SigV4QueryAuth,
    "s3v4-query": botocore.auth.S3SigV4QueryAuth,
    "s3v4-presign-post": botocore.auth.S3SigV4PostAuth,
}


def hermetic_environment(monkeypatch: pytest.MonkeyPatch, config_dir: Optional[Path] = None) -> None:
    """Remove every ``AWS_*`` and ``BOTO_*`` variable and point the config and shared
    credentials files at ``os.devnull`` (or, given ``config_dir``, at ``config_dir/config``
    and ``config_dir/credentials`` with ``HOME=config_dir``, for tests that write them)."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            monkeypatch.delenv(name)
    if config_dir is None:
        monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    else:
        monkeypatch.setenv("HOME", str(config_dir))
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config_dir / "config"))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(config_dir / "credentials"))


@contextlib.contextmanager
def frozen_clock(timestamp: float) -> Iterator[None]:
    """botocore's clock stopped at POSIX ``timestamp``.

    botocore reads the time through ``get_current_datetime(remove_tzinfo=True)`` (naive
    UTC by default, aware when asked), imported into ``botocore.auth`` (``x-amz-date`` of
    every signer) and ``botocore.signers`` (the expiration of a presigned POST); both names
    are patched. Older releases call ``datetime.datetime.utcnow()`` instead, which
    freezegun covers.
    """
    naive = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=timestamp)
    if not hasattr(botocore.auth, "get_current_datetime"):  # pragma: no cover - old botocore
        import freezegun

        with freezegun.freeze_time(naive):
            yield
        return

    def now(remove_tzinfo: bool = True) -> datetime.datetime:
        return naive if remove_tzinfo else naive.replace(tzinfo=datetime.timezone.utc)

    with contextlib.ExitStack() as stack:
        for module in (botocore.auth, botocore.signers):
            if hasattr(module, "get_current_datetime"):
                stack.enter_context(mock.patch.object(module, "get_current_datetime", now))
        yield


class PurePythonSigners:
    """While entered, ``botocore.auth.AUTH_TYPE_MAPS[auth_type]`` is, for each auth type
    given, a recording subclass of botocore's pure-Python signer (``PURE_PYTHON``).

    ``used`` lists the class of every signer that signed, in order (``clear()`` empties it);
    ``recording[auth_type]`` is the class installed for that auth type, so
    ``used == [recording["s3v4-query"]]`` says the pure-Python signer signed exactly once.
    Reusable: a module can make one and enter it in a fixture.
    """

    def __init__(self, *auth_types: str) -> None:
        self.used: List[type] = []
        self.recording: Dict[str, type] = {name: self._recorder(PURE_PYTHON[name]) for name in auth_types}
        self._patch: Any = None

    def _recorder(self, base: Any) -> type:
        used = self.used

        def add_auth(signer: Any, request: Any) -> Any:
            used.append(type(signer))
            return base.add_auth(signer, request)

        return type("Recording" + base.__name__, (base,), {"add_auth": add_auth})

    def clear(self) -> None:
        del self.used[:]

    def __enter__(self) -> "PurePythonSigners":
        self._patch = mock.patch.dict(botocore.auth.AUTH_TYPE_MAPS, self.recording)
        self._patch.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._patch.stop()
        self._patch = None


# The recording pure-Python signer of every presigning auth type; the botocore_reference
# fixture installs it.
SIGNERS = PurePythonSigners(*PURE_PYTHON)


@contextlib.contextmanager
def signed_once(auth_type: str, timestamp: float) -> Iterator[None]:
    """botocore's clock stopped at ``timestamp`` for the block; after it, botocore's
    pure-Python signer of ``auth_type`` (not the CRT one) must have signed exactly once."""
    SIGNERS.clear()
    with frozen_clock(timestamp):
        yield
    assert SIGNERS.used == [SIGNERS.recording[auth_type]]
