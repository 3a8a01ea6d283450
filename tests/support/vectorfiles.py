"""Readers for the aws-c-auth vector format (request.txt, context.json, expected files)."""

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

from support import VECTORS


class Request:
    def __init__(self, method: str, target: str, headers: List[Tuple[str, str]], body: bytes):
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def query(self) -> str:
        return self.target.partition("?")[2]

    def header(self, name: str) -> str:
        return next(v for n, v in self.headers if n.lower() == name.lower())


def parse_request(text: str) -> Request:
    """``METHOD target HTTP/1.1``, header lines, then optionally a blank line and a body.

    The target may hold a raw space, so it runs up to the last `` HTTP/``. A line that
    starts with white space continues the previous header (obs-fold, read as one space).
    """
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    request_line = lines[0]
    method, _, rest = request_line.partition(" ")
    target = rest[: rest.rindex(" HTTP/")]
    headers: List[Tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t"):
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip())
        elif line:
            name, _, value = line.partition(":")
            headers.append((name, value))
    return Request(method, target, headers, body.encode("utf-8"))


def read(case: Path, name: str) -> str:
    return (case / name).read_text(encoding="utf-8")


def context(case: Path) -> Dict[str, Any]:
    return json.loads(read(case, "context.json"))  # type: ignore[no-any-return]


def v4_cases() -> List[str]:
    """The names of aws-c-auth's 38 v4 cases (their folder also holds LICENSE and NOTICE)."""
    return sorted(p.name for p in (VECTORS / "v4").iterdir() if p.is_dir())
