"""`make bench`: the performance harness (see README "Benchmarks" and ``tests/benchmarks/run.py``)."""
