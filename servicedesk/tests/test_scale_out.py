"""Scale-out on one machine, and faults: a process or a service dies and the desk goes on.

Real processes sharing one PostgreSQL database and one Redis db, as in
production: two gunicorn masters on two ports (2 sync workers each), two
Celery workers (solo pool, so the two race each other for every message),
an SMTP sink and a Dovecot mailbox. One test walks the shared-state claims
and the kills; a second one restarts a private PostgreSQL and a private
Redis under load. PostgreSQL only: the embedded SQLite set-up is one host.
"""

import contextlib
import importlib
import os
import threading
import time
from collections import Counter
from contextlib import ExitStack
from datetime import timedelta

import httpx
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD, StudentFactory
from core.testing import cluster
from core.testing.broker import purge_queue
from core.testing.imap import dovecot_available, dovecot_server
from core.testing.postgres import private_postgres
from core.testing.processes import redis_server
from core.testing.smtp import SmtpSink
from knowledgebase.selectors import aup_current_version
from knowledgebase.services import aup_accept
from mailin.models import InboundMessage
from mailin.tests.mails import new_mail
from notifications.models import OutboxMail
from notifications.services import outbox_mail_create
from servicedesk.celery import app as celery_app
from tickets.choices import Impact, TicketStatus, Urgency
from tickets.models import Ticket, TicketEvent
from tickets.tests.factories import CategoryFactory, file_ticket

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="several hosts' worth of processes on one database: PostgreSQL + Redis only",
    ),
]

defaults = importlib.import_module("tickets.migrations.0003_defaults_and_role_permissions")


def _form(category, subject: str, **extra: str) -> dict[str, str]:
    return {
        "category": str(category.pk),
        "subject": subject,
        "description": "Filed during the scale-out test.",
        "impact": str(Impact.JUST_ME),
        "urgency": str(Urgency.BLOCKS_MY_WORK),
        **extra,
    }


def _queue_mails(count: int, tag: str) -> list[OutboxMail]:
    with transaction.atomic():
        return [
            outbox_mail_create(
                event="scale_out",
                recipient_email=f"{tag}{n}@example.org",
                subject=f"{tag} {n}",
                body_text="A mail.",
                language="nl",
            )
            for n in range(count)
        ]


def _sunk(sink: SmtpSink, mails: list[OutboxMail]) -> Counter:
    wanted = {mail.message_id for mail in mails}
    return Counter(mid for mid in sink.message_ids() if mid in wanted)


