"""Deterministic synthetic content at scale, for the benchmark (bench/) and load tests."""
