#!/usr/bin/env python3
"""Generates sigv4_vectors.json: SigV4 signatures computed by botocore, an independent signer.

Run:  python3 Tests/R2ClientTests/Fixtures/make_sigv4_vectors.py > Tests/R2ClientTests/Fixtures/sigv4_vectors.json
(botocore is installed system-wide; the output is deterministic and committed.)

The first cases are AWS's published S3 examples (docs.aws.amazon.com/AmazonS3/latest/API/
sig-v4-header-based-auth.html and sigv4-query-string-auth.html), so the fixture also proves that
botocore reproduces them. The rest are the keys this package really stores: `//` (empty segments
are real, S3 and R2 must not normalise them), spaces, `+`, `~`, unicode, reserved characters,
path-style and virtual-host hosts, R2's region `auto`, conditional PUT headers, ListObjectsV2
query parameters that need encoding, and presigned GET/PUT.

botocore's S3 signer signs the path it is given without normalising it, so each case's path is
the key encoded once with the RFC 3986 unreserved set (`urllib.parse.quote(path, safe="/~")`);
the Swift tests check that their own encoder produces the same `encodedPath` before signing.
"""

import datetime
import hashlib
import json
import sys
from unittest import mock
from urllib.parse import quote

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
NOW = datetime.datetime(2013, 5, 24, 0, 0, 0)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def encode_path(raw_path):
    return quote(raw_path, safe="/~")


def header_case(name, method, host, raw_path, headers, region="us-east-1", query=(), body=b""):
    """Signs one request with botocore's S3SigV4Auth (header auth)."""
    encoded_path = encode_path(raw_path)
    request = AWSRequest(method=method, url=f"https://{host}{encoded_path}", data=body)
    request.params = dict(query) if query else {}
    for k, v in headers:
        request.headers[k] = v
    request.headers["Host"] = host
    # botocore's add_auth() would rewrite a Date header and drop X-Amz-Date (AWS's PUT example
    # signs both), so set the two SigV4 headers here and run botocore's canonicalisation and
    # signing steps directly: canonical_request -> string_to_sign -> signature.
    request.headers["X-Amz-Date"] = NOW.strftime(botocore.auth.SIGV4_TIMESTAMP)
    request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    request.context["timestamp"] = NOW.strftime(botocore.auth.SIGV4_TIMESTAMP)
    auth = botocore.auth.S3SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", region)
    canonical = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical)
    signature = auth.signature(string_to_sign, request)
    signed_headers = auth.signed_headers(auth.headers_to_sign(request))
    authorization = (
        f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{auth.credential_scope(request)}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )
    sent = [[k, v] for k, v in request.headers.items()]
    return {
        "name": name,
        "method": method,
        "host": host,
        "region": region,
        "rawPath": raw_path,
        "encodedPath": encoded_path,
        "query": [list(p) for p in query],
        "headers": sent,
        "payloadSHA256": request.headers["X-Amz-Content-SHA256"],
        "canonicalRequest": canonical,
        "stringToSign": string_to_sign,
        "authorization": authorization,
        "signature": signature,
    }


def presigned_case(name, method, host, raw_path, expires, region="us-east-1"):
    """Presigns one request with botocore's S3SigV4QueryAuth (UNSIGNED-PAYLOAD, host only)."""
    encoded_path = encode_path(raw_path)
    request = AWSRequest(method=method, url=f"https://{host}{encoded_path}")
    request.headers["Host"] = host
    auth = botocore.auth.S3SigV4QueryAuth(
        Credentials(ACCESS_KEY, SECRET_KEY), "s3", region, expires=expires
    )
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        auth.add_auth(request)
    url = request.url
    return {
        "name": name,
        "method": method,
        "host": host,
        "region": region,
        "rawPath": raw_path,
        "encodedPath": encoded_path,
        "expires": expires,
        "url": url,
        "signature": url.rsplit("X-Amz-Signature=", 1)[1],
    }


def main():
    aws_host = "examplebucket.s3.amazonaws.com"
    body = b"Welcome to Amazon S3."
    header_cases = [
        # AWS example "GET Object" (expected f0e8bdb8...).
        header_case("aws GET object with range", "GET", aws_host, "/test.txt",
                    [("Range", "bytes=0-9")]),
        # AWS example "PUT Object" (expected 98ad7217...); the example signs the Date header.
        header_case("aws PUT object", "PUT", aws_host, "/test$file.text",
                    [("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                     ("x-amz-storage-class", "REDUCED_REDUNDANCY")], body=body),
        # AWS example "GET Bucket Lifecycle" (expected fea454ca...).
        header_case("aws GET bucket lifecycle", "GET", aws_host, "/", [],
                    query=[("lifecycle", "")]),
        # AWS example "Get Bucket (List Objects)" (expected 34b48302...).
        header_case("aws list objects", "GET", aws_host, "/", [],
                    query=[("max-keys", "2"), ("prefix", "J")]),
        # Keys this package stores: path-style against a local server and R2.
        header_case("double slash chunk key path-style", "GET", "127.0.0.1:18300",
                    "/seiscache/data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_20251101.bin.zst", []),
        header_case("double slash chunk key on R2", "PUT",
                    "0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
                    "/seiscache/data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_20251101.bin.zst",
                    [("Content-Type", "application/zstd"),
                     ("Cache-Control", "public, max-age=31536000, immutable"),
                     ("If-None-Match", "*")],
                    region="auto", body=b"\x28\xb5\x2f\xfd chunk bytes"),
        header_case("space plus tilde", "GET", aws_host, "/dir/a b+c~d.txt", []),
        header_case("unicode segments", "GET", aws_host, "/ünïcødé/ключ/日本語.bin", []),
        header_case("reserved characters", "GET", aws_host, "/a!b*c'd(e)f;g:h@i=j&k,l$m%n#o?p", []),
        header_case("leading and trailing empty segments", "HEAD", aws_host, "//a//b//", []),
        header_case("virtual host with port and If-Match", "PUT", "bucket.minio.local:9000", "/k",
                    [("If-Match", '"9b2cf535f27731c974343645a3985328"'),
                     ("Content-Type", "text/plain")], body=b"x"),
        header_case("list objects v2 query needs encoding", "GET", "127.0.0.1:18300", "/seiscache",
                    [], query=[("list-type", "2"), ("prefix", "data/2025/11/HV//a b"),
                               ("delimiter", "/"), ("continuation-token", "1ab+c/d=="),
                               ("start-after", "ü~x"), ("max-keys", "10")]),
        header_case("header values trimmed and spaces collapsed", "GET", aws_host, "/t",
                    [("X-Amz-Meta-Note", "  two   spaces  inside  ")]),
        header_case("delete", "DELETE", "127.0.0.1:18300", "/seiscache/k", []),
    ]
    presigned = [
        # AWS example "presigned GET" (expected aeeed9bb...).
        presigned_case("aws presigned GET", "GET", aws_host, "/test.txt", 86400),
        presigned_case("presigned GET double slash", "GET", "127.0.0.1:18300",
                       "/seiscache/data/UWE//HHZ/a b+c.bin", 3600),
        presigned_case("presigned PUT on R2", "PUT",
                       "0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
                       "/seiscache/up/ünï.bin", 604800, region="auto"),
    ]
    json.dump({
        "generator": f"botocore {botocore.__version__} (make_sigv4_vectors.py)",
        "accessKeyID": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "date": "20130524T000000Z",
        "headerCases": header_cases,
        "presignedCases": presigned,
    }, sys.stdout, indent=2, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
