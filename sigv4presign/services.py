"""Tokens and URLs that other AWS services build from SigV4 query signing.

Each is one ``GET`` presigned by :func:`sigv4presign.presign` (generic rules: the path
normalised and encoded twice, the payload hash that of an empty body); only data
changes between them, and it is in :data:`RECIPES`:

- RDS IAM token: ``https://{host}:{port}/?Action=connect&DBUser={user}`` for ``rds-db``,
  the URL without ``https://``.
- Aurora DSQL token: ``https://{endpoint}/?Action=DbConnect`` (or ``DbConnectAdmin``)
  for ``dsql``, the URL without ``https://``.
- ElastiCache IAM token: ``http://{group}/?Action=connect&User={user}``
  (``&ResourceType=ServerlessCache`` for a serverless cache) for ``elasticache``, the URL
  without ``http://``.
- EKS token: ``https://sts.{region}.{suffix}/?Action=GetCallerIdentity&Version=2011-06-15``
  for ``sts`` with ``x-k8s-aws-id: {cluster}`` signed, 60 s; the token is
  ``"k8s-aws-v1." + base64url(URL)`` without ``=`` padding.
- AWS IoT MQTT over WebSocket: ``wss://{endpoint}/mqtt`` for ``iotdevicegateway``; the
  session token is appended after signing.
- Transcribe streaming: ``wss://transcribestreaming.{region}.{suffix}:8443/stream-transcription-websocket``
  for ``transcribe``, at most 300 s.
- MSK IAM token: ``https://kafka.{region}.amazonaws.com/?Action=kafka-cluster:Connect``
  for ``kafka-cluster``, 900 s, then ``&User-Agent=...`` appended after signing; the
  token is base64url(URL) without ``=`` padding.
- Polly speech: ``https://polly.{region}.{suffix}/v1/speech?OutputFormat=..&Text=..&VoiceId=..``
  for ``polly`` (SynthesizeSpeech's input as query parameters), an hour by default.
"""

from .core.checks import check_flag, check_region
from .core.errors import InvalidInputError, shown
from .core.presign import presign
from .core.record import Record
from .core.rules import GENERIC, IOT
from .core.s3 import partition_of
from .core.timefmt import MAX_EXPIRES, to_expires

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

    from .core.rules import Rules
    from .core.values import Credentials, Presigned, TimeArg

class Recipe(Record):
    """How one service builds its token or URL (a named record): the URL's scheme and
    path, the signing service, the longest expiry it accepts (and why), and its rules."""

    __slots__ = ("scheme", "service", "path", "longest", "why", "rules")

    scheme: str
    service: str
    path: str
    longest: int
    why: str
    rules: "Rules"


RECIPES: "Dict[str, Recipe]" = {
    "rds": Recipe("https", "rds-db", "/", 900, "an RDS IAM token lives at most 15 minutes", GENERIC),
    "dsql": Recipe("https", "dsql", "/", MAX_EXPIRES, "an Aurora DSQL token lives at most 7 days", GENERIC),
    "elasticache": Recipe("http", "elasticache", "/", 900, "an ElastiCache IAM token lives at most 15 minutes", GENERIC),
    "eks": Recipe("https", "sts", "/", 60, "EKS accepts only 60", GENERIC),
    # The device gateway reads the session token outside the signature.
    "iot": Recipe("wss", "iotdevicegateway", "/mqtt", MAX_EXPIRES, "SigV4 allows at most 7 days", IOT),
    "transcribe": Recipe("wss", "transcribe", "/stream-transcription-websocket", 300,
                         "Transcribe streaming accepts at most 5 minutes", GENERIC),
    "msk": Recipe("https", "kafka-cluster", "/", 900, "AWS's MSK signers make 15-minute tokens", GENERIC),
    "polly": Recipe("https", "polly", "/v1/speech", MAX_EXPIRES, "SigV4 allows at most 7 days", GENERIC),
}
EKS_TOKEN_PREFIX = "k8s-aws-v1."
EKS_CLUSTER_HEADER = "x-k8s-aws-id"
TRANSCRIBE_PORT = 8443
TRANSCRIBE_ENCODINGS = ("pcm", "ogg-opus", "flac")

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_LABEL_CHARS = frozenset(_LOWER + _DIGITS + "-")
_CLUSTER_CHARS = frozenset(_LOWER + _LOWER.upper() + _DIGITS + "-_")


