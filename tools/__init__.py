"""Tools for the maintainers of escalation_matrix; not part of the package."""
