"""The boto3 S3 operations the client presigns, as data.

Each operation is an :class:`Operation`: its HTTP method, whether it names an object or
the bucket, fixed query pairs, the parameters it requires, and where each boto3
parameter goes (a query parameter or a header). Headers stay headers: S3 ignores
``x-amz-tagging`` or SSE settings moved into the query.
"""

from .core.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, Tuple

    Pairs = Tuple[Tuple[str, str], ...]


class Operation(Record):
    """One presignable S3 operation (a named record, read-only by convention)."""

    __slots__ = ("method", "target", "fixed_query", "required", "query_params", "header_params")

    method: str
    target: str  # "object" or "bucket"
    fixed_query: "Pairs"
    required: "Tuple[str, ...]"
    query_params: "Pairs"  # boto3 name -> query parameter
    header_params: "Pairs"  # boto3 name -> header


_SSE_C = (
    ("SSECustomerAlgorithm", "x-amz-server-side-encryption-customer-algorithm"),
    ("SSECustomerKey", "x-amz-server-side-encryption-customer-key"),
    ("SSECustomerKeyMD5", "x-amz-server-side-encryption-customer-key-MD5"),
)
_OWNER_PAYER = (
    ("ExpectedBucketOwner", "x-amz-expected-bucket-owner"),
    ("RequestPayer", "x-amz-request-payer"),
)
_CHECKSUMS = (
    ("ChecksumCRC32", "x-amz-checksum-crc32"),
    ("ChecksumCRC32C", "x-amz-checksum-crc32c"),
    ("ChecksumCRC64NVME", "x-amz-checksum-crc64nvme"),
    ("ChecksumSHA1", "x-amz-checksum-sha1"),
    ("ChecksumSHA256", "x-amz-checksum-sha256"),
    ("ChecksumSHA512", "x-amz-checksum-sha512"),
    ("ChecksumMD5", "x-amz-checksum-md5"),
    ("ChecksumXXHASH64", "x-amz-checksum-xxhash64"),
    ("ChecksumXXHASH3", "x-amz-checksum-xxhash3"),
    ("ChecksumXXHASH128", "x-amz-checksum-xxhash128"),
)
_RESPONSE_OVERRIDES = (
    ("ResponseCacheControl", "response-cache-control"),
    ("ResponseContentDisposition", "response-content-disposition"),
    ("ResponseContentEncoding", "response-content-encoding"),
    ("ResponseContentLanguage", "response-content-language"),
    ("ResponseContentType", "response-content-type"),
    ("ResponseExpires", "response-expires"),
)
_READ_HEADERS = (
    ("IfMatch", "If-Match"),
    ("IfModifiedSince", "If-Modified-Since"),
    ("IfNoneMatch", "If-None-Match"),
    ("IfUnmodifiedSince", "If-Unmodified-Since"),
    ("Range", "Range"),
    ("ChecksumMode", "x-amz-checksum-mode"),
) + _SSE_C + _OWNER_PAYER
# What describes a new object (PutObject and CreateMultipartUpload). "Metadata" is a
# mapping that becomes one x-amz-meta-NAME header per entry.
_NEW_OBJECT_HEADERS = (
    ("ACL", "x-amz-acl"),
    ("CacheControl", "Cache-Control"),
    ("ContentDisposition", "Content-Disposition"),
    ("ContentEncoding", "Content-Encoding"),
    ("ContentLanguage", "Content-Language"),
    ("ContentType", "Content-Type"),
    ("Expires", "Expires"),
    ("GrantFullControl", "x-amz-grant-full-control"),
    ("GrantRead", "x-amz-grant-read"),
    ("GrantReadACP", "x-amz-grant-read-acp"),
    ("GrantWriteACP", "x-amz-grant-write-acp"),
    ("Metadata", "x-amz-meta-"),
    ("ServerSideEncryption", "x-amz-server-side-encryption"),
    ("StorageClass", "x-amz-storage-class"),
    ("WebsiteRedirectLocation", "x-amz-website-redirect-location"),
    ("SSEKMSKeyId", "x-amz-server-side-encryption-aws-kms-key-id"),
    ("SSEKMSEncryptionContext", "x-amz-server-side-encryption-context"),
    ("BucketKeyEnabled", "x-amz-server-side-encryption-bucket-key-enabled"),
    ("Tagging", "x-amz-tagging"),
    ("ObjectLockMode", "x-amz-object-lock-mode"),
    ("ObjectLockRetainUntilDate", "x-amz-object-lock-retain-until-date"),
    ("ObjectLockLegalHoldStatus", "x-amz-object-lock-legal-hold"),
) + _SSE_C + _OWNER_PAYER

