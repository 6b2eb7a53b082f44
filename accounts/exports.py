""" "Download my data": one JSON document built from per-app exporters.

Each app adds what it holds about a user by registering a callable under its
name (e.g. ``tickets`` adds requests and appointments in its ``ready()``):

    from accounts.exports import DATA_EXPORTERS
    DATA_EXPORTERS["tickets"] = lambda user: [...]

A callable takes the user and returns JSON-serialisable data.
"""

from collections.abc import Callable
from typing import Any

from .models import User


def export_account(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "kind": user.kind,
        "student_number": user.student_number,
        "alumni_number": user.alumni_number,
        "alternate_email": user.alternate_email,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "activated_at": user.activated_at.isoformat() if user.activated_at else None,
    }


def export_consents(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "given_at": given_at.isoformat()}
        for kind, given_at in user.consents.order_by("given_at").values_list("kind", "given_at")
    ]


DATA_EXPORTERS: dict[str, Callable[[User], Any]] = {
    "account": export_account,
    "consents": export_consents,
}


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the registered exporters hold about ``user``."""
    return {name: exporter(user) for name, exporter in DATA_EXPORTERS.items()}
