"""gunicorn's configuration for the portal (``gunicorn servicedesk.wsgi``).

gunicorn reads this file from the working directory by itself. Every knob a
deployer turns comes from the environment, so the same file serves the
Procfile trial on one host, the container image and Kubernetes:

* ``PORT`` (8000) and ``HOST`` (0.0.0.0), or ``GUNICORN_BIND`` for anything else.
* ``WEB_CONCURRENCY``: worker processes. Default: 2 x usable CPUs + 1, the
  usual rule for a sync, database-bound Django app; set it explicitly in a
  container, where the CPUs seen are the node's, not the pod's limit.
* ``GUNICORN_THREADS`` (1): more than one makes each worker a thread pool
  (gthread), which helps when requests wait on slow I/O.
* ``GUNICORN_TIMEOUT`` (30 s): a worker silent that long is killed and
  replaced; ``GUNICORN_GRACEFUL_TIMEOUT`` (30 s): how long requests in flight
  may finish after SIGTERM or a reload (SIGHUP) before workers are killed.
* ``GUNICORN_MAX_REQUESTS`` (10000) with ``GUNICORN_MAX_REQUESTS_JITTER``
  (1000): a worker is recycled after that many requests, so a slow leak never
  grows without bound; the jitter keeps workers from restarting together.
  A new worker imports Django and every app again (about 1.5 s of CPU
  without ``preload_app``): at 1000 that was 1.5 ms per request, a fifth
  of a page's cost, and a worker restarting every 15 s under load put those
  seconds into the p99 (issue 23). At 10000 it is 0.15 ms.
* ``FORWARDED_ALLOW_IPS`` (127.0.0.1,::1): the proxies whose
  ``X-Forwarded-*`` headers gunicorn trusts; set it to the load balancer's
  addresses (``*`` only when nothing but the proxy can reach the port).
* ``GUNICORN_PRELOAD`` (1): see ``preload_app`` below.

Access and error logs go to stdout/stderr, one line per request, for the
container runtime or the process manager to collect.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _usable_cpus() -> int:
    """CPUs this process may run on (respects a cpuset, unlike cpu_count())."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "servicedesk.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '0.0.0.0')}:{_int('PORT', 8000)}"  # noqa: S104 - a server's job
)
workers = _int("WEB_CONCURRENCY", 2 * _usable_cpus() + 1)
threads = _int("GUNICORN_THREADS", 1)
# gunicorn switches a "sync" worker to gthread by itself when threads > 1.
worker_class = "gthread" if threads > 1 else "sync"

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than a typical load balancer's idle timeout is not needed: the proxy
# in front keeps the client connections; this only saves reconnects to it.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The workers' heartbeat files live in memory: on a disk-backed or overlay
# /tmp a slow fsync can make gunicorn believe a healthy worker hung.
if os.path.isdir("/dev/shm"):  # noqa: S108 - a tmpfs, the place gunicorn's docs name
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# preload_app is on by default: Django and every view are loaded once in the
# master (pre_fork below also loads the URLconf and freezes the garbage
# collector's view of it) and the workers share those pages. Measured through
# the shared harness (gunicorn -w 4, wrk c=32, 1,000,000 requests, 8 pages):
# 87 MB resident per worker after the run, against 100 MB without preloading;
# a worker recycled by max_requests forks from the master instead of
# importing everything again. The price: SIGHUP (a "graceful reload")
# restarts the workers on the code the master loaded, so a deploy restarts
# the whole process (a new container, ``systemctl restart``, honcho's
# restart), which every deployment described in the README does. Anything
# opened while loading would be shared by every fork: the portal opens its
# database, Redis and broker connections lazily, and pre_fork closes any
# database connection the master made. GUNICORN_PRELOAD=0 turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").lower() in {"1", "true", "yes", "on"}


def pre_fork(server, worker) -> None:
    """With preload_app: finish loading in the master and freeze it, once, before forking.

    The master has imported the WSGI app. The URLconf (every view module) is
    loaded here too, so the workers share it instead of each importing it
    with its first request. ``gc.freeze()`` moves everything loaded so far
    out of the collector's reach: a collection in a worker then no longer
    writes to those objects' headers, each such write costing the worker a
    private copy of a page it shared. Connections opened meanwhile are
    closed, so no worker inherits a socket.
    """
    if not server.cfg.preload_app or getattr(pre_fork, "done", False):
        return
    import gc

    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    connections.close_all()
    gc.collect()
    gc.freeze()
    pre_fork.done = True


accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Combined log format plus the time taken (microseconds) and the forwarded client.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    '%(D)sus fwd="%({x-forwarded-for}i)s" rid=%({x-request-id}o)s'
)


def child_exit(server, worker) -> None:
    """Forget a finished worker's Prometheus files (multiprocess mode, servicedesk/metrics.py).

    Without this, /metrics keeps adding up the gauges of workers that are gone.
    """
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


proc_name = "servicedesk-web"
