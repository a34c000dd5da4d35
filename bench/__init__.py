"""Benchmarks: a synthetic data-folder generator and the timing script (`python -m bench.run`)."""
