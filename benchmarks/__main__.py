"""``python -m benchmarks``: the whole harness in one run, one markdown report.

Per-call timings (``bench_presign``: every peer checked to sign the same request first,
then interleaved rounds and medians), then the cold start (``import_time``: import and
import plus first URL in fresh processes, peak RSS), then the ratios issue 13's targets
are stated in. Exits 1 when a peer's signature differs from sigv4presign's, else 0:
a target that is not met is reported, never a failure.

    python -m benchmarks [--quick] [--repeat N] [--min-time S] [--clock cpu|wall] [--runs N]
                         [--no-cold] [--plot FILE]
"""

import argparse
import sys
from typing import Optional, Sequence

if __package__:
    from . import bench_presign, import_time
else:  # run as a script: python benchmarks  (or benchmarks/__main__.py)
    import bench_presign  # type: ignore[no-redef]
    import import_time  # type: ignore[no-redef]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=(__doc__ or "").split("\n\n")[0])
    bench_presign.add_arguments(parser)
    parser.add_argument("--runs", type=int, default=None,
                        help="fresh processes per cold-start case (30; 1 with --quick)")
    parser.add_argument("--no-cold", action="store_true",
                        help="skip the cold-start part (import time, peak RSS)")
    args = parser.parse_args(argv)
    repeat, min_time = bench_presign.settings(args.quick, args.repeat, args.min_time)

    print("# sigv4presign benchmarks")
    print()
    print("\n".join(bench_presign.header_lines(repeat, min_time, args.clock)))
    print()
    rows = bench_presign.rows()
    problems = bench_presign.prepare(rows)
    if problems:
        print("FAIL: not every implementation signs the same request:", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    cold = None
    if not args.no_cold:
        # Before the per-call rounds, while this process is small: PyPy starts
        # processes with fork, which costs the child in proportion to the parent.
        runs, rss_runs = import_time.settings(args.quick, args.runs)
        cold = import_time.cold_start(runs, rss_runs, warm=not args.quick, clock=args.clock)
    bench_presign.measure(rows, repeat, min_time, args.clock)
    print("\n".join(bench_presign.table(rows)))
    print()
    targets = bench_presign.ratio_lines(rows)
    if cold is not None:
        print("## Cold start")
        print()
        print("\n".join(cold.table()))
        print()
        targets += cold.ratio_lines()
    print("## Targets (issue 13)")
    print()
    print("\n".join(targets))
    print()
    print(bench_presign.machine_line())
    if args.plot:
        print(bench_presign.plot(rows, args.plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
