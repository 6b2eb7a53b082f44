"""The container image is built, started and used, not only written.

Real parts: a Docker daemon (Debian's docker.io; started here when none runs,
core/testing/docker.py), the image built by ``scripts/build-image``
(from a local debootstrapped Debian base when no python image is at hand)
once for this module, and an SMTP server the worker container reaches.

The image test runs the image against the machine's PostgreSQL with a fresh
database of the image's own and the machine's Redis on a database number of
its own; containers share the host's network, so every byte stays on
loopback. The compose test starts ``compose.yaml`` as a deployment would:
web, worker, beat, the migration step, and PostgreSQL and Redis from the
local images of ``scripts/service-images``, on a bridge network of its own;
the SMTP server listens on the host's address on that bridge. Both tests
play the TLS-terminating proxy: they add ``X-Forwarded-Proto: https`` as a
load balancer would.

Costly (a build, 30 s of migrations per test): run only in the PostgreSQL
pass (marker ``container``, excluded from the SQLite pass in scripts/test).
"""

import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings

from core.testing.docker import docker_daemon
from core.testing.processes import ROOT, free_port, wait_for_port
from core.testing.smtp import SmtpSink
from tickets.choices import Impact, Urgency

pytestmark = pytest.mark.container

TAG = "servicedesk:test"
# The image's Redis database; its own, and flushed before and after.
REDIS_DB = int(os.environ.get("CONTAINER_TEST_REDIS_DB", "15"))
GUEST = "guest-in-container@example.net"
GUEST_REFERENCE = (  # for psql in the compose stack's database container
    "SELECT reference FROM tickets_ticket WHERE requester_email = 'guest-in-container@example.net'"
)

MAKE_CATEGORY = """
from tickets.models import Category, Desk
desk, _ = Desk.objects.get_or_create(
    slug="it", defaults={"name_nl": "IT-loket", "name_en": "IT desk"}
)
category, _ = Category.objects.get_or_create(
    slug="wifi", defaults={"name_nl": "Wifi", "name_en": "Wi-Fi", "default_desk": desk}
)
print(category.pk)
"""


