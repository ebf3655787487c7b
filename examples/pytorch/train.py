#!/usr/bin/env python3
"""A small CNN on the UCI digits (8x8 images), written the way a PyTorch user trains on a GPU,
and reporting to liandan as a command trial.

liandan hands the trial its parameters three ways; this script uses two of them:
  * arguments:   --epochs and --workers come from the space file's command line ("{epochs}");
  * a JSON file: lr, batch_size, channels, dropout and weight_decay from $LIANDAN_PARAMS.
It reads the data set and its split from the space file's data section ($LIANDAN_DATA, ...),
writes its best model to $LIANDAN_ARTIFACT_DIR/model.pt, and prints one metric line per epoch
    liandan: epoch=3 val_accuracy=0.9611 val_loss=0.1432 train_loss=0.2011
and a final line with the best epoch's values, which is the trial's result.

The GPU craft: automatic mixed precision (torch.autocast + GradScaler, on CUDA only),
pinned host memory and several DataLoader workers with non-blocking copies, cudnn.benchmark,
inference_mode for validation, and few host syncs (losses and counts are summed on the device
and read once per epoch). On a machine without CUDA it runs, slowly, on the CPU in fp32.

Run alone (no liandan):  python3 train.py --epochs 5
"""
import argparse
import csv
import gzip
import json
import math
import os
import random
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULTS = {"lr": 3e-3, "batch_size": 128, "channels": 32, "dropout": 0.1, "weight_decay": 1e-4}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--workers", type=int, default=2, help="DataLoader worker processes")
    return p.parse_args()


def load_params():
    """liandan's params file when run as a trial, else the defaults."""
    params = dict(DEFAULTS)
    path = os.environ.get("LIANDAN_PARAMS")
    if path:
        with open(path) as f:
            params.update(json.load(f))
    return params


def load_digits():
    """The data set named by the space file's data section, split as it says (train, validation)."""
    path = os.environ.get("LIANDAN_DATA", os.path.join(HERE, "..", "..", "data", "digits.csv.gz"))
    label = os.environ.get("LIANDAN_DATA_LABEL", "label")
    val_share = float(os.environ.get("LIANDAN_DATA_VALIDATION", "0.2"))
    test_share = float(os.environ.get("LIANDAN_DATA_TEST", "0.2"))
    split_seed = int(os.environ.get("LIANDAN_DATA_SPLIT_SEED", "42"))
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    li = header.index(label)
    classes = sorted({r[li] for r in rows}, key=lambda c: (len(c), c))
    index = {c: i for i, c in enumerate(classes)}
    x = torch.tensor([[float(v) for j, v in enumerate(r) if j != li] for r in rows], dtype=torch.float32)
    y = torch.tensor([index[r[li]] for r in rows], dtype=torch.long)

    # a seeded shuffle; the test share is held out and never seen by a trial
    order = torch.randperm(len(rows), generator=torch.Generator().manual_seed(split_seed))
    n_test, n_val = int(round(test_share * len(rows))), int(round(val_share * len(rows)))
    val_idx, train_idx = order[n_test:n_test + n_val], order[n_test + n_val:]
    # fitted on training rows only; a pixel that is constant there (the digits' border) keeps scale 1,
    # else its few non-zero validation values would be divided by ~0 and overflow fp16
    mean, std = x[train_idx].mean(0), x[train_idx].std(0)
    std = torch.where(std > 1e-6, std, torch.ones_like(std))
    x = ((x - mean) / std).view(-1, 1, 8, 8)  # 64 pixels -> one 8x8 channel
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx]), len(classes)


def make_model(channels, dropout, classes):
    def block(cin, cout):
        # no conv bias before BatchNorm: the norm's shift makes it redundant
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]

    c = channels
    return nn.Sequential(*block(1, c), *block(c, c), nn.MaxPool2d(2),
                         *block(c, 2 * c), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Dropout(dropout), nn.Linear(2 * c, classes))


