"""sigv4presign.core.values: the credential-lifetime rule, the same for every signer.

    ValidUntil = min(SignedAt + Expires, Credentials.expiration)

Credentials already expired at the signing time are refused (the URL or form could never
work); credentials that end first shorten ``expires_at`` and warn, with one constant
message so that a long-running service's warnings registry does not grow.
"""

import warnings
from typing import Any, Callable, Dict

import pytest

from sigv4presign import (
    CredentialExpiryWarning,
    Credentials,
    InvalidInputError,
    presign,
    presign_s3,
    presign_s3_post,
)

NOW = 1777622400  # 2026-05-01T08:00:00Z
EXPIRED = Credentials("ASIAEXAMPLE", "secret", "token", expiration=NOW - 1)
ENDING = Credentials("ASIAEXAMPLE", "secret", "token", expiration=NOW + 60)

SIGNERS: Dict[str, Callable[[Credentials], Any]] = {
    "presign": lambda c: presign("GET", "https://example.amazonaws.com/", credentials=c, region="us-east-1",
                                 service="service", now=NOW),
    "presign_s3": lambda c: presign_s3("GET", "examplebucket", "k", credentials=c, region="eu-west-1", now=NOW),
    "presign_s3_post": lambda c: presign_s3_post("examplebucket", "k", credentials=c, region="eu-west-1", now=NOW),
}


@pytest.mark.parametrize("signer", list(SIGNERS.values()), ids=list(SIGNERS))
def test_expired_credentials_are_refused_the_same_way_everywhere(signer: Callable[[Credentials], Any]) -> None:
    with pytest.raises(InvalidInputError) as info:
        signer(EXPIRED)
    assert str(info.value) == (
        "the credentials expired at 20260501T075959Z, not after the signing time 20260501T080000Z: "
        "a URL or form signed with them never works; refresh them"
    )


@pytest.mark.parametrize("signer", list(SIGNERS.values()), ids=list(SIGNERS))
def test_credentials_ending_first_shorten_the_life_and_warn(signer: Callable[[Credentials], Any]) -> None:
    with pytest.warns(CredentialExpiryWarning) as record:
        result = signer(ENDING)
    assert result.expires_at_epoch == NOW + 60
    assert record[0].message.credentials_expire_at == NOW + 60  # type: ignore[union-attr]
    assert record[0].message.expires_at == NOW + 3600  # type: ignore[union-attr]
    assert record[0].filename == __file__  # the caller's line, not the library's


def test_a_thousand_short_lived_presigns_leave_the_warnings_registry_constant() -> None:
    registry = globals().setdefault("__warningregistry__", {})
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        sizes = []
        for i in range(1000):
            presign_s3("GET", "examplebucket", "k%d" % i, credentials=ENDING, region="eu-west-1",
                       now=NOW + i % 30, expires_in=3600 + i)
            sizes.append(len(registry))
    assert sizes[0] >= 1
    assert set(sizes) == {sizes[0]}
