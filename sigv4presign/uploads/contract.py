"""The Companion S3 contract, as ``@uppy/aws-s3`` calls it, and ``POST /s3/presign`` for
its ``signRequest`` mode. Each handler takes the service, the request's limits and its
inputs, and returns the JSON answer or raises :class:`~.web.HttpError`.

Nothing is signed before the key, the upload id, the part number and the type have
been checked against the grant.
"""

from .grants import DEFAULT_TYPE, media_type
from .keys import KeyRefused, check_key, mint_key, name_of
from .web import HttpError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple

    from .app import UploadService
    from .grants import Limits

MAX_PART_NUMBER = 10000
MAX_UPLOAD_ID = 1024
_DIGITS = frozenset("0123456789")
# Types of common file name extensions, for requests that name no type (signRequest's
# CreateMultipartUpload): a fixed table, so the answer does not depend on the system.
_GUESSES: "Dict[str, str]" = {}


def _guess(filename: str) -> str:
    global _GUESSES
    if not _GUESSES:
        import mimetypes

        _GUESSES = dict(mimetypes.MimeTypes(filenames=()).types_map[1])
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return _GUESSES.get("." + ext, DEFAULT_TYPE)


# -- checks ---------------------------------------------------------------------------

def _key(service: "UploadService", limits: "Limits", value: "Any") -> str:
    try:
        return check_key(value, limits.prefix, service.key_secret)
    except KeyRefused as exc:
        raise HttpError(403, str(exc))


def _filename(value: "Any") -> str:
    if not isinstance(value, str) or not value:
        raise HttpError(400, "filename is required and must be a non-empty string")
    return value


def _type(limits: "Limits", value: "Any", filename: str) -> str:
    """The checked media type: the stated one, else one guessed from the name."""
    if value is None or value == "":
        chosen = _guess(filename)
    else:
        found = media_type(value)
        if found is None:
            raise HttpError(415, "the type is not a media type such as image/png")
        chosen = found
    if not limits.type_allowed(chosen):
        raise HttpError(415, "files of type %s are not allowed here" % chosen)
    return chosen


