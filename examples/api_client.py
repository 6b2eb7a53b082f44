"""A small client of the service desk API, as the mobile app uses it.

Logs in with a one-time code mailed to the user (allauth's headless app
endpoints), files a request, lists "my requests" and reads one back, and
books the first free time for a request the desk has invited you to make
an appointment for.

    python examples/api_client.py http://127.0.0.1:8000 student@example.org

It asks for the code on the terminal (read it in the mail; in the local run
mails are files under data/mail/). Only needs httpx.
"""

import sys
from collections.abc import Callable

import httpx

APP_AUTH = "/_allauth/app/v1"
API = "/api/v1"


class ServiceDeskClient:
    """Thin wrapper: one httpx client carrying the session token once logged in."""

    def __init__(self, base_url: str, *, language: str = "en") -> None:
        self.http = httpx.Client(
            base_url=base_url, headers={"Accept-Language": language}, timeout=30
        )

    # --- authentication (allauth headless, app client) ---------------------
    def login_by_code(self, email: str, read_code: Callable[[], str]) -> None:
        """Ask for a code, then confirm it; keeps the session token."""
        started = self.http.post(f"{APP_AUTH}/auth/code/request", json={"email": email})
        # 401 with a pending "login_by_code" flow is the expected answer here.
        token = started.json()["meta"]["session_token"]
        self.http.headers["X-Session-Token"] = token
        confirmed = self.http.post(f"{APP_AUTH}/auth/code/confirm", json={"code": read_code()})
        confirmed.raise_for_status()
        self.http.headers["X-Session-Token"] = confirmed.json()["meta"]["session_token"]

    def logout(self) -> None:
        self.http.delete(f"{APP_AUTH}/auth/session")
        self.http.headers.pop("X-Session-Token", None)

    # --- the API -------------------------------------------------------------
    def _json(self, response: httpx.Response):
        if response.is_error:
            error = response.json()
            raise RuntimeError(f"{response.status_code} {error['code']}: {error['message']}")
        return response.json()

    def accept_aup_if_needed(self) -> None:
        current = self.http.get(f"{API}/aup/")
        if current.status_code == 200 and current.json()["accepted"] is False:
            label = current.json()["label"]
            self._json(self.http.post(f"{API}/aup/accept/", json={"version": label}))

    def categories(self) -> list[dict]:
        groups = self._json(self.http.get(f"{API}/categories/"))["groups"]
        return [leaf for group in groups for leaf in group["categories"]]

    def file_request(
        self, *, category: int, subject: str, description: str, impact: int, urgency: int
    ) -> dict:
        data = {"category": category, "subject": subject, "description": description,
                "impact": impact, "urgency": urgency}  # fmt: skip
        return self._json(self.http.post(f"{API}/requests/", json=data))

    def my_requests(self, status: str = "open") -> list[dict]:
        """Every page of my requests, following the cursor."""
        results, cursor = [], ""
        while True:
            page = self._json(
                self.http.get(f"{API}/requests/", params={"status": status, "cursor": cursor})
            )
            results.extend(page["results"])
            if not page["next"]:
                return results
            cursor = page["next"]

    def request_detail(self, reference: str) -> dict:
        return self._json(self.http.get(f"{API}/requests/{reference}/"))

    # --- appointments ----------------------------------------------------------
    def appointment(self, reference: str) -> dict:
        """The request's active appointment (or null) and the free slots to choose from."""
        return self._json(self.http.get(f"{API}/requests/{reference}/appointment/"))

    def book_slot(self, reference: str, slot: str) -> dict:
        """Book the invitation at ``slot`` (a slot's key), or move a booking there.

        A time someone else took meanwhile raises with code validation_error;
        the field error's code is slot_taken: read the slots again and choose.
        """
        url = f"{API}/requests/{reference}/appointment/"
        return self._json(self.http.post(url, json={"slot": slot}))

    def cancel_appointment(self, reference: str, reason: str = "") -> dict:
        url = f"{API}/requests/{reference}/appointment/cancel/"
        return self._json(self.http.post(url, json={"reason": reason}))

    def appointment_ics(self, reference: str) -> bytes:
        """The booking as an iCalendar file, to add to the phone's calendar."""
        response = self.http.get(f"{API}/requests/{reference}/appointment/ics/")
        if response.is_error:
            self._json(response)
        return response.content


def main(base_url: str, email: str) -> None:
    client = ServiceDeskClient(base_url)
    client.login_by_code(email, lambda: input("The code from the mail: ").strip())
    client.accept_aup_if_needed()
    category = client.categories()[0]
    filed = client.file_request(
        category=category["id"],
        subject="Eduroam keeps dropping",
        description="On my laptop, every ten minutes, since Monday.",
        impact=1,
        urgency=2,
    )
    print(f"Filed {filed['reference']} (priority P{filed['priority']})")
    for ticket in client.my_requests():
        print(f"{ticket['reference']}  {ticket['status_label']:<24} {ticket['subject']}")
    detail = client.request_detail(filed["reference"])
    print(f"{detail['reference']}: {len(detail['status_history'])} status change(s)")
    book_first_offered_slot(client)
    client.logout()


def book_first_offered_slot(client: ServiceDeskClient) -> dict | None:
    """Book the first free time of the first request with an invitation.

    Help in person is by appointment only, and only the desk can offer one:
    an agent opens the request in the admin and invites the requester
    (Appointment, "Invite the requester to choose a time", which calls
    appointments.services.appointment_offer). The request just filed has no
    invitation yet; the demo student's Wi-Fi request has one after
    ``seed_demo``.
    """
    for ticket in client.my_requests():
        page = client.appointment(ticket["reference"])
        if page["appointment"] and page["appointment"]["can_book"] and page["slots"]:
            slot = page["slots"][0]
            booked = client.book_slot(ticket["reference"], slot["key"])
            appointment = booked["appointment"]
            print(
                f"{ticket['reference']}: booked {appointment['starts_at']} "
                f"({appointment['channel_label']}); the confirmation with the .ics is mailed"
            )
            return booked
    print("No request has an appointment invitation; the desk offers one when needed.")
    return None


if __name__ == "__main__":
    main(*sys.argv[1:3])