def test_two_webs_and_two_workers_share_everything_and_survive_kills(tmp_path):
    if not dovecot_available():
        pytest.skip("Dovecot is not installed and cannot be installed here")
    defaults.fill_defaults(apps, None)
    category = CategoryFactory(slug="mail-general")
    student = StudentFactory(username="scale-student", email="scale-student@example.org")
    if version := aup_current_version():
        aup_accept(user=student, version=version)
    purge_queue()

    with ExitStack() as stack:
        sink = stack.enter_context(SmtpSink())
        dovecot = stack.enter_context(dovecot_server())
        env = cluster.portal_env(
            {
                "EMAIL_URL": sink.email_url,
                "LOG_FORMAT": "json",
                "INBOUND_IMAP_URL": dovecot.url,
                "INBOUND_ADDRESS": "servicedesk@example.org",
                "INBOUND_CATEGORY": "mail-general",
                "INBOUND_SENDER_RATE_LIMIT": "10000",
                "INBOUND_FETCH_BATCH": "5",
                # A killed worker's "sending" mail is swept again after 2 s (not 5 min).
                "NOTIFICATIONS_SENDING_LEASE": "2",
                "NOTIFICATIONS_SWEEP_GRACE": "0",
            }
        )
        web_a, web_b = (cluster.gunicorn(n, tmp_path, env) for n in ("web-a", "web-b"))
        worker_1, worker_2 = (cluster.celery_worker(n, tmp_path, env) for n in ("w1", "w2"))
        for process in (web_a, web_b, worker_1, worker_2):
            stack.callback(process.stop)
            process.start()

        # 1. A session made on one web process is valid on the other.
        browser = cluster.Browser()
        login = browser.submit(
            web_a.url + "/accounts/login/",
            {"login": student.email, "password": DEFAULT_PASSWORD},
        )
        assert "/accounts/login/" not in str(login.url), login.text[:500]
        on_b = browser.get(web_b.url + "/requests/")
        assert on_b.status_code == 200 and "/accounts/login/" not in str(on_b.url)

        # 2. A request filed on A is at once on B's list; its id follows it into the worker.
        filed = browser.submit(
            web_a.url + "/requests/new/",
            _form(category, "Scale-out: filed on A"),
            headers={"X-Request-ID": "scale-out-request-0001"},
        )
        assert filed.status_code == 200 and "/requests/SD-" in str(filed.url)
        assert filed.headers["X-Request-ID"] == "scale-out-request-0001"
        assert "Scale-out: filed on A" in browser.get(web_b.url + "/requests/").text
        cluster.wait_until(
            lambda: "scale-out-request-0001" in worker_1.log_text() + worker_2.log_text(),
            timeout=30, message="the request id never reached a worker's log",
        )  # fmt: skip
        tagged = [
            line
            for line in (worker_1.log_text() + worker_2.log_text()).splitlines()
            if "scale-out-request-0001" in line
        ]
        assert any('"message": "outbox mail' in line and "sent" in line for line in tagged)

        # 3. Two workers, 80 mails: each leaves once, and both workers took a share.
        mails = _queue_mails(80, "many")
        cluster.wait_until(
            lambda: len(_sunk(sink, mails)) == 80, timeout=90,
            message=lambda: f"{len(_sunk(sink, mails))} of 80 mails arrived",
        )  # fmt: skip
        assert set(_sunk(sink, mails).values()) == {1}
        assert "outbox mail" in worker_1.log_text() and "outbox mail" in worker_2.log_text()

        # 4. Inbound: two polls at once on two workers file each mail once.
        dovecot.append(
            *(
                new_mail(sender=f"in{n}@example.net", subject=f"Inbound {n:02d}",
                         message_id=f"<in{n}@example.net>")
                for n in range(12)
            )
        )  # fmt: skip
        for _ in range(2):
            celery_app.send_task("mailin.poll_mailbox")
        cluster.wait_until(
            lambda: dovecot.unprocessed() == 0 and InboundMessage.objects.count() >= 12,
            timeout=90, message=lambda: f"{dovecot.unprocessed()} left on the server",
        )  # fmt: skip
        time.sleep(1)  # a second poll still running would show as a duplicate now
        inbound = Counter(
            Ticket.objects.filter(subject__startswith="Inbound").values_list("subject", flat=True)
        )
        assert len(inbound) == 12 and set(inbound.values()) == {1}
        assert InboundMessage.objects.count() == 12

        # 5. Every periodic job, queued twice at once (two beats by mistake), acts once.
        _beat_jobs_twice_act_once(category)

        # 6. Fault: a worker killed mid-way through 50 mails loses none of them.
        mails = _queue_mails(50, "kill")
        cluster.wait_until(
            lambda: len(_sunk(sink, mails)) >= 10, timeout=60, message="no mail went out"
        )
        worker_1.kill()
        assert len(_sunk(sink, mails)) < 50  # killed mid-way
        time.sleep(2.5)  # the lease of the mail it held runs out; beat would sweep now
        celery_app.send_task("notifications.sweep_outbox")
        cluster.wait_until(
            lambda: len(_sunk(sink, mails)) == 50, timeout=90,
            message=lambda: f"{len(_sunk(sink, mails))} of 50 mails after the kill",
        )  # fmt: skip
        # At most the one mail on the wire at the kill may leave twice (at-least-once).
        assert sum(_sunk(sink, mails).values()) <= 51

        # 7. Fault: beat killed mid-way; a new beat picks up and the waiting mails leave.
        stranded = _queue_mails(10, "beat")
        OutboxMail.objects.filter(pk__in=[m.pk for m in stranded]).update(
            next_attempt_at=timezone.now() - timedelta(minutes=5)
        )
        purge_queue()  # as if the broker lost the messages: only the sweeper can help
        beat_env = env | {"NOTIFICATIONS_SWEEP_INTERVAL": "1"}
        beat = cluster.celery_beat("beat-1", tmp_path, beat_env).start()
        stack.callback(beat.stop)
        time.sleep(0.5)
        beat.kill()
        beat = cluster.celery_beat("beat-2", tmp_path, beat_env).start()
        stack.callback(beat.stop)
        cluster.wait_until(
            lambda: len(_sunk(sink, stranded)) == 10, timeout=60,
            message=lambda: f"{len(_sunk(sink, stranded))} of 10 after beat was killed",
        )  # fmt: skip
        beat.stop()

        # 8. Fault: web process A killed while guests file; the balancer retries on B.
        acknowledged, attempts = [], Counter()
        stop = threading.Event()

        def file_as_guests() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                subject = f"Guest under fire {n:03d}"
                for server in (web_a, web_b):
                    attempts[subject] += 1
                    try:
                        response = cluster.Browser().submit(
                            server.url + "/requests/new/",
                            _form(category, subject, name="Guest", email=f"g{n}@example.net"),
                        )
                    except httpx.HTTPError:
                        continue  # that server is gone: try the next one
                    if response.status_code == 200 and "/requests/filed/" in str(response.url):
                        acknowledged.append(subject)
                        break

        filer = threading.Thread(target=file_as_guests)
        filer.start()
        time.sleep(2)
        web_a.kill()
        time.sleep(2)
        stop.set()
        filer.join(timeout=60)
        saved = Counter(
            Ticket.objects.filter(subject__startswith="Guest under fire").values_list(
                "subject", flat=True
            )
        )
        assert acknowledged and set(acknowledged) <= set(saved)
        # A request whose answer was lost in the kill may be saved and filed again on B.
        assert all(saved[s] <= attempts[s] for s in saved)