def _presign(
    recipe: str,
    host: str,
    params: "List[Tuple[str, str]]",
    credentials: "Credentials",
    region: str,
    expires_in: "Any",
    now: "TimeArg",
    headers: "Optional[Dict[str, str]]" = None,
) -> "Presigned":
    """``GET {scheme}://{host}{path}?{params}`` presigned as ``recipe`` says."""
    recipe_ = RECIPES[recipe]
    return presign(
        "GET", recipe_.scheme + "://" + host + recipe_.path, credentials=credentials, region=region,
        service=recipe_.service, expires_in=_expires(expires_in, recipe_.longest, recipe_.why),
        params=params, headers=headers, now=now, rules=recipe_.rules,
    )


def _expires(expires_in: "Any", longest: int, why: str) -> int:
    """Whole seconds in 1..longest; out of range says the service's own limit."""
    value = expires_in.total_seconds() if hasattr(expires_in, "total_seconds") else expires_in
    if (isinstance(value, (int, float)) and not isinstance(value, bool) and value == value // 1
            and not 1 <= value <= longest):
        raise InvalidInputError(
            "expires_in must be between 1 and %d seconds (%s), got %s" % (longest, why, shown(value))
        )
    return to_expires(expires_in, longest)


def _strip_scheme(url: str) -> str:
    return url[url.index("://") + 3 :]


def check_hostname(name: str, value: "Any", example: str) -> str:
    """A DNS name (labels of ``a-z 0-9 -`` joined by ``.``), lower-cased; no scheme,
    port or path."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError("%s must be a non-empty host name such as %r" % (name, example))
    host = value.lower()
    if "://" in host or "/" in host or ":" in host:
        raise InvalidInputError(
            "%s %r must be a bare host name such as %r: no scheme, port or path" % (name, value, example)
        )
    if len(host) > 253:
        raise InvalidInputError("%s %r is longer than the 253 characters a host name may have" % (name, value))
    for label in host.split("."):
        if (not label or len(label) > 63 or label[0] == "-" or label[-1] == "-"
                or any(c not in _LABEL_CHARS for c in label)):
            raise InvalidInputError(
                "%s %r is not a host name: it must be labels of 1 to 63 letters, digits and "
                "'-' (not at either end) joined by '.', such as %r" % (name, value, example)
            )
    return host


def check_text(name: str, value: "Any", example: str) -> str:
    """A non-empty string without control characters."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError("%s must be a non-empty string such as %r, got %s" % (name, example, shown(value)))
    if any(c < " " or c == "\x7f" for c in value):
        raise InvalidInputError("%s %r has a control character" % (name, value))
    return value


def check_port(port: "Any") -> int:
    """A TCP port, 1..65535 (an int or a string of ASCII digits)."""
    if isinstance(port, str) and 0 < len(port) <= 5 and all(c in "0123456789" for c in port):
        port = int(port)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise InvalidInputError("port must be a TCP port number in 1..65535 such as 5432, got %s" % shown(port))
    return port


def rds_auth_token(
    host: str,
    port: int,
    user: str,
    *,
    credentials: "Credentials",
    region: str,
    expires_in: "Any" = 900,
    now: "TimeArg" = None,
) -> str:
    """An RDS (or Aurora) IAM authentication token, the password for database user
    ``user`` at ``host:port``: ``{host}:{port}/?Action=connect&DBUser={user}&X-Amz-...``
    (botocore's ``generate_db_auth_token``). It lives 15 minutes at most."""
    host = check_hostname("host", host, "mydb.123456789012.us-east-1.rds.amazonaws.com")
    target = "%s:%d" % (host, check_port(port))
    params = [("Action", "connect"), ("DBUser", check_text("user", user, "app_user"))]
    url = _presign("rds", target, params, credentials, check_region(region), expires_in, now).url
    return _strip_scheme(url)


def dsql_auth_token(
    endpoint: str,
    *,
    credentials: "Credentials",
    region: str,
    admin: bool = False,
    expires_in: "Any" = 900,
    now: "TimeArg" = None,
) -> str:
    """An Aurora DSQL authentication token for the cluster ``endpoint``:
    ``{endpoint}/?Action=DbConnect&X-Amz-...`` (``DbConnectAdmin`` with ``admin=True``
    for the ``admin`` role), as botocore's ``generate_db_connect_auth_token`` and
    ``generate_db_connect_admin_auth_token``. A session token is signed."""
    check_flag("admin", admin)
    host = check_hostname("endpoint", endpoint, "abc123.dsql.us-east-1.on.aws")
    params = [("Action", "DbConnectAdmin" if admin else "DbConnect")]
    return _strip_scheme(_presign("dsql", host, params, credentials, check_region(region), expires_in, now).url)


