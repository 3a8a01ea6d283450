"""The bucket: presigned URLs and forms for the browser, and the server's own S3 calls
(CreateMultipartUpload, ListParts, CompleteMultipartUpload, AbortMultipartUpload), sent
as presigned requests with ``urllib`` and answered in XML read with ``xml.etree``.

Credentials are given, or read the way the AWS CLI reads them and read again when
temporary ones would expire before a URL signed now.
"""

import threading
import time

from ..compat import S3Client
from ..core.errors import SigV4Error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

    from ..core.values import Credentials, Presigned
    from ..post import PresignedPost

    CredentialsArg = Union[Credentials, Callable[[], Credentials], None]

S3_TIMEOUT = 30.0
# A URL must outlive the request that uses it; credentials closer than this to their
# end are read again.
MARGIN = 60


class S3Failure(Exception):
    """S3 (or the network) refused one of the server's own calls."""

    def __init__(self, status: int, code: str, message: str) -> None:
        Exception.__init__(self, message)
        self.status = status
        self.code = code


class CredentialSource:
    """Credentials for each signature: fixed, from a callable, or loaded the AWS CLI
    way (``load_credentials()``) and reloaded when temporary ones near their end."""

    def __init__(self, credentials: "CredentialsArg") -> None:
        from ..core.values import Credentials

        self._lock = threading.Lock()
        self._fixed: "Optional[Credentials]" = None
        self._provider: "Optional[Callable[[], Credentials]]" = None
        self._current: "Optional[Credentials]" = None
        if isinstance(credentials, Credentials):
            self._fixed = credentials
        elif credentials is None:
            from ..credentials import load_credentials

            self._provider = load_credentials
            self._current = load_credentials()
        elif callable(credentials):
            self._provider = credentials
        else:
            raise TypeError("credentials must be Credentials, a callable returning them, or None")

    def get(self, lifetime: int) -> "Tuple[Credentials, int]":
        """(credentials, seconds a URL signed now may live: at most ``lifetime``)."""
        if self._fixed is not None:
            return self._fixed, _lifetime(self._fixed, lifetime)
        with self._lock:
            current = self._current
            if current is None or _lifetime(current, lifetime) < lifetime:
                assert self._provider is not None
                try:
                    current = self._current = self._provider()
                except SigV4Error:
                    if current is None or _lifetime(current, lifetime) < 1:
                        raise
        return current, _lifetime(current, lifetime)


def _lifetime(credentials: "Credentials", lifetime: int) -> int:
    if credentials.expiration is None:
        return lifetime
    from ..core.timefmt import to_timestamp

    left = to_timestamp(credentials.expiration, "expiration") - int(time.time()) - MARGIN
    return max(0, min(lifetime, left))


