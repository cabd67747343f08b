"""Shared fixtures and Hypothesis settings."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# The working loop (`python -m tests --quick`): a taste of every property.
settings.register_profile(
    "quick", parent=settings.get_profile("default"), max_examples=10
)
settings.register_profile(
    "thorough", parent=settings.get_profile("default"), max_examples=1000
)
# The full run (`python -m tests`): as the default, and tests/test_fuzz.py
# feeds every reader at least 20,000 hostile examples; a failure prints the
# blob that reproduces it.
settings.register_profile(
    "fuzz", parent=settings.get_profile("default"), print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
