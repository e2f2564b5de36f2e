"""The application, with a count of the request body bytes it read: gunicorn serves this in the upload bench.

Each request appends "<Content-Length> <bytes read>" to the file named by
BENCH_READ_LOG. Django parses a form body before the view answers, so the
count is complete when the application returns its response.
"""

import os

from dhrqa.wsgi import application as django_application


class CountingInput:
    def __init__(self, stream):
        self.stream = stream
        self.read_bytes = 0

    def read(self, *args):
        return self._counted(self.stream.read(*args))

    def readline(self, *args):
        return self._counted(self.stream.readline(*args))

    def _counted(self, data):
        self.read_bytes += len(data)
        return data


def application(environ, start_response):
    counted = environ["wsgi.input"] = CountingInput(environ["wsgi.input"])
    try:
        return django_application(environ, start_response)
    finally:
        with open(os.environ["BENCH_READ_LOG"], "a") as log:
            log.write(f"{environ.get('CONTENT_LENGTH') or 0} {counted.read_bytes}\n")
