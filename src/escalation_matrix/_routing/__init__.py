"""Routing: who handles an issue, what they do, when it moves up, and why.

The answers are decisions and plans, and the sentences that explain them.
Imports i18n (for the sentences), the model and the foundation.
"""
