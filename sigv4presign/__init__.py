"""sigv4presign: AWS Signature Version 4 presigned URLs, in pure Python, with no dependencies."""

from .canonical import (
    canonical_headers,
    canonical_query,
    canonical_request,
    canonical_uri,
)
from .encoding import uri_encode
from .errors import CredentialExpiryWarning, CredentialsError, InvalidInputError, SigV4Error
from .presign import Credentials, Presigned, presign
from .s3 import presign_s3
from .signing import credential_scope, signature, signing_key, string_to_sign

__version__ = "0.1.0"

__all__ = [
    "CredentialExpiryWarning",
    "Credentials",
    "CredentialsError",
    "InvalidInputError",
    "Presigned",
    "SigV4Error",
    "__version__",
    "canonical_headers",
    "canonical_query",
    "canonical_request",
    "canonical_uri",
    "credential_scope",
    "presign",
    "presign_s3",
    "signature",
    "signing_key",
    "string_to_sign",
    "uri_encode",
]
