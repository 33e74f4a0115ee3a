"""The emulator's benchmark: requests per second and p99 latency under wrk, on loopback, of

- `serve --bare`: a fixed success body on the same stack (axum, hyper, tokio), reading nothing,
  under a fixed `GET /` (wrk without a script) and under the same signed streams as the
  emulator (wrk's script building each request costs the client time: the fair floor);
- `serve --access-key testid:testsecret`: signed requests (1.0 and V3, distinct nonces) that
  change nothing (protecting a protected instance), so every signature, time and nonce is
  checked and no disk write happens;
- moto's server (`moto[server]`, the emulator users pick today), AWS's SetInstanceProtection on a
  group it created; it checks no signature.

All three with the same wrk (1 thread, 32 connections, DURATION seconds), interleaved, ROUNDS
times; medians and ratios to the bare handler from the same run. Not a timed test: a report.

python3 benches/serve/run.py [--rounds 3] [--duration 5] [--no-moto]
(builds the release binary; installs moto into target/bench/moto on first use; needs wrk.)
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "target", "bench")
HERE = os.path.dirname(os.path.abspath(__file__))
CONNECTIONS = 32


def start(args, name):
    """Starts the binary with args; returns (process, port)."""
    log = open(os.path.join(WORK, name + ".log"), "w")
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
    line = process.stdout.readline()
    match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
    if not match:
        raise SystemExit("%s did not start: %r" % (name, line))
    return process, int(match.group(1))


def wrk(port, duration, env=None):
    out = subprocess.run(
        ["wrk", "-t1", "-c%d" % CONNECTIONS, "-d%ds" % duration, "--latency",
         "-s", os.path.join(HERE, "cycle.lua"), "http://127.0.0.1:%d/" % port],
        capture_output=True, text=True, env=dict(os.environ, **(env or {})), check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "requests": total,
            "non_2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else None}


def moto_server():
    venv = os.path.join(WORK, "moto")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(os.path.join(venv, "bin", "moto_server")):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "moto[server]", "boto3"], check=True)
    version = subprocess.run([python, "-c", "import moto; print(moto.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    log = open(os.path.join(WORK, "moto.log"), "w")
    port = 5055
    process = subprocess.Popen([os.path.join(venv, "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=log, stderr=log)
    setup = """
import boto3, time
for attempt in range(100):
    try:
        c = boto3.client("autoscaling", endpoint_url="http://127.0.0.1:%d", region_name="us-east-1",
                         aws_access_key_id="test", aws_secret_access_key="test")
        c.create_launch_configuration(LaunchConfigurationName="lc", ImageId="ami-12c6146b", InstanceType="t2.micro")
        break
    except Exception:
        time.sleep(0.1)
c.create_auto_scaling_group(AutoScalingGroupName="g", LaunchConfigurationName="lc", MinSize=2, MaxSize=2,
                            DesiredCapacity=2, AvailabilityZones=["us-east-1a"])
ids = [i["InstanceId"] for i in c.describe_auto_scaling_groups()["AutoScalingGroups"][0]["Instances"]]
c.set_instance_protection(AutoScalingGroupName="g", InstanceIds=ids[:1], ProtectedFromScaleIn=True)
print(ids[0])
""" % port
    instance = subprocess.run([python, "-c", setup], capture_output=True, text=True, check=True).stdout.strip()
    body = ("Action=SetInstanceProtection&Version=2011-01-01&AutoScalingGroupName=g"
            "&InstanceIds.member.1=%s&ProtectedFromScaleIn=true" % instance)
    env = {"METHOD": "POST", "BODY": body,
           "AUTHORIZATION": "AWS4-HMAC-SHA256 Credential=test/20261127/us-east-1/autoscaling/aws4_request, "
                            "SignedHeaders=host, Signature=0"}
    return process, port, env, version


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--no-moto", action="store_true")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    os.makedirs(WORK, exist_ok=True)
    subprocess.run(["cargo", "build", "--quiet", "--release", "--features", "server"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "ess-protection")
    with open(os.path.join(ROOT, "examples", "emulator", "state.json")) as f:
        state = json.load(f)
    state["ScalingGroups"][0]["Instances"][0]["LifecycleState"] = "Protected"  # i-web-1
    state_file = os.path.join(WORK, "state.json")
    with open(state_file, "w") as f:
        json.dump(state, f)

    bare, bare_port = start([binary, "serve", "--state", state_file, "--listen", "127.0.0.1:0", "--bare"], "bare")
    emulator, emulator_port = start([binary, "serve", "--state", state_file, "--listen", "127.0.0.1:0",
                                     "--access-key", "testid:testsecret", "--nonce-capacity", "10000000"],
                                    "emulator")
    processes = [bare, emulator]
    targets = [("bare handler, fixed GET /", bare_port, None),
               ("bare handler, the 1.0 stream", bare_port, "v1"),
               ("emulator, the 1.0 stream", emulator_port, "v1"),
               ("bare handler, the V3 stream", bare_port, "v3"),
               ("emulator, the V3 stream", emulator_port, "v3")]
    moto_version = None
    if not options.no_moto:
        moto, moto_port, moto_env, moto_version = moto_server()
        processes.append(moto)
        targets.append(("moto %s, fixed POST (no signature)" % moto_version, moto_port, moto_env))
    results = {name: [] for name, _, _ in targets}
    streams = {"v1": os.path.join(WORK, "requests-v1.txt"), "v3": os.path.join(WORK, "requests-v3.txt")}
    try:
        for round_ in range(options.rounds):
            # Fresh signed requests each round (the emulator refuses a nonce twice), enough for
            # ~100k per second; more would be replays, answered SignatureNonceUsed (non-2xx).
            # V3 signs the Host header: the emulator's (the bare handler reads nothing).
            count = str(100_000 * options.duration)
            subprocess.run([sys.executable, os.path.join(HERE, "requests.py"), count, streams["v1"]], check=True)
            subprocess.run([sys.executable, os.path.join(HERE, "requests.py"), count, streams["v3"],
                            "--v3", "127.0.0.1:%d" % emulator_port], check=True)
            for name, port, env in targets:
                result = wrk(port, options.duration, {"REQUESTS": streams[env]} if isinstance(env, str) else env)
                results[name].append(result)
                print("round %d  %-40s %9.0f req/s  p99 %8.2f ms  non-2xx %d" % (
                    round_ + 1, name, result["rps"], result["p99_ms"], result["non_2xx"]), flush=True)
    finally:
        for p in processes:
            p.terminate()
            p.wait(timeout=30)
    print()
    print("| server, requests | requests/s (median of %d) | p99 latency | vs bare, fixed | vs bare, same stream | non-2xx |"
          % options.rounds)
    print("|---|---|---|---|---|---|")
    median = lambda name, key: statistics.median(r[key] for r in results[name])
    fixed = median(targets[0][0], "rps")
    same = {env: median(name, "rps") for name, _, env in targets if name.startswith("bare") and isinstance(env, str)}
    for name, _, env in targets:
        rps = median(name, "rps")
        bad = sum(r["non_2xx"] for r in results[name])
        print("| %s | %.0f | %.2f ms | %.2fx | %s | %d |" % (
            name, rps, median(name, "p99_ms"), rps / fixed,
            "%.2fx" % (rps / same[env]) if isinstance(env, str) else "", bad))
    if moto_version:
        moto_rps = median(targets[-1][0], "rps")
        for name in (targets[2][0], targets[4][0]):
            print("%s / moto: %.0fx" % (name, median(name, "rps") / moto_rps))

if __name__ == "__main__":
    main()