class Store:
    """One bucket of one S3 endpoint."""

    def __init__(
        self,
        bucket: str,
        region: str,
        credentials: "CredentialsArg",
        endpoint_url: "Optional[str]",
        expires_in: int,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self.endpoint_url = endpoint_url
        self.expires_in = expires_in
        self.source = CredentialSource(credentials)
        # the endpoint and bucket name are checked now, not at the first upload
        from ..core.s3 import Location, s3_endpoint

        s3_endpoint(bucket, "x", region, Location(endpoint_url))

    def _client(self, credentials: "Credentials") -> S3Client:
        return S3Client(credentials, self.region, self.endpoint_url)

    def _signer(self, expires_in: "Optional[int]") -> "Tuple[S3Client, int]":
        credentials, lifetime = self.source.get(self.expires_in if expires_in is None else expires_in)
        if lifetime < 1:
            raise S3Failure(503, "ExpiredToken", "the server's credentials have expired")
        return self._client(credentials), lifetime

    def presign(
        self, operation: str, key: str, params: "Optional[Mapping[str, Any]]" = None,
        expires_in: "Optional[int]" = None,
    ) -> "Tuple[Presigned, int]":
        """A presigned request of boto3's ``operation`` for ``key`` and its lifetime."""
        client, lifetime = self._signer(expires_in)
        every = {"Bucket": self.bucket, "Key": key}
        every.update(params or {})
        return client.presign(operation, every, ExpiresIn=lifetime), lifetime

    def post_form(
        self, key: str, media_type: str, max_size: "Optional[int]", expires_in: "Optional[int]" = None
    ) -> "Tuple[PresignedPost, int]":
        """A POST form for exactly ``key``, its ``Content-Type`` pinned and its size
        limited by S3 (``content-length-range``), answered with 201 as Companion's is."""
        from ..post import presign_s3_post

        client, lifetime = self._signer(expires_in)
        fields = {"Content-Type": media_type, "success_action_status": "201"}
        conditions: "List[Any]" = [{"Content-Type": media_type}, {"success_action_status": "201"}]
        if max_size is not None:
            conditions.append(["content-length-range", 0, max_size])
        form = presign_s3_post(
            self.bucket, key, credentials=client.credentials, region=self.region,
            expires_in=lifetime, fields=fields, conditions=conditions,
            endpoint_url=self.endpoint_url,
        )
        return form, lifetime

    # -- the server's own calls --------------------------------------------------------

    def create_multipart(self, key: str, media_type: str) -> str:
        """CreateMultipartUpload with the type pinned; the upload id."""
        root = self._call("create_multipart_upload", key, {"ContentType": media_type})
        upload_id = _text(root, "UploadId")
        if not upload_id:
            raise S3Failure(502, "", "S3 answered CreateMultipartUpload without an UploadId")
        return upload_id

    def list_parts(self, key: str, upload_id: str) -> "List[Dict[str, Any]]":
        """Every uploaded part, ``[{"PartNumber", "ETag", "Size"}]``, all pages read."""
        parts: "List[Dict[str, Any]]" = []
        marker = None
        for _ in range(100):  # 10,000 parts at 1,000 a page: 10 pages at most
            params: "Dict[str, Any]" = {"UploadId": upload_id}
            if marker is not None:
                params["PartNumberMarker"] = marker
            root = self._call("list_parts", key, params)
            for part in _children(root, "Part"):
                parts.append({
                    "PartNumber": _int(_text(part, "PartNumber")),
                    "ETag": _text(part, "ETag"),
                    "Size": _int(_text(part, "Size")),
                })
            marker = _text(root, "NextPartNumberMarker")
            if _text(root, "IsTruncated").lower() != "true" or not marker:
                return parts
        raise S3Failure(502, "", "S3 kept answering ListParts with more pages")

    def complete(self, key: str, upload_id: str, parts: "List[Tuple[int, str]]") -> str:
        """CompleteMultipartUpload of ``(number, etag)`` parts; the object's location."""
        from xml.sax.saxutils import escape

        body = "<CompleteMultipartUpload>%s</CompleteMultipartUpload>" % "".join(
            "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>" % (n, escape(e)) for n, e in parts
        )
        root = self._call("complete_multipart_upload", key, {"UploadId": upload_id}, body.encode("utf-8"))
        return _text(root, "Location") or self.location(key)

    def abort(self, key: str, upload_id: str) -> None:
        self._call("abort_multipart_upload", key, {"UploadId": upload_id})

    def location(self, key: str) -> str:
        url = self.presign("head_object", key, expires_in=60)[0].url
        return url.split("?", 1)[0]

    def _call(self, operation: str, key: str, params: "Dict[str, Any]", body: bytes = b"") -> "Any":
        """Send a presigned request; the parsed XML answer (None for an empty one)."""
        import urllib.error
        import urllib.request

        presigned = self.presign(operation, key, params, expires_in=300)[0]
        headers = dict(presigned.headers)
        # urllib would add a form Content-Type to a body; S3 wants the one signed or XML
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/xml"
        request = urllib.request.Request(
            presigned.url, data=body if presigned.method in ("POST", "PUT") else None,
            headers=headers, method=presigned.method,
        )
        try:
            with urllib.request.urlopen(request, timeout=S3_TIMEOUT) as response:
                data = response.read()
        except urllib.error.HTTPError as exc:
            data = exc.read()
            code = _error_code(data)
            raise S3Failure(exc.code, code, "S3 refused %s: HTTP %d %s" % (operation, exc.code, code))
        except OSError as exc:
            raise S3Failure(502, "", "S3 could not be reached for %s: %s" % (operation, type(exc).__name__))
        root = _parse(data)
        if root is not None and _local(root.tag) == "Error":
            # S3 may answer CompleteMultipartUpload 200 and report the error in the body
            code = _text(root, "Code")
            raise S3Failure(400 if code != "InternalError" else 502, code, "S3 refused %s: %s" % (operation, code))
        return root


def _parse(data: bytes) -> "Any":
    import xml.etree.ElementTree as ET

    if not data.strip():
        return None
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise S3Failure(502, "", "S3 answered with XML that does not parse")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(root: "Any", name: str) -> "List[Any]":
    return [] if root is None else [child for child in root if _local(child.tag) == name]


def _text(root: "Any", name: str) -> str:
    for child in _children(root, name):
        return (child.text or "").strip()
    return ""


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise S3Failure(502, "", "S3 answered ListParts with a number that is not one")


def _error_code(data: bytes) -> str:
    try:
        root = _parse(data)
    except S3Failure:
        return ""
    return _text(root, "Code") if root is not None else ""
