"""``sigv4presign token KIND``: print a database, EKS, Kafka (MSK) token or a WebSocket URL.

    sigv4presign token rds --host H --port P --user U [--expires-in N]
    sigv4presign token dsql --endpoint E [--admin] [--expires-in N]
    sigv4presign token elasticache --replication-group-id G --user-id U [--serverless] [--expires-in N]
    sigv4presign token eks --cluster-name C
    sigv4presign token msk [--user-agent UA] [--expires-in N]
    sigv4presign token iot --endpoint E [--expires-in N]
    sigv4presign token transcribe [--language-code L] --media-encoding M --sample-rate HZ
        [--param NAME=VALUE ...] [--expires-in N]

each with [--region R] [--profile P] [--signing-time T]. Only the token goes to stdout.
"""

import sys

from .common import (
    PROG,
    ArgumentParser,
    UsageError,
    add_settings_arguments,
    credentials_from,
    parse_time,
    region_from,
    split_pair,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, Callable, Dict, List, Mapping

EXAMPLES = """\
examples:
  # the password for an RDS or Aurora user with IAM authentication (15 minutes)
  PGPASSWORD=$(sigv4presign token rds --host mydb.123456789012.eu-west-1.rds.amazonaws.com \\
      --port 5432 --user app_user --region eu-west-1) psql "host=... user=app_user sslmode=require"

  # Aurora DSQL, as the admin role
  sigv4presign token dsql --endpoint abc123.dsql.us-east-1.on.aws --admin --region us-east-1

  # ElastiCache (Valkey, Redis OSS) with IAM authentication
  sigv4presign token elasticache --replication-group-id my-group --user-id app-user

  # a bearer token for an EKS cluster, as `aws eks get-token` makes it
  sigv4presign token eks --cluster-name prod --region eu-west-1

  # the SASL/OAUTHBEARER token for an Amazon MSK cluster with IAM access control
  sigv4presign token msk --region eu-west-1

  # MQTT over WebSocket to AWS IoT Core; Transcribe streaming over WebSocket
  sigv4presign token iot --endpoint abc123-ats.iot.eu-west-1.amazonaws.com
  sigv4presign token transcribe --language-code en-US --media-encoding pcm --sample-rate 16000

credentials and region: as for presigning (see sigv4presign --help).
exit status: 0 success, 1 failure, 2 usage error or missing settings."""


def _common(parser: "argparse.ArgumentParser", expires: int) -> None:
    add_settings_arguments(parser, endpoint=False)
    parser.add_argument("--signing-time", metavar="TIME",
                        help="sign as of this UTC time (20130524T000000Z, 2013-05-24T00:00:00Z "
                        "or POSIX seconds) instead of now")
    if expires:
        parser.add_argument("--expires-in", type=int, default=expires, metavar="SECONDS",
                            help="lifetime in seconds (default %d)" % expires)


def _parser() -> "argparse.ArgumentParser":
    parser = ArgumentParser(
        prog=PROG + " token",
        description="Print an IAM authentication token for a database, an EKS or MSK "
        "cluster, or a presigned WebSocket URL for AWS IoT or Transcribe: a SigV4 presigned "
        "request, made offline.",
        epilog=EXAMPLES,
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)

    rds = kinds.add_parser("rds", help="RDS or Aurora IAM token (the database password)")
    rds.add_argument("--host", required=True, help="the database's host name")
    rds.add_argument("--port", required=True, help="the database's port, such as 5432 or 3306")
    rds.add_argument("--user", required=True, help="the database user name")
    _common(rds, 900)

    dsql = kinds.add_parser("dsql", help="Aurora DSQL token")
    dsql.add_argument("--endpoint", required=True, help="the cluster's host name")
    dsql.add_argument("--admin", action="store_true", help="for the admin role (DbConnectAdmin)")
    _common(dsql, 900)

    cache = kinds.add_parser("elasticache", help="ElastiCache (Valkey, Redis OSS) IAM token")
    cache.add_argument("--replication-group-id", required=True,
                       help="the replication group id (the cache's name with --serverless)")
    cache.add_argument("--user-id", required=True, help="the ElastiCache user id")
    cache.add_argument("--serverless", action="store_true", help="a serverless cache")
    _common(cache, 900)

    eks = kinds.add_parser("eks", help="EKS bearer token (as `aws eks get-token`), 60 s")
    eks.add_argument("--cluster-name", required=True, help="the EKS cluster's name")
    _common(eks, 0)

    msk = kinds.add_parser("msk", help="Amazon MSK IAM token (Kafka SASL/OAUTHBEARER)")
    msk.add_argument("--user-agent", metavar="UA",
                     help="the User-Agent parameter appended to the token (default sigv4presign/VERSION)")
    _common(msk, 900)

    iot = kinds.add_parser("iot", help="AWS IoT Core MQTT-over-WebSocket URL")
    iot.add_argument("--endpoint", required=True,
                     help="the account's data endpoint (aws iot describe-endpoint --endpoint-type iot:Data-ATS)")
    _common(iot, 86400)

    transcribe = kinds.add_parser("transcribe", help="Amazon Transcribe streaming WebSocket URL")
    transcribe.add_argument("--language-code", metavar="CODE",
                            help="such as en-US (leave out with --param identify-language=true)")
    transcribe.add_argument("--media-encoding", required=True, metavar="ENCODING",
                            help="pcm, ogg-opus or flac")
    transcribe.add_argument("--sample-rate", required=True, type=int, metavar="HZ",
                            help="the audio's sample rate, 8000..48000")
    transcribe.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                            help="another Transcribe parameter, such as vocabulary-name=V or "
                            "show-speaker-label=true (repeatable)")
    _common(transcribe, 300)
    return parser


