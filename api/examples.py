"""Examples shown in the schema, Swagger UI and Redoc, for the larger answers.

They live apart from the views so the views stay about behaviour (short
ones sit in the view's ``extend_schema``); every example, wherever it is
written, is checked against the schema it illustrates by
``api/tests/test_schema_examples.py``.
The values are what the demo data (``manage.py seed_demo``) would answer.
"""

from drf_spectacular.utils import OpenApiExample

_CREATED = "2026-11-24T09:15:02+01:00"
_UPDATED = "2026-11-24T10:02:40+01:00"


def _answer(name: str, value, status: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


def _input(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


def _text(text: str, language: str = "en", *, fallback: bool = False) -> dict:
    return {"text": text, "language": language, "is_fallback": fallback}


# --- knowledgebase and AUP ----------------------------------------------------

# A list answer's example is one item: drf-spectacular shows it inside the list.
KB_SEARCH = [
    _answer(
        "A hit for 'eduroam'",
        {
            "slug": "connect-to-eduroam",
            "kind": "manual",
            "title": _text("Connect to eduroam"),
            "snippet_html": "Choose <mark>eduroam</mark> in the list of networks",
        },
    )
]

KB_ARTICLE = [
    _answer(
        "A manual with one step",
        {
            "slug": "connect-to-eduroam",
            "kind": "manual",
            "category": {"slug": "network", "name": _text("Wi-Fi and network")},
            "title": _text("Connect to eduroam"),
            "body_html": _text("<p>You need your university account.</p>"),
            "steps": [
                {
                    "position": 1,
                    "text": _text("<p>Choose eduroam in the list of networks.</p>"),
                    "screenshot_url": "https://servicedesk.example.org/media/kb/eduroam-1.png",
                    "screenshot_alt": _text("The list of Wi-Fi networks with eduroam"),
                }
            ],
            "updated_at": _UPDATED,
            "web_url": "https://servicedesk.example.org/kb/connect-to-eduroam/",
        },
    ),
    _answer(
        "An FAQ entry only in Dutch",
        {
            "slug": "printen-op-de-campus",
            "kind": "faq",
            "category": {"slug": "printing", "name": _text("Printing")},
            "title": _text("Hoe print ik op de campus?", "nl", fallback=True),
            "body_html": _text(
                "<p>Stuur je document naar de printerwachtrij.</p>", "nl", fallback=True
            ),
            "steps": [],
            "updated_at": _UPDATED,
            "web_url": "https://servicedesk.example.org/kb/printen-op-de-campus/",
        },
    ),
]

AUP_CURRENT = [
    _answer(
        "Signed in, not accepted yet",
        {
            "label": "2026.2",
            "published_at": "2026-09-01T00:00:00+02:00",
            "text_html": _text("<p>You use the university's IT for study and work.</p>"),
            "changes_html": _text("<p>New: rules for generative AI tools.</p>"),
            "accepted": False,
        },
    )
]

AUP_ACCEPT = [
    _input("Accept the version read", {"version": "2026.2"}),
    _answer("Accepted", {"version": "2026.2", "accepted_at": _UPDATED}),
]

# --- requests -------------------------------------------------------------------

CATEGORIES = [
    _answer(
        "The category tree",
        {
            "groups": [
                {
                    "name": "Wi-Fi and network",
                    "categories": [{"id": 12, "name": "eduroam"}, {"id": 13, "name": "VPN"}],
                },
                {"name": "", "categories": [{"id": 20, "name": "Something else"}]},
            ],
            "impacts": [
                {"id": 1, "name": "Just me"},
                {"id": 2, "name": "My group"},
                {"id": 3, "name": "Many people"},
            ],
            "urgencies": [
                {"id": 1, "name": "It can wait"},
                {"id": 2, "name": "It blocks my work"},
                {"id": 3, "name": "It blocks many people now"},
            ],
            "emergency_phone": "+31 30 253 0000",
        },
    )
]

_SUMMARY = {
    "reference": "SD-2026-000123",
    "subject": "Eduroam keeps dropping",
    "status": "in_progress",
    "status_label": "In progress",
    "category": "eduroam",
    "priority": 4,
    "created_at": _CREATED,
    "updated_at": _UPDATED,
}

_ATTACHMENT = {
    "id": 41,
    "name": "wifi-settings.png",
    "content_type": "image/png",
    "size": 48213,
    "created_at": _CREATED,
    "url": "https://servicedesk.example.org/api/v1/attachments/41/",
}

_REPLY = {
    "id": 301,
    "author_name": "Servicedesk",
    "is_staff_reply": True,
    "body": "Could you forget the network and connect again with the eduroam manual?",
    "created_at": _UPDATED,
    "attachments": [],
}

_DETAIL = {
    **_SUMMARY,
    "description": "On my laptop, every ten minutes, since Monday.",
    "impact": 1,
    "urgency": 2,
    "resolved_at": None,
    "closed_at": None,
    "attachments": [_ATTACHMENT],
    "messages": [_REPLY],
    "status_history": [
        {"status": "new", "previous_status": None, "at": _CREATED},
        {"status": "in_progress", "previous_status": "new", "at": _UPDATED},
    ],
}

_FILED = {
    **_DETAIL,
    "status": "new",
    "status_label": "New",
    "updated_at": _CREATED,
    "attachments": [],
    "messages": [],
    "status_history": [_DETAIL["status_history"][0]],
}

_RESOLVED = {
    **_DETAIL,
    "status": "resolved",
    "status_label": "Resolved",
    "resolved_at": _UPDATED,
    "status_history": [
        *_DETAIL["status_history"],
        {"status": "resolved", "previous_status": "in_progress", "at": _UPDATED},
    ],
}

REQUESTS_LIST = [
    _answer(
        "A page with a next cursor",
        {"results": [_SUMMARY], "next": "2026-11-24T09:02:40.125331+00:00_412"},
    ),
    _answer("The last page", {"results": [], "next": None}),
]

REQUESTS_FILE = [
    _input(
        "A request",
        {
            "category": 12,
            "subject": "Eduroam keeps dropping",
            "description": "On my laptop, every ten minutes, since Monday.",
            "impact": 1,
            "urgency": 2,
        },
    ),
    _answer("Filed", _FILED, status=201),
]

REQUESTS_READ = [_answer("A request in progress with a reply", _DETAIL)]

REQUESTS_REPLY = [
    _input("A reply", {"body": "Forgetting the network helped, thanks!"}),
    _answer(
        "The reply as stored",
        {
            **_REPLY,
            "id": 302,
            "author_name": "Sanne de Vries",
            "is_staff_reply": False,
            "body": "Forgetting the network helped, thanks!",
        },
        status=201,
    ),
]

REQUESTS_ADD_ATTACHMENTS = [_answer("One file added", _ATTACHMENT, status=201)]

REQUESTS_CONFIRM = [
    _answer(
        "Closed after confirming",
        {
            **_RESOLVED,
            "status": "closed",
            "status_label": "Closed",
            "closed_at": _UPDATED,
            "status_history": [
                *_RESOLVED["status_history"],
                {"status": "closed", "previous_status": "resolved", "at": _UPDATED},
            ],
        },
    ),
]

REQUESTS_REOPEN = [
    _input("Not solved after all", {"body": "It started dropping again this morning."}),
    _answer(
        "Back in progress",
        {
            **_RESOLVED,
            "status": "in_progress",
            "status_label": "In progress",
            "status_history": [
                *_RESOLVED["status_history"],
                {"status": "in_progress", "previous_status": "resolved", "at": _UPDATED},
            ],
        },
    ),
]

# --- appointments ----------------------------------------------------------

APPOINTMENT_INVITED = {
    "reference": "SD-2027-000123",
    "appointment": {
        "status": "invited",
        "status_label": "invited to choose a time",
        "channel": "desk",
        "channel_label": "at the desk",
        "location": {
            "name": "Help desk, building A",
            "address": "Campus Noord, gebouw A, lokaal 0.12",
        },
        "starts_at": None,
        "ends_at": None,
        "can_book": True,
        "can_reschedule": False,
        "can_cancel": True,
    },
    "slots": [
        {
            "key": "2027-03-23T08:00:00+00:00",
            "starts_at": "2027-03-23T09:00:00+01:00",
            "ends_at": "2027-03-23T09:30:00+01:00",
        },
        {
            "key": "2027-03-23T08:30:00+00:00",
            "starts_at": "2027-03-23T09:30:00+01:00",
            "ends_at": "2027-03-23T10:00:00+01:00",
        },
    ],
    "change_cutoff_hours": 24,
}
APPOINTMENT_BOOKED = APPOINTMENT_INVITED | {
    "appointment": APPOINTMENT_INVITED["appointment"]
    | {
        "status": "booked",
        "status_label": "booked",
        "starts_at": "2027-03-23T09:00:00+01:00",
        "ends_at": "2027-03-23T09:30:00+01:00",
        "can_book": False,
        "can_reschedule": True,
    },
    "slots": APPOINTMENT_INVITED["slots"][1:],
}
APPOINTMENT_NONE = {
    "reference": "SD-2027-000123",
    "appointment": None,
    "slots": [],
    "change_cutoff_hours": 24,
}
APPOINTMENT_SLOT_TAKEN = {
    "code": "validation_error",
    "message": "The input is not valid; see the errors per field.",
    "fields": {
        "slot": [
            {
                "code": "slot_taken",
                "message": (
                    "Sorry, this time was just booked by someone else. Please choose another time."
                ),
            }
        ]
    },
}

APPOINTMENT_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//University IT Servicedesk//Appointments//EN\r\n"
    "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Servicedesk appointment SD-2027-000123\r\n"
    "DTSTART;TZID=Europe/Brussels:20270323T090000\r\n"
    "DTEND;TZID=Europe/Brussels:20270323T093000\r\n"
    "UID:0b6f3c1e-8d2a-4c1b-9a53-2f5d1e7c9a10@servicedesk\r\nSEQUENCE:0\r\n"
    "STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
