"""Lambda cold start of the upload handler: import plus first answer, in fresh processes.

    python benchmarks/lambda_cold_start.py [--runs 15]

For each scenario, each run starts a new interpreter (as a new Lambda execution
environment does), imports the handler module and answers one API Gateway 2.0 event;
the time from before the import to the answer is measured inside the process, and the
whole process (interpreter start included) from outside.

- ``sigv4presign``: handler ``sigv4presign.uploads.lambda_handler`` answering
  ``GET /s3/params`` (a POST form with content-length-range and a pinned type) or
  ``GET /s3/multipart/{id}/1`` (a presigned UploadPart PUT).
- ``boto3``: the usual hand-written handler: ``boto3.client("s3")`` at module level,
  then ``generate_presigned_post`` with the same conditions, or
  ``generate_presigned_url("upload_part")``.

Nothing is sent anywhere: both only sign. Not a test.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_REGION": "eu-west-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "SIGV4PRESIGN_BUCKET": "my-upload-bucket",
    "SIGV4PRESIGN_MAX_SIZE": "10485760",
}

EVENT = """
def event(path, query):
    return {"version": "2.0", "rawPath": path, "rawQueryString": query, "headers": {},
            "requestContext": {"http": {"method": "GET", "path": path, "sourceIp": "192.0.2.1"},
                               "stage": "$default"}, "isBase64Encoded": False}
KEY = "uploads/" + "0" * 32 + "/movie.mp4"
"""

OURS = EVENT + """
import time
t0 = time.perf_counter()
from sigv4presign.uploads import lambda_handler
if SCENARIO == "post":
    answer = lambda_handler(event("/s3/params", "filename=cat.png&type=image%2Fpng"), None)
else:
    answer = lambda_handler(event("/s3/multipart/UPLOADID/1", "key=" + KEY.replace("/", "%2F")), None)
t1 = time.perf_counter()
assert answer["statusCode"] == 200, answer
print(t1 - t0)
"""

BOTO3 = EVENT + """
import time
t0 = time.perf_counter()
import json, os, uuid
import boto3
s3 = boto3.client("s3", region_name=os.environ["AWS_REGION"])
BUCKET = os.environ["SIGV4PRESIGN_BUCKET"]

def handler(event, context):
    query = dict(p.split("=", 1) for p in event["rawQueryString"].split("&"))
    if event["rawPath"] == "/s3/params":
        key = "uploads/%s/%s" % (uuid.uuid4().hex, query["filename"])
        form = s3.generate_presigned_post(
            BUCKET, key, Fields={"Content-Type": "image/png"},
            Conditions=[{"Content-Type": "image/png"}, ["content-length-range", 0, 10485760]],
            ExpiresIn=900)
        body = {"method": "POST", "url": form["url"], "fields": form["fields"], "expires": 900}
    else:
        url = s3.generate_presigned_url(
            "upload_part", Params={"Bucket": BUCKET, "Key": KEY, "UploadId": "UPLOADID", "PartNumber": 1},
            ExpiresIn=900)
        body = {"url": url, "expires": 900}
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}

if SCENARIO == "post":
    answer = handler(event("/s3/params", "filename=cat.png&type=image%2Fpng"), None)
else:
    answer = handler(event("/s3/multipart/UPLOADID/1", "key=x"), None)
t1 = time.perf_counter()
assert answer["statusCode"] == 200, answer
print(t1 - t0)
"""


def one(code: str, scenario: str) -> "tuple[float, float]":
    env = dict(os.environ, **ENV)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", "SCENARIO = %r\n" % scenario + code],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    wall = time.perf_counter() - started
    return float(out.strip().splitlines()[-1]), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print("Python %s, %d runs each; milliseconds (median, min)" % (sys.version.split()[0], args.runs))
    print("%-14s %-10s %22s %22s" % ("handler", "answer", "import + first answer", "whole process"))
    results = {}
    for scenario, label in (("post", "POST form"), ("put", "UploadPart PUT")):
        for name, code in (("sigv4presign", OURS), ("boto3", BOTO3)):
            one(code, scenario)  # warm the file cache (a Lambda image is on local disk too)
            inner, wall = zip(*(one(code, scenario) for _ in range(args.runs)))
            results[(name, scenario)] = statistics.median(inner)
            print("%-14s %-10s %13.1f (%5.1f) %14.1f (%5.1f)" % (
                name, label[:10], statistics.median(inner) * 1000, min(inner) * 1000,
                statistics.median(wall) * 1000, min(wall) * 1000))
    for scenario in ("post", "put"):
        print("boto3 / sigv4presign, %s: %.1fx" % (scenario, results[("boto3", scenario)] / results[("sigv4presign", scenario)]))
    print(json.dumps({"%s-%s" % k: round(v * 1000, 1) for k, v in results.items()}))


if __name__ == "__main__":
    main()
