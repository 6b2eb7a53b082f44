"""A ``{# … #}`` comment ends on its own line: Django shows a multi-line one as text.

A multi-line one put its own words under the attachment field of the request
page and the new-request form; ``{% comment %}`` is for longer notes.
"""

import pytest
from django.conf import settings

from core.testing.templates import project_templates


def unclosed_comments(text: str) -> list[str]:
    return [
        line for line in text.splitlines() if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]


def test_the_check_sees_a_multi_line_comment():
    assert unclosed_comments("{# one line #}\n<p>ok</p>") == []
    assert unclosed_comments("{# starts here\nends here #}") == ["{# starts here"]


def test_no_template_of_ours_has_a_multi_line_short_comment():
    templates = project_templates((".html", ".txt"))
    assert len(templates) > 100
    found = {
        str(path.relative_to(settings.BASE_DIR)): lines
        for path in templates
        if (lines := unclosed_comments(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.django_db
def test_the_new_request_form_shows_no_template_comment(client):
    page = client.get("/requests/new/").content.decode()
    assert "{#" not in page and "#}" not in page
