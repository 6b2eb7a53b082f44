"""Shared building blocks every app may import, and which import no app.

Queueing work on commit, atomic rate limits, private file storage, the
language helpers, the business clock and the desk's time zone. The import
rule is project (``servicedesk``) → apps → ``core``; a test
(``servicedesk/tests/test_layering.py``) keeps arrows from pointing upward.
"""
