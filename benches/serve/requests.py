"""Writes N distinct signed requests (signature 1.0, GET, fresh nonces, the current time) for wrk
(benches/serve/cycle.lua): a first line with the query every request shares, then one line per
request with its nonce and its (encoded) signature, which the script appends. Small lines keep
wrk's memory small: a big Lua table pauses wrk itself, and those pauses would show as the
server's latency. Each request protects an instance that is already protected: the emulator
checks the signature and the nonce, parses, applies, and writes nothing to disk.

python3 requests.py N OUTPUT
"""
import base64
import hashlib
import hmac
import sys
import time
from urllib.parse import quote

KEY_ID, SECRET = "testid", "testsecret"


def enc(s):
    return quote(s, safe="-_.~")


def main():
    count, output = int(sys.argv[1]), sys.argv[2]
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
    with open(output, "w") as out:
        out.write("/?%s\n" % shared)
        for n in range(count):
            nonce = "b%x-%d" % (run, n)
            params = dict(base, SignatureNonce=nonce)
            canonical = "&".join("%s=%s" % (enc(k), enc(v)) for k, v in sorted(params.items()))
            to_sign = "GET&%2F&" + enc(canonical)
            signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha1).digest()).decode()
            out.write("%s %s\n" % (nonce, enc(signature)))


if __name__ == "__main__":
    main()
