"""Benchmarks (not tests): scripts that print figures. See bench/README.md."""
