"""Benchmarks: each module's ``run()`` measures against a baseline taken in the same run."""
