"""The ``sigv4presign`` command line: ``sigv4presign s3://BUCKET/KEY`` presigns, and
subcommands do the rest. Each subcommand is a module of this package with
``run(argv, environ) -> int``; nothing here is imported by ``import sigv4presign``.

stdout carries only the result; errors are one line on stderr, never a traceback.
Exit codes: 0 success, 1 failure, 2 usage error (including missing credentials or region).
"""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import List, Mapping, Optional

# subcommand -> (module in this package, its function taking (argv, environ))
SUBCOMMANDS = {
    "presign": ("presign", "run"),
    "verify": ("verify", "run"),
    "explain": ("verify", "run_explain"),
    "post": ("post", "run"),
}


def main(argv: "Optional[List[str]]" = None, environ: "Optional[Mapping[str, str]]" = None) -> int:
    """Run the command line; returns the exit code."""
    from importlib import import_module

    from ..errors import InvalidInputError, SigV4Error
    from .common import PROG, UsageError

    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    command = "presign"
    if argv and argv[0] in SUBCOMMANDS:
        command = argv.pop(0)
    try:
        module_name, function = SUBCOMMANDS[command]
        module = import_module("." + module_name, __name__)
        return getattr(module, function)(argv, environ)  # type: ignore[no-any-return]
    except (UsageError, InvalidInputError) as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, exc))
        return 2
    except SigV4Error as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, exc))
        return 1
    except KeyboardInterrupt:
        return 130
