"""botocore with awscrt as the reference for multi-Region access point (SigV4a) URLs.

botocore signs SigV4a only through awscrt (``botocore.crt.auth``), which reads the time
through its own import of ``get_current_datetime``: ``frozen`` stops that clock as well
as the ones ``botocore_reference.frozen_clock`` stops.
"""

import contextlib
import datetime
from typing import Dict, Iterator, Optional, Tuple
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import botocore.auth  # first: botocore.crt.auth imports it back
import botocore.crt.auth
import botocore.session
import pytest
from botocore.config import Config

from support.botocore_reference import frozen_clock, hermetic_environment


def hermetic_session() -> Iterator[botocore.session.Session]:
    """A botocore session that sees none of the machine's AWS settings (a generator for
    a module-scoped fixture: ``yield from hermetic_session()``)."""
    with pytest.MonkeyPatch.context() as mp:
        hermetic_environment(mp)
        yield botocore.session.get_session()


@contextlib.contextmanager
def frozen(timestamp: int) -> Iterator[None]:
    """botocore's clocks, the one its awscrt signers read included, at ``timestamp``."""
    naive = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=timestamp)

    def now(remove_tzinfo: bool = True) -> datetime.datetime:
        return naive if remove_tzinfo else naive.replace(tzinfo=datetime.timezone.utc)

    with frozen_clock(timestamp), mock.patch.object(botocore.crt.auth, "get_current_datetime", now):
        yield


def botocore_url(
    session: botocore.session.Session,
    creds: Tuple[str, str, Optional[str]],
    bucket: str,
    key: str,
    region: str,
    timestamp: int,
    expires: int = 3600,
    params: Optional[Dict[str, str]] = None,
    config: Optional[Config] = None,
) -> str:
    """botocore's ``generate_presigned_url("get_object", ...)`` at ``timestamp``."""
    client = session.create_client(
        "s3", region_name=region, aws_access_key_id=creds[0], aws_secret_access_key=creds[1],
        aws_session_token=creds[2], config=config,
    )
    with frozen(timestamp):
        return str(client.generate_presigned_url(
            "get_object", Params=dict(params or {}, Bucket=bucket, Key=key), ExpiresIn=expires
        ))


def url_parts(url: str) -> Tuple[str, str, str, Dict[str, str]]:
    """(scheme, host, path, decoded parameters but the signature); none may repeat."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    params = dict(pairs)
    assert len(params) == len(pairs)
    del params["X-Amz-Signature"]
    return parts.scheme, parts.netloc, parts.path, params


def signature_of(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query))["X-Amz-Signature"]
