"""Credentials, region and endpoint from the places the AWS CLI looks.

Nothing here runs on import: the files are read, and ``credential_process`` is run,
only when a ``load_*`` function is called. Signing itself never calls these.

Credentials, first match wins (the AWS CLI's order, without the parts that need a
network call)::

    1. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
       AWS_CREDENTIAL_EXPIRATION           (skipped when a profile is passed explicitly)
    2. role_arn, web identity, SSO, login  -> CredentialsError: these need AWS STS/SSO
    3. the shared credentials file          [NAME]          aws_access_key_id, ...
    4. credential_process                   in the profile  (JSON, Version 1)
    5. the config file                      [profile NAME] / [default]  aws_access_key_id

The profile is the ``profile`` argument, else ``AWS_PROFILE``, else
``AWS_DEFAULT_PROFILE``, else ``default``; a profile named by any of these must exist
(even when step 1 supplies the keys), as the AWS CLI demands. A profile's settings are those of its
config-file section overlaid by its credentials-file section (as the AWS CLI merges
them), so ``region`` or ``credential_process`` may sit in either file.
"""

import os

from .core.errors import CredentialProcessError, CredentialsError, InvalidInputError, shown
from .core.values import Credentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

    Settings = Dict[str, Union[str, Dict[str, str]]]

#: Seconds a ``credential_process`` may run before it is killed.
PROCESS_TIMEOUT = 60.0

# Profile settings that need a call to AWS (STS, SSO, sign-in) to become credentials.
_NEEDS_AWS = (
    ("web_identity_token_file", "uses web identity (web_identity_token_file), which needs a call to AWS STS"),
    ("role_arn", "assumes a role (role_arn), which needs a call to AWS STS"),
    ("sso_account_id", "uses IAM Identity Center (SSO), which needs a call to AWS SSO"),
    ("sso_role_name", "uses IAM Identity Center (SSO), which needs a call to AWS SSO"),
    ("login_session", "uses console sign-in (login_session), which needs a call to AWS"),
)
_INSTEAD = (
    "; sigv4presign makes no network calls. Use temporary credentials instead: run "
    "`aws configure export-credentials --profile %s --format env` (AWS CLI v2) and export "
    "them, or add `credential_process = aws configure export-credentials --profile %s "
    "--format process` to another profile and use that one"
)


# -- where the files are ---------------------------------------------------------------

def _environ(environ: "Optional[Mapping[str, str]]") -> "Mapping[str, str]":
    """``os.environ``, or ``environ`` once checked to map names to text (as
    ``os.environ`` does; ``credential_process`` gets it as its environment)."""
    if environ is None:
        return os.environ
    if not (hasattr(environ, "get") and hasattr(environ, "items")):
        raise InvalidInputError(
            "environ must be a mapping of variable names to values, like os.environ, not %s"
            % type(environ).__name__
        )
    for name, value in environ.items():
        if not isinstance(name, str):
            raise InvalidInputError("environ names must be text (str), not %s" % type(name).__name__)
        if not isinstance(value, str):
            # Values are never shown: the environment holds secrets.
            raise InvalidInputError(
                "environ[%r] must be text (str), not %s" % (name[:80], type(value).__name__)
            )
    return environ


def _expand(path: str, environ: "Mapping[str, str]") -> str:
    """``$VAR``/``${VAR}`` and a leading ``~``, taken from ``environ`` (as the AWS CLI
    expands ``AWS_CONFIG_FILE`` and ``AWS_SHARED_CREDENTIALS_FILE``)."""
    import re

    def var(match: "re.Match[str]") -> str:
        name = match.group(1) or match.group(2)
        value = environ.get(name)
        return match.group(0) if value is None else value

    path = re.sub(r"\$(?:(\w+)|\{([^}]*)\})", var, path)
    if path == "~" or path.startswith("~/") or path.startswith("~" + os.sep):
        home = environ.get("HOME") or environ.get("USERPROFILE") or os.path.expanduser("~")
        path = home + path[1:]
    return os.path.expanduser(path)


