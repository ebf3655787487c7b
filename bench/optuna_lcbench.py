#!/usr/bin/env python3
"""Optuna 3.1 on YAHPO Gym's LCBench surrogate, side by side with `liandan bench lcbench`.

    /usr/bin/python3 bench/optuna_lcbench.py --tasks dev --seeds 10 --workers 1 --json FILE

Three Optuna configurations with pruners (TPE + HyperbandPruner, Optuna's documented BOHB
counterpart; TPE + SuccessiveHalvingPruner; random + MedianPruner), and on request TPE and random
search at full fidelity (--methods "optuna tpe,optuna random"), run in the same simulated time as liandan's:
each epoch costs the surrogate's predicted runtime, W asynchronous workers are simulated as an
event queue (the worker whose epoch ends first reports first; ties go to the lower worker), through
Optuna's own ask/report/should_prune/tell. Regret is measured exactly as liandan measures it, with
the same per-task yardsticks (bench/lcbench-references.json, written by
`liandan bench lcbench --references FILE`): 0 = the task's best from a dense search, 1 = the median
random configuration after 52 epochs; budgets in full-training equivalents (B of them is B / W times
the median 52-epoch time in simulated wall time). The surrogate is evaluated with numpy
(lcbench_surrogate.py), which agrees with ONNX Runtime to 1e-5.

Writes {"methods": {"<name>": {"regret": {"10": r, "30": r, "100": r}, "curve": [...]}}, "grid": [...]}.
"""
import argparse
import heapq
import json
import os
import sys
import time

import numpy as np
import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lcbench_surrogate  # noqa: E402

DEV_TASKS = ["3945", "7593", "34539", "126025", "126026", "126029", "146212", "167104", "167149", "167152"]
BUDGETS = [10, 30, 100]
GRID = [0.5 * (100 / 0.5) ** (i / 59) for i in range(60)]
EPOCHS = lcbench_surrogate.EPOCHS

DISTRIBUTIONS = {
    "batch_size": optuna.distributions.IntDistribution(16, 512, log=True),
    "learning_rate": optuna.distributions.FloatDistribution(1e-4, 1e-1, log=True),
    "momentum": optuna.distributions.FloatDistribution(0.1, 0.99),
    "weight_decay": optuna.distributions.FloatDistribution(1e-5, 1e-1),
    "num_layers": optuna.distributions.IntDistribution(1, 5),
    "max_units": optuna.distributions.IntDistribution(64, 1024, log=True),
    "max_dropout": optuna.distributions.FloatDistribution(0.0, 1.0),
}


def methods(seed):
    """The three Optuna configurations, each a fresh sampler and pruner for one seed."""
    return {
        "optuna tpe+hyperband": (optuna.samplers.TPESampler(seed=seed),
                                 optuna.pruners.HyperbandPruner(min_resource=1, max_resource=EPOCHS, reduction_factor=3)),
        "optuna tpe+sha": (optuna.samplers.TPESampler(seed=seed),
                           optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3,
                                                                  min_early_stopping_rate=0)),
        "optuna random+median": (optuna.samplers.RandomSampler(seed=seed), optuna.pruners.MedianPruner()),
        # full fidelity: every trial trains all 52 epochs
        "optuna tpe": (optuna.samplers.TPESampler(seed=seed), optuna.pruners.NopPruner()),
        "optuna random": (optuna.samplers.RandomSampler(seed=seed), optuna.pruners.NopPruner()),
    }


DEFAULT_METHODS = ["optuna tpe+hyperband", "optuna tpe+sha", "optuna random+median"]


def run(surrogate, task, reference, sampler, pruner, workers, max_budget, name):
    """One search; returns the incumbent's rises [(simulated wall time, best accuracy so far)] and trial count."""
    limit = max_budget * reference["fullTime"] / workers
    # a fixed study name: HyperbandPruner assigns brackets by a hash of it, so a random one is not reproducible
    study = optuna.create_study(study_name=name, direction="maximize", sampler=sampler, pruner=pruner)
    events = []  # (time, worker)
    state = {}
    curve = []
    trials = 0

    def start(worker, now):
        nonlocal trials
        if now >= limit:
            return
        trial = study.ask(DISTRIBUTIONS)
        trials += 1
        accuracy, elapsed = surrogate.curve(task, trial.params)
        state[worker] = {"trial": trial, "acc": accuracy, "elapsed": elapsed, "epoch": 1, "best": -np.inf, "t0": now}
        heapq.heappush(events, (now + elapsed[0], worker))

    for w in range(workers):
        start(w, 0.0)
    while events:
        now, w = heapq.heappop(events)
        if now > limit:
            continue  # this worker's time is up
        s = state[w]
        e = s["epoch"]
        acc = float(s["acc"][e - 1])
        s["best"] = max(s["best"], acc)
        if not curve or acc > curve[-1][1]:
            curve.append((now, acc))
        trial = s["trial"]
        trial.report(acc, e)
        if e == EPOCHS:
            study.tell(trial, s["best"])
            start(w, now)
        elif trial.should_prune():
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            start(w, now)
        else:
            s["epoch"] = e + 1
            heapq.heappush(events, (s["t0"] + s["elapsed"][e], w))
    return curve, trials


