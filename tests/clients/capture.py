"""Points each official client at a loopback capture server and records its
requests as raw HTTP messages, byte for byte, with a manifest of what each
client meant to send.

    python3 capture.py OUT_DIR --python VENV_PYTHON --node-path NODE_MODULES

Standard library only. The server listens on 127.0.0.1 only, answers every
request with a success body, and stops when the clients are done.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
GROUP = "asg-bp18p2yfxow2dloq"
# What each client is asked to send: SetInstancesProtection of one instance, and
# of the most (20) with the optional parameters set (the account holds
# characters to encode); a DescribeScalingInstances as Terraform reads protection
# back; a RemoveInstances of 20 with every option.
CASES = [
    {"name": "one", "ScalingGroupId": GROUP, "InstanceIds": ["i-bp1aaaa0001"],
     "ProtectedFromScaleIn": True},
    {"name": "twenty", "ScalingGroupId": GROUP,
     "InstanceIds": ["i-bp1aaaa%04d" % n for n in range(1, 21)],
     "ProtectedFromScaleIn": False, "OwnerId": 1234567890123,
     "ResourceOwnerAccount": "owner@example.com"},
    {"name": "describe", "Action": "DescribeScalingInstances", "RegionId": "cn-hangzhou",
     "ScalingGroupId": GROUP, "LifecycleState": "Protected", "PageNumber": 2, "PageSize": 50,
     "InstanceIds": ["i-bp1aaaa0001", "i-bp1aaaa0002"]},
    {"name": "remove", "Action": "RemoveInstances", "RegionId": "cn-hangzhou",
     "ScalingGroupId": GROUP, "InstanceIds": ["i-bp1aaaa%04d" % n for n in range(1, 21)],
     "ClientToken": "0c593ea1-3bea-11e9-b96b-88e9fe637760", "DecreaseDesiredCapacity": False,
     "IgnoreInvalidInstance": True, "RemovePolicy": "release", "StopInstanceTimeout": 60},
]
# (client name, API version, signature, command line) for each client.
def clients(python, node):
    cases = lambda: json.dumps([{k: v for k, v in c.items() if k != "name"} for c in CASES])
    py = lambda client: [python, os.path.join(HERE, "python_clients.py"), client]
    js = lambda method, version: [node, os.path.join(HERE, "pop_core.js"), method, version]
    return [
        ("ess2014", "2014-08-28", "1.0", py("ess2014"), cases),
        ("ess2022-v3", "2022-02-22", "V3", py("ess2022-v3"), cases),
        ("ess2022-v2", "2022-02-22", "1.0", py("ess2022-v2"), cases),
        ("pop-core-POST", "2014-08-28", "1.0", js("POST", "2014-08-28"), cases),
        ("pop-core-GET", "2014-08-28", "1.0", js("GET", "2014-08-28"), cases),
        ("pop-core-POST-2022", "2022-02-22", "1.0", js("POST", "2022-02-22"), cases),
    ]


def read_message(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


class Server:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(120)
        self.port = self.sock.getsockname()[1]
        self.messages = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        body = b'{"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}'
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(30)
                self.messages.append(read_message(conn))
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
                )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--python", required=True)
    parser.add_argument("--node", default="node")
    parser.add_argument("--node-path", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        os.remove(os.path.join(args.out, old))
    server = Server()
    env = dict(os.environ, NODE_PATH=args.node_path)
    manifest = {"AccessKeyId": "testid", "AccessKeySecret": "testsecret", "clients": {}, "messages": []}
    for name, version, signature, command, cases in clients(args.python, args.node):
        before = len(server.messages)
        run = subprocess.run(command + [str(server.port), cases()], env=env,
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            sys.exit("%s failed:\n%s%s" % (name, run.stdout, run.stderr))
        manifest["clients"][name] = json.loads(run.stdout.strip().splitlines()[-1])["versions"]
        sent = server.messages[before:]
        if len(sent) != len(CASES):
            sys.exit("%s sent %d requests, expected %d" % (name, len(sent), len(CASES)))
        for case, message in zip(CASES, sent):
            file = "%s-%s.http" % (name, case["name"])
            with open(os.path.join(args.out, file), "wb") as f:
                f.write(message)
            expect = {k: v for k, v in case.items() if k != "name"}
            expect["Version"] = version
            manifest["messages"].append({"file": file, "client": name, "signature": signature,
                                         "expect": expect})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print("captured %d requests from %d clients into %s" % (
        len(manifest["messages"]), len(manifest["clients"]), args.out))


if __name__ == "__main__":
    main()
