"""multipart/form-data bodies built by hand, as a browser or a hostile client sends them.

Django's test client cleans a file's name before sending it (it keeps only the
basename), so tests that need the name exactly as sent build the body here.
"""

BOUNDARY = "dhrqa-test-boundary"


def multipart_body(fields=(), files=()):
    """(body, content type) for `fields` [(name, value)] then `files` [(field, file name, bytes)].

    File names go into the Content-Disposition header as given, encoded as
    UTF-8 with only `"` escaped, as Chromium sends them.
    """
    parts = []
    for name, value in fields:
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode() + b"\r\n"
        )
    for field, file_name, content in files:
        quoted = file_name.replace('"', '\\"')
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{quoted}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
        )
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return body, f"multipart/form-data; boundary={BOUNDARY}"
