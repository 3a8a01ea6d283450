"""Run ``python -m sigv4presign`` in a subprocess, isolated from the machine's AWS settings."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple


def run_cli(command: List[str], keys: Tuple[str, str], env: Optional[Dict[str, str]] = None,
            creds: bool = True, home: Optional[Path] = None) -> Tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``sigv4presign COMMAND...``: no AWS files,
    ``keys`` (access key id, secret) in the environment unless ``creds`` is false, then
    ``env`` on top."""
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home) if home else os.devnull,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "PYTHONIOENCODING": "utf-8",
    }
    if creds:
        environ.update({"AWS_ACCESS_KEY_ID": keys[0], "AWS_SECRET_ACCESS_KEY": keys[1]})
    environ.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "sigv4presign"] + command,
        capture_output=True, text=True, env=environ, timeout=60, encoding="utf-8",
    )
    return done.returncode, done.stdout, done.stderr
