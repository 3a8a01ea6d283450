"""The upload service under test: an app served by wsgiref on 127.0.0.1 in a thread,
a JSON client for it, and a SeaweedFS bucket with a CORS rule as a browser needs.

The server is ``sigv4presign.cli.serve.make_server`` (threaded wsgiref), the one
``sigv4presign serve`` runs.
"""

import base64
import hashlib
import http.client
import json
import threading
import xml.etree.ElementTree as ET
from typing import Any, Dict, Iterable, List, Optional, Tuple
from urllib.parse import urlencode, urlsplit

from sigv4presign import Credentials, presign_s3
from sigv4presign.cli.serve import make_server
from support.seaweed import error_code, request

MIB = 1024 * 1024


class ServedApp:
    """A WSGI app on ``http://127.0.0.1:PORT`` until :meth:`close`."""

    def __init__(self, app: Any) -> None:
        self.httpd = make_server("127.0.0.1", 0, app)
        self.port = self.httpd.server_address[1]
        self.origin = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def call(
        self,
        method: str,
        path: str,
        query: Optional[Dict[str, Any]] = None,
        body: Any = None,
        headers: Optional[Dict[str, str]] = None,
        raw: Optional[bytes] = None,
    ) -> Tuple[int, Dict[str, str], Any]:
        """(status, lower-case headers, parsed JSON answer or raw bytes)."""
        target = path + ("?" + urlencode(query) if query else "")
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode("utf-8"))
        sent = dict(headers or {})
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, target, body=data, headers=sent)
            response = conn.getresponse()
            payload = response.read()
            got = {k.lower(): v for k, v in response.getheaders()}
        finally:
            conn.close()
        if got.get("content-type", "").startswith("application/json"):
            return response.status, got, json.loads(payload)
        return response.status, got, payload


def put_bucket_cors(server: Any, bucket: str, origins: Iterable[str]) -> None:
    """A bucket CORS rule as real S3 needs for Uppy: the origins may PUT, POST, GET and
    DELETE with any header, and read ``ETag``. (Without a rule SeaweedFS answers CORS for
    every origin itself; with one it follows the rule.)"""
    rules = "".join("<AllowedOrigin>%s</AllowedOrigin>" % o for o in origins)
    xml = (
        "<CORSConfiguration><CORSRule>%s<AllowedMethod>PUT</AllowedMethod>"
        "<AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod>"
        "<AllowedMethod>DELETE</AllowedMethod><AllowedHeader>*</AllowedHeader>"
        "<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>"
        "</CORSRule></CORSConfiguration>" % rules
    ).encode("ascii")
    url = presign_s3(
        "PUT", bucket, None, credentials=server.credentials(), region=server.region,
        endpoint_url=server.endpoint_url, params={"cors": ""},
    ).url
    md5 = base64.b64encode(hashlib.md5(xml).digest()).decode("ascii")
    status, _, body = request("PUT", url, xml, {"Content-Type": "application/xml", "Content-MD5": md5})
    assert status == 200, (status, body[:300])


def s3_get(server: Any, bucket: str, key: str, credentials: Optional[Credentials] = None) -> Tuple[int, Dict[str, str], bytes]:
    url = presign_s3("GET", bucket, key, credentials=credentials or server.credentials(),
                     region=server.region, endpoint_url=server.endpoint_url).url
    return request("GET", url)


def s3_list_uploads(server: Any, bucket: str, prefix: str) -> List[str]:
    """Upload ids of the multipart uploads in progress under ``prefix`` (ListMultipartUploads)."""
    url = presign_s3("GET", bucket, None, credentials=server.credentials(), region=server.region,
                     endpoint_url=server.endpoint_url, params={"uploads": "", "prefix": prefix}).url
    status, _, body = request("GET", url)
    assert status == 200, body[:300]
    return [(e.text or "") for e in ET.fromstring(body).iter() if e.tag.rsplit("}", 1)[-1] == "UploadId"]


def post_form(url: str, fields: Dict[str, str], data: bytes, filename: str = "f.bin") -> Tuple[int, Dict[str, str], bytes]:
    """POST a presigned form with the file last, as a browser does."""
    boundary = "----sigv4presign-test-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(
            ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)).encode("utf-8")
        )
    parts.append(
        ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
         "Content-Type: application/octet-stream\r\n\r\n" % (boundary, filename)).encode("utf-8")
        + data + b"\r\n"
    )
    parts.append(("--%s--\r\n" % boundary).encode("ascii"))
    return request("POST", url, b"".join(parts), {"Content-Type": "multipart/form-data; boundary=" + boundary})


def put_url(url: str, data: bytes, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
    return request("PUT", url, data, headers)


def host_of(url: str) -> str:
    return urlsplit(url).netloc


__all__ = ["MIB", "ServedApp", "error_code", "host_of", "post_form", "put_bucket_cors", "put_url",
           "s3_get", "s3_list_uploads"]