def _beat_jobs_twice_act_once(category) -> None:
    """Queue each beat job twice at once to the two workers; nothing is done twice."""
    old = timezone.now() - timedelta(days=30)
    resolved = file_ticket(category=category, subject="Resolved long ago")
    Ticket.objects.filter(pk=resolved.pk).update(status=TicketStatus.RESOLVED, resolved_at=old)
    late = file_ticket(category=category, subject="Past its SLA")
    Ticket.objects.filter(pk=late.pk).update(resolution_due_at=old, response_due_at=old)
    started = timezone.now()
    jobs = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    jobs.append("mailin.poll_mailbox")  # on when INBOUND_IMAP_URL is set, as in the cluster
    assert len(jobs) >= 12
    for job in jobs:
        celery_app.send_task(job)
        celery_app.send_task(job)
    cluster.wait_until(
        lambda: Ticket.objects.get(pk=resolved.pk).status == TicketStatus.CLOSED
        and Ticket.objects.get(pk=late.pk).is_breached,
        timeout=90, message="the beat jobs did not run",
    )  # fmt: skip
    time.sleep(3)  # let the twin of the last job finish
    events = Counter(
        TicketEvent.objects.filter(created_at__gte=started).values_list("ticket_id", "type")
    )
    assert events and max(events.values()) == 1, events
    mails = Counter(
        OutboxMail.objects.filter(created_at__gte=started).values_list(
            "event", "recipient_email", "thread_key"
        )
    )
    assert not mails or max(mails.values()) == 1, mails


