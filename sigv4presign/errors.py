"""The one error hierarchy. Every error this library raises is a :class:`SigV4Error`.

Messages say what was wrong and what is allowed; they never contain a secret key,
a session token or a signing key.
"""


class SigV4Error(Exception):
    """Root of every error raised by sigv4presign."""


class InvalidInputError(SigV4Error, ValueError):
    """An argument is malformed or out of range; nothing was signed."""


class CredentialsError(SigV4Error):
    """Credentials (or the region) could not be found or loaded."""


try:
    _WarningBase = UserWarning
except NameError:  # pragma: no cover - MicroPython builds without warning classes
    _WarningBase = Exception  # type: ignore[misc]


class CredentialExpiryWarning(_WarningBase):  # type: ignore[valid-type,misc]
    """The credentials expire before the URL does, so the URL dies early."""
