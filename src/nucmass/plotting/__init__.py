"""Plots as free functions over arrays, each returning a matplotlib Axes; callers save."""
