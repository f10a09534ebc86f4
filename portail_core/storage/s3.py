"""Files in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Garage, OVH, Scaleway…).

boto3 is the reference client of the S3 protocol, maintained by AWS and spoken by every
compatible store; it is an optional dependency (``pip install portail-core[s3]``).
Credentials follow boto3's own chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a
profile, an instance role): none is ever read from the ini file.

Settings (environment variables win, see :mod:`portail_core.settings`)::

    portail.files_backend = s3                        # PORTAIL_FILES_BACKEND
    portail.files_s3.bucket = portail-fichiers        # PORTAIL_S3_BUCKET (required)
    portail.files_s3.endpoint_url = https://s3.example.net   # PORTAIL_S3_ENDPOINT_URL
    portail.files_s3.region = eu-west-3               # PORTAIL_S3_REGION
    portail.files_s3.prefix = portail/                # a folder of the bucket (optional)
"""

from portail_core.storage.base import FileStore, check_key, new_key


class S3FileStore(FileStore):
    def __init__(self, bucket, prefix="", client=None, **client_options):
        if not bucket:
            raise ValueError("portail.files_s3.bucket (or PORTAIL_S3_BUCKET) must name a bucket")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client or self._client(**client_options)

    @staticmethod
    def _client(endpoint_url=None, region=None):
        import boto3
        from botocore.config import Config

        config = Config(retries={"max_attempts": 5, "mode": "standard"})
        return boto3.client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None, config=config
        )

    @classmethod
    def from_settings(cls, settings):
        return cls(
            settings.get("portail.files_s3.bucket", ""),
            prefix=settings.get("portail.files_s3.prefix", ""),
            endpoint_url=settings.get("portail.files_s3.endpoint_url"),
            region=settings.get("portail.files_s3.region"),
        )

    def _name(self, key):
        return self.prefix + check_key(key)

    def put(self, tenant_id, data: bytes) -> str:
        key = new_key(tenant_id)
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)
        return key

    def read(self, key) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(key) from None
        return answer["Body"].read()

    def delete(self, key):
        # S3 answers a DELETE of a missing object with success: nothing to check.
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def delete_older_than(self, prefix, timestamp):
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}{prefix.strip('/')}/"
        )
        for page in pages:
            old = [
                {"Key": item["Key"]}
                for item in page.get("Contents", [])
                if item["LastModified"].timestamp() < timestamp
            ]
            if old:  # at most 1,000 per page, the limit of one DeleteObjects call
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": old})
