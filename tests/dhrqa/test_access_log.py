"""The web server's access log never holds a link's token: it logs paths without their query strings.

The links to choose a password carry their token in the query string
(dhrqa/password_links.py); bin/gunicorn.conf.py, the Dockerfile and
docker-compose.yml give gunicorn an access log format without it.
"""

import json
import re

import pytest
import requests
from django.conf import settings

from tests.gunicorn import running_gunicorn

CONFIG = settings.BASE_DIR / "bin" / "gunicorn.conf.py"
TOKEN = "Zm9vYmFyYmF6cXV1eC10aGlzLWlzLWEtdGVzdC10b2tlbg"


def configured_format():
    namespace = {}
    exec(CONFIG.read_text(), namespace)
    return namespace["access_log_format"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_access_log_has_the_path_without_the_token(tmp_path):
    log = tmp_path / "access.log"
    config = tmp_path / "gunicorn.conf.py"
    config.write_text(f"{CONFIG.read_text()}\naccesslog = {str(log)!r}\nworkers = 1\n")

    with running_gunicorn(config=config) as server:
        response = requests.get(f"{server.url}/invitation/?token={TOKEN}", allow_redirects=False, timeout=30,
                                headers={"User-Agent": "test-agent"})

    [line] = log.read_text().splitlines()
    assert (response.status_code, response.headers["Location"]) == (302, "/invitation/")
    assert re.sub(r"\[[^]]+\]", "[time]", line) == (
        '127.0.0.1 - - [time] "GET /invitation/ HTTP/1.1" 302 0 "-" "test-agent"')


def test_production_commands_use_the_configuration_and_its_access_log_format():
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    image = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)[1])
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    # The web service's command: a flow sequence of double-quoted strings, which is JSON too.
    web = json.loads(re.search(r'^\s*command: (\["gunicorn".*\])$', compose, re.MULTILINE)[1])

    # Both read bin/gunicorn.conf.py, and neither sets a format of its own over it.
    assert [command[command.index("--config") + 1] for command in (image, web)] == ["bin/gunicorn.conf.py"] * 2
    assert [option for command in (image, web) for option in command if option.startswith("--access-log")] == []
    assert "%(r)s" not in configured_format() and "%(q)s" not in configured_format()