def test_postgres_and_redis_restarts_under_load_answer_503_then_recover(tmp_path):
    """A private PostgreSQL and Redis (never the shared ones) are stopped under load."""
    db = connection.settings_dict
    with ExitStack() as stack:
        postgres = stack.enter_context(private_postgres())
        redis_port = stack.enter_context(redis_server())
        # The test database (schema and the rows the migrations made) into the private server.
        source = f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        dump = tmp_path / "db.dump"
        os.system(f"pg_dump -Fc -f {dump} '{source}'")  # noqa: S605
        postgres._run("createdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres",
                      "portal")  # fmt: skip
        os.system(f"pg_restore --no-owner -d '{postgres.url('portal')}' {dump}")  # noqa: S605
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        env = cluster.portal_env(
            {"DATABASE_URL": postgres.url("portal"), "REDIS_URL": redis_url,
             "CELERY_BROKER_URL": redis_url}
        )  # fmt: skip
        web = cluster.gunicorn("web", tmp_path, env, workers=3)
        stack.callback(web.stop)
        web.start()

        # (when the request began, when it ended, path, status or the client's error)
        log: list[tuple[float, float, str, int | str]] = []
        stop = threading.Event()

        def load() -> None:
            # A slow answer on this loaded 2-core machine is no failure; a dropped one is.
            with httpx.Client(base_url=web.url, timeout=30) as http:
                while not stop.is_set():
                    for path in ("/kb/", "/requests/new/", "/healthz"):
                        began = time.monotonic()
                        try:
                            status: int | str = http.get(path).status_code
                        except httpx.HTTPError as exc:
                            status = type(exc).__name__
                        log.append((began, time.monotonic(), path, status))

        loaders = [threading.Thread(target=load) for _ in range(3)]
        for thread in loaders:
            thread.start()
        try:
            time.sleep(1.5)
            pg_down = time.monotonic()
            postgres.stop()
            time.sleep(3)
            postgres.start()
            pg_up = time.monotonic()
            time.sleep(3)
            redis_down = time.monotonic()
            stack_redis = redis_port
            _stop_redis(stack_redis)
            time.sleep(3)
            redis_restart = stack.enter_context(redis_server(port=stack_redis))
            assert redis_restart == stack_redis
            redis_up = time.monotonic()
            time.sleep(3)
        finally:
            stop.set()
            for thread in loaders:
                thread.join(timeout=30)

    statuses = Counter(status for _b, _e, _p, status in log)
    timeline = [(round(b - pg_down, 1), p, status) for b, _e, p, status in log if status != 200]
    marks = {"pg_up": pg_up - pg_down, "redis_down": redis_down - pg_down}
    marks["redis_up"] = redis_up - pg_down
    # Never a 500, never a dropped connection.
    assert set(statuses) <= {200, 503}, (statuses, timeline, marks)
    grace = 2.0
    outages = [(pg_down, pg_up + grace), (redis_down, redis_up + grace)]

    def during(began: float, ended: float, outage: tuple[float, float]) -> bool:
        return ended >= outage[0] and began <= outage[1]

    unexpected = [
        (round(b - pg_down, 1), path)
        for b, e, path, status in log
        if status == 503 and not any(during(b, e, outage) for outage in outages)
    ]
    assert unexpected == [], (unexpected, marks)
    assert any(status == 503 and during(b, e, outages[0]) for b, e, _p, status in log), (
        timeline,
        marks,
    )
    after = [status for b, _e, _p, status in log if b > redis_up + grace]
    assert after and set(after) == {200}
    # With Redis down the pages still serve (tolerant cache); only /healthz says 503.
    assert all(
        status == 200
        for b, e, path, status in log
        if path != "/healthz" and redis_down + 0.5 <= b and e <= redis_up
    ), timeline


def _stop_redis(port: int) -> None:
    import redis

    # It closes the connection as it goes.
    with contextlib.suppress(redis.exceptions.ConnectionError):
        redis.Redis(port=port).shutdown(nosave=True)
