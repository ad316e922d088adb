"""Where uploads and exports are kept, through Django's storage API only (no code opens a path
of its own), and never at a public URL: every file is sent by the scoped view of its record.

- Local disk by default (``make run``, one machine): ``LocalStorage`` writes a file under a
  temporary name beside its final one and links it in place when complete, so no reader ever
  meets half a file and no file is ever overwritten.
- Production with ``S3_BUCKET`` set: an S3-compatible object store (MinIO, Ceph, a cloud's)
  through django-storages, private, shared by every web server and worker (``s3_options``).
"""

import contextlib
import os
import shutil
import tempfile
import uuid

from django.core.files.storage import FileSystemStorage


class LocalStorage(FileSystemStorage):
    def _save(self, name, content):
        partial = f"{name}.partial-{uuid.uuid4().hex}"
        try:
            partial = super()._save(partial, content)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(partial))
            raise
        # Put in place only under a name nobody holds (a hard link fails on an existing name, as
        # Django's own exclusive create does): two saves racing for one name never overwrite.
        while True:
            try:
                os.link(self.path(partial), self.path(name))
                break
            except FileExistsError:
                name = self.get_available_name(name)
        os.remove(self.path(partial))
        return name


def s3_options(environ=os.environ) -> dict:
    """django-storages' S3 options from the environment: the bucket (``S3_BUCKET``), the server
    (``S3_ENDPOINT_URL``, empty for AWS), its keys and region. Objects are private (no ACL), never
    overwritten, and reached only with signed requests."""
    return {
        "bucket_name": environ["S3_BUCKET"],
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID"),
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY"),
        "region_name": environ.get("S3_REGION", "us-east-1"),
        "addressing_style": "path",  # MinIO and Ceph serve buckets by path
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "location": environ.get("S3_PREFIX", ""),
    }


@contextlib.contextmanager
def local_path(stored):
    """A path on this machine to read ``stored`` (a FieldFile) from: its own file on local disk,
    else a temporary copy (an object store), removed afterwards."""
    try:
        path = stored.path
    except NotImplementedError:  # not on this machine's disk
        path = None
    if path:
        yield path
        return
    suffix = os.path.splitext(stored.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with stored.open("rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield copy.name
