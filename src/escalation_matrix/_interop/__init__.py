"""Policies of other tools as matrices, and matrices as their payloads.

PagerDuty, Opsgenie (and Jira Service Management Operations), Grafana
OnCall and ITIL priority tables; what a conversion cannot keep is a loss.
"""
