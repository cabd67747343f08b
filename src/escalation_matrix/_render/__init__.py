"""Output for people: tables of matrices, decisions and plans as sentences.

Text is laid out in display columns for terminals. Imports routing, i18n,
the model and the foundation; never serialization.
"""
