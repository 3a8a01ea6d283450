"""What ``import sigv4presign`` (and the first URL) costs over a bare interpreter, in
fresh processes: wall time and peak memory.

Runs ``python -c pass``, ``python -c "import sigv4presign"`` and "import and make the
first URL" N times each, round-robin (so load on the machine spreads over all of them),
and reports the median CPU time (user + system) and wall time of each and their
differences to the bare start. The
peers (botocore, boto3, awscrt, minio) are measured the same way when they are
installed. Peak RSS is ``ru_maxrss`` of a fresh process doing the same work (median of
a few), minus that of a bare interpreter.

    python benchmarks/import_time.py [-n 30] [--limit 10] [--clock cpu|wall] [--importtime] [--quick]

Exits 1 when the import costs more than ``--limit`` milliseconds (of ``--clock``) over
the bare start.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional, Sequence, Tuple

_ACCESS = "'AKIAIOSFODNN7EXAMPLE'"
_SECRET = "'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'"
_CREDS = _ACCESS + ", " + _SECRET
_KEY = "'photos/2026/\\u00fcn\\u00efcode name+1.jpg'"

BARE = ("bare interpreter (python -c pass)", "pass")
OURS = ("import sigv4presign", "import sigv4presign")
OURS_FIRST = (
    "import sigv4presign + first URL",
    "from sigv4presign import Credentials, presign_s3\n"
    "presign_s3('GET', 'examplebucket', %s, credentials=Credentials(%s), "
    "region='eu-west-1')" % (_KEY, _CREDS),
)
CASES = [BARE, OURS, OURS_FIRST]
# (label, code, the module that must be installed)
PEERS = [
    (
        "botocore: import + first URL",
        "import botocore.session, botocore.config\n"
        "c = botocore.session.get_session().create_client('s3', region_name='eu-west-1', "
        "aws_access_key_id=%s, aws_secret_access_key=%s, "
        "config=botocore.config.Config(signature_version='s3v4'))\n"
        "c.generate_presigned_url('get_object', Params={'Bucket': 'examplebucket', "
        "'Key': %s}, ExpiresIn=3600)" % (_ACCESS, _SECRET, _KEY),
        "botocore",
    ),
    ("import boto3", "import boto3", "boto3"),
    (
        "boto3: import + first URL",
        "import boto3\n"
        "c = boto3.client('s3', region_name='eu-west-1', aws_access_key_id=%s, "
        "aws_secret_access_key=%s)\n"
        "c.generate_presigned_url('get_object', Params={'Bucket': 'examplebucket', "
        "'Key': %s}, ExpiresIn=3600)" % (_ACCESS, _SECRET, _KEY),
        "boto3",
    ),
    (
        "awscrt: import + first URL",
        "from awscrt import auth, http\n"
        "c = auth.AwsSigningConfig(algorithm=auth.AwsSigningAlgorithm.V4, "
        "signature_type=auth.AwsSignatureType.HTTP_REQUEST_QUERY_PARAMS, "
        "credentials_provider=auth.AwsCredentialsProvider.new_static(%s), "
        "region='eu-west-1', service='s3', use_double_uri_encode=False, "
        "should_normalize_uri_path=False, "
        "signed_body_value=auth.AwsSignedBodyValue.UNSIGNED_PAYLOAD, expiration_in_seconds=3600)\n"
        "r = http.HttpRequest('GET', '/photos/2026/%%C3%%BCn%%C3%%AFcode%%20name%%2B1.jpg', "
        "http.HttpHeaders([('host', 'examplebucket.s3.eu-west-1.amazonaws.com')]))\n"
        "auth.aws_sign_request(r, c).result()" % _CREDS,
        "awscrt",
    ),
    (
        "minio: import + first URL",
        "import datetime\n"
        "from minio import Minio\n"
        "Minio('s3.eu-west-1.amazonaws.com', %s, region='eu-west-1').presigned_get_object("
        "'examplebucket', %s, expires=datetime.timedelta(seconds=3600))" % (_CREDS, _KEY),
        "minio",
    ),
]
# Printed by each process of the memory runs after its work: its own peak RSS.
_REPORT_RSS = (
    "\nimport resource, sys\n"
    "sys.stdout.write('%d' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def child_env() -> Dict[str, str]:
    """The environment of the measured processes: they import the sigv4presign this
    process imports (PYTHONPATH, so an uninstalled checkout or PyPy works), may write
    .pyc files, and see none of the machine's AWS settings (profiles, endpoints)."""
    import sigv4presign

    root = os.path.dirname(os.path.dirname(os.path.abspath(sigv4presign.__file__)))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOTO_"))}
    # Installed packages have their .pyc files; without them every start compiles.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    return env