def elasticache_auth_token(
    replication_group_id: str,
    user_id: str,
    *,
    credentials: "Credentials",
    region: str,
    serverless: bool = False,
    expires_in: "Any" = 900,
    now: "TimeArg" = None,
) -> str:
    """An ElastiCache (Valkey, Redis OSS) IAM authentication token, the password for
    ``user_id``: ``{group}/?Action=connect&User={user}`` (``&ResourceType=ServerlessCache``
    with ``serverless=True``, ``group`` then being the serverless cache's name) and the
    ``X-Amz-*`` parameters. Group ids are lower-cased, as ElastiCache stores them."""
    check_flag("serverless", serverless)
    group = check_hostname("replication_group_id", replication_group_id, "my-group")
    params = [("Action", "connect"), ("User", check_text("user_id", user_id, "app-user"))]
    if serverless:
        params.append(("ResourceType", "ServerlessCache"))
    url = _presign("elasticache", group, params, credentials, check_region(region), expires_in, now).url
    return _strip_scheme(url)


def check_cluster_name(name: "Any") -> str:
    """An EKS cluster name: 1 to 100 of ``A-Z a-z 0-9 - _``, starting with a letter or digit."""
    if (not isinstance(name, str) or not 1 <= len(name) <= 100 or name[0] in "-_"
            or any(c not in _CLUSTER_CHARS for c in name)):
        raise InvalidInputError(
            "cluster_name must be an EKS cluster name: 1 to 100 letters, digits, '-' and '_', "
            "starting with a letter or digit, got %s" % shown(name)
        )
    return name


def eks_token(
    cluster_name: str,
    *,
    credentials: "Credentials",
    region: str,
    now: "TimeArg" = None,
) -> str:
    """A Kubernetes bearer token for the EKS cluster ``cluster_name`` (what
    ``aws eks get-token`` prints): ``"k8s-aws-v1." + base64url(URL)`` without padding,
    where URL is STS ``GetCallerIdentity`` presigned for 60 s with the header
    ``x-k8s-aws-id: {cluster_name}`` signed."""
    import base64

    region = check_region(region)
    host = "sts.%s.%s" % (region, partition_of(region)[1])
    params = [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")]
    headers = {EKS_CLUSTER_HEADER: check_cluster_name(cluster_name)}
    url = _presign("eks", host, params, credentials, region, 60, now, headers=headers).url
    return EKS_TOKEN_PREFIX + base64.urlsafe_b64encode(url.encode("ascii")).decode("ascii").rstrip("=")


def iot_websocket_url(
    endpoint: str,
    *,
    credentials: "Credentials",
    region: str,
    expires_in: "Any" = 86400,
    now: "TimeArg" = None,
) -> str:
    """A ``wss://{endpoint}/mqtt?X-Amz-...`` URL for MQTT over WebSocket to AWS IoT Core
    (``endpoint`` from ``aws iot describe-endpoint --endpoint-type iot:Data-ATS``). A
    session token is appended after signing, outside the signature, as IoT requires."""
    host = check_hostname("endpoint", endpoint, "abc123-ats.iot.us-east-1.amazonaws.com")
    return _presign("iot", host, [], credentials, check_region(region), expires_in, now).url


def _param_value(name: str, value: "Any") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # CPython prints no int of more than 4300 digits
            raise InvalidInputError("params[%r] is a number too large to write" % (name,))
    return check_text("params[%r]" % (name,), value, "value")


def transcribe_websocket_url(
    region: str,
    *,
    credentials: "Credentials",
    language_code: "Optional[str]",
    media_encoding: str,
    sample_rate: int,
    params: "Optional[Mapping[str, Union[str, int, bool]]]" = None,
    expires_in: "Any" = 300,
    now: "TimeArg" = None,
) -> str:
    """A ``wss://transcribestreaming.{region}.amazonaws.com:8443/stream-transcription-websocket``
    URL for Amazon Transcribe streaming over WebSocket, with ``language-code``,
    ``media-encoding`` (``pcm``, ``ogg-opus`` or ``flac``) and ``sample-rate`` (8000 to
    48000 Hz), then ``params`` with Transcribe's own names (``vocabulary-name``,
    ``show-speaker-label``: bools become ``true``/``false``). ``language_code=None`` needs
    ``identify-language`` or ``identify-multiple-languages`` in ``params``."""
    region = check_region(region)
    if params is not None and not callable(getattr(params, "items", None)):
        raise InvalidInputError(
            "params must be a mapping of Transcribe parameter names to values, not %s" % type(params).__name__
        )
    extra = [(check_text("params name", name, "vocabulary-name"), _param_value(name, value))
             for name, value in (params or {}).items()]
    names = [name for name, _ in extra]
    query: "List[Tuple[str, str]]" = []
    if language_code is None:
        if "identify-language" not in names and "identify-multiple-languages" not in names:
            raise InvalidInputError(
                "language_code is required unless params has identify-language or "
                "identify-multiple-languages"
            )
    else:
        query.append(("language-code", check_text("language_code", language_code, "en-US")))
    if not isinstance(media_encoding, str) or media_encoding not in TRANSCRIBE_ENCODINGS:
        raise InvalidInputError(
            "media_encoding must be one of %s, got %s" % (", ".join(TRANSCRIBE_ENCODINGS), shown(media_encoding))
        )
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, int) or not 8000 <= sample_rate <= 48000:
        raise InvalidInputError("sample_rate must be an int in 8000..48000 (Hz), such as 16000, got %s" % shown(sample_rate))
    query += [("media-encoding", media_encoding), ("sample-rate", str(sample_rate))]
    for name in names:
        if name in ("language-code", "media-encoding", "sample-rate"):
            raise InvalidInputError("params must not repeat %s: pass it as its own argument" % name)
    host = "transcribestreaming.%s.%s:%d" % (region, partition_of(region)[1], TRANSCRIBE_PORT)
    return _presign("transcribe", host, query + extra, credentials, region, expires_in, now).url


