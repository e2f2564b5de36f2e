"""gunicorn's settings for `make run` (bin/run-dev gives the address on the command line)."""

workers = 2
accesslog = "-"
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl),
# so a second server on the same machine would take over the first one's and
# delete it when it stops. Nothing here uses the control interface.
control_socket_disable = True
