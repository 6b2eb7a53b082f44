"""One id per request that follows it into the Celery tasks it queues.

Every log line of the web process and of the worker carries it
(``servicedesk.log_format.RequestIdFilter``), so an operator can grep one id
and see a request from the browser to the mail it sent. A proxy's
``X-Request-ID`` is kept when it is well formed (so the id matches the
proxy's access log); anything else is replaced by a fresh id, so a client
cannot inject text into the logs. The id is echoed in the response.

Celery: ``before_task_publish`` copies the current id into the message's
headers; ``task_prerun`` makes it current in the worker for the task's run
(a task queued by beat or by no request gets its own task id).
"""

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# The message header the id travels in from the publisher to the worker.
TASK_HEADER = "servicedesk_request_id"
# Letters, digits and a few separators, 8 to 128 long: UUIDs, hex ids and the
# ids nginx, HAProxy and cloud load balancers mint all fit.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{7,127}")

_current: ContextVar[str] = ContextVar("servicedesk_request_id", default="")


def current_request_id() -> str:
    """The id of the request or task being handled here, or ``""``."""
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """``value`` when it is a well-formed id, else a fresh one."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    """Make the request's id current for its handling and echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accepted_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response.headers[HEADER] = request_id
        return response


# Celery's signals call the three below; servicedesk/celery.py connects them,
# so a web worker that sends no task imports no Celery for them.
def attach_to_task(headers: dict | None = None, **kwargs) -> None:
    """``before_task_publish``: the current request's id goes into the message's headers."""
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, object] = {}


def adopt_in_task(task_id: str | None = None, task=None, **kwargs) -> None:
    """``task_prerun``: the task's request id (or its own) is current while it runs."""
    request_id = ""
    if task is not None:
        request_id = getattr(task.request, TASK_HEADER, None) or ""
    request_id = accepted_request_id(request_id or (task_id and f"task-{task_id}"))
    _task_tokens[task_id or ""] = _current.set(request_id)


def forget_after_task(task_id: str | None = None, **kwargs) -> None:
    """``task_postrun``: the id the task made current is forgotten."""
    token = _task_tokens.pop(task_id or "", None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context (a thread pool); just clear it
            _current.set("")
