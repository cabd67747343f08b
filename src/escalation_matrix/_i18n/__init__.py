"""Languages: locales, catalogs, translators, translated matrices, formatting.

Imports the model and the foundation.
"""