MSK_ACTION = "kafka-cluster:Connect"


def _user_agent(user_agent: "Optional[str]") -> str:
    if user_agent is None:
        from . import __version__

        return "sigv4presign/" + __version__
    return check_text("user_agent", user_agent, "my-app/1.0")


def msk_auth_token(
    region: str,
    *,
    credentials: "Credentials",
    now: "TimeArg" = None,
    expires_in: "Any" = 900,
    user_agent: "Optional[str]" = None,
) -> str:
    """An Amazon MSK IAM authentication token, the SASL/OAUTHBEARER token a Kafka client
    sends to the brokers of a cluster in ``region`` (as AWS's
    ``aws-msk-iam-sasl-signer-python`` makes it): base64url, without ``=`` padding, of
    ``https://kafka.{region}.amazonaws.com/?Action=kafka-cluster%3AConnect&X-Amz-...``
    presigned for ``kafka-cluster``, with ``&User-Agent={user_agent}`` appended after the
    signature (unsigned). ``user_agent`` defaults to ``sigv4presign/{version}``; AWS's
    package sends ``aws-msk-iam-sasl-signer-python/{version}``. The token lives
    ``expires_in`` seconds (at most 900, the lifetime AWS's signers give it)."""
    import base64

    from .core.encoding import uri_encode

    region = check_region(region)
    agent = _user_agent(user_agent)
    host = "kafka.%s.amazonaws.com" % region  # as AWS's signers write it, in every partition
    url = _presign("msk", host, [("Action", MSK_ACTION)], credentials, region, expires_in, now).url
    url += "&User-Agent=" + uri_encode(agent)
    return base64.urlsafe_b64encode(url.encode("ascii")).decode("ascii").rstrip("=")


POLLY_OUTPUT_FORMATS = ("mp3", "ogg_opus", "ogg_vorbis", "pcm", "mulaw", "alaw", "json")
POLLY_ENGINES = ("standard", "neural", "long-form", "generative")
POLLY_TEXT_TYPES = ("text", "ssml")
POLLY_SPEECH_MARK_TYPES = ("sentence", "ssml", "viseme", "word")
POLLY_MAX_TEXT = 6000  # characters, SSML tags included; at most 3000 of them billed
_ALNUM = frozenset(_LOWER + _LOWER.upper() + _DIGITS)


def _one_of(name: str, value: "Any", allowed: "Tuple[str, ...]") -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInputError("%s must be one of %s, got %s" % (name, ", ".join(allowed), shown(value)))
    return value


def _names(name: str, values: "Any", most: int, check: "Any") -> "List[str]":
    """A list (or tuple) of 1..``most`` strings, each passed through ``check``."""
    if isinstance(values, str) or not isinstance(values, (list, tuple)) or not 1 <= len(values) <= most:
        raise InvalidInputError("%s must be a list of 1 to %d names, got %s" % (name, most, shown(values)))
    return [check(value) for value in values]


