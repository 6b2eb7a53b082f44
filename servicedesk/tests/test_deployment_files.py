"""The deployment files hold together: gunicorn's config, the Procfile, compose, Kubernetes.

No cluster runs here (kubeconform is not available), so the manifests are
parsed and checked for what a cluster would refuse or silently get wrong:
selectors that miss their pods, probes on the wrong port, a second beat, a
Secret or ConfigMap that no file defines. gunicorn's config is read by
gunicorn's own loader; compose by ``docker-compose config`` (Debian's
docker-compose, installed by scripts/test) when it is installed.
"""

import os
import re
import shutil
import subprocess

import pytest
import yaml
from gunicorn.app.base import Application
from gunicorn.config import Config

from core.testing.processes import ROOT

KUBERNETES = ROOT / "deploy" / "kubernetes"


def _documents() -> list[dict]:
    documents = []
    for path in sorted(KUBERNETES.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        documents += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return documents


def _by_kind(kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in _documents() if doc["kind"] == kind}


def _gunicorn_config(monkeypatch, **env: str | None):
    """gunicorn's own reading of gunicorn.conf.py (its loader and validators) under ``env``."""
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    probe = Application.__new__(Application)  # no command line to parse
    probe.cfg = Config()
    probe.load_config_from_file(str(ROOT / "gunicorn.conf.py"))
    return probe.cfg


def test_gunicorn_takes_workers_threads_and_proxies_from_the_environment(monkeypatch):
    config = _gunicorn_config(
        monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="4", PORT="9123", HOST="127.0.0.1",
        FORWARDED_ALLOW_IPS="10.0.0.1", GUNICORN_TIMEOUT="45", GUNICORN_BIND=None,
    )  # fmt: skip
    assert config.workers == 3
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.bind == ["127.0.0.1:9123"]
    assert config.forwarded_allow_ips == ["10.0.0.1"]
    assert config.timeout == 45
    assert config.graceful_timeout == 30
    assert (config.max_requests, config.max_requests_jitter) == (10000, 1000)
    assert config.accesslog == "-"
    assert config.preload_app is True


def test_gunicorn_defaults_to_sync_workers_by_cpu_count_on_port_8000(monkeypatch):
    names = ["WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT", "HOST", "GUNICORN_BIND"]
    config = _gunicorn_config(monkeypatch, **dict.fromkeys(names))
    assert config.workers == 2 * len(os.sched_getaffinity(0)) + 1
    assert config.worker_class_str == "sync"
    assert config.bind == ["0.0.0.0:8000"]


def test_procfile_names_web_worker_beat_and_the_release_step():
    # The image's entrypoint runs these lines (the container test starts
    # web, worker and release through it); honcho runs web, worker and beat.
    procfile = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )  # fmt: skip
    assert set(procfile) == {"web", "worker", "beat", "release"}
    assert procfile["web"].split()[:3] == ["gunicorn", "--config", "gunicorn.conf.py"]
    assert "celery -A servicedesk worker" in procfile["worker"]
    assert "celery -A servicedesk beat" in procfile["beat"]
    assert procfile["release"].strip() == "python manage.py migrate --noinput"


def test_kubernetes_manifests_hang_together():
    deployments = _by_kind("Deployment")
    config_maps, secrets = _by_kind("ConfigMap"), _by_kind("Secret")
    claims = _by_kind("PersistentVolumeClaim")
    assert set(deployments) == {"servicedesk-web", "servicedesk-worker", "servicedesk-beat"}
    for doc in _documents():
        assert doc["apiVersion"] and doc["kind"] and doc["metadata"]["name"]

    pod_specs = {name: d["spec"]["template"]["spec"] for name, d in deployments.items()}
    (job,) = _by_kind("Job").values()
    pod_specs["job"] = job["spec"]["template"]["spec"]
    for name, deployment in deployments.items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items(), name
    for name, spec in pod_specs.items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        mounts = set()
        for container in spec["containers"]:
            assert container["image"] == "servicedesk", name
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            for source in container["envFrom"]:
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in config_maps, name
                else:
                    assert source["secretRef"]["name"] in secrets, name
            mounts |= {mount["name"] for mount in container.get("volumeMounts", [])}
        volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
        assert mounts == set(volumes), name
        for volume in volumes.values():
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims, name

    assert pod_specs["job"]["containers"][0]["args"] == ["release"]
    assert pod_specs["job"]["restartPolicy"] == "Never"
    assert [c["args"] for c in pod_specs["servicedesk-worker"]["containers"]] == [["worker"]]
    beat = deployments["servicedesk-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    assert [c["args"] for c in pod_specs["servicedesk-beat"]["containers"]] == [["beat"]]

    (web,) = pod_specs["servicedesk-web"]["containers"]
    assert web["args"] == ["web"]
    port_names = {port["name"] for port in web["ports"]}
    allowed_hosts = next(iter(config_maps.values()))["data"]["ALLOWED_HOSTS"].split(",")
    for probe in ("readinessProbe", "livenessProbe"):
        get = web[probe]["httpGet"]
        assert get["path"] == "/healthz"
        assert get["port"] in port_names
        # Django answers 400 to a Host outside ALLOWED_HOSTS: the probe names one.
        assert {"name": "Host", "value": allowed_hosts[0]} in get["httpHeaders"]
    (service,) = _by_kind("Service").values()
    web_labels = deployments["servicedesk-web"]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= web_labels.items()
    assert service["spec"]["ports"][0]["targetPort"] in port_names

    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert all((KUBERNETES / name).exists() for name in listed)
    # Every manifest is applied, except the Secret, which is only an example.
    on_disk = {p.name for p in KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}
    assert on_disk - listed == {"secret.example.yaml"}


def test_compose_file_runs_the_procfile_processes_with_postgres_and_redis(tmp_path):
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "migrate", "postgres", "redis"} <= set(services)
    for process in ("web", "worker", "beat"):
        assert services[process]["command"] == [process]
        assert services[process]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["migrate"]["command"] == ["release"]
    # Every variable compose.yaml reads is documented in .env.example or has a default.
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, re.MULTILINE))
    for name, default in re.findall(
        r"\$\{([A-Z_]+)(:?[-?][^}]*)?\}", (ROOT / "compose.yaml").read_text()
    ):
        assert name in documented or default.startswith(":-"), name

    compose_binary = shutil.which("docker-compose")
    if compose_binary is None:
        pytest.skip("docker-compose is not installed; scripts/test installs it")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "compose.yaml", project / "compose.yaml")
    env_file = example.replace("SECRET_KEY=\n", "SECRET_KEY=x\n")
    env_file = env_file.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=pw\n")

    def resolved_with(env_text: str) -> dict:
        (project / ".env").write_text(env_text)
        result = subprocess.run(
            [compose_binary, "-f", "compose.yaml", "config"],
            cwd=project, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return yaml.safe_load(result.stdout)["services"]

    resolved = resolved_with(env_file)
    assert resolved["web"]["environment"]["DATABASE_URL"] == (
        "postgres://servicedesk:pw@postgres:5432/servicedesk"
    )
    assert (resolved["postgres"]["image"], resolved["redis"]["image"]) == ("postgres:15", "redis:7")
    # What `bash scripts/service-images >> .env` appends: the local images.
    local = "POSTGRES_IMAGE=servicedesk/postgres:15\nREDIS_IMAGE=servicedesk/redis:7\n"
    resolved = resolved_with(env_file + local)
    assert (resolved["postgres"]["image"], resolved["redis"]["image"]) == (
        "servicedesk/postgres:15", "servicedesk/redis:7"
    )  # fmt: skip
