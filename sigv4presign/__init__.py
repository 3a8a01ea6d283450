"""sigv4presign: AWS Signature Version 4 presigned URLs, in pure Python, with no dependencies."""

from .core.canonical import (
    canonical_headers,
    canonical_query,
    canonical_request,
    canonical_uri,
)
from .core.encoding import uri_encode
from .core.errors import (
    CredentialExpiryWarning,
    CredentialProcessError,
    CredentialsError,
    ExpiredError,
    InvalidInputError,
    MalformedRequestError,
    NotYetValidError,
    PolicyConditionError,
    ScopeMismatchError,
    SessionTokenError,
    SignatureMismatchError,
    SigV4Error,
    UnknownAccessKeyError,
    VerificationError,
)
from .core.presign import presign
from .core.rules import Rules
from .core.s3 import S3Presigner, presign_s3
from .core.signing import credential_scope, signature, signing_key, string_to_sign
from .core.values import Credentials, Presigned

__version__ = "0.1.0"

# Layers above the core load on first use, so `import sigv4presign` stays cheap.
_LAZY = {
    "client": "compat",
    "S3Client": "compat",
    "PresignedPost": "post",
    "presign_s3_post": "post",
    "sign_post_policy": "post",
    "Verified": "verify",
    "verify_presigned": "verify",
    "verify_s3_post": "verify_post",
    "Explanation": "verify",
    "explain": "verify",
    "diagnose": "diagnosis",
    "load_credentials": "credentials",
    "load_region": "credentials",
    "rds_auth_token": "services",
    "dsql_auth_token": "services",
    "elasticache_auth_token": "services",
    "eks_token": "services",
    "iot_websocket_url": "services",
    "transcribe_websocket_url": "services",
    "create_session_url": "express",
    "session_credentials": "express",
    "msk_auth_token": "services",
    "polly_speech_url": "services",
    "checksum": "core.checksums",
    "checksum_header": "core.checksums",
    "content_disposition": "disposition",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError("module 'sigv4presign' has no attribute %r" % name)
    from importlib import import_module

    return getattr(import_module("." + module, __name__), name)


__all__ = [
    "CredentialExpiryWarning",
    "CredentialProcessError",
    "Credentials",
    "CredentialsError",
    "Explanation",
    "ExpiredError",
    "InvalidInputError",
    "MalformedRequestError",
    "NotYetValidError",
    "PolicyConditionError",
    "Presigned",
    "PresignedPost",
    "Rules",
    "S3Client",
    "S3Presigner",
    "ScopeMismatchError",
    "SessionTokenError",
    "SigV4Error",
    "SignatureMismatchError",
    "UnknownAccessKeyError",
    "VerificationError",
    "Verified",
    "__version__",
    "canonical_headers",
    "canonical_query",
    "canonical_request",
    "canonical_uri",
    "checksum",
    "checksum_header",
    "client",
    "create_session_url",
    "content_disposition",
    "credential_scope",
    "diagnose",
    "dsql_auth_token",
    "eks_token",
    "elasticache_auth_token",
    "explain",
    "iot_websocket_url",
    "load_credentials",
    "load_region",
    "msk_auth_token",
    "polly_speech_url",
    "presign",
    "presign_s3",
    "presign_s3_post",
    "rds_auth_token",
    "session_credentials",
    "sign_post_policy",
    "signature",
    "signing_key",
    "string_to_sign",
    "transcribe_websocket_url",
    "uri_encode",
    "verify_presigned",
    "verify_s3_post",
]
