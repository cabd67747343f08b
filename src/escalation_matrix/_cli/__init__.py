"""The ``escalation-matrix`` command: its parser, its commands, typed moments.

Imports any layer; nothing imports it.
"""
