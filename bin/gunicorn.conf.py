"""gunicorn's settings for `make run` (bin/run-dev gives the address on the command line)."""

workers = 2
accesslog = "-"
# gunicorn's own format with the path alone where it logs the request line: a query string may hold the
# token of a link to choose a password, or a search for a pseudonym. Dockerfile and docker-compose.yml
# pass the same format (tests/dhrqa/test_access_log.py).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s"'
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl),
# so a second server on the same machine would take over the first one's and
# delete it when it stops. Nothing here uses the control interface.
control_socket_disable = True
