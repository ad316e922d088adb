"""Files on shared storage: uploads and exports through Django's storage API, on an
S3-compatible server started by the test (moto in server mode, over HTTP on loopback), and
local disk that never shows half a file."""

import io
import os
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from cddfund.storage import LocalStorage, s3_options
from imports import jobs as import_jobs
from imports.models import ImportJob, ImportStatus
from reports.models import Export, ExportStatus
from tests.factories import CentreFactory, OfficerFactory
from tests.test_imports import fixture_workbook

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def s3(settings):
    """An S3-compatible server on a free loopback port, with a bucket, as the default storage."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    environ = {
        "S3_BUCKET": "cddfund-files",
        "S3_ENDPOINT_URL": f"http://{host}:{port}",
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
    }
    options = s3_options(environ)
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )
    # The server keeps its state in this process: start from an empty store.
    urllib.request.urlopen(
        urllib.request.Request(f"{environ['S3_ENDPOINT_URL']}/moto-api/reset", method="POST")
    )
    client.create_bucket(Bucket=options["bucket_name"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield lambda: [
        o["Key"] for o in client.list_objects_v2(Bucket="cddfund-files").get("Contents", [])
    ]
    server.stop()


@pytest.mark.django_db
def test_an_uploaded_document_lands_on_the_object_store_and_comes_back_only_through_its_view(
    s3, client
):
    officer = OfficerFactory()
    centre = CentreFactory(by=officer)
    centre.regulations_file = SimpleUploadedFile("ระเบียบ.pdf", PDF)
    centre.save()
    [key] = s3()
    assert key == centre.regulations_file.name and key.endswith(".pdf")
    url = reverse("centre_regulations", args=[centre.pk])
    assert client.get(url).status_code == 302  # to log in
    client.force_login(officer)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    other = OfficerFactory(district_code="5710")
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_an_export_built_by_a_worker_is_kept_on_the_object_store(s3, client, run_jobs):
    central = OfficerFactory(role="central", district=None, province=None)
    client.force_login(central)
    client.post(reverse("export_start", args=["levels"]) + "?year=2568", {"extension": "xlsx"})
    run_jobs()
    export = Export.objects.get(user=central)
    assert export.status == ExportStatus.DONE
    assert s3() == [export.file.name]
    downloaded = b"".join(client.get(reverse("export_file", args=[export.pk])).streaming_content)
    assert downloaded[:4] == b"PK\x03\x04" and len(downloaded) == export.file.size


@pytest.mark.django_db
def test_an_import_reads_its_workbook_from_the_object_store(s3, households, accounts):
    job = ImportJob.objects.create(
        user=accounts["phan"],
        file=SimpleUploadedFile("registers.xlsx", fixture_workbook()),
        original_name="registers.xlsx",
    )
    assert s3() == [job.file.name]
    import_jobs.check(job.pk)
    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ImportStatus.CHECKED, 12)


class Interrupted(io.BytesIO):
    """A file whose reading fails after its first bytes, as a job stopped mid-write would."""

    def read(self, size=-1):
        if self.tell() > 0:
            raise OSError("stopped mid-write")
        return super().read(4)


def test_local_disk_never_shows_half_a_file(tmp_path):
    storage = LocalStorage(location=tmp_path)
    with pytest.raises(OSError):
        storage.save("exports/levels-2568.pdf", File(Interrupted(PDF)))
    assert not storage.exists("exports/levels-2568.pdf")  # nothing under the final name
    assert os.listdir(tmp_path / "exports") == []  # and nothing left behind
    name = storage.save("exports/levels-2568.pdf", ContentFile(PDF))
    assert storage.open(name).read() == PDF
    assert os.listdir(tmp_path / "exports") == ["levels-2568.pdf"]


def test_local_disk_never_overwrites_a_file_another_save_put_under_the_same_name(tmp_path):
    storage = LocalStorage(location=tmp_path)
    first = storage.save("exports/levels-2568.pdf", ContentFile(b"%PDF-1.4 first"))
    # A second save that chose the same free name a moment before the first put its file there.
    second = storage._save("exports/levels-2568.pdf", ContentFile(b"%PDF-1.4 second"))
    assert second != first
    assert storage.open(first).read() == b"%PDF-1.4 first"
    assert storage.open(second).read() == b"%PDF-1.4 second"
    assert sorted(os.listdir(tmp_path / "exports")) == sorted(
        [first.split("/")[-1], second.split("/")[-1]]
    )
