"""The one redactor: session tokens out of canonical requests before anyone sees them.

Used by ``explain``, ``diagnose``, verification errors and the CLI's ``--debug``. A
token is a bearer secret; the string to sign only hashes it, so it stays as it is.
"""

REDACTED = "<redacted>"
_QUERY_SECRETS = ("X-Amz-Security-Token=", "X-Amz-S3session-Token=")
_HEADER_SECRETS = ("x-amz-security-token:", "x-amz-s3session-token:")


def redact(text: str) -> str:
    """A canonical request with every session token (query parameter or header) replaced
    by ``<redacted>``."""
    return "\n".join([redact_line(line) for line in text.split("\n")])


def redact_line(line: str) -> str:
    """One line of a canonical request with its session token replaced."""
    lower = line.lower()
    for prefix in _HEADER_SECRETS:
        if lower.startswith(prefix):
            return line[: len(prefix)] + REDACTED
    for secret in _QUERY_SECRETS:
        if secret in line:
            pieces = line.split("&")
            for i, piece in enumerate(pieces):
                if piece.startswith(secret):
                    pieces[i] = secret + REDACTED
            line = "&".join(pieces)
    return line
