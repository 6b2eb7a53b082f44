"""The Atom feed and /api/v1/status/: the same board as the page, cached, in both languages."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicestatus import services

from .test_views import visitor

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_lists_incidents_and_updates_in_the_visitors_language(
    incident, agent_first_line
):
    services.incident_post_update(
        incident=incident, body_nl="Nog **bezig**.", body_en="Still **on it**.", acting_user=None
    )
    response = visitor("en").get("/status/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, not untrusted input
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "Update: Eduroam is down in building A"  # newest first
    assert any(t.startswith("Disruption: Eduroam is down") for t in titles)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) == 3 and all(i.startswith("tag:") for i in ids)
    assert "<strong>on it</strong>" in entries[0].findtext(f"{ATOM}summary")
    dutch = visitor("nl").get("/status/feed.atom").content.decode()
    assert "Eduroam werkt niet in gebouw A" in dutch


def test_the_status_api_answers_json_from_the_cached_board(incident, eduroam, agent_first_line):
    client = visitor("nl")  # the API follows the app's Accept-Language, not the cookie
    first = client.get("/api/v1/status/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    body = first.json()
    assert body["services"] == [{"slug": "eduroam", "name": "Eduroam", "state": "outage"}]
    (current,) = body["current"]
    assert current["reference"] == incident.reference and current["services"] == ["eduroam"]
    assert current["title"] == "Eduroam is down in building A"
    assert current["updates"][0]["body"] == "We are looking into it."
    assert body["scheduled"] == []
    dutch = client.get("/api/v1/status/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9").json()
    assert dutch["current"][0]["title"] == "Eduroam werkt niet in gebouw A"
    with CaptureQueriesContext(connection) as warm:
        client.get("/api/v1/status/")
    assert not [q for q in warm.captured_queries if "servicestatus" in q["sql"]]
    services.incident_resolve(
        incident=incident, body_nl="Opgelost.", body_en="Fixed.", acting_user=agent_first_line
    )
    after = client.get("/api/v1/status/").json()
    assert after["current"] == [] and after["services"][0]["state"] == "operational"


def test_the_status_api_is_in_the_published_schema(client):
    import json

    answer = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(answer.content)
    operation = schema["paths"]["/api/v1/status/"]["get"]
    assert operation["operationId"] == "status_board"
    assert "StatusBoard" in str(operation["responses"]["200"])


def test_every_feed_entry_links_to_its_incident_on_the_status_page_and_none_is_dated_ahead(
    incident, eduroam, agent_first_line
):
    """Resolved incidents keep an anchor; maintenance is dated when announced, not when due."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    services.incident_open(
        title_nl="Onderhoud eduroam",
        title_en="Eduroam maintenance",
        services=[eduroam],
        kind="maintenance",
        starts_at=timezone.now() + timedelta(days=7),
        acting_user=agent_first_line,
    )
    services.incident_resolve(
        incident=incident, body_nl="Opgelost.", body_en="Fixed.", acting_user=None
    )
    feed = ET.fromstring(visitor("en").get("/status/feed.atom").content)  # noqa: S314
    page = visitor("en").get("/status/").content.decode()
    now = timezone.now()
    for entry in feed.findall(f"{ATOM}entry"):
        anchor = entry.find(f"{ATOM}link").get("href").split("#", 1)[1]
        assert f'id="{anchor}"' in page, anchor
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) <= now
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")) <= now
    assert "Resolved in the last 30 days" in page and "Fixed." in page
