"""A test program for the command trial backend: behaves as its first argument says.

Every mode reads its params from $LIANDAN_PARAMS, as a real training script would.
"""
import json
import os
import signal
import subprocess
import sys
import time

mode = sys.argv[1]
params = json.load(open(os.environ["LIANDAN_PARAMS"]))
art = os.environ["LIANDAN_ARTIFACT_DIR"]


def spawn_child():
    """A child that would outlive us if only we were stopped; pids go to child.pid and self.pid."""
    child = subprocess.Popen(["sleep", "300"])
    with open(os.path.join(art, "child.pid"), "w") as f:
        f.write(str(child.pid))
    with open(os.path.join(art, "self.pid"), "w") as f:
        f.write(str(os.getpid()))


if mode == "ok":
    x = float(params["x"])
    print("starting, x =", x)
    print("some ordinary output: loss looks fine", file=sys.stderr)
    for epoch in range(1, 4):
        print(f"liandan: epoch={epoch} score={x * epoch} other={epoch / 10}")
    print(f"liandan: final score={x * 10}")
elif mode == "device":
    # the GPU its worker was given (liandan sweep --gpus), as the objective; slow enough that
    # every worker gets a trial
    time.sleep(3)
    print(f"liandan: final loss={float(os.environ.get('CUDA_VISIBLE_DEVICES', '-1'))}")
elif mode == "epochs-only":
    for epoch in range(1, 4):
        print(f"liandan: epoch={epoch} score={epoch * 0.25}")
elif mode == "json":
    print(json.dumps({"liandan": {"epoch": 1, "score": 0.5, "grad_norm": float("inf")}}))
    print(json.dumps({"liandan": {"epoch": 2, "score": 0.75}}))
    print(json.dumps({"liandan": {"final": True, "score": 0.8, "test_score": 0.7}}))
elif mode == "fail":
    print("liandan: epoch=1 score=0.5")
    for i in range(10):
        print(f"working on batch {i}")
    print("Traceback (most recent call last):", file=sys.stderr)
    print("ZeroDivisionError: division by zero" + " padding" * 100, file=sys.stderr)
    sys.exit(3)
elif mode == "hang":
    spawn_child()
    print("liandan: epoch=1 score=0.1")
    print("now waiting forever")
    time.sleep(300)
elif mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    spawn_child()
    print("ignoring SIGTERM")
    time.sleep(300)
elif mode == "slow":
    spawn_child()
    for epoch in range(1, 200):
        print(f"liandan: epoch={epoch} score={epoch}")
        time.sleep(0.05)
elif mode in ("garbage", "garbage-only"):
    sys.stdout.flush()
    out = sys.stdout.buffer
    out.write(b"\x00\xff\xfe binary \x80\x81 junk\n")
    out.write(b"liandan: epoch=abc score=1\n")
    out.write(b"liandan: epoch=1 score=0,91\n")
    out.write(b"liandan:\n")
    out.write(b"liandan: score=0.5\n")
    out.write(b'{"liandan": oops\n')
    out.write(b'{"liandan": {"epoch": -1, "score": 1}}\n')
    out.write(b"{not json at all}\n")
    out.write(b"x" * 200000 + b"\n")
    out.write(b"progress 10%\rprogress 50%\rliandan: epoch=1 score=0.25\n" if mode == "garbage" else b"")
    out.write(b"liandan: epoch=1 score=9\n" if mode == "garbage" else b"")  # not increasing: ignored
    out.write(b"liandan: final score=0.5\r\n" if mode == "garbage" else b"no metrics here\n")
    out.flush()
elif mode == "final-nan":
    print("liandan: epoch=1 score=0.5")
    print("liandan: final score=NaN")
elif mode == "nan":
    print("liandan: epoch=1 score=0.5")
    print("liandan: epoch=2 score=nan")
    time.sleep(300)
elif mode == "args":
    env = {k: v for k, v in os.environ.items() if k.startswith("LIANDAN_") or k in ("MY_VAR", "HOME", "PYTHONUNBUFFERED")}
    with open(os.path.join(art, "seen.json"), "w") as f:
        json.dump({"argv": sys.argv[1:], "env": env, "params": params, "cwd": os.getcwd()}, f)
    print("liandan: final score=1")
elif mode == "quadratic":
    # an "objective" that improves per epoch towards -(x - 0.3)^2 - (y + 0.2)^2
    x, y = float(sys.argv[2]), float(params["y"])
    target = (x - 0.3) ** 2 + (y + 0.2) ** 2
    for epoch in range(1, 4):
        print(f"liandan: epoch={epoch} loss={target + 1.0 / epoch}")
    print(f"liandan: final loss={target}")
else:
    print("unknown mode", mode)
    sys.exit(2)
