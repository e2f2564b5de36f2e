"""gunicorn's settings, for production (docker-compose.yml, the Dockerfile) and `make run` alike.

The address comes from the command line. Each worker process serves with
threads: a client that sends its request slowly holds one thread, not a
whole worker, and dhrqa/gunicorn_worker.py cuts it off once it is too slow
(the head within DHRQA_CLIENT_HEAD_SECONDS, each read of a body within
DHRQA_CLIENT_IDLE_SECONDS). tests/dhrqa/test_gunicorn_worker.py starts gunicorn
with this file and trickling clients, and times a page meanwhile.
"""

import os

# Two processes per core on the 2-core box the service runs on: a letter being signed or a file
# being checked holds a core, while the threads mostly wait on Postgres and on clients.
workers = int(os.environ.get("DHRQA_WEB_WORKERS") or 3)
worker_class = "dhrqa.gunicorn_worker.TimedThreadWorker"
threads = int(os.environ.get("DHRQA_WEB_THREADS") or 8)
# With threads, a worker whose main loop stops answering for this long is restarted: a busy
# thread does not stop it, so this is not a limit on a request.
timeout = 60
# Seconds an idle kept-alive connection waits in the poller, holding no thread.
keepalive = 5
accesslog = "-"
# gunicorn's own format with the path alone where it logs the request line: a query string may hold the
# token of a link to choose a password, or a search for a pseudonym. Dockerfile and docker-compose.yml
# pass the same format (tests/dhrqa/test_access_log.py).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s"'
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl),
# so a second server on the same machine would take over the first one's and
# delete it when it stops. Nothing here uses the control interface.
control_socket_disable = True