def _run(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    result = subprocess.run(
        [env["DOCKER"], *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"docker {' '.join(args[:3])} failed:\n{result.stderr[-3000:]}"
    return result.stdout


class ProxiedSite:
    """Talks to the web container as a browser behind a TLS-terminating proxy."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in self.cookies.items())
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "nl", **headers}
        if cookie:
            headers["Cookie"] = cookie
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        connection.close()
        return response, content


def _fresh_database() -> tuple[dict, str]:
    db = settings.DATABASES["default"]
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
    }
    name = f"{db['NAME']}_image"[:63]
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return params, name


def _drop_database(params: dict, name: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def _reference_of(params: dict, name: str, email: str) -> str:
    """The reference of the request the guest filed, read from the image's database."""
    connection = psycopg2.connect(dbname=name, **params)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reference FROM tickets_ticket WHERE requester_email = %s", [email]
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def _wait_healthy(env: dict[str, str], container: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    state = {}
    while time.monotonic() < deadline:
        state = json.loads(_run(env, "inspect", "--format", "{{json .State}}", container))
        if not state["Running"]:
            break
        if (state.get("Health") or {}).get("Status") == "healthy":
            return
        time.sleep(0.5)
    logs = subprocess.run(
        [env["DOCKER"], "logs", "--tail", "40", container], env=env, capture_output=True, text=True
    )
    pytest.fail(f"{container} not healthy: {state}\n{logs.stdout}{logs.stderr}")


@pytest.fixture(scope="module")
def docker_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """A Docker daemon with the portal's image built as TAG, once for this module."""
    with docker_daemon() as env:
        try:
            build_log = tmp_path_factory.mktemp("build") / "build.log"
            with build_log.open("w") as log:
                built = subprocess.run(
                    ["bash", "scripts/build-image", TAG], cwd=ROOT, env=env,
                    stdout=log, stderr=subprocess.STDOUT, timeout=1800,
                )  # fmt: skip
            assert built.returncode == 0, build_log.read_text()[-4000:]
            yield env
        finally:
            # Earlier builds' images and old build cache; the warm cache stays
            # (the tagged images, the base and service images among them).
            for prune in (
                ["image", "prune", "--force"],
                ["builder", "prune", "--force", "--keep-storage", "3GB"],
            ):
                subprocess.run([env["DOCKER"], *prune], env=env, capture_output=True)


def test_image_builds_migrates_serves_a_guest_filing_and_its_worker_sends_the_mail(
    request, tmp_path
):
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the image runs against PostgreSQL; the SQLite pass leaves it out")
    if not settings.REDIS_URL:
        pytest.skip("the image runs against Redis; REDIS_URL is not set")
    env = request.getfixturevalue("docker_env")  # only now: a build costs minutes cold

    redis_url = urlsplit(settings.REDIS_URL)._replace(path=f"/{REDIS_DB}").geturl()
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    params, db_name = _fresh_database()
    database_url = (
        f"postgres://{params['user']}"
        + (f":{params['password']}" if params["password"] else "")
        + f"@{params['host']}:{params['port']}/{db_name}"
    )
    web_port = free_port()
    prefix = f"servicedesk-test-{os.getpid()}"
    containers = [f"{prefix}-web", f"{prefix}-worker"]
    volume = f"{prefix}-data"
    env_file = tmp_path / "image.env"

    with SmtpSink() as sink:
        env_file.write_text(
            "\n".join(
                [
                    f"SECRET_KEY={secrets.token_urlsafe(50)}",
                    f"DATABASE_URL={database_url}",
                    f"REDIS_URL={redis_url}",
                    f"EMAIL_URL={sink.email_url}",
                    f"CACHE_KEY_PREFIX={prefix}",
                    "ALLOWED_HOSTS=127.0.0.1,localhost",
                    f"SITE_URL=https://127.0.0.1:{web_port}",
                    "HOST=127.0.0.1",
                    f"PORT={web_port}",
                    "WEB_CONCURRENCY=2",
                    "CELERY_CONCURRENCY=1",
                ]
            )
            + "\n"
        )
        # Read-only root filesystem: only the data volume and /tmp are writable,
        # as in the Kubernetes manifests.
        run = ["run", "--network", "host", "--env-file", str(env_file), "--read-only",
               "--tmpfs", "/tmp", "--volume", f"{volume}:/var/lib/servicedesk"]  # noqa: S108  # fmt: skip
        try:
            config = json.loads(_run(env, "image", "inspect", "--format", "{{json .Config}}", TAG))
            assert config["User"] == "servicedesk:servicedesk"
            assert config["Healthcheck"]["Test"][-1].endswith("healthcheck.py")

            # Web and worker boot while the release step (migrations) runs with
            # the image on its empty database, as pods may start before a Job ends.
            web_health = ["--health-interval", "1s"]  # Docker's default waits 30 s
            _run(env, *run, "--detach", "--name", containers[0], *web_health, TAG, "web")
            _run(env, *run, "--detach", "--name", containers[1], TAG, "worker")
            migrated = _run(env, *run, "--rm", TAG, "release")
            assert "Applying tickets.0001_initial... OK" in migrated
            # An operator's first step: a desk and a category to file under.
            shell = ["python", "manage.py", "shell", "-c", MAKE_CATEGORY]
            category = _run(env, *run, "--rm", TAG, *shell)
            category_pk = category.strip().splitlines()[-1]
            wait_for_port(web_port, timeout=60)
            # Docker's own HEALTHCHECK (GET /healthz from inside) calls it healthy.
            _wait_healthy(env, containers[0])
            assert _run(env, "exec", containers[0], "id", "-u").strip() != "0"

            site = ProxiedSite(web_port)
            response, page = site.request("GET", "/requests/new/")
            assert response.status == 200, page[:2000]
            # Production settings (HSTS), compiled Dutch catalogs, collected static files.
            assert "max-age=" in response.headers["Strict-Transport-Security"]
            assert "Een aanvraag indienen" in page
            stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
            static_response, _ = site.request("GET", stylesheet)
            assert static_response.status == 200
            assert "max-age=315360000" in static_response.headers["Cache-Control"]

            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = {
                "csrfmiddlewaretoken": token,
                "name": "Guest In Container",
                "email": GUEST,
                "category": category_pk,
                "subject": "Printer on the second floor is offline",
                "description": "It shows error 49 since this morning.",
                "impact": str(Impact.JUST_ME),
                "urgency": str(Urgency.BLOCKS_MY_WORK),
            }
            response, page = site.request(
                "POST", "/requests/new/", body=urlencode(form).encode(),
                **{"Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"{site.origin}/requests/new/", "Origin": site.origin},
            )  # fmt: skip
            assert response.status == 302, page[:2000]
            assert response.headers["Location"].endswith("/requests/filed/")

            # The worker container sends the confirmation to the SMTP server.
            sink.wait_for(1, timeout=90)
            assert len(sink.messages) == 1, _run(env, "logs", "--tail", "60", containers[1])
            assert sink.envelopes[0][1] == [GUEST]
            reference = _reference_of(params, db_name, GUEST)
            assert reference in str(sink.messages[0]["Subject"])

            # /healthz saw the worker's heartbeat; gunicorn logged the filing to stdout.
            response, body = site.request("GET", "/healthz", Host="localhost")
            assert json.loads(body) == {
                "status": "ok", "database": "ok", "broker": "ok", "worker": "ok"
            }  # fmt: skip
            web_log = subprocess.run(
                [env["DOCKER"], "logs", containers[0]], env=env, capture_output=True, text=True
            )
            assert '"POST /requests/new/ HTTP/1.1" 302' in web_log.stdout + web_log.stderr
        finally:
            subprocess.run(
                [env["DOCKER"], "rm", "--force", "--volumes", *containers],
                env=env, capture_output=True,
            )  # fmt: skip
            subprocess.run([env["DOCKER"], "volume", "rm", volume], env=env, capture_output=True)
            _drop_database(params, db_name)
            broker.flushdb()


# --- the compose stack ---------------------------------------------------------


class BridgeSmtpSink(SmtpSink):
    """The test's SMTP server on the host's address of a Docker bridge network."""

    def __init__(self, host: str) -> None:
        super().__init__()
        self.host = host

    def start(self) -> "BridgeSmtpSink":
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    @property
    def email_url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


def _compose_command(env: dict[str, str]) -> list[str]:
    """docker-compose (v1, Debian's) or the ``docker compose`` plugin (v2)."""
    if binary := shutil.which("docker-compose"):
        return [binary]
    plugin = subprocess.run([env["DOCKER"], "compose", "version"], env=env, capture_output=True)
    if plugin.returncode == 0:
        return [env["DOCKER"], "compose"]
    pytest.fail("no compose: install Debian's docker-compose (scripts/test does)")


class Stack:
    """One compose project made from the repository's compose.yaml."""

    def __init__(self, env: dict[str, str], directory: Path, project: str) -> None:
        self.env = env
        self.directory = directory
        self.project = project
        files = ["-f", "compose.yaml", "-f", "compose.test.yaml"]
        self.command = [*_compose_command(env), "--project-name", project, *files]

    def run(self, *args: str, timeout: float = 600, check: bool = True) -> str:
        result = subprocess.run(
            [*self.command, *args], cwd=self.directory, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if check:
            assert result.returncode == 0, (
                f"compose {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}\n{self.logs()}"
            )
        return result.stdout

    def logs(self) -> str:
        result = subprocess.run(
            [*self.command, "logs", "--no-color", "--tail", "30"], cwd=self.directory,
            env=self.env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.stdout[-6000:]

    def containers(self) -> dict[str, dict]:
        """``docker inspect`` of each service's container, by service name."""
        ids = _run(
            self.env, "ps", "--all", "--quiet", "--filter",
            f"label=com.docker.compose.project={self.project}",
        ).split()  # fmt: skip
        inspected = json.loads(_run(self.env, "inspect", *ids)) if ids else []
        return {c["Config"]["Labels"]["com.docker.compose.service"]: c for c in inspected}

    def sql(self, query: str) -> str:
        return self.run(
            "exec", "-T", "postgres", "psql", "-U", "servicedesk", "-d", "servicedesk",
            "-tAc", query,
        ).strip()  # fmt: skip


def _service_images(env: dict[str, str]) -> dict[str, str]:
    """Local PostgreSQL and Redis images from Debian's packages (warm: seconds)."""
    built = subprocess.run(
        ["bash", "scripts/service-images"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-4000:]
    return dict(line.split("=", 1) for line in built.stdout.split())


def _wait_for_healthz(site: ProxiedSite, stack: Stack, timeout: float = 240) -> dict:
    """The portal answers /healthz with 200 once migrated, connected and up."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            response, body = site.request("GET", "/healthz", Host="localhost")
        except OSError as error:  # not listening yet, or the proxy's reset
            last = repr(error)
        else:
            if response.status == 200:
                return json.loads(body)
            last = f"{response.status} {body[:200]}"
        time.sleep(1)
    pytest.fail(f"/healthz never answered 200 (last: {last})\n{stack.logs()}")


def test_compose_stack_serves_the_portal_files_a_request_and_the_worker_mails_it(
    docker_env, tmp_path
):
    env = docker_env
    images = _service_images(env)
    assert set(images) == {"POSTGRES_IMAGE", "REDIS_IMAGE"}

    project = f"sdcompose{os.getpid()}"
    network = f"{project}_net"
    directory = tmp_path / "project"
    directory.mkdir()
    # The deployment's own compose file, unchanged; the override only puts the
    # stack on a network made here, whose host address the SMTP sink listens on.
    shutil.copy(ROOT / "compose.yaml", directory / "compose.yaml")
    (directory / "compose.test.yaml").write_text(
        f"networks:\n  default:\n    name: {network}\n    external: true\n"
    )
    stack = Stack(env, directory, project)
    web_port = free_port()
    _run(env, "network", "create", network)
    try:
        (ipam,) = json.loads(
            _run(env, "network", "inspect", "--format", "{{json .IPAM.Config}}", network)
        )
        with BridgeSmtpSink(ipam["Gateway"]) as sink:
            (directory / ".env").write_text(
                "\n".join(
                    [
                        f"SECRET_KEY={secrets.token_urlsafe(50)}",
                        f"POSTGRES_PASSWORD={secrets.token_urlsafe(16)}",
                        f"SERVICEDESK_IMAGE={TAG}",
                        *(f"{name}={image}" for name, image in images.items()),
                        f"WEB_PORT={web_port}",
                        f"EMAIL_URL={sink.email_url}",
                        "ALLOWED_HOSTS=127.0.0.1,localhost",
                        f"SITE_URL=https://127.0.0.1:{web_port}",
                        # The requests reach gunicorn through Docker's port proxy.
                        "FORWARDED_ALLOW_IPS=*",
                        "WEB_CONCURRENCY=2",
                        "CELERY_CONCURRENCY=1",
                    ]
                )
                + "\n"
            )
            # `up` makes the database, runs `migrate` to its end, then starts the rest.
            stack.run("up", "--detach", "--no-build")
            site = ProxiedSite(web_port)
            health = _wait_for_healthz(site, stack)
            assert health["database"] == health["broker"] == "ok"
            containers = stack.containers()
            migrate = containers.pop("migrate")["State"]
            assert (migrate["Status"], migrate["ExitCode"]) == ("exited", 0)
            running = {name for name, c in containers.items() if c["State"]["Running"]}
            assert running == {"web", "worker", "beat", "postgres", "redis"}, stack.logs()
            for service, variable in (("postgres", "POSTGRES_IMAGE"), ("redis", "REDIS_IMAGE")):
                assert containers[service]["Config"]["Image"] == images[variable]
            assert containers["web"]["Config"]["Image"] == TAG

            shell = ["python", "manage.py", "shell", "-c", MAKE_CATEGORY]
            category_pk = stack.run("exec", "-T", "web", *shell).strip().splitlines()[-1]
            response, page = site.request("GET", "/requests/new/")
            assert response.status == 200, page[:2000]
            assert "Een aanvraag indienen" in page
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = {
                "csrfmiddlewaretoken": token,
                "name": "Guest In Compose",
                "email": GUEST,
                "category": category_pk,
                "subject": "The beamer in room 2.14 shows no picture",
                "description": "Nothing on HDMI since the update.",
                "impact": str(Impact.JUST_ME),
                "urgency": str(Urgency.BLOCKS_MY_WORK),
            }
            response, page = site.request(
                "POST", "/requests/new/", body=urlencode(form).encode(),
                **{"Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"{site.origin}/requests/new/", "Origin": site.origin},
            )  # fmt: skip
            assert response.status == 302, page[:2000]
            assert response.headers["Location"].endswith("/requests/filed/")

            # The request is in the stack's own PostgreSQL; the worker container
            # sends its confirmation across the bridge to the SMTP sink.
            reference = stack.sql(GUEST_REFERENCE)
            assert reference
            sink.wait_for(1, timeout=90)
            assert len(sink.messages) == 1, stack.logs()
            assert sink.envelopes[0][1] == [GUEST]
            assert reference in str(sink.messages[0]["Subject"])

            # The worker's heartbeat reached /healthz through the stack's Redis;
            # beat runs beside it and has started its scheduler.
            response, body = site.request("GET", "/healthz", Host="localhost")
            assert json.loads(body)["worker"] == "ok", body
            beat_log = stack.run("logs", "--no-color", "beat")
            assert "beat: Starting" in beat_log, beat_log[-2000:]
    finally:
        # Nothing of the stack is kept, so no graceful stop is waited for.
        stack.run("kill", check=False)
        stack.run("down", "--volumes", "--remove-orphans", check=False)
        subprocess.run([env["DOCKER"], "network", "rm", network], env=env, capture_output=True)
