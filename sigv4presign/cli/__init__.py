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
    from typing import Any, Callable, List, Mapping, Optional

# subcommand -> (module in this package, its function taking (argv, environ))
SUBCOMMANDS = {
    "presign": ("presign", "run"),
    "verify": ("verify", "run"),
    "explain": ("verify", "run_explain"),
    "post": ("post", "run"),
    "token": ("token", "run"),
    "serve": ("serve", "run"),
}


def _command(name: str) -> "Callable[[List[str], Mapping[str, str]], int]":
    """The function running subcommand ``name``; a clear error if its module is missing."""
    from importlib import import_module

    from .common import UsageError

    module_name, function = SUBCOMMANDS[name]
    qualified = __name__ + "." + module_name
    try:
        module = import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name != qualified:
            raise
        raise UsageError("the %r command is not available in this version" % name)
    run = getattr(module, function, None)
    if run is None:
        raise UsageError("the %r command is not available in this version" % name)
    return run  # type: ignore[no-any-return]


def _exit_code(exc: BaseException) -> int:
    """2 for usage errors and missing or unusable settings, 1 for other failures."""
    from ..core.errors import CredentialProcessError, CredentialsError, InvalidInputError
    from .common import UsageError

    if isinstance(exc, CredentialProcessError):
        return 1
    if isinstance(exc, (UsageError, InvalidInputError, CredentialsError)):
        return 2
    return 1


def _message(exc: BaseException) -> str:
    from ..core.errors import SigV4Error
    from .common import UsageError

    if isinstance(exc, (UsageError, SigV4Error)):
        text = str(exc)
    elif isinstance(exc, OSError):
        text = exc.strerror or str(exc)
        if exc.filename is not None:
            text = "%s: %s" % (exc.filename, text)
    else:
        text = "unexpected %s: %s" % (type(exc).__name__, exc)
    # One line, whatever the message held.
    return " ".join(text.split()) or type(exc).__name__


def _report_warnings(caught: "List[Any]") -> None:
    from ..core.errors import CredentialExpiryWarning
    from ..core.timefmt import amz_date
    from .common import warn

    for warning in caught:
        message = warning.message
        if isinstance(message, CredentialExpiryWarning):
            # The warning's text is constant; a terminal user wants the times.
            warn("the credentials expire at %s, before the URL's own expiry at %s: it stops "
                 "working then" % (amz_date(message.credentials_expire_at), amz_date(message.expires_at)))
        else:
            warn(" ".join(str(message).split()))


def main(argv: "Optional[List[str]]" = None, environ: "Optional[Mapping[str, str]]" = None) -> int:
    """Run the command line; returns the exit code."""
    import warnings

    from .common import PROG

    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    if sys.stdout is None:  # started with stdout closed (`>&-`): the result has nowhere to go
        if sys.stderr is not None:
            sys.stderr.write("%s: error: stdout is closed; nowhere to print the result\n" % PROG)
        return 1
    command = "presign"
    if argv and argv[0] in SUBCOMMANDS:
        command = argv.pop(0)
    elif argv and argv[0][:1] not in ("", "-") and "/" not in argv[0] and ":" not in argv[0]:
        # Not an option and no s3:// target: a mistyped command, named as such.
        sys.stderr.write(
            "%s: error: unknown command %r; commands: %s (or give s3://BUCKET/KEY; see %s --help)\n"
            % (PROG, argv[0], ", ".join(SUBCOMMANDS), PROG)
        )
        return 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return _command(command)(argv, environ)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # The reader went away (`| head`): nothing more to say, and nowhere to say it.
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:  # pragma: no cover
                pass
            return 1
        except SystemExit as exc:  # argparse's --help and --version, or a subcommand's exit
            if exc.code is None or isinstance(exc.code, int):
                return exc.code or 0
            sys.stderr.write("%s: error: %s\n" % (PROG, " ".join(str(exc.code).split())))
            return 1
        except Exception as exc:  # noqa: BLE001 - the command line never shows a traceback
            sys.stderr.write("%s: error: %s\n" % (PROG, _message(exc)))
            return _exit_code(exc)
        finally:
            _report_warnings(caught)
