"""The emulator as a context manager: a fresh `ess-protection serve` on a free loopback port."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

__all__ = ["DEFAULT_STATE", "Emulator", "EmulatorError", "find_binary"]

#: The state a new emulator starts on when given none: an active group ``asg-demo`` in
#: ``cn-hangzhou`` with instances ``i-web-1`` … ``i-web-5`` (``i-web-5`` in Standby), removal
#: policy ``OldestInstance``, and a disabled group ``asg-disabled`` with ``i-off-1``.
DEFAULT_STATE: Dict[str, Any] = json.loads(
    (Path(__file__).with_name("default_state.json")).read_text(encoding="utf-8")
)

_LISTENING = re.compile(r"listening on http://(127\.0\.0\.1:(\d+))\n")

StateLike = Union[Dict[str, Any], str, "os.PathLike[str]"]


class EmulatorError(Exception):
    """An emulator that would not start, or an error answered by an emulator endpoint.

    ``code`` and ``message`` are the error body's (``InvalidScalingGroupId.NotFound``, …);
    ``status`` is the HTTP status (0 for a start that failed).
    """

    def __init__(self, message: str, code: str = "", status: int = 0) -> None:
        super().__init__("%s: %s" % (code, message) if code else message)
        self.code = code
        self.message = message
        self.status = status


def find_binary() -> str:
    """The installed ``ess-protection`` binary: ``ESS_PROTECTION_BIN`` when set, else the one
    this distribution put in the scripts folder of this Python, else the first on ``PATH``.

    Raises :class:`EmulatorError` when there is none, or when ``ESS_PROTECTION_BIN`` names a
    file that is missing or not executable."""
    explicit = os.environ.get("ESS_PROTECTION_BIN")
    if explicit:
        if not os.path.isfile(explicit):
            raise EmulatorError("ESS_PROTECTION_BIN=%s: no such file" % explicit)
        if not os.access(explicit, os.X_OK):
            raise EmulatorError("ESS_PROTECTION_BIN=%s: not executable" % explicit)
        return explicit
    name = "ess-protection" + (".exe" if sys.platform == "win32" else "")
    # This Python's scripts folder (a venv's bin/), then the user's (pip install --user).
    folders = [sysconfig.get_path("scripts")]
    for scheme in ("posix_user", "nt_user", "osx_framework_user"):
        if scheme in sysconfig.get_scheme_names():
            try:
                folders.append(sysconfig.get_path("scripts", scheme))
            except KeyError:
                continue
    for folder in folders:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return candidate
    found = shutil.which(name)
    if found:
        return found
    raise EmulatorError("the ess-protection binary is not installed (pip install ess-protection)")


class Emulator:
    """A fresh emulator on 127.0.0.1 and a free port, for the time of a ``with`` block.

    ``state``: a dict, or the path of a state file (copied: the file itself is never
    written); :data:`DEFAULT_STATE` when ``None``. ``keys``: a dict or the path of a keys file
    (``{"AccessKeys": [...]}``, keys with RAM policies), or ``None``. ``access_key``: a key
    ``(id, secret)`` that may do everything, or ``None`` (with no key at all, signatures are
    not checked). ``region_id`` is what SDK clients should be configured with.

    >>> with Emulator() as emulator:                           # doctest: +SKIP
    ...     client = AcsClient(emulator.access_key_id, emulator.access_key_secret,
    ...                        emulator.region_id)
    ...     request.set_endpoint(emulator.endpoint); request.set_protocol_type("http")
    """

    def __init__(
        self,
        state: Optional[StateLike] = None,
        keys: Optional[StateLike] = None,
        access_key: Optional[Tuple[str, str]] = ("testid", "testsecret"),
        region_id: str = "cn-hangzhou",
        binary: Optional[str] = None,
        start_timeout: float = 10.0,
        stop_timeout: float = 5.0,
    ) -> None:
        _check_state_like("state", state)
        _check_state_like("keys", keys)
        if access_key is not None:
            _check_access_key(access_key)
        if not isinstance(region_id, str) or not region_id:
            raise TypeError("region_id must be a non-empty str, not %r" % (region_id,))
        self._state = DEFAULT_STATE if state is None else state
        self._keys = keys
        self._access_key = None if access_key is None else (access_key[0], access_key[1])
        self.region_id = region_id
        self._binary = binary
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._process: Optional[subprocess.Popen] = None
        self._folder: Optional[str] = None
        self._port = 0

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> "Emulator":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> "Emulator":
        """Starts the server and waits for its ``listening on`` line.

        Raises :class:`EmulatorError`, with the server's standard error, when it does not
        start (a state or keys file that is not valid, a binary that is missing).
        """
        if self._process is not None:
            raise EmulatorError("this emulator is already started")
        binary = self._binary or find_binary()
        self._folder = tempfile.mkdtemp(prefix="ess-emulator-")
        try:
            state_file = self._write("state.json", self._state)
            command = [binary, "serve", "--state", state_file, "--listen", "127.0.0.1:0"]
            if self._access_key is not None:
                command += ["--access-key", "%s:%s" % self._access_key]
            if self._keys is not None:
                command += ["--keys", self._write("keys.json", self._keys)]
            # The server ends with this process, however it ends (kill -9, SIGTERM): it
            # watches this process id and its standard input, a pipe whose writing end only
            # this process holds; then it removes the folder, which this process cannot.
            command += ["--parent-pid", str(os.getpid()), "--stop-on-stdin-eof",
                        "--remove-on-orphan", self._folder]
            stderr = open(os.path.join(self._folder, "stderr.log"), "wb")
            try:
                self._process = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
                )
            except OSError as e:
                raise EmulatorError("cannot run %s: %s" % (binary, e)) from None
            finally:
                stderr.close()
            line = self._first_line()
            match = _LISTENING.fullmatch(line)
            if not match:
                raise EmulatorError("ess-protection serve did not start: %s" % self._stderr().strip())
            self._port = int(match.group(2))
        except BaseException:
            self.stop()
            raise
        return self

    def _write(self, name: str, value: StateLike) -> str:
        assert self._folder is not None
        path = os.path.join(self._folder, name)
        if isinstance(value, dict):
            with open(path, "w", encoding="utf-8") as f:
                json.dump(value, f)
        else:
            try:
                shutil.copyfile(os.fspath(value), path)
            except OSError as e:
                what = "state" if name == "state.json" else "keys"
                raise EmulatorError("the %s file %s cannot be read: %s"
                                    % (what, os.fspath(value), e.strerror or e)) from None
        return path

    def _first_line(self) -> str:
        """The first line of standard output, or "" when the process ends or the time is up."""
        assert self._process is not None and self._process.stdout is not None
        lines: List[bytes] = []
        reader = threading.Thread(target=lambda: lines.append(self._process.stdout.readline()))
        reader.daemon = True
        reader.start()
        reader.join(self._start_timeout)
        return lines[0].decode("utf-8", "replace") if lines else ""

    def _stderr(self) -> str:
        if self._folder is None:
            return ""
        try:
            with open(os.path.join(self._folder, "stderr.log"), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self) -> None:
        """Stops the server (SIGTERM; killed after ``stop_timeout``) and removes its files."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(self._stop_timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()
        folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    # -- where it is -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port it listens on."""
        self._require()
        return self._port

    @property
    def endpoint(self) -> str:
        """``127.0.0.1:PORT``: what the SDKs take as their endpoint (with protocol ``http``)."""
        return "127.0.0.1:%d" % self.port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return "http://" + self.endpoint

    @property
    def access_key_id(self) -> str:
        """The id of the key that may do everything (``access_key``)."""
        return self._key()[0]

    @property
    def access_key_secret(self) -> str:
        """The secret of the key that may do everything (``access_key``)."""
        return self._key()[1]

    def _key(self) -> Tuple[str, str]:
        if self._access_key is None:
            raise EmulatorError("this emulator has no access_key")
        return self._access_key

    def _require(self) -> None:
        if self._process is None:
            raise EmulatorError("this emulator is not started")
        code = self._process.poll()
        if code is not None:
            raise EmulatorError("the emulator has stopped (exit code %d): %s"
                                % (code, self._stderr().strip()[-2000:]))

    # -- the harness endpoints ---------------------------------------------------------------

    def state(self) -> Dict[str, Any]:
        """The whole state (``GET /_emulator/state``)."""
        return self._call("GET", "/_emulator/state")

    def set_state(self, state: Dict[str, Any]) -> None:
        """Replaces the whole state (``PUT /_emulator/state``)."""
        if not isinstance(state, dict):
            raise TypeError("state must be a dict, not %s" % type(state).__name__)
        self._call("PUT", "/_emulator/state", state)

    def scale_in(self, group_id: str, count: int) -> List[str]:
        """A scale-in of ``count`` by the group's removal policies: the ids removed (never a
        protected instance, never below ``MinSize``)."""
        _check_str("group_id", group_id)
        if not isinstance(count, int) or isinstance(count, bool):
            raise TypeError("count must be an int, not %s" % type(count).__name__)
        return self._call("POST", "/_emulator/scale-in", {"ScalingGroupId": group_id, "Count": count})["Removed"]

    def remove(self, group_id: str, ids: Sequence[str]) -> List[str]:
        """Instances leaving the group, protected or not (no ``MinSize`` check): the ids
        removed."""
        _check_str("group_id", group_id)
        if isinstance(ids, (str, bytes)):
            raise TypeError("ids must be a list of instance ids, not one %s (write [%r])"
                            % (type(ids).__name__, ids))
        ids = list(ids)
        for id in ids:
            _check_str("each of ids", id)
        body = {"ScalingGroupId": group_id, "InstanceIds": ids}
        return self._call("POST", "/_emulator/remove", body)["Removed"]

    def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        self._require()
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        try:
            with _LOOPBACK.open(request, timeout=60) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            try:
                error = json.loads(text)
                raise EmulatorError(error["Message"], error["Code"], e.code) from None
            except (ValueError, KeyError, TypeError):
                raise EmulatorError(text.strip(), "", e.code) from None
        except OSError as e:  # URLError, a reset, a time-out
            self._require()  # the server died: say so, with its standard error
            reason = getattr(e, "reason", e)
            raise EmulatorError("cannot reach the emulator at %s: %s" % (self.url, reason)) from None


#: Loopback calls never go through a proxy, whatever ``http_proxy`` and ``no_proxy`` say.
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _check_state_like(name: str, value: object) -> None:
    if value is not None and not isinstance(value, (dict, str, os.PathLike)):
        raise TypeError("%s must be a dict or the path of a JSON file, not %s"
                        % (name, type(value).__name__))


def _check_access_key(key: object) -> None:
    if (not isinstance(key, tuple) or len(key) != 2
            or not all(isinstance(part, str) for part in key)):
        raise TypeError("access_key must be a tuple (id, secret) of two str, or None, not %r" % (key,))
    key_id, secret = key
    if not key_id or not secret:
        raise ValueError("access_key: the id and the secret must not be empty")
    if ":" in key_id:
        raise ValueError("access_key: the id %r must not contain ':' (the server reads ID:SECRET "
                         "up to the first colon)" % key_id)


def _check_str(name: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise TypeError("%s must be a non-empty str, not %r" % (name, value))
