#!/usr/bin/env python3
"""The PyTorch peer of `liandan bench trial`: the same network, data, batch and epochs as the
dl4j trial, trained as a liandan trial is (validation after every epoch, the best epoch's weights
kept in memory, model and validation predictions written once at the end).

Reads the splits that the bench exported (train_x.f32, train_y.i64, val_x.f32, val_y.i64), runs
one warm-up trial, then a trial of --short and one of --long epochs, then times the matrix
products given with --gemm; prints one JSON object. Needs only torch (Debian: python3-torch).

  python3 bench/torch_trial.py --data DIR --net mlp --hidden 2 --units 128 --batch 32 \
      --features 64 --classes 10 --short 2 --long 30 --threads 1 --out DIR
"""
import argparse
import copy
import json
import os
import time

import torch
from torch import nn


def load(path, dtype, rows, cols):
    n = rows * cols
    return torch.from_file(path, shared=False, size=n, dtype=dtype).reshape(rows, cols) if cols > 1 \
        else torch.from_file(path, shared=False, size=n, dtype=dtype)


def build(a):
    if a.net == "cnn":
        h, w, c = a.image
        layers, filters, last = [], a.filters, c
        for _ in range(a.conv_layers):
            layers += [nn.Conv2d(last, filters, a.kernel, padding=a.kernel // 2, bias=False),
                       nn.BatchNorm2d(filters), nn.ReLU(), nn.MaxPool2d(2)]
            last, filters, h, w = filters, filters * 2, h // 2, w // 2
        layers.append(nn.Flatten())
        inputs = h * w * last
    else:
        layers, inputs = [], a.features
    for _ in range(a.hidden):
        layers += [nn.Linear(inputs, a.units), nn.ReLU()]
        inputs = a.units
    layers.append(nn.Linear(inputs, a.classes))
    return nn.Sequential(*layers)


def shaped(x, a):
    if a.net == "cnn":
        h, w, c = a.image
        return x.reshape(-1, c, h, w)  # the exported rows are channel-major, then row-major
    return x


def trial(a, data, epochs, seed, out_dir, clock=None):
    """Trains and writes one trial; clock, when given, gets the seconds from the start to the end of the first step."""
    t0 = time.perf_counter()
    xt, yt, xv, yv = data
    torch.manual_seed(seed)
    model = build(a)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    n = xt.shape[0]
    best_acc, best_state = -1.0, None
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(n)
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(shaped(xt[idx], a)), yt[idx])
            loss.backward()
            opt.step()
            if clock is not None and not clock:
                clock.append(time.perf_counter() - t0)
        probs = predict(model, xv, a)
        acc = (probs.argmax(1) == yv).float().mean().item()
        if acc > best_acc:
            best_acc, best_state = acc, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    torch.save(model.state_dict(), os.path.join(out_dir, "model.pt"))
    probs = predict(model, xv, a)
    with open(os.path.join(out_dir, "val_predictions.csv"), "w") as f:
        f.write("row,label," + ",".join("p_%d" % c for c in range(a.classes)) + "\n")
        for i in range(probs.shape[0]):
            f.write("%d,%d,%s\n" % (i, int(yv[i]), ",".join(repr(float(p)) for p in probs[i])))
    return best_acc


def predict(model, x, a):
    model.eval()
    with torch.no_grad():
        return torch.cat([torch.softmax(model(shaped(x[i:i + 256], a)), 1) for i in range(0, x.shape[0], 256)])


def gemm_seconds(shapes):
    out = []
    for m, k, n in shapes:
        a, b = torch.rand(m, k), torch.rand(k, n)
        c = torch.empty(m, n)
        reps = int(max(3, min(2000, 2e8 / (2.0 * m * k * n))))
        best = float("inf")
        for r in range(4):
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=c)
            t = (time.perf_counter() - t0) / reps
            if r > 0:
                best = min(best, t)
        out.append(best)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--net", choices=["mlp", "cnn"], default="mlp")
    p.add_argument("--features", type=int, required=True)
    p.add_argument("--classes", type=int, required=True)
    p.add_argument("--train-rows", type=int, required=True)
    p.add_argument("--val-rows", type=int, required=True)
    p.add_argument("--hidden", type=int, default=2)
    p.add_argument("--units", type=int, default=128)
    p.add_argument("--conv-layers", type=int, default=2)
    p.add_argument("--filters", type=int, default=8)
    p.add_argument("--kernel", type=int, default=3)
    p.add_argument("--image", type=int, nargs=3, default=[28, 28, 1], metavar=("H", "W", "C"))
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--short", type=int, required=True)
    p.add_argument("--long", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--gemm", default="", help="m,k,n;m,k,n;... products to time")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    d = a.data
    data = (load(os.path.join(d, "train_x.f32"), torch.float32, a.train_rows, a.features),
            load(os.path.join(d, "train_y.i64"), torch.int64, a.train_rows, 1),
            load(os.path.join(d, "val_x.f32"), torch.float32, a.val_rows, a.features),
            load(os.path.join(d, "val_y.i64"), torch.int64, a.val_rows, 1))
    os.makedirs(a.out, exist_ok=True)
    trial(a, data, a.short, a.seed + 1000, a.out)  # warm-up: allocator, kernels, caches
    first_step = []
    t0, c0 = time.perf_counter(), time.process_time()
    trial(a, data, a.short, a.seed, a.out, first_step)
    t_short, c_short = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    acc = trial(a, data, a.long, a.seed, a.out)
    t_long, c_long = time.perf_counter() - t0, time.process_time() - c0
    shapes = [tuple(int(v) for v in s.split(",")) for s in a.gemm.split(";") if s]
    print(json.dumps({"short_s": t_short, "long_s": t_long, "short_cpu_s": c_short, "long_cpu_s": c_long, "val_accuracy": acc,
                      "first_step_s": first_step[0],
                      "gemm_s": gemm_seconds(shapes), "torch": torch.__version__,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
