"""Writes N distinct signed requests (fresh nonces, the current time) for wrk
(benches/serve/cycle.lua): a first line with what every request shares, then one line per request
with its nonce and its signature, which the script adds. Small lines keep wrk's memory small: a
big Lua table pauses wrk itself, and those pauses would show as the server's latency. Each
request protects an instance that is already protected: the emulator checks the signature and
the nonce, parses, applies, and writes nothing to disk.

python3 requests.py N OUTPUT                 signature 1.0, GET, all in the query
python3 requests.py N OUTPUT --v3 HOST:PORT  signature V3 (ACS3-HMAC-SHA256), POST, as the 2022
                                             Python SDK sends it (wrk sends Host: HOST:PORT)
"""
import base64
import hashlib
import hmac
import sys
import time
from urllib.parse import quote

KEY_ID, SECRET = "testid", "testsecret"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def enc(s):
    return quote(s, safe="-_.~")


def v1(count, out):
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    base = {
        "Action": "SetInstancesProtection", "Version": "2014-08-28", "RegionId": "cn-hangzhou",
        "ScalingGroupId": "asg-demo", "InstanceId.1": "i-web-1", "ProtectedFromScaleIn": "True",
        "Format": "JSON", "AccessKeyId": KEY_ID, "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0", "Timestamp": stamp,
    }
    key = (SECRET + "&").encode()
    shared = "&".join("%s=%s" % (enc(k), enc(v)) for k, v in sorted(base.items()))
    run = time.time_ns()
    out.write("v1 /?%s\n" % shared)
    for n in range(count):
        nonce = "b%x-%d" % (run, n)
        params = dict(base, SignatureNonce=nonce)
        canonical = "&".join("%s=%s" % (enc(k), enc(v)) for k, v in sorted(params.items()))
        to_sign = "GET&%2F&" + enc(canonical)
        signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha1).digest()).decode()
        out.write("%s %s\n" % (nonce, enc(signature)))


def v3(count, out, host):
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    query = "InstanceIds.1=i-web-1&ProtectedFromScaleIn=True&ScalingGroupId=asg-demo"
    signed = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    run = time.time_ns()
    # What every request shares: its target, date, and the Authorization before the signature.
    out.write("v3 /?%s %s ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=\n"
              % (query, date, KEY_ID, signed))
    for n in range(count):
        nonce = "b%x-%d" % (run, n)
        headers = "".join("%s:%s\n" % h for h in [
            ("host", host), ("x-acs-action", "SetInstancesProtection"),
            ("x-acs-content-sha256", EMPTY_SHA256), ("x-acs-date", date),
            ("x-acs-signature-nonce", nonce), ("x-acs-version", "2022-02-22")])
        canonical = "\n".join(["POST", "/", query, headers, signed, EMPTY_SHA256])
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        signature = hmac.new(SECRET.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        out.write("%s %s\n" % (nonce, signature))


def main():
    count, output = int(sys.argv[1]), sys.argv[2]
    with open(output, "w") as out:
        if sys.argv[3:4] == ["--v3"]:
            v3(count, out, sys.argv[4])
        else:
            v1(count, out)


if __name__ == "__main__":
    main()
