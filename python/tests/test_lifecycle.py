"""The emulator's life, and the harness's errors: an emulator ends with the process that
started it, however that ends (kill -9, SIGTERM to pytest, with -n 0 and -n 2), its folder
removed; the harness never goes through a proxy; every mistake is an EmulatorError, a
TypeError or a ValueError that says what is wrong."""

import http.server
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from ess_protection import Emulator, EmulatorError


def gone(pid):
    """Whether a process has ended (a zombie nobody reaped counts as ended)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_process_killed_with_sigkill_takes_its_emulator_and_folder_with_it():
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys, time
            from ess_protection import Emulator
            emulator = Emulator().start()
            print(emulator._process.pid, emulator._folder, flush=True)
            time.sleep(120)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        pid, folder = child.stdout.readline().split()
        pid = int(pid)
        assert not gone(pid) and os.path.isdir(folder)
        child.kill()
        child.wait()
        assert wait_until(lambda: gone(pid), 5), "the server outlived its parent"
        assert wait_until(lambda: not os.path.exists(folder), 5), folder
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


HOLDING_TESTS = """
import os, time
import pytest

@pytest.mark.parametrize("n", [1, 2])
def test_hold(ess_emulator, n):
    path = os.path.join(os.environ["ESS_MARKS"], "%d-%d" % (os.getpid(), n))
    with open(path + ".tmp", "w") as f:
        f.write("%d %s" % (ess_emulator._process.pid, ess_emulator._folder))
    os.rename(path + ".tmp", path)
    time.sleep(120)
"""


@pytest.mark.parametrize("workers", ["0", "2"])
def test_sigterm_to_pytest_stops_every_emulator_and_removes_its_folder(tmp_path, workers):
    (tmp_path / "test_hold.py").write_text(HOLDING_TESTS)
    marks = tmp_path / "marks"
    marks.mkdir()
    env = dict(os.environ, ESS_MARKS=str(marks))
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", workers,
         str(tmp_path / "test_hold.py")],
        cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        # -n 0 runs one test at a time; -n 2 both at once.
        expected = 1 if workers == "0" else 2
        if not wait_until(lambda: len(os.listdir(marks)) >= expected, 30):
            run.kill()
            pytest.fail("the tests did not start: %s" % run.communicate()[0].decode())
        held = [(marks / name).read_text().split() for name in os.listdir(marks)
                if not name.endswith(".tmp")]
        run.send_signal(signal.SIGTERM)
        output = run.communicate(timeout=60)[0].decode("utf-8", "replace")
        # pytest-xdist stops its workers within its own time-out (10 s); each emulator
        # ends with its worker.
        for pid, folder in held:
            assert wait_until(lambda: gone(int(pid)), 30), "server %s outlived pytest" % pid
            assert wait_until(lambda: not os.path.exists(folder), 5), folder
        # The plugin turned SIGTERM into an interruption, as SIGINT is.
        assert "KeyboardInterrupt: SIGTERM" in output, output
    finally:
        run.kill()
        run.communicate()


class _Proxy(http.server.BaseHTTPRequestHandler):
    """A proxy that answers every request 502 and counts them."""

    seen = []

    def do_GET(self):
        _Proxy.seen.append(self.path)
        self.send_response(502)
        self.send_header("content-length", "0")
        self.end_headers()

    do_PUT = do_POST = do_GET

    def log_message(self, *args):
        pass


def test_harness_calls_never_go_through_a_proxy(monkeypatch):
    proxy = http.server.HTTPServer(("127.0.0.1", 0), _Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        address = "http://127.0.0.1:%d" % proxy.server_address[1]
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, address)
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        with Emulator() as emulator:
            state = emulator.state()
            emulator.set_state(state)
            assert emulator.scale_in("asg-demo", 1) == ["i-web-1"]
            assert emulator.remove("asg-demo", ["i-web-2"]) == ["i-web-2"]
        assert _Proxy.seen == []
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_a_binary_that_is_missing_or_not_executable(tmp_path, monkeypatch):
    monkeypatch.setenv("ESS_PROTECTION_BIN", str(tmp_path / "missing"))
    with pytest.raises(EmulatorError, match=r"ESS_PROTECTION_BIN=.*missing: no such file"):
        Emulator().start()
    plain = tmp_path / "plain"
    plain.write_text("#!/bin/sh\n")
    plain.chmod(stat.S_IRUSR | stat.S_IWUSR)
    monkeypatch.setenv("ESS_PROTECTION_BIN", str(plain))
    with pytest.raises(EmulatorError, match=r"ESS_PROTECTION_BIN=.*plain: not executable"):
        Emulator().start()
    # A binary given directly, which cannot run.
    with pytest.raises(EmulatorError, match=r"cannot run .*plain"):
        Emulator(binary=str(plain)).start()


def test_state_and_keys_arguments(tmp_path):
    with pytest.raises(EmulatorError, match=r"the state file /missing\.json cannot be read: "
                                            r"No such file or directory"):
        Emulator(state="/missing.json").start()
    with pytest.raises(EmulatorError, match=r"the keys file .*nokeys\.json cannot be read"):
        Emulator(keys=str(tmp_path / "nokeys.json")).start()
    with pytest.raises(TypeError, match=r"state must be a dict or the path of a JSON file, not list"):
        Emulator(state=[1, 2])
    with pytest.raises(TypeError, match=r"keys must be a dict or the path of a JSON file, not int"):
        Emulator(keys=3)
    with pytest.raises(TypeError, match=r"region_id must be a non-empty str"):
        Emulator(region_id=None)


def test_access_key_arguments():
    with pytest.raises(ValueError, match=r"the id 'a:b' must not contain ':'"):
        Emulator(access_key=("a:b", "c"))
    with pytest.raises(ValueError, match=r"must not be empty"):
        Emulator(access_key=("", "c"))
    with pytest.raises(TypeError, match=r"access_key must be a tuple \(id, secret\)"):
        Emulator(access_key="testid:testsecret")
    # A colon in the secret is fine: the server splits at the first one.
    with Emulator(access_key=("id", "se:cret")) as emulator:
        assert emulator.access_key_secret == "se:cret"


def test_harness_arguments(ess_emulator):
    with pytest.raises(TypeError, match=r"ids must be a list of instance ids, not one str "
                                        r"\(write \['i-web-2'\]\)"):
        ess_emulator.remove("asg-demo", "i-web-2")
    with pytest.raises(TypeError, match=r"count must be an int, not str"):
        ess_emulator.scale_in("asg-demo", "2")
    with pytest.raises(TypeError, match=r"state must be a dict, not list"):
        ess_emulator.set_state([])
    assert len(ess_emulator.state()["ScalingGroups"][0]["Instances"]) == 5, "nothing changed"


def test_a_server_that_died_is_said_so():
    with Emulator() as emulator:
        emulator._process.kill()
        emulator._process.wait()
        with pytest.raises(EmulatorError, match=r"the emulator has stopped \(exit code -9\)"):
            emulator.state()
        with pytest.raises(EmulatorError, match=r"the emulator has stopped"):
            emulator.endpoint
