"""docker-compose.yml, as `docker-compose config` reads it (Debian's docker-compose checks it without an engine)."""

import os
import shutil
import subprocess

import pytest
import yaml
from django.conf import settings

APP_SERVICES = ["beat", "migrate", "web", "worker"]
S3_VARIABLES = ["DHRQA_S3_BUCKET", "DHRQA_S3_PREFIX", "DHRQA_S3_REGION", "DHRQA_S3_ENDPOINT_URL",
                "DHRQA_S3_ADDRESSING_STYLE", "DHRQA_S3_KMS_KEY_ID", "DHRQA_S3_ACL",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]


def compose_file(**env):
    """The whole file as docker-compose resolves it with `env` exported, and nothing else of this machine's."""
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose is not installed (Debian: apt-get install docker-compose; .ci/run does)"
    printed = subprocess.run(
        [compose, "-f", "docker-compose.yml", "config"], cwd=settings.BASE_DIR, check=True,
        capture_output=True, text=True, env={"PATH": os.environ["PATH"], **env},
    ).stdout
    return yaml.safe_load(printed)


def compose_config(**env):
    """Its services."""
    return compose_file(**env)["services"]


@pytest.fixture(scope="module")
def on_s3():
    return compose_config(DJANGO_SECRET_KEY="k", POSTGRES_PASSWORD="p", DHRQA_S3_BUCKET="dhrqa-files",
                          AWS_ACCESS_KEY_ID="AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY="secret", DHRQA_S3_ACL="")


def test_compose_s3_variables_reach_every_app_service_only_when_exported(on_s3):
    exported = {service: {name: on_s3[service]["environment"][name] for name in S3_VARIABLES}
                for service in APP_SERVICES}

    assert exported == {service: {
        "DHRQA_S3_BUCKET": "dhrqa-files", "DHRQA_S3_PREFIX": None, "DHRQA_S3_REGION": None,
        "DHRQA_S3_ENDPOINT_URL": None, "DHRQA_S3_ADDRESSING_STYLE": None, "DHRQA_S3_KMS_KEY_ID": None,
        "DHRQA_S3_ACL": "", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_SESSION_TOKEN": None,
    } for service in APP_SERVICES}


def test_compose_one_beat_and_workers_that_scale(on_s3):
    assert sorted(on_s3) == ["beat", "migrate", "postgres", "redis", "web", "worker"]
    assert on_s3["beat"]["command"][:4] == ["celery", "-A", "dhrqa", "beat"]
    assert on_s3["worker"]["command"][:4] == ["celery", "-A", "dhrqa", "worker"]
    # A fixed host port or container name would stop `--scale worker=3`.
    assert [key for key in ("ports", "container_name") if key in on_s3["worker"]] == []
    # The cache that counts the check page's callers is Redis, shared by every web container.
    assert on_s3["web"]["environment"]["CACHE_URL"] == "redis://redis:6379/2"


def test_compose_web_replicas_take_a_port_each_from_a_range():
    services = compose_config(DJANGO_SECRET_KEY="k", POSTGRES_PASSWORD="p", DHRQA_HTTP_PORT="8000-8002")

    assert services["web"]["ports"] == ["127.0.0.1:8000-8002:8000/tcp"]


def readme_restore_commands():
    """The shell lines of README.md's "Restoring under docker-compose", continuation lines joined."""
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme.split("### Restoring under docker-compose", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].split() for line in block.replace("\\\n", " ").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_compose_restore_steps_in_readme_name_services_and_volumes_that_exist():
    config = compose_file(DJANGO_SECRET_KEY="k", POSTGRES_PASSWORD="p")
    commands = readme_restore_commands()

    verbs = [words[1] for words in commands if words[0] == "docker-compose"]
    runs = [words for words in commands if words[:2] == ["docker-compose", "run"]]
    removed = next(words[3:] for words in commands if words[:3] == ["docker", "volume", "rm"])
    assert verbs == ["stop", "run", "down", "up", "exec", "run", "up"]
    assert next(words[2:] for words in commands if words[:2] == ["docker-compose", "stop"]) == ["web", "worker", "beat"]
    assert next(words[3:] for words in commands if words[:3] == ["docker-compose", "up", "-d"] and len(words) > 3) == [
        "postgres", "redis"]
    # The restore runs in the web service without its dependencies: `migrate` would make the database not empty.
    in_web = (["--rm", "--no-deps"], ["web", "python", "manage.py"])
    assert [(words[2:4], words[6:9]) for words in runs] == [in_web, in_web]
    assert runs[1][9] == "restore"
    assert [name.removeprefix("dhrqa_") for name in removed] == ["postgres-data", "private-files"]
    assert {"postgres-data", "private-files"} <= set(config["volumes"])
    assert "private-files:/data/private:rw" in [
        volume if isinstance(volume, str) else f"{volume['source']}:{volume['target']}:rw"
        for volume in config["services"]["web"]["volumes"]]
    assert config["services"]["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
