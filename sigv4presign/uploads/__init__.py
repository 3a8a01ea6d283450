"""The upload service: a signing endpoint that Uppy (``@uppy/aws-s3``) speaks to, as a
WSGI app (:func:`make_app`) and a Lambda handler (:func:`lambda_handler`).

Standard library only, and never imported by ``import sigv4presign``. The browser asks
for permission, the app checks who asks (``authorize``), mints the object key and
returns a presigned POST form, PUT URL or multipart part URLs; the bytes go straight
to S3. Modules: :mod:`.keys` (key minting and checking), :mod:`.grants` (the request
view, grants and limits), :mod:`.store` (presigning and the server's own S3 calls),
:mod:`.contract` (the Companion S3 endpoints and ``/s3/presign``), :mod:`.web` (JSON,
body, CORS), :mod:`.app` (the WSGI app), :mod:`.aws_lambda` (Lambda events),
:mod:`.demo` (the page of ``sigv4presign serve --demo``).
"""

from .app import UploadService, make_app
from .aws_lambda import lambda_handler, make_lambda_handler
from .grants import Grant, UploadRequest

__all__ = ["Grant", "UploadRequest", "UploadService", "lambda_handler", "make_app", "make_lambda_handler"]