def regret_at(curve, reference, workers, budget):
    until = budget * reference["fullTime"] / workers
    best = None
    for t, acc in curve:
        if t <= until:
            best = acc
    if best is None:
        return 1.0
    return (reference["best"] - best) / (reference["best"] - reference["median"])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tasks", default="dev", help="comma-separated OpenML task ids, 'dev' or 'held-out' (default dev)")
    p.add_argument("--seeds", type=int, default=2, help="seeds 1..N (default 2)")
    p.add_argument("--first-seed", type=int, default=1, help="run seeds F..F+N-1 instead (default 1)")
    p.add_argument("--workers", type=int, default=1, help="simulated asynchronous workers (default 1)")
    p.add_argument("--budget", type=float, default=100, help="full-training equivalents per search (default 100)")
    p.add_argument("--methods", default=None, help="comma-separated labels (default: the three with pruners; "
                                                   "'optuna tpe' and 'optuna random' run at full fidelity)")
    p.add_argument("--references", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         "lcbench-references.json"))
    p.add_argument("--surrogate", default=None, help="YAHPO Gym's lcbench folder (default ../shared/benchmarks/yahpo-lcbench)")
    p.add_argument("--json", default=None, help="write the regrets to this file")
    a = p.parse_args()
    if a.seeds < 1 or a.workers < 1 or a.budget <= 0:
        p.error("--seeds and --workers must be >= 1, --budget > 0")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with open(a.references) as f:
        references = json.load(f)["references"]
    surrogate = lcbench_surrogate.Surrogate(a.surrogate)
    if a.tasks == "dev":
        tasks = DEV_TASKS
    elif a.tasks == "held-out":
        tasks = [t for t in surrogate.tasks if t not in DEV_TASKS]
    else:
        tasks = [t.strip() for t in a.tasks.split(",")]
    for t in tasks:
        if t not in references:
            p.error("task %s: not an LCBench task, or not in %s" % (t, a.references))
    labels = DEFAULT_METHODS if a.methods is None else [m.strip() for m in a.methods.split(",")]
    unknown = [m for m in labels if m not in methods(0)]
    if unknown:
        p.error("unknown method(s) %s: expected some of %s" % (", ".join(unknown), ", ".join(methods(0))))
    results = {label: [] for label in labels}
    print("optuna_lcbench: optuna %s, %d tasks x %d seeds x %d methods, %d worker(s)"
          % (optuna.__version__, len(tasks), a.seeds, len(labels), a.workers), file=sys.stderr)
    for task in tasks:
        ref = references[task]
        for seed in range(a.first_seed, a.first_seed + a.seeds):
            configured = methods(seed)
            for label in labels:
                sampler, pruner = configured[label]
                t0 = time.time()
                curve, trials = run(surrogate, task, ref, sampler, pruner, a.workers, a.budget,
                                    "lcbench-%s-%d-%s" % (task, seed, label))
                results[label].append(curve)
                print("  task %s seed %d %-22s %5d trials, regret %s, %.1f s" % (
                    task, seed, label, trials,
                    " / ".join("%.4f" % regret_at(curve, ref, a.workers, b) for b in BUDGETS), time.time() - t0),
                    file=sys.stderr, flush=True)
    out = {"methods": {}, "grid": GRID}
    runs_of = [(task, seed) for task in tasks for seed in range(a.first_seed, a.first_seed + a.seeds)]
    print("| method | regret @10 | regret @30 | regret @100 |\n|---|---:|---:|---:|")
    for label in labels:
        def mean(b):
            return float(np.mean([regret_at(c, references[task], a.workers, b)
                                  for c, (task, seed) in zip(results[label], runs_of)]))
        out["methods"][label] = {"regret": {str(b): mean(b) for b in BUDGETS}, "curve": [mean(b) for b in GRID]}
        print("| %s | %s |" % (label, " | ".join("%.4f" % mean(b) for b in BUDGETS)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)
        print("\nWritten to %s" % a.json)


if __name__ == "__main__":
    main()