def config_paths(environ: "Optional[Mapping[str, str]]" = None) -> "Tuple[str, str]":
    """(shared credentials file, config file): ``AWS_SHARED_CREDENTIALS_FILE`` or
    ``~/.aws/credentials``, and ``AWS_CONFIG_FILE`` or ``~/.aws/config``."""
    env = _environ(environ)
    return (
        _expand(env.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials", env),
        _expand(env.get("AWS_CONFIG_FILE") or "~/.aws/config", env),
    )


# -- reading an INI file -----------------------------------------------------------------

def _malformed(path: str, line: int, what: str) -> CredentialsError:
    # Never quote the line itself: it may be a secret key.
    return CredentialsError("malformed AWS config file %s, line %d: %s" % (path, line, what))


def _nested_line(lines: "List[str]", section: str, option: str) -> int:
    """The line number of the first bad nested line of ``option`` in ``[section]``."""
    in_section = False
    in_option = False
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if text.startswith("[") and text.endswith("]"):
            in_section = text[1:-1].strip() == section
            in_option = False
        elif in_section and not in_option:
            name = text.split("=", 1)[0].split(":", 1)[0].strip().lower()
            in_option = bool(text) and name == option
        elif in_option and text and not text.startswith(("#", ";")):
            if not raw[:1].isspace():
                in_option = False
            elif "=" not in text:
                return number
    return 0


def _parse_nested(value: str) -> "Optional[Dict[str, str]]":
    """``s3 =`` followed by indented ``name = value`` lines, as the AWS CLI reads them."""
    nested = {}
    for line in value.splitlines():
        line = line.strip()
        if line:
            if "=" not in line:
                return None
            name, _, setting = line.partition("=")
            nested[name.strip()] = setting.strip()
    return nested


def read_ini(path: str) -> "Optional[Dict[str, Settings]]":
    """The sections of an AWS config or credentials file, or None if there is no file.

    Read like the AWS CLI reads it (``configparser.RawConfigParser``: ``=`` or ``:``,
    ``#``/``;`` comment lines, option names lower-cased), with settings whose value
    starts on the next line (``s3 =`` then indented lines) parsed into a dict.
    """
    import configparser

    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise CredentialsError("cannot read AWS config file %s: %s" % (path, exc.strerror or exc))
    if data.startswith(b"\xef\xbb\xbf"):
        # configparser would call it "a setting before the first [section] header"
        raise _malformed(
            path, 1, "the file starts with a UTF-8 byte-order mark (BOM), which the AWS CLI "
            "cannot read either; save it as UTF-8 without BOM"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _malformed(path, data[: exc.start].count(b"\n") + 1, "not valid UTF-8 text")
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text, source=path)
    except configparser.MissingSectionHeaderError as exc:
        raise _malformed(path, exc.lineno, "a setting before the first [section] header")
    except configparser.DuplicateSectionError as exc:
        raise _malformed(path, exc.lineno or 0, "section [%s] appears twice" % exc.section)
    except configparser.DuplicateOptionError as exc:
        raise _malformed(
            path, exc.lineno or 0, "%r is set twice in section [%s]" % (exc.option, exc.section)
        )
    except configparser.ParsingError as exc:
        line = exc.errors[0][0] if exc.errors else 0
        raise _malformed(path, line, "expected `name = value`, a [section] header or a comment")
    except configparser.Error as exc:  # pragma: no cover - other parser errors
        raise CredentialsError("malformed AWS config file %s: %s" % (path, type(exc).__name__))
    sections: "Dict[str, Settings]" = {}
    for section in parser.sections():
        values: "Settings" = {}
        for option in parser.options(section):
            value = parser.get(section, option)
            if value.startswith("\n"):
                nested = _parse_nested(value)
                if nested is None:
                    raise _malformed(
                        path,
                        _nested_line(text.splitlines(), section, option),
                        "the indented lines under %r in [%s] must be `name = value`"
                        % (option, section),
                    )
                values[option] = nested
            else:
                values[option] = value
        sections[section] = values
    return sections


def _config_profiles(sections: "Dict[str, Settings]") -> "Dict[str, Settings]":
    """Profiles of the config file: ``[profile NAME]`` and ``[default]`` (the AWS CLI's
    rules: a name may be quoted, and ``[profile default]`` also names the default)."""
    import shlex

    profiles: "Dict[str, Settings]" = {}
    for name, values in sections.items():
        if name.startswith("profile"):
            # As the AWS CLI does: any title starting "profile" with exactly two words.
            try:
                parts = shlex.split(name)
            except ValueError:
                continue
            if len(parts) == 2:
                profiles[parts[1]] = values
        elif name == "default":
            profiles[name] = values
    return profiles


def _named_sections(sections: "Dict[str, Settings]", kind: str) -> "Dict[str, Settings]":
    """``[KIND NAME]`` sections by NAME (a name may be quoted)."""
    import shlex

    named: "Dict[str, Settings]" = {}
    for title, values in sections.items():
        if title.startswith(kind):
            try:
                parts = shlex.split(title)
            except ValueError:
                continue
            if len(parts) == 2 and parts[0] == kind:
                named[parts[1]] = values
    return named


class _Config:
    """The two files of one lookup, each read at most once, and only when needed."""

    def __init__(self, environ: "Mapping[str, str]") -> None:
        self.environ = environ
        self.credentials_path, self.config_path = config_paths(environ)
        self._credentials: "Optional[Dict[str, Settings]]" = None
        self._config: "Optional[Dict[str, Settings]]" = None

    def credentials_file(self) -> "Dict[str, Settings]":
        if self._credentials is None:
            self._credentials = read_ini(self.credentials_path) or {}
        return self._credentials

    def config_sections(self) -> "Dict[str, Settings]":
        if self._config is None:
            self._config = read_ini(self.config_path) or {}
        return self._config

    def config_file(self) -> "Dict[str, Settings]":
        return _config_profiles(self.config_sections())

    def has_profile(self, name: str) -> bool:
        return name in self.credentials_file() or name in self.config_file()

    def profile(self, name: str, required: bool) -> "Settings":
        """The profile's settings: config file, overlaid by the credentials file."""
        if required and not self.has_profile(name):
            raise CredentialsError(
                "profile %r not found: it is neither [%s] in %s nor [profile %s] in %s"
                % (name, name, self.credentials_path, name, self.config_path)
            )
        merged: "Settings" = {}
        merged.update(self.config_file().get(name, {}))
        merged.update(self.credentials_file().get(name, {}))
        return merged


def _profile_name(profile: "Optional[str]", environ: "Mapping[str, str]") -> "Tuple[str, bool]":
    """(name, named): the profile to read, and whether it was asked for by name (then it
    must exist)."""
    if profile is not None:
        if not isinstance(profile, str) or not profile:
            raise InvalidInputError("profile must be a non-empty profile name, got %s" % shown(profile))
        return profile, True
    name = environ.get("AWS_PROFILE") or environ.get("AWS_DEFAULT_PROFILE")
    return (name, True) if name else ("default", False)


# -- credentials -------------------------------------------------------------------------

def parse_expiration(value: "Any", source: str) -> "datetime.datetime":
    """An ISO 8601 time with a zone (``2026-11-22T12:00:00Z``, fractions and offsets
    allowed) as an aware UTC datetime."""
    import datetime
    import re

    match = re.match(
        r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?"
        r"(?:([Zz])|([+-])(\d\d):?(\d\d))$",
        value.strip() if isinstance(value, str) else "",
        re.ASCII,
    )
    if not match:
        raise CredentialsError(
            "%s %s is not an ISO 8601 time with a zone, such as 2026-11-22T12:00:00Z"
            % (source, shown(value))
        )
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        when = datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.timezone.utc)
    except ValueError:
        raise CredentialsError("%s %r is not a valid date and time" % (source, value))
    if match.group(9):
        hours, minutes = int(match.group(10)), int(match.group(11))
        if hours > 23 or minutes > 59:
            raise CredentialsError(
                "%s %s has no such zone offset (they run from -23:59 to +23:59)" % (source, shown(value))
            )
        offset = datetime.timedelta(hours=hours, minutes=minutes)
        try:
            when = when - offset if match.group(9) == "+" else when + offset
        except OverflowError:
            raise CredentialsError("%s %s is outside the years 0001..9999 in UTC" % (source, shown(value)))
    return when


