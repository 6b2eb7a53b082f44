"""The staff roles of the desk, kept as auth groups.

Names are stable identifiers in English; the admin shows them as they are.
"""

FIRST_LINE_AGENT = "First-line agent"
SECOND_LINE_AGENT = "Second-line agent"
SERVICEDESK_LEAD = "Servicedesk lead"

ALL_ROLES = (FIRST_LINE_AGENT, SECOND_LINE_AGENT, SERVICEDESK_LEAD)