def _lexicon_name(value: "Any") -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 20 or any(c not in _ALNUM for c in value):
        raise InvalidInputError(
            "each lexicon name must be 1 to 20 letters and digits, such as 'awsLexicon', got %s" % shown(value)
        )
    return value


def _polly_text(text: "Any") -> str:
    if not isinstance(text, str) or not text:
        raise InvalidInputError("text must be a non-empty string, got %s" % shown(text))
    if len(text) > POLLY_MAX_TEXT:
        raise InvalidInputError(
            "text is %d characters; Polly takes at most %d (3000 billed)" % (len(text), POLLY_MAX_TEXT)
        )
    for char in text:
        if (char < " " and char not in "\t\n\r") or char == "\x7f":
            raise InvalidInputError("text has a control character (U+%04X)" % ord(char))
        if "\ud800" <= char <= "\udfff":
            raise InvalidInputError("text has an unpaired surrogate (U+%04X)" % ord(char))
    return text


def polly_speech_url(
    text: str,
    voice_id: str,
    *,
    region: str,
    credentials: "Credentials",
    output_format: str = "mp3",
    now: "TimeArg" = None,
    expires_in: "Any" = 3600,
    engine: "Optional[str]" = None,
    sample_rate: "Optional[Union[int, str]]" = None,
    text_type: "Optional[str]" = None,
    language_code: "Optional[str]" = None,
    lexicon_names: "Optional[List[str]]" = None,
    speech_mark_types: "Optional[List[str]]" = None,
) -> str:
    """A presigned Amazon Polly ``SynthesizeSpeech`` URL: a plain GET of it returns the
    speech (for an ``<audio src=...>``), as the JavaScript SDK's Polly presigner makes it:
    ``https://polly.{region}.amazonaws.com/v1/speech?...`` with ``Text``, ``VoiceId``,
    ``OutputFormat`` (``mp3``, ``ogg_opus``, ``ogg_vorbis``, ``pcm``, ``mulaw``, ``alaw``,
    or ``json`` for speech marks, which then need ``speech_mark_types``) and the optional
    ``Engine``, ``SampleRate``, ``TextType`` (``text`` or ``ssml``), ``LanguageCode``,
    ``LexiconNames`` and ``SpeechMarkTypes`` as query parameters, presigned for
    ``polly``. An hour by default."""
    region = check_region(region)
    query: "List[Tuple[str, str]]" = []
    if engine is not None:
        query.append(("Engine", _one_of("engine", engine, POLLY_ENGINES)))
    if language_code is not None:
        query.append(("LanguageCode", check_text("language_code", language_code, "en-US")))
    if lexicon_names is not None:
        query += [("LexiconNames", name) for name in _names("lexicon_names", lexicon_names, 5, _lexicon_name)]
    output_format = _one_of("output_format", output_format, POLLY_OUTPUT_FORMATS)
    query.append(("OutputFormat", output_format))
    if sample_rate is not None:
        if isinstance(sample_rate, str) and sample_rate.isdigit() and sample_rate.isascii():
            sample_rate = int(sample_rate)
        if isinstance(sample_rate, bool) or not isinstance(sample_rate, int) or not 8000 <= sample_rate <= 48000:
            raise InvalidInputError(
                "sample_rate must be a rate in Hz such as 16000 or 22050 (8000..48000), got %s" % shown(sample_rate)
            )
        query.append(("SampleRate", str(sample_rate)))
    if speech_mark_types is not None:
        kinds = _names("speech_mark_types", speech_mark_types, 4,
                       lambda kind: _one_of("each speech mark type", kind, POLLY_SPEECH_MARK_TYPES))
        query += [("SpeechMarkTypes", kind) for kind in kinds]
    if (output_format == "json") != (speech_mark_types is not None):
        raise InvalidInputError(
            "speech_mark_types go with output_format='json' (speech marks), and json needs them"
        )
    query.append(("Text", _polly_text(text)))
    if text_type is not None:
        query.append(("TextType", _one_of("text_type", text_type, POLLY_TEXT_TYPES)))
    voice = check_text("voice_id", voice_id, "Joanna")
    if not 1 <= len(voice) <= 30 or any(c not in _ALNUM for c in voice):
        raise InvalidInputError("voice_id must be a Polly voice name such as 'Joanna', got %r" % (voice,))
    query.append(("VoiceId", voice))
    host = "polly.%s.%s" % (region, partition_of(region)[1])
    return _presign("polly", host, query, credentials, region, expires_in, now).url