def _make(
    source: str,
    access_key_id: "Any",
    secret_access_key: "Any",
    session_token: "Any" = None,
    expiration: "Optional[datetime.datetime]" = None,
    hint: str = "",
) -> Credentials:
    """Credentials, with a bad value reported by where it came from (never by value)."""
    try:
        return Credentials(
            access_key_id,
            secret_access_key,
            session_token or None,
            expiration,
        )
    except InvalidInputError as exc:
        raise CredentialsError("%s: %s%s" % (source, exc, hint))


def _environment_text(environ: "Mapping[str, str]", name: str) -> "Optional[str]":
    """An environment variable's value; undecodable bytes (held as lone surrogates,
    PEP 383) are an error naming the variable, not a UnicodeEncodeError when signing."""
    value = environ.get(name)
    if value:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CredentialsError("%s is not valid UTF-8 text" % name)
    return value


def _from_environment(environ: "Mapping[str, str]") -> "Optional[Credentials]":
    akid = _environment_text(environ, "AWS_ACCESS_KEY_ID")
    if not akid:
        return None
    secret = _environment_text(environ, "AWS_SECRET_ACCESS_KEY")
    if not secret:
        raise CredentialsError(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither"
        )
    # The older name first, as the AWS CLI reads them.
    token = _environment_text(environ, "AWS_SECURITY_TOKEN") or _environment_text(environ, "AWS_SESSION_TOKEN")
    expiry = environ.get("AWS_CREDENTIAL_EXPIRATION")
    expiration = parse_expiration(expiry, "AWS_CREDENTIAL_EXPIRATION") if expiry else None
    return _make("the environment variables", akid, secret, token, expiration)


