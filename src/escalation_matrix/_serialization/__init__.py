"""The file format and payloads: objects <-> plain data, JSON, TOML, YAML.

Also the cattrs hooks, the JSON Schema, the built-in matrix's data file and
the Babel extractor of matrix files. Imports routing, i18n, the model and
the foundation; never rendering.
"""