def _size(limits: "Limits", value: "Any") -> "Optional[int]":
    """A size the client stated (optional): refused when over the limit."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value and all(c in _DIGITS for c in value) and len(value) < 20:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HttpError(400, "size must be a whole number of bytes")
    if not limits.size_allowed(value):
        raise HttpError(413, "the file is over the limit of %s bytes" % limits.max_size)
    return value


def _upload_id(value: "Any") -> str:
    if (
        not isinstance(value, str) or not value or len(value) > MAX_UPLOAD_ID
        or any(not "!" <= c <= "~" for c in value)
    ):
        raise HttpError(400, "uploadId must be the id CreateMultipartUpload returned")
    return value


def _part_number(value: "Any") -> int:
    if isinstance(value, str) and value and len(value) <= 5 and all(c in _DIGITS for c in value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PART_NUMBER:
        raise HttpError(400, "part numbers are whole numbers from 1 to %d" % MAX_PART_NUMBER)
    return value


def _sendable(headers: "Dict[str, str]") -> "Dict[str, str]":
    """Headers a browser may set (it sends Content-Length and Host itself)."""
    return {k: v for k, v in headers.items() if k.lower() not in ("content-length", "host")}


def _etag(value: str) -> str:
    return value.strip().strip('"')


# -- single uploads -------------------------------------------------------------------

def _single(service: "UploadService", limits: "Limits", key: str, kind: str, size: "Optional[int]", expires: "Optional[int]") -> "Dict[str, Any]":
    """A POST form (size limited by S3) or, in ``single="put"`` mode, a PUT URL with the
    type and a stated size signed."""
    if service.single == "post":
        form, lifetime = service.store.post_form(key, kind, limits.max_size, expires)
        return {"method": "POST", "url": form.url, "fields": dict(form.fields), "expires": lifetime}
    if size is None and limits.max_size is not None:
        raise HttpError(400, "size is required: uploads here are limited to %d bytes" % limits.max_size)
    params: "Dict[str, Any]" = {"ContentType": kind}
    if size is not None:
        params["ContentLength"] = size
    presigned, lifetime = service.store.presign("put_object", key, params, expires)
    return {"method": "PUT", "url": presigned.url, "headers": _sendable(presigned.headers), "expires": lifetime}


def upload_parameters(service: "UploadService", limits: "Limits", query: "Dict[str, str]") -> "Dict[str, Any]":
    """``GET /s3/params?filename=&type=`` (and ``metadata[name]=``, ignored; ``size=``)."""
    filename = _filename(query.get("filename"))
    kind = _type(limits, query.get("type"), filename)
    size = _size(limits, query.get("size"))
    return _single(service, limits, mint_key(limits.prefix, filename, service.key_secret), kind, size, None)


# -- multipart, Companion style: the server talks to S3 ------------------------------------

def create_multipart(service: "UploadService", limits: "Limits", body: "Any") -> "Dict[str, Any]":
    """``POST /s3/multipart {"filename", "type", "metadata"}`` -> ``{key, uploadId, bucket}``."""
    if not isinstance(body, dict):
        raise HttpError(400, "the body must be a JSON object with filename and type")
    filename = _filename(body.get("filename"))
    kind = _type(limits, body.get("type"), filename)
    _size(limits, body.get("size"))
    key = mint_key(limits.prefix, filename, service.key_secret)
    upload_id = service.store.create_multipart(key, kind)
    return {"key": key, "uploadId": upload_id, "bucket": service.store.bucket}


def sign_part(service: "UploadService", limits: "Limits", upload_id: str, number: str, query: "Dict[str, str]") -> "Dict[str, Any]":
    """``GET /s3/multipart/{uploadId}/{partNumber}?key=`` -> ``{url, expires}``."""
    key = _key(service, limits, query.get("key"))
    part = _part_number(number)
    presigned, lifetime = service.store.presign(
        "upload_part", key, {"UploadId": _upload_id(upload_id), "PartNumber": part}
    )
    return {"url": presigned.url, "expires": lifetime}


def sign_batch(service: "UploadService", limits: "Limits", upload_id: str, query: "Dict[str, str]") -> "Dict[str, Any]":
    """``GET /s3/multipart/{uploadId}/batch?key=&partNumbers=1,2`` -> ``{presignedUrls}``."""
    key = _key(service, limits, query.get("key"))
    upload_id = _upload_id(upload_id)
    text = query.get("partNumbers") or ""
    numbers = [_part_number(n.strip()) for n in text.split(",")] if text else []
    if not numbers:
        raise HttpError(400, "partNumbers must list part numbers, as in ?partNumbers=1,2,3")
    urls = {}
    for number in sorted(set(numbers)):
        urls[str(number)] = service.store.presign(
            "upload_part", key, {"UploadId": upload_id, "PartNumber": number}
        )[0].url
    return {"presignedUrls": urls}


def list_parts(service: "UploadService", limits: "Limits", upload_id: str, query: "Dict[str, str]") -> "List[Dict[str, Any]]":
    """``GET /s3/multipart/{uploadId}?key=`` -> ``[{PartNumber, ETag, Size}]``."""
    key = _key(service, limits, query.get("key"))
    return service.store.list_parts(key, _upload_id(upload_id))


def _checked_total(service: "UploadService", limits: "Limits", key: str, upload_id: str, sizes: "List[int]") -> None:
    """Abort the upload and refuse (413) when its parts add up to over the limit."""
    total = sum(sizes)
    if not limits.size_allowed(total):
        service.store.abort(key, upload_id)
        raise HttpError(413, "the upload is %d bytes, over the limit of %s bytes; it was aborted" % (total, limits.max_size))


def _client_parts(body: "Any") -> "List[Tuple[int, str]]":
    parts = body.get("parts") if isinstance(body, dict) else None
    if not isinstance(parts, list) or not parts or len(parts) > MAX_PART_NUMBER:
        raise HttpError(400, "parts must be a non-empty array of {PartNumber, ETag}")
    out = []
    for part in parts:
        etag = part.get("ETag") if isinstance(part, dict) else None
        if not isinstance(etag, str) or not isinstance(part.get("PartNumber"), int):
            raise HttpError(400, "parts must be a non-empty array of {PartNumber, ETag}")
        out.append((_part_number(part["PartNumber"]), etag))
    if len({n for n, _ in out}) != len(out):
        raise HttpError(400, "a part number appears twice in parts")
    return sorted(out)


def complete(service: "UploadService", limits: "Limits", upload_id: str, query: "Dict[str, str]", body: "Any") -> "Dict[str, Any]":
    """``POST /s3/multipart/{uploadId}/complete?key= {"parts"}`` -> ``{location, key, bucket}``.

    The parts are checked against ListParts (each must be there with its ETag), their
    total against the size limit (over it the upload is aborted: 413), and the upload
    completed with the ETags S3 listed, so a part replaced since fails the completion.
    """
    key = _key(service, limits, query.get("key"))
    upload_id = _upload_id(upload_id)
    wanted = _client_parts(body)
    listed = {p["PartNumber"]: p for p in service.store.list_parts(key, upload_id)}
    chosen = []
    for number, etag in wanted:
        part = listed.get(number)
        if part is None or _etag(part["ETag"]) != _etag(etag):
            raise HttpError(400, "part %d was not uploaded, or has another ETag" % number)
        chosen.append(part)
    _checked_total(service, limits, key, upload_id, [p["Size"] for p in chosen])
    location = service.store.complete(key, upload_id, [(p["PartNumber"], p["ETag"]) for p in chosen])
    return {"location": location, "key": key, "bucket": service.store.bucket}


def abort(service: "UploadService", limits: "Limits", upload_id: str, query: "Dict[str, str]") -> "Dict[str, Any]":
    """``DELETE /s3/multipart/{uploadId}?key=`` -> ``{}``."""
    key = _key(service, limits, query.get("key"))
    service.store.abort(key, _upload_id(upload_id))
    return {}


# -- signRequest mode: one presigned request per call -----------------------------------

def presign(service: "UploadService", limits: "Limits", body: "Any") -> "Dict[str, Any]":
    """``POST /s3/presign {"method", "key", "uploadId"?, "partNumber"?}`` -> ``{"url", ...}``.

    PUT with a key: PutObject (a new key is minted from the key's last segment; the
    answer carries it, and a POST form in ``fields``); POST with a key:
    CreateMultipartUpload (new key, the type signed and returned in ``headers``); PUT
    with uploadId and partNumber: UploadPart; GET with uploadId: ListParts; POST with
    uploadId: CompleteMultipartUpload (after the parts' total is checked); DELETE with
    uploadId: AbortMultipartUpload. Anything else is refused (403).
    """
    if not isinstance(body, dict):
        raise HttpError(400, "the body must be a JSON object with method and key")
    method = body.get("method")
    if not isinstance(method, str):
        raise HttpError(400, "method is required")
    method = method.upper()
    expires = body.get("expiresIn")
    if isinstance(expires, bool) or not isinstance(expires, int) or not 1 <= expires <= service.expires_in:
        expires = None
    upload_id = body.get("uploadId")
    store = service.store
    if upload_id is None:
        filename = _filename(body.get("key"))
        if method == "PUT":
            kind = _type(limits, body.get("contentType"), filename)
            size = _size(limits, body.get("size"))
            key = mint_key(limits.prefix, filename, service.key_secret)
            answer = _single(service, limits, key, kind, size, expires)
            answer["key"] = key
            del answer["method"]
            return answer
        if method == "POST":
            kind = _type(limits, body.get("contentType") or body.get("type"), name_of(filename))
            key = mint_key(limits.prefix, filename, service.key_secret)
            presigned, _ = store.presign("create_multipart_upload", key, {"ContentType": kind}, expires)
            return {"url": presigned.url, "key": key, "headers": _sendable(presigned.headers)}
        raise HttpError(403, "only uploads are signed here: %s of an object is not" % method)
    key = _key(service, limits, body.get("key"))
    upload_id = _upload_id(upload_id)
    if method == "PUT":
        part = _part_number(body.get("partNumber"))
        presigned, _ = store.presign("upload_part", key, {"UploadId": upload_id, "PartNumber": part}, expires)
    elif method == "GET":
        presigned, _ = store.presign("list_parts", key, {"UploadId": upload_id}, expires)
    elif method == "POST":
        if limits.max_size is not None:
            _checked_total(service, limits, key, upload_id, [p["Size"] for p in store.list_parts(key, upload_id)])
        presigned, _ = store.presign("complete_multipart_upload", key, {"UploadId": upload_id}, expires)
    elif method == "DELETE":
        presigned, _ = store.presign("abort_multipart_upload", key, {"UploadId": upload_id}, expires)
    else:
        raise HttpError(400, "method must be PUT, GET, POST or DELETE")
    return {"url": presigned.url}
