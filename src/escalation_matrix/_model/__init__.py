"""The model: roles, levels, issue types, policies, rules, calendars, issues.

The matrix joins them; builders and overlays change it. Every object is
immutable and validated when made. Imports the foundation only.
"""