def _from_keys(settings: "Settings", name: str, path: str) -> "Optional[Credentials]":
    akid = settings.get("aws_access_key_id")
    if akid is None:
        return None
    where = "profile %r in %s" % (name, path)
    secret = settings.get("aws_secret_access_key")
    if not secret:
        raise CredentialsError("%s has aws_access_key_id but no aws_secret_access_key" % where)
    token = settings.get("aws_security_token")
    if token is None:
        token = settings.get("aws_session_token")
    hint = ""
    for value in (akid, secret, token):
        if isinstance(value, str) and any(mark in value for mark in (" #", "\t#", " ;", "\t;")):
            hint = (
                " (AWS config files have no comments after a value: a '#' or ';' there is part "
                "of it; put comments on lines of their own)"
            )
    return _make(where, akid, secret, token, hint=hint)


def _refuse_unsupported(name: str, settings: "Settings", environ: "Optional[Mapping[str, str]]") -> None:
    """A profile whose credentials need AWS STS, SSO or sign-in: say which setting, and
    what to use instead, rather than quietly using other credentials."""
    if environ is not None and environ.get("AWS_WEB_IDENTITY_TOKEN_FILE"):
        raise CredentialsError(
            "AWS_WEB_IDENTITY_TOKEN_FILE is set: web identity needs a call to AWS STS"
            + _INSTEAD % (name, name)
            + ", or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    for setting, what in _NEEDS_AWS:
        if setting in settings:
            raise CredentialsError("profile %r %s" % (name, what) + _INSTEAD % (name, name))


def _run_process(command: str, name: str, environ: "Mapping[str, str]", timeout: float) -> Credentials:
    """Run ``credential_process`` without a shell and read its JSON (``Version: 1``,
    ``AccessKeyId``, ``SecretAccessKey``, optional ``SessionToken`` and ``Expiration``)."""
    import json
    import shlex
    import subprocess

    where = "credential_process of profile %r" % name
    try:
        argv = shlex.split(command, posix=os.name != "nt")
    except ValueError as exc:
        raise CredentialsError("%s cannot be split into arguments: %s" % (where, exc))
    if not argv:
        raise CredentialsError("%s is empty" % where)
    # Only the program name is shown: its arguments may hold secrets.
    where += " (%s)" % argv[0]
    env = None if environ is os.environ else dict(environ)
    try:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    except (OSError, ValueError) as exc:
        raise CredentialProcessError(
            "%s could not be started: %s" % (where, getattr(exc, "strerror", None) or exc)
        )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        try:
            out, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a child kept the pipes open
            err = b""
        raise CredentialProcessError(
            "%s did not finish within %g seconds and was stopped" % (where, timeout),
            _text(err),
        )
    stderr = _text(err)
    if process.returncode != 0:
        raise CredentialProcessError(
            "%s failed with exit status %d%s" % (where, process.returncode, _said(stderr)),
            stderr,
            process.returncode,
        )
    try:
        parsed = json.loads(out.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        # Never quote stdout: it is where the secret would be.
        raise CredentialProcessError(
            "%s printed %d bytes that are not a JSON object%s" % (where, len(out), _said(stderr)),
            stderr,
            0,
        )
    if not isinstance(parsed, dict):
        raise CredentialProcessError("%s printed JSON that is not an object" % where, stderr, 0)
    version = parsed.get("Version")
    if version != 1 or isinstance(version, bool):
        raise CredentialProcessError(
            "%s printed Version %s; the supported version is 1"
            % (where, "(missing)" if version is None else json.dumps(version)),
            stderr,
            0,
        )
    for key in ("AccessKeyId", "SecretAccessKey"):
        if not parsed.get(key):
            raise CredentialProcessError("%s printed no %s" % (where, key), stderr, 0)
    expiry = parsed.get("Expiration")
    expiration = parse_expiration(expiry, where + " Expiration") if expiry else None
    return _make(
        where, parsed["AccessKeyId"], parsed["SecretAccessKey"], parsed.get("SessionToken"), expiration
    )


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").strip()


def _said(stderr: str) -> str:
    """The process's stderr on one line, shortened: it goes into a one-line message."""
    if not stderr:
        return ""
    one_line = " ".join(stderr.split())
    if len(one_line) > 400:
        one_line = one_line[:400] + "..."
    return "; it said: " + one_line


def load_credentials(
    profile: "Optional[str]" = None,
    *,
    environ: "Optional[Mapping[str, str]]" = None,
    process_timeout: float = PROCESS_TIMEOUT,
) -> Credentials:
    """Credentials found the way the AWS CLI finds them (see the module docstring).

    ``profile`` names a profile explicitly: then it must exist, and the
    ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` variables are not used (as with
    ``aws --profile``). ``environ`` replaces ``os.environ`` for every lookup, including
    ``HOME`` and the environment of ``credential_process``.

    Raises :class:`CredentialsError` when nothing is found, a file is malformed (naming
    the file and line) or the profile needs STS or SSO; :class:`CredentialProcessError`
    (a ``CredentialsError``) when ``credential_process`` fails, times out or prints bad
    output.
    """
    env = _environ(environ)
    if (
        isinstance(process_timeout, bool) or not isinstance(process_timeout, (int, float))
        or not 0 < process_timeout < float("inf")
    ):
        raise InvalidInputError(
            "process_timeout must be a positive number of seconds, got %s" % shown(process_timeout)
        )
    name, named = _profile_name(profile, env)
    config = _Config(env)
    if profile is None:
        found = _from_environment(env)
        if found is not None:
            if named:
                # AWS_PROFILE names a profile: the AWS CLI refuses a missing one even now
                config.profile(name, True)
            return found
    settings = config.profile(name, named)
    _refuse_unsupported(name, settings, None if profile is not None else env)
    found = _from_keys(config.credentials_file().get(name, {}), name, config.credentials_path)
    if found is not None:
        return found
    command = settings.get("credential_process")
    if isinstance(command, str) and command.strip():
        return _run_process(command, name, env, process_timeout)
    found = _from_keys(config.config_file().get(name, {}), name, config.config_path)
    if found is not None:
        return found
    raise CredentialsError(
        "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give "
        "profile %r aws_access_key_id and aws_secret_access_key in %s, or a "
        "credential_process in %s" % (name, config.credentials_path, config.config_path)
    )


# -- region and endpoint -----------------------------------------------------------------

def load_region(
    profile: "Optional[str]" = None, *, environ: "Optional[Mapping[str, str]]" = None
) -> "Optional[str]":
    """The region: ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else the profile's
    ``region`` setting; None when none is set. A named profile must exist (when the
    environment does not settle it first)."""
    env = _environ(environ)
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if region:
        return region
    name, named = _profile_name(profile, env)
    value = _Config(env).profile(name, named).get("region")
    return value if isinstance(value, str) and value else None


def _service_env_name(service: str) -> str:
    return "AWS_ENDPOINT_URL_" + service.upper().replace("-", "_").replace(" ", "_")


def load_endpoint_url(
    service: str = "s3",
    profile: "Optional[str]" = None,
    *,
    environ: "Optional[Mapping[str, str]]" = None,
) -> "Optional[str]":
    """The configured endpoint URL for ``service``, in the AWS CLI's order, or None.

    1. ``AWS_ENDPOINT_URL_S3`` (``AWS_ENDPOINT_URL_<SERVICE>``);
    2. ``AWS_ENDPOINT_URL``;
    3. ``endpoint_url`` in the service's sub-section of the ``[services NAME]`` section
       the profile names with ``services = NAME``;
    4. ``endpoint_url`` in the profile.

    ``AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`` (or ``ignore_configured_endpoint_urls``
    in the profile) turns all of these off.
    """
    env = _environ(environ)
    if env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").strip().lower() == "true":
        return None
    for variable in (_service_env_name(service), "AWS_ENDPOINT_URL"):
        if env.get(variable):
            return env[variable]
    name, named = _profile_name(profile, env)
    config = _Config(env)
    settings = config.profile(name, named)
    ignore = settings.get("ignore_configured_endpoint_urls")
    if isinstance(ignore, str) and ignore.strip().lower() == "true":
        return None
    services = settings.get("services")
    if isinstance(services, str) and services:
        section = _named_sections(config.config_sections(), "services").get(services)
        if section is None:
            raise CredentialsError(
                "profile %r sets services = %s, but %s has no [services %s] section"
                % (name, services, config.config_path, services)
            )
        sub = section.get(service.lower().replace("-", "_").replace(" ", "_"))
        if isinstance(sub, dict) and sub.get("endpoint_url"):
            return sub["endpoint_url"]
    value = settings.get("endpoint_url")
    return value if isinstance(value, str) and value else None


def load_s3_settings(
    profile: "Optional[str]" = None, *, environ: "Optional[Mapping[str, str]]" = None
) -> "Dict[str, str]":
    """The profile's ``s3`` sub-section (``addressing_style``, ``signature_version``,
    ...), or an empty dict."""
    env = _environ(environ)
    name, named = _profile_name(profile, env)
    value = _Config(env).profile(name, named).get("s3")
    return dict(value) if isinstance(value, dict) else {}