def _maker(args: "argparse.Namespace") -> "Callable[..., str]":
    """A function of (credentials, region, now) making the token; the arguments that
    need no settings are checked here, before credentials are looked up."""
    from .. import services

    expires = getattr(args, "expires_in", None)
    if args.kind == "rds":
        host = services.check_hostname("--host", args.host, "mydb.123456789012.us-east-1.rds.amazonaws.com")
        port = services.check_port(args.port)
        user = services.check_text("--user", args.user, "app_user")
        return lambda **kw: services.rds_auth_token(host, port, user, expires_in=expires, **kw)
    if args.kind == "dsql":
        endpoint = services.check_hostname("--endpoint", args.endpoint, "abc123.dsql.us-east-1.on.aws")
        return lambda **kw: services.dsql_auth_token(endpoint, admin=args.admin, expires_in=expires, **kw)
    if args.kind == "elasticache":
        group = services.check_hostname("--replication-group-id", args.replication_group_id, "my-group")
        user = services.check_text("--user-id", args.user_id, "app-user")
        return lambda **kw: services.elasticache_auth_token(
            group, user, serverless=args.serverless, expires_in=expires, **kw)
    if args.kind == "msk":
        agent = args.user_agent
        if agent is not None:
            services.check_text("--user-agent", agent, "my-app/1.0")
        return lambda **kw: services.msk_auth_token(kw.pop("region"), user_agent=agent, expires_in=expires, **kw)
    if args.kind == "iot":
        endpoint = services.check_hostname("--endpoint", args.endpoint, "abc123-ats.iot.us-east-1.amazonaws.com")
        return lambda **kw: services.iot_websocket_url(endpoint, expires_in=expires, **kw)
    if args.kind == "transcribe":
        params = dict(split_pair(text, "=", "--param", "name=value") for text in args.param)
        if args.language_code is None and not {"identify-language", "identify-multiple-languages"} & set(params):
            raise UsageError("--language-code is required unless --param identify-language=true "
                             "(or identify-multiple-languages=true) is given")
        if args.media_encoding not in services.TRANSCRIBE_ENCODINGS:
            raise UsageError("--media-encoding must be one of %s, got %r"
                             % (", ".join(services.TRANSCRIBE_ENCODINGS), args.media_encoding))
        if not 8000 <= args.sample_rate <= 48000:
            raise UsageError("--sample-rate must be in 8000..48000 (Hz), got %d" % args.sample_rate)
        return lambda **kw: services.transcribe_websocket_url(
            kw.pop("region"), language_code=args.language_code, media_encoding=args.media_encoding,
            sample_rate=args.sample_rate, params=params, expires_in=expires, **kw)
    cluster = services.check_cluster_name(args.cluster_name)
    return lambda **kw: services.eks_token(cluster, **kw)


def run(argv: "List[str]", environ: "Mapping[str, str]") -> int:
    """``sigv4presign token KIND``: the token on stdout."""
    args = _parser().parse_args(argv)
    make = _maker(args)
    now = None if args.signing_time is None else parse_time(args.signing_time)
    credentials = credentials_from(environ, args.profile)
    region = region_from(args.region, environ, args.profile)
    settings: "Dict[str, Any]" = {"credentials": credentials, "region": region, "now": now}
    sys.stdout.write(make(**settings) + "\n")
    return 0