OPERATIONS: "Dict[str, Operation]" = {
    "get_object": Operation(
        "GET", "object", (), (),
        (("VersionId", "versionId"), ("PartNumber", "partNumber")) + _RESPONSE_OVERRIDES,
        _READ_HEADERS,
    ),
    "head_object": Operation(
        "HEAD", "object", (), (),
        (("VersionId", "versionId"), ("PartNumber", "partNumber")) + _RESPONSE_OVERRIDES,
        _READ_HEADERS,
    ),
    "put_object": Operation(
        "PUT", "object", (), (), (),
        _NEW_OBJECT_HEADERS + _CHECKSUMS + (
            ("ContentLength", "Content-Length"),
            ("ContentMD5", "Content-MD5"),
            ("IfMatch", "If-Match"),
            ("IfNoneMatch", "If-None-Match"),
        ),
    ),
    "delete_object": Operation(
        "DELETE", "object", (), (), (("VersionId", "versionId"),),
        (
            ("MFA", "x-amz-mfa"),
            ("BypassGovernanceRetention", "x-amz-bypass-governance-retention"),
            ("IfMatch", "If-Match"),
        ) + _OWNER_PAYER,
    ),
    "create_multipart_upload": Operation(
        "POST", "object", (("uploads", ""),), (), (),
        _NEW_OBJECT_HEADERS + (
            ("ChecksumAlgorithm", "x-amz-checksum-algorithm"),
            ("ChecksumType", "x-amz-checksum-type"),
        ),
    ),
    "upload_part": Operation(
        "PUT", "object", (), ("PartNumber", "UploadId"),
        (("PartNumber", "partNumber"), ("UploadId", "uploadId")),
        (("ContentLength", "Content-Length"), ("ContentMD5", "Content-MD5")) + _CHECKSUMS + _SSE_C + _OWNER_PAYER,
    ),
    "complete_multipart_upload": Operation(
        "POST", "object", (), ("UploadId",), (("UploadId", "uploadId"),),
        _CHECKSUMS + (
            ("ChecksumType", "x-amz-checksum-type"),
            ("IfMatch", "If-Match"),
            ("IfNoneMatch", "If-None-Match"),
        ) + _SSE_C + _OWNER_PAYER,
    ),
    "abort_multipart_upload": Operation(
        "DELETE", "object", (), ("UploadId",), (("UploadId", "uploadId"),), _OWNER_PAYER,
    ),
    "list_parts": Operation(
        "GET", "object", (), ("UploadId",),
        (("UploadId", "uploadId"), ("MaxParts", "max-parts"), ("PartNumberMarker", "part-number-marker")),
        _SSE_C + _OWNER_PAYER,
    ),
    "list_objects_v2": Operation(
        "GET", "bucket", (("list-type", "2"),), (),
        (
            ("ContinuationToken", "continuation-token"),
            ("Delimiter", "delimiter"),
            ("EncodingType", "encoding-type"),
            ("FetchOwner", "fetch-owner"),
            ("MaxKeys", "max-keys"),
            ("Prefix", "prefix"),
            ("StartAfter", "start-after"),
        ),
        _OWNER_PAYER,
    ),
    "get_object_tagging": Operation(
        "GET", "object", (("tagging", ""),), (), (("VersionId", "versionId"),), _OWNER_PAYER,
    ),
}