def _installed(module: str, env: Dict[str, str]) -> bool:
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec(%r) is None)" % module
    return subprocess.run([sys.executable, "-c", probe], env=env).returncode == 0


def _children_cpu_ms() -> float:
    """User + system CPU milliseconds of the finished child processes so far (0 where
    the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def _once(code: str, env: Dict[str, str]) -> Tuple[float, float]:
    """(wall ms, CPU ms) of one fresh ``python -c code``; fails loudly if it fails."""
    cpu = _children_cpu_ms()
    start = time.perf_counter_ns()
    done = subprocess.run(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if done.returncode != 0:
        raise SystemExit("python -c %r failed:\n%s" % (code, done.stderr.decode()))
    return elapsed, _children_cpu_ms() - cpu


def measure(cases: Sequence[Tuple[str, str]], runs: int, env: Optional[Dict[str, str]] = None,
            warm: bool = True) -> Tuple[Dict[str, List[float]], Dict[str, List[float]]]:
    """({label: [wall ms, ...]}, {label: [CPU ms, ...]}) with the cases run round-robin
    ``runs`` times, after one unmeasured run of each (``warm``) that fills the file
    system caches and writes the .pyc files."""
    env = child_env() if env is None else env
    wall: Dict[str, List[float]] = {label: [] for label, _ in cases}
    cpu: Dict[str, List[float]] = {label: [] for label, _ in cases}
    for _, code in cases if warm else ():
        _once(code, env)
    for _ in range(runs):
        for label, code in cases:
            elapsed, used = _once(code, env)
            wall[label].append(elapsed)
            cpu[label].append(used)
    return wall, cpu


def _peak_kb(code: str, env: Dict[str, str]) -> int:
    """ru_maxrss in kB of one fresh process running ``code``.

    The process is started by a shell that forks it: Linux carries a process's peak
    RSS over ``exec``, so a process started straight from this one (vfork or fork)
    would report at least this interpreter's size, peers and all. A shell's fork starts
    the count at the shell's own small size instead.
    """
    done = subprocess.run(
        ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, "-c", code + _REPORT_RSS],
        capture_output=True, env=env,
    )
    if done.returncode != 0:
        raise SystemExit("python -c %r failed:\n%s" % (code, done.stderr.decode()))
    value = int(done.stdout.decode().strip().splitlines()[-1])
    return value // 1024 if sys.platform == "darwin" else value  # macOS counts bytes


def peak_rss(cases: Sequence[Tuple[str, str]], runs: int,
             env: Optional[Dict[str, str]] = None) -> Dict[str, List[int]]:
    """{label: [peak RSS in kB, ...]} of ``runs`` fresh processes per case, round-robin;
    empty when the platform has no ``resource`` module or no ``/bin/sh``."""
    try:
        import resource  # noqa: F401
    except ImportError:  # Windows
        return {}
    if not os.path.exists("/bin/sh"):
        return {}
    env = child_env() if env is None else env
    sizes: Dict[str, List[int]] = {label: [] for label, _ in cases}
    for _ in range(runs):
        for label, code in cases:
            sizes[label].append(_peak_kb(code, env))
    return sizes


class ColdStart:
    """The cold-start figures of one run: medians of CPU ms, wall ms and peak RSS kB per
    case; ``clock`` ("cpu" or "wall") is the one the targets are read from."""

    def __init__(self, cases: List[Tuple[str, str]], missing: List[str],
                 wall: Dict[str, List[float]], cpu: Dict[str, List[float]],
                 sizes: Dict[str, List[int]], runs: int, rss_runs: int,
                 clock: str = "cpu") -> None:
        self.cases = cases
        self.missing = missing
        self.wall = wall
        self.cpu = cpu
        self.sizes = sizes
        self.runs = runs
        self.rss_runs = rss_runs
        # Without resource (Windows) the CPU times are all 0: use the wall clock.
        self.clock = clock if any(v for values in cpu.values() for v in values) else "wall"

    def ms(self, label: str, clock: Optional[str] = None) -> Optional[float]:
        values = (self.cpu if (clock or self.clock) == "cpu" else self.wall).get(label)
        return statistics.median(values) if values else None

    def kb(self, label: str) -> Optional[float]:
        values = self.sizes.get(label)
        return statistics.median(values) if values else None

    def ms_over_bare(self, label: str, clock: Optional[str] = None) -> Optional[float]:
        ms, bare = self.ms(label, clock), self.ms(BARE[0], clock)
        return None if ms is None or bare is None else ms - bare

    def mb_over_bare(self, label: str) -> Optional[float]:
        kb, bare = self.kb(label), self.kb(BARE[0])
        return None if kb is None or bare is None else (kb - bare) / 1024.0

    def table(self) -> List[str]:
        lines = [
            "%d fresh processes per row (medians; CPU = user + system time of the process),"
            " %d for peak RSS (median ru_maxrss)" % (self.runs, self.rss_runs),
            "",
            "| process | CPU ms | over bare | wall ms | over bare | peak RSS MB | over bare |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]

        def number(value: Optional[float], signed: bool = False) -> str:
            return "-" if value is None else ("%+.1f" if signed else "%.1f") % value

        for label, _ in self.cases:
            kb = self.kb(label)
            bare = label == BARE[0]
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                label,
                number(self.ms(label, "cpu")),
                "" if bare else number(self.ms_over_bare(label, "cpu"), True),
                number(self.ms(label, "wall")),
                "" if bare else number(self.ms_over_bare(label, "wall"), True),
                number(None if kb is None else kb / 1024.0),
                "" if bare else number(self.mb_over_bare(label), True),
            ))
        for label in self.missing:
            lines.append("| %s | - | not installed | - | - | - | - |" % label)
        return lines

    def ratio_lines(self) -> List[str]:
        """The cold-start figures issue 13's targets are stated in."""
        clock = "CPU" if self.clock == "cpu" else "wall"

        def line(label: str, value: Optional[float], unit: str, limit: float) -> str:
            if value is None:
                return "- %s: n/a (target <= %g %s)" % (label, limit, unit)
            return "- %s: %.1f %s (target <= %g %s: %s)" % (
                label, value, unit, limit, unit, "met" if value <= limit else "NOT met")

        return [
            line("import sigv4presign, over bare (%s)" % clock, self.ms_over_bare(OURS[0]), "ms", 10),
            line("import + first URL, over bare (%s)" % clock, self.ms_over_bare(OURS_FIRST[0]),
                 "ms", 15),
            line("peak RSS of import + first URL, over bare",
                 self.mb_over_bare(OURS_FIRST[0]), "MB", 3),
        ]


