"""The measurement harness: sigv4presign side by side with its peers, in one run.

``python -m benchmarks`` runs everything (per-call timings after checking that every
peer signs the same request, cold import, import plus first URL, peak RSS) and prints
one markdown report; ``benchmarks/bench_presign.py`` and ``benchmarks/import_time.py``
run their halves alone. Standard library only; see README.md here.
"""
