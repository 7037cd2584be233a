"""Numeric game structures built from an evaluated scenario."""
