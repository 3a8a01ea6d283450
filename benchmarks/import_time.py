"""What ``import sigv4presign`` costs over a bare interpreter start, in fresh processes.

Runs ``python -c pass``, ``python -c "import sigv4presign"`` and "import and make the
first URL" N times each, round-robin (so load on the machine spreads over all of them),
and reports the median wall time of each and the differences. botocore and boto3 are
measured the same way for comparison when they are installed.

    python benchmarks/import_time.py [-n 30] [--limit 10] [--importtime] [--quick]

Exits 1 when the import costs more than ``--limit`` milliseconds over the bare start.
"""

import argparse
import statistics
import subprocess
import sys
import time

_CREDS = "'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'"
_KEY = "'photos/2026/\\u00fcn\\u00efcode name+1.jpg'"

BARE = ("bare interpreter (python -c pass)", "pass")
OURS = ("import sigv4presign", "import sigv4presign")
CASES = [
    BARE,
    OURS,
    (
        "import sigv4presign + first URL",
        "from sigv4presign import Credentials, presign_s3\n"
        "presign_s3('GET', 'examplebucket', %s, credentials=Credentials(%s), "
        "region='eu-west-1')" % (_KEY, _CREDS),
    ),
]
PEERS = [
    ("import botocore.session", "import botocore.session", "botocore"),
    (
        "botocore: import + first URL",
        "import botocore.session, botocore.config\n"
        "c = botocore.session.get_session().create_client('s3', region_name='eu-west-1', "
        "aws_access_key_id='AKIAIOSFODNN7EXAMPLE', "
        "aws_secret_access_key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', "
        "config=botocore.config.Config(signature_version='s3v4'))\n"
        "c.generate_presigned_url('get_object', Params={'Bucket': 'examplebucket', "
        "'Key': %s}, ExpiresIn=3600)" % _KEY,
        "botocore",
    ),
    ("import boto3", "import boto3", "boto3"),
]


def _installed(module):
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec(%r) is None)" % module
    return subprocess.run([sys.executable, "-c", probe]).returncode == 0


def _once(code):
    """Wall milliseconds of one fresh ``python -c code``; fails loudly if it fails."""
    start = time.perf_counter_ns()
    done = subprocess.run(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if done.returncode != 0:
        raise SystemExit("python -c %r failed:\n%s" % (code, done.stderr.decode()))
    return elapsed


def measure(cases, runs):
    """{label: [milliseconds, ...]} with the cases run round-robin ``runs`` times."""
    times = {label: [] for label, _ in cases}
    for code in {code for _, code in cases}:  # warm the file system caches
        _once(code)
    for _ in range(runs):
        for label, code in cases:
            times[label].append(_once(code))
    return times


def import_tree(module="sigv4presign"):
    """(module, self us, cumulative us) of what ``import module`` loads, from -X importtime."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import " + module],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = [part.strip() for part in line[12:].split("|")]
        rows.append((name, int(self_us), int(cumulative)))
    bare = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )
    at_start = {line.split("|")[-1].strip() for line in bare.stderr.splitlines()}
    return [row for row in rows if row[0] not in at_start]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=None, help="processes per case (30)")
    parser.add_argument("--limit", type=float, default=10.0,
                        help="fail when the import costs more than this many ms (10)")
    parser.add_argument("--importtime", action="store_true",
                        help="also list the modules the import loads (-X importtime)")
    parser.add_argument("--no-peers", action="store_true", help="skip botocore and boto3")
    parser.add_argument("--quick", action="store_true", help="10 processes per case")
    args = parser.parse_args(argv)
    runs = args.runs or (10 if args.quick else 30)

    cases = list(CASES)
    missing = []
    if not args.no_peers:
        for label, code, module in PEERS:
            if _installed(module):
                cases.append((label, code))
            else:
                missing.append(label)
    times = measure(cases, runs)
    bare = statistics.median(times[BARE[0]])

    print("%s, %d fresh processes per row, median wall time" % (sys.version.split()[0], runs))
    print()
    print("| %-36s | %9s | %13s |" % ("process", "median ms", "over bare ms"))
    print("|%s|%s|%s|" % ("-" * 38, "-" * 11, "-" * 15))
    for label, _ in cases:
        median = statistics.median(times[label])
        over = "" if label == BARE[0] else "%+.1f" % (median - bare)
        print("| %-36s | %9.1f | %13s |" % (label, median, over))
    for label in missing:
        print("| %-36s | %9s | %13s |" % (label, "-", "not installed"))

    if args.importtime:
        print()
        print("modules loaded by `import sigv4presign` (-X importtime, us):")
        for name, self_us, cumulative in import_tree():
            print("  %8d self %8d cumulative  %s" % (self_us, cumulative, name))

    cost = statistics.median(times[OURS[0]]) - bare
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