def cold_start(runs: int, rss_runs: int, peers: bool = True, warm: bool = True,
               clock: str = "cpu") -> ColdStart:
    """Time (``runs`` processes per case) and peak RSS (``rss_runs``) of every case."""
    env = child_env()
    cases = list(CASES)
    missing = []
    if peers:
        for label, code, module in PEERS:
            if _installed(module, env):
                cases.append((label, code))
            else:
                missing.append(label)
    wall, cpu = measure(cases, runs, env, warm)
    sizes = peak_rss(cases, rss_runs, env)
    return ColdStart(cases, missing, wall, cpu, sizes, runs, rss_runs, clock)


def import_tree(module: str = "sigv4presign") -> List[Tuple[str, int, int]]:
    """(module, self us, cumulative us) of what ``import module`` loads, from -X importtime."""
    env = child_env()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import " + module],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True, env=env,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = [part.strip() for part in line[12:].split("|")]
        rows.append((name, int(self_us), int(cumulative)))
    bare = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True, env=env,
    )
    at_start = {line.split("|")[-1].strip() for line in bare.stderr.splitlines()}
    return [row for row in rows if row[0] not in at_start]


def settings(quick: bool, runs: Optional[int]) -> Tuple[int, int]:
    """(processes per case for time, for memory): 30 and 5, or 1 and 1 with --quick."""
    if runs:
        return runs, max(1, min(5, runs))
    return (1, 1) if quick else (30, 5)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=None,
                        help="processes per case (30; 1 with --quick)")
    parser.add_argument("--limit", type=float, default=10.0,
                        help="fail when the import costs more than this many ms (10)")
    parser.add_argument("--importtime", action="store_true",
                        help="also list the modules the import loads (-X importtime)")
    parser.add_argument("--no-peers", action="store_true",
                        help="skip botocore, boto3, awscrt and minio")
    parser.add_argument("--quick", action="store_true",
                        help="1 process per case and no warm-up: proves it runs")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="what --limit and the targets read: CPU time of the process "
                        "(default; steady on a busy machine) or wall time")
    args = parser.parse_args(argv)
    runs, rss_runs = settings(args.quick, args.runs)

    result = cold_start(runs, rss_runs, peers=not args.no_peers, warm=not args.quick,
                        clock=args.clock)
    print(sys.version.split()[0], sys.implementation.name)
    print("\n".join(result.table()))
    print()
    print("\n".join(result.ratio_lines()))

    if args.importtime:
        print()
        print("modules loaded by `import sigv4presign` (-X importtime, us):")
        for name, self_us, cumulative in import_tree():
            print("  %8d self %8d cumulative  %s" % (self_us, cumulative, name))

    cost = result.ms_over_bare(OURS[0])
    assert cost is not None
    print()
    if cost > args.limit:
        print("FAIL: import sigv4presign costs %.1f ms over a bare start (limit %.1f ms)"
              % (cost, args.limit))
        return 1
    print("ok: import sigv4presign costs %.1f ms over a bare start (limit %.1f ms)"
          % (cost, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
