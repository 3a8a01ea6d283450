"""SDK pitfalls seen in a presigned URL's canonical request.

Since 2025 the AWS SDKs add integrity checksums and telemetry by default, and some of
what they add cannot work in a presigned URL: a checksum of a body the SDK never saw, a
checksum in the query (where S3 ignores it), headers that a browser or ``curl`` never
sends. :func:`sdk_pitfalls` names each one it finds; ``explain`` and ``diagnose`` show
them.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, List

# The checksums of an empty body, base64: what an SDK computes when presigning a PUT
# whose body it does not have.
EMPTY_BODY_CHECKSUMS = {
    "AAAAAA==": "CRC32/CRC32C",
    "AAAAAAAAAAA=": "CRC64NVME",
    "2jmj7l5rSw0yVb/vlWAYkK/YBwk=": "SHA1",
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=": "SHA256",
}
SDK_HEADERS = ("amz-sdk-request", "amz-sdk-invocation-id", "x-amz-user-agent")


def sdk_pitfalls(canonical_request: str, missing_headers: "Iterable[str]" = ()) -> "List[str]":
    """What in ``canonical_request`` (of a presigned URL) is a known SDK pitfall, as
    sentences; ``missing_headers`` are signed headers the request did not send."""
    lines = canonical_request.split("\n")
    query = lines[2] if len(lines) > 2 else ""
    headers = {}
    for line in lines[3:]:
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name] = value
    missing = set(missing_headers)
    found = []
    for pair in query.split("&") if query else ():
        name, _, value = pair.partition("=")
        lower = name.lower()
        if lower.startswith("x-amz-checksum-") or lower == "x-amz-sdk-checksum-algorithm":
            found.append(
                "%s is in the query, where S3 ignores it: the upload is not checked. Sign it "
                "as a header the client sends (presign_s3(checksum=...))" % name
            )
    for name, value in sorted(headers.items()):
        if name in SDK_HEADERS:
            found.append(
                "%s is signed: an SDK's telemetry header, which a browser or curl never "
                "sends, so the request fails with SignatureDoesNotMatch; presign without it" % name
            )
        elif name == "x-amz-checksum-mode":
            found.append(
                "x-amz-checksum-mode is signed, but a download through this URL rarely "
                "sends it; presign GETs without ChecksumMode"
            )
        elif name.startswith("x-amz-checksum-") or name == "x-amz-sdk-checksum-algorithm":
            if name in missing:
                found.append("%s is signed but not sent: send it with exactly the signed value" % name)
            if value in EMPTY_BODY_CHECKSUMS:
                found.append(
                    "%s is the %s of an empty body: the SDK computed it without the upload's "
                    "bytes, so any non-empty upload is refused; compute the checksum of the "
                    "real body, or presign without one" % (name, EMPTY_BODY_CHECKSUMS[value])
                )
    return found
