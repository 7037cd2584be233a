"""Analyses built on the solvers: solve, compare, sweep."""
