"""Foundation shared by every layer: mappings, keys, durations, instants, checks.

Imports nothing of the library but :mod:`escalation_matrix.exceptions`.
"""
