"""A real S3-compatible server for tests: moto in server mode on 127.0.0.1 at a free port, in a process of its own.

`object_storage` points private storage at a fresh bucket on it, in this
process (through settings, as production's DHRQA_S3_* variables would) and
in any worker a test starts (through the environment tests/worker.py passes
on). tests/conftest.py offers both fixtures to every test.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import environ
import pytest
from botocore.config import Config

from dhrqa.settings import object_storage as object_storage_settings
from tests.smtp import free_port

REGION = "eu-west-2"
PREFIX = "private"
START_SECONDS = 30


class S3Server:
    """`moto_server` on 127.0.0.1; it keeps every bucket in memory, so stopping it forgets them."""

    def __init__(self):
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=1):
                    return self
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"moto_server did not start on port {self.port}") from None
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def environment(self, bucket):
        """The variables that send private storage to `bucket` on this server, as production sets them."""
        return {
            "DHRQA_S3_BUCKET": bucket,
            "DHRQA_S3_ENDPOINT_URL": self.endpoint_url,
            "DHRQA_S3_REGION": REGION,
            "DHRQA_S3_PREFIX": PREFIX,
            "DHRQA_S3_ADDRESSING_STYLE": "path",
            # moto takes any keys; django-storages reads these from the environment, as on a machine without a role.
            "AWS_ACCESS_KEY_ID": "test-access-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret-key",
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name=REGION, aws_access_key_id="test-access-key",
            aws_secret_access_key="test-secret-key", config=Config(s3={"addressing_style": "path"}),
        )


@dataclass
class Bucket:
    """The test's bucket, read with boto3 directly rather than through the storage under test."""

    client: object
    name: str

    def keys(self):
        """Every key in the bucket, sorted."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def read(self, name):
        """The bytes stored for `name`, a private-storage name."""
        return self.client.get_object(Bucket=self.name, Key=f"{PREFIX}/{name}")["Body"].read()

    def write(self, name, data):
        """Replace the bytes stored for `name`, as damage or tampering in the store would."""
        self.client.put_object(Bucket=self.name, Key=f"{PREFIX}/{name}", Body=data)

    def head(self, name):
        return self.client.head_object(Bucket=self.name, Key=f"{PREFIX}/{name}")

    def grants(self, name):
        """(grantee type, permission) of each grant on the object."""
        acl = self.client.get_object_acl(Bucket=self.name, Key=f"{PREFIX}/{name}")
        return [(grant["Grantee"]["Type"], grant["Permission"]) for grant in acl["Grants"]]


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def object_storage(s3_server, settings, monkeypatch):
    """Private storage in a new, empty bucket on the S3 server, here and in any worker this test starts."""
    bucket = Bucket(client=s3_server.client(), name=f"dhrqa-test-{uuid.uuid4().hex[:16]}")
    bucket.client.create_bucket(Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for name, value in s3_server.environment(bucket.name).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "private": object_storage_settings(environ.Env())}
    return bucket
