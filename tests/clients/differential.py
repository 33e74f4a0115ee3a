"""Signs many generated requests with the official Python SDK's own V3
signing function (alibabacloud_tea_openapi's Utils.get_authorization) and
writes each as a JSON line: the request, the key, nonce and time, and the
SDK's Authorization. tests/differential.rs checks that the crate's signer
writes the same header and its verifier accepts the SDK's.

    VENV_PYTHON differential.py OUT.jsonl [--cases N] [--seed S]

The SDK writes query names into the canonical request without encoding
them (values it encodes); the documentation encodes both. Names here are
drawn from the unreserved alphabet, where the two agree.
"""
import argparse
import hashlib
import json
import random
import types
import urllib.parse

from alibabacloud_tea_openapi.utils import Utils

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
VALUE_CHARS = UNRESERVED + " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}é中文🙂\t"
HEADER_CHARS = "".join(chr(c) for c in range(0x21, 0x7F))


def text(rng, alphabet, low, high):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def case(rng):
    query = {}
    for _ in range(rng.randint(0, 8)):
        query[text(rng, UNRESERVED, 1, 12)] = text(rng, VALUE_CHARS, 0, 16)
    if rng.random() < 0.7:
        query.update({"ScalingGroupId": "asg-" + text(rng, UNRESERVED, 1, 10),
                      "ProtectedFromScaleIn": rng.choice(["true", "True", "false"])})
        for n in range(1, rng.randint(1, 20) + 1):
            query["InstanceIds.%d" % n] = "i-" + text(rng, UNRESERVED, 1, 10)
    body = b""
    headers = {"host": rng.choice(["ess.aliyuncs.com", "127.0.0.1:8080", "ess.cn-hangzhou.aliyuncs.com"]),
               "x-acs-action": "SetInstancesProtection",
               "x-acs-version": rng.choice(["2022-02-22", "2014-08-28"])}
    if rng.random() < 0.3:
        body = urllib.parse.urlencode({text(rng, UNRESERVED, 1, 8): text(rng, VALUE_CHARS, 0, 12)}).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    for _ in range(rng.randint(0, 3)):
        # Extra x-acs-* headers, some with surrounding spaces the signer trims.
        name = "x-acs-" + text(rng, "abcdefghijklmnopqrstuvwxyz-", 1, 10)
        if name in ("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"):
            continue  # the signing headers are the signer's
        headers[name] = rng.choice(["", " "]) + text(rng, HEADER_CHARS, 1, 20)
    nonce = text(rng, "0123456789abcdef", 32, 32)
    date = "20%02d-%02d-%02dT%02d:%02d:%02dZ" % (
        rng.randint(20, 30), rng.randint(1, 12), rng.randint(1, 28),
        rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    payload = hashlib.sha256(body).hexdigest()
    signed = dict(headers, **{"x-acs-date": date, "x-acs-signature-nonce": nonce,
                              "x-acs-content-sha256": payload})
    method = rng.choice(["GET", "POST"])
    key_id, secret = text(rng, UNRESERVED, 1, 16), text(rng, UNRESERVED + "+/=", 1, 40)
    request = types.SimpleNamespace(pathname="/", query=query, headers=signed, method=method)
    authorization = Utils.get_authorization(request, "ACS3-HMAC-SHA256", payload, key_id, secret)
    target = "/" + ("?" + "&".join(
        urllib.parse.quote(k, safe="~") + "=" + urllib.parse.quote(v, safe="~") for k, v in query.items())
        if query else "")
    return {"method": method, "target": target, "headers": list(headers.items()),
            "body": body.decode(), "key_id": key_id, "secret": secret, "nonce": nonce,
            "date": date, "authorization": authorization}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    with open(args.out, "w") as f:
        for _ in range(args.cases):
            f.write(json.dumps(case(rng), ensure_ascii=False) + "\n")
    print("%d cases signed by the SDK into %s (--seed %d)" % (args.cases, args.out, seed))


if __name__ == "__main__":
    main()
