"""The one error hierarchy. Every error this library raises is a :class:`SigV4Error`.

Messages say what was wrong and what is allowed; they never contain a secret key,
a session token or a signing key.
"""


class SigV4Error(Exception):
    """Root of every error raised by sigv4presign."""


try:

    class InvalidInputError(SigV4Error, ValueError):
        """An argument is malformed or out of range; nothing was signed."""

except TypeError:  # pragma: no cover - MicroPython: one built-in exception base per class

    class InvalidInputError(SigV4Error):  # type: ignore[no-redef]
        """An argument is malformed or out of range; nothing was signed."""


class CredentialsError(SigV4Error):
    """Credentials (or the region) could not be found or loaded."""


try:
    _WarningBase: "type[Exception]" = UserWarning
except NameError:  # pragma: no cover - MicroPython builds without warning classes
    _WarningBase = Exception


class CredentialExpiryWarning(_WarningBase):  # type: ignore[valid-type,misc]
    """The credentials expire before the URL does, so the URL dies early.

    The message is the same every time (so a long-running service's warnings registry
    stays small); ``credentials_expire_at`` and ``expires_at`` hold the two times, in
    POSIX seconds."""

    credentials_expire_at: int
    expires_at: int


class VerificationError(SigV4Error):
    """A presigned URL or POST form did not verify. Subclasses say why.

    Each carries its evidence as attributes (and only what is safe to show: never a
    secret, a signing key or the expected signature).
    """

    def __init__(self, message: str, **evidence: object) -> None:
        SigV4Error.__init__(self, message)
        self.message = message
        self.evidence = evidence
        for name in evidence:
            setattr(self, name, evidence[name])

    def __str__(self) -> str:
        return self.message


try:

    class MalformedRequestError(VerificationError, InvalidInputError):
        """The URL or form is not a well-formed presigned request (``parameter`` names what)."""

except TypeError:  # pragma: no cover - MicroPython (verification does not run there)

    class MalformedRequestError(VerificationError):  # type: ignore[no-redef]
        """The URL or form is not a well-formed presigned request (``parameter`` names what)."""


class UnknownAccessKeyError(VerificationError):
    """No credentials are known for the access key id (``access_key_id``)."""


class SignatureMismatchError(VerificationError):
    """The signature does not match (``canonical_request``, ``string_to_sign``)."""


class ExpiredError(VerificationError):
    """The URL or policy has expired (``signed_at``, ``expires_at``, ``now``)."""


class NotYetValidError(VerificationError):
    """The URL is dated in the future beyond the allowed clock skew."""


class ScopeMismatchError(VerificationError):
    """The credential scope names another region, service or date than expected."""


class PolicyConditionError(VerificationError):
    """A POST policy condition is not met (``condition`` names which)."""


class CredentialProcessError(CredentialsError):
    """``credential_process`` could not be run, failed, timed out or printed bad output.

    ``stderr`` holds what the process wrote to stderr (its stdout, which carries the
    secrets, is never kept) and ``returncode`` its exit status, if it ended.
    """

    def __init__(self, message: str, stderr: str = "", returncode: "object" = None) -> None:
        CredentialsError.__init__(self, message)
        self.stderr = stderr
        self.returncode = returncode


class SessionTokenError(VerificationError):
    """The session token is missing, unexpected, or not the one of the credentials
    (``parameter`` names the field, ``problem`` is ``"missing"``, ``"unexpected"`` or
    ``"mismatch"``; the token itself is never part of the evidence)."""


def shown(value: object, limit: int = 200) -> str:
    """``repr(value)`` for an error message about a bad argument, at most ``limit``
    characters; never fails (CPython refuses to print an int of over 4300 digits, and a
    garbage object's ``__repr__`` may raise)."""
    try:
        text = repr(value)
    except Exception:
        text = "<%s object>" % type(value).__name__
    return text if len(text) <= limit else text[:limit] + "..."