def grad_scaler(enabled):
    # torch >= 2.3 has torch.amp.GradScaler("cuda"); older releases only torch.cuda.amp.GradScaler
    if hasattr(torch, "amp") and hasattr(torch.amp, "GradScaler"):
        return torch.amp.GradScaler("cuda", enabled=enabled)
    return torch.cuda.amp.GradScaler(enabled=enabled)


def main():
    args = parse_args()
    params = load_params()
    seed = int(os.environ.get("LIANDAN_SEED", "0"))
    random.seed(seed)
    torch.manual_seed(seed)

    cuda = torch.cuda.is_available()
    # CUDA_VISIBLE_DEVICES (set per worker by liandan --gpus) decides which GPU "cuda" is
    device = torch.device("cuda" if cuda else "cpu")
    use_amp = cuda
    if cuda:
        torch.backends.cudnn.benchmark = True  # fixed input shapes: let cuDNN pick the fastest kernels

    # on stderr (kept in the trial's output.log), where no metric line is looked for
    print(f"train.py: device {torch.cuda.get_device_name(device) if cuda else 'cpu'}, "
          f"{'mixed precision (fp16 autocast)' if use_amp else 'fp32'}, torch {torch.__version__}", file=sys.stderr)
    (x_train, y_train), (x_val, y_val), classes = load_digits()
    workers = max(0, args.workers)
    loader_opts = dict(num_workers=workers, pin_memory=cuda, persistent_workers=workers > 0)
    train_loader = DataLoader(TensorDataset(x_train, y_train), batch_size=int(params["batch_size"]), shuffle=True,
                              generator=torch.Generator().manual_seed(seed), **loader_opts)
    val_loader = DataLoader(TensorDataset(x_val, y_val), batch_size=1024, shuffle=False, **loader_opts)

    model = make_model(int(params["channels"]), float(params["dropout"]), classes).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=float(params["lr"]),
                                  weight_decay=float(params["weight_decay"]))
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    scaler = grad_scaler(use_amp)

    artifacts = os.environ.get("LIANDAN_ARTIFACT_DIR", ".")
    best = None
    for epoch in range(1, args.epochs + 1):
        model.train()
        train_loss = torch.zeros((), device=device)  # summed on the device: no sync per batch
        seen = 0
        for xb, yb in train_loader:
            xb = xb.to(device, non_blocking=True)
            yb = yb.to(device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type=device.type, dtype=torch.float16, enabled=use_amp):
                loss = F.cross_entropy(model(xb), yb)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            train_loss += loss.detach() * yb.size(0)
            seen += yb.size(0)
        scheduler.step()

        model.eval()
        val_loss = torch.zeros((), device=device)
        correct = torch.zeros((), device=device, dtype=torch.long)
        with torch.inference_mode(), torch.autocast(device_type=device.type, dtype=torch.float16, enabled=use_amp):
            for xb, yb in val_loader:
                xb = xb.to(device, non_blocking=True)
                yb = yb.to(device, non_blocking=True)
                logits = model(xb).float()
                val_loss += F.cross_entropy(logits, yb, reduction="sum")
                correct += (logits.argmax(1) == yb).sum()
        # the one host sync of the epoch
        t_loss, v_loss, right = torch.stack([train_loss.double(), val_loss.double(), correct.double()]).tolist()
        t_loss, v_loss, acc = t_loss / seen, v_loss / len(y_val), right / len(y_val)
        if not math.isfinite(t_loss):
            sys.exit(f"training diverged: train_loss={t_loss} at epoch {epoch} (lr {params['lr']})")

        print(f"liandan: epoch={epoch} val_accuracy={acc:.6f} val_loss={v_loss:.6f} train_loss={t_loss:.6f}",
              flush=True)
        if best is None or acc > best[0]:
            best = (acc, v_loss, epoch)
            torch.save(model.state_dict(), os.path.join(artifacts, "model.pt"))

    acc, v_loss, epoch = best
    print(f"liandan: final val_accuracy={acc:.6f} val_loss={v_loss:.6f} best_epoch={epoch}", flush=True)


if __name__ == "__main__":
    main()
