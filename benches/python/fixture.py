"""What a fresh emulator per test costs: the `ess_emulator` fixture's work (Emulator() start,
then stop) against moto's documented fixture (`ThreadedMotoServer(port=0)`: start, stop),
interleaved, ROUNDS times each, in the same run. A report, not a timed test.

target/python/venv-3.11/bin/pip install "moto[server]"     (after python/run-tests built the venv)
target/python/venv-3.11/bin/python benches/python/fixture.py [ROUNDS]
"""
import statistics
import sys
import time

from ess_protection import Emulator

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 50


def emulator_once():
    started = time.perf_counter()
    with Emulator():
        pass
    return time.perf_counter() - started


def moto_once():
    from moto.server import ThreadedMotoServer

    started = time.perf_counter()
    server = ThreadedMotoServer(port=0, verbose=False)
    server.start()
    server.stop()
    return time.perf_counter() - started


def main():
    import moto

    emulator_once(), moto_once()  # warm the caches and imports
    ours, theirs = [], []
    for _ in range(ROUNDS):
        ours.append(emulator_once())
        theirs.append(moto_once())
    a, b = statistics.median(ours), statistics.median(theirs)
    print("fixture cost per test, median of %d, interleaved:" % ROUNDS)
    print("  ess_protection.Emulator start + stop: %.1f ms (p90 %.1f ms)"
          % (a * 1000, sorted(ours)[int(ROUNDS * 0.9)] * 1000))
    print("  moto %s ThreadedMotoServer(port=0) start + stop: %.1f ms (p90 %.1f ms)"
          % (moto.__version__, b * 1000, sorted(theirs)[int(ROUNDS * 0.9)] * 1000))
    print("  ratio: %.0fx" % (b / a))


if __name__ == "__main__":
    main()
