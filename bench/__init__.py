"""Benchmarks (not tests): scripts that print figures. See the README's benchmark sections."""
