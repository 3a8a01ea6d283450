"""awscrt's SigV4 query signer as a reference: the URL it presigns for a GET."""

import datetime
from typing import Optional


def crt_url(scheme: str, host: str, target: str, service: str, region: str, keys: "tuple[str, str]",
            token: Optional[str], when: datetime.datetime, expires: int, omit_token: bool = False) -> str:
    """``scheme://host`` + the ``target`` (path and query) awscrt presigns for ``GET``
    with ``host`` signed, the static ``keys`` (access key id, secret) and ``token``, at
    ``when`` for ``expires`` seconds; ``omit_token`` leaves the session token out of the
    signature and appends it after signing (as AWS IoT wants it)."""
    from awscrt import auth, http

    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(keys[0], keys[1], token),
        region=region, service=service, date=when, expiration_in_seconds=expires,
        omit_session_token=omit_token,
    )
    request = http.HttpRequest("GET", target, headers=http.HttpHeaders([("Host", host)]))
    auth.aws_sign_request(request, config).result(timeout=10)
    return scheme + "://" + host + request.path
