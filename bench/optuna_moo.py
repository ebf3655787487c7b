#!/usr/bin/env python3
"""Optuna 3.1's NSGA-II and MOTPE on the problems of `liandan bench moo`, side by side with liandan's.

    /usr/bin/python3 bench/optuna_moo.py --problems zdt1,zdt2,dtlz2,bnh --seeds 10 --trials 200 --jobs 4 --json FILE

Each run is one study of T trials through Optuna's own ask and tell, every objective minimised:
NSGAIISampler(seed=s) and TPESampler(seed=s) with their defaults (a study of several objectives
makes TPESampler MOTPE), TPESampler(seed=s, multivariate=True) as "motpe-mv", each with
constraints_func where the problem has constraints. The problems
are defined as in liandan's MooProblems (ZDT1 and ZDT2 with 30 variables, DTLZ2 with 3 objectives
and 12 variables, BNH with its two constraints). The script measures no hypervolume: it writes the
objective vectors of each run's feasible COMPLETE trials, and liandan computes the hypervolume of
both sides with the same code and the same reference points.

The file is rewritten after every finished run (seed by seed over the problems and methods), so an
interrupted run leaves the runs it finished. Writes {"optuna": version, "trials": T, "runs": [{"problem", "method", "seed", "seconds",
"cpu_seconds", "points": [[f1, f2, ...], ...]}, ...]}.
"""
import argparse
import json
import math
import multiprocessing
import os
import time
import warnings

import optuna


def zdt(concave, n=30):
    def f(x):
        g = 1 + 9 * sum(x[1:]) / (n - 1)
        r = x[0] / g
        return [x[0], g * (1 - (r * r if concave else math.sqrt(r)))], []
    return [(0.0, 1.0)] * n, f


def dtlz2(m=3, n=12):
    def f(x):
        g = sum((xi - 0.5) ** 2 for xi in x[m - 1:])
        out = []
        for k in range(m):
            v = 1 + g
            for j in range(m - 1 - k):
                v *= math.cos(x[j] * math.pi / 2)
            if k > 0:
                v *= math.sin(x[m - 1 - k] * math.pi / 2)
            out.append(v)
        return out, []
    return [(0.0, 1.0)] * n, f


def bnh():
    def f(x):
        f1 = 4 * x[0] ** 2 + 4 * x[1] ** 2
        f2 = (x[0] - 5) ** 2 + (x[1] - 5) ** 2
        c1 = (x[0] - 5) ** 2 + x[1] ** 2
        c2 = (x[0] - 8) ** 2 + (x[1] + 3) ** 2
        # Optuna's convention: a constraint value <= 0 holds; c1 <= 25 and c2 >= 7.7
        return [f1, f2], [c1 - 25, 7.7 - c2]
    return [(0.0, 5.0), (0.0, 3.0)], f


PROBLEMS = {"zdt1": lambda: zdt(False), "zdt2": lambda: zdt(True), "dtlz2": dtlz2, "bnh": bnh}


def run(problem, method, seed, trials):
    bounds, f = PROBLEMS[problem]()
    constrained = problem == "bnh"
    constraints_func = (lambda t: t.user_attrs["constraints"]) if constrained else None
    if method == "nsga2":
        sampler = optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints_func)
    elif method == "motpe-mv":
        sampler = optuna.samplers.TPESampler(seed=seed, multivariate=True, constraints_func=constraints_func)
    else:
        sampler = optuna.samplers.TPESampler(seed=seed, constraints_func=constraints_func)
    n_obj = len(f([lo for lo, _ in bounds])[0])
    study = optuna.create_study(directions=["minimize"] * n_obj, sampler=sampler)
    points = []
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(trials):
        trial = study.ask()
        x = [trial.suggest_float("x%d" % i, lo, hi) for i, (lo, hi) in enumerate(bounds)]
        values, constraints = f(x)
        trial.set_user_attr("constraints", constraints)
        study.tell(trial, values)
        if all(c <= 0 for c in constraints):
            points.append(values)
    return {"problem": problem, "method": method, "seed": seed, "seconds": time.perf_counter() - wall,
            "cpu_seconds": time.process_time() - cpu, "points": points}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problems", default="zdt1,zdt2,dtlz2,bnh")
    parser.add_argument("--methods", default="nsga2,motpe,motpe-mv")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1, help="seeds run from this one (to add seeds to earlier runs)")
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=1, help="runs at once, each in a process of its own")
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    for problem in args.problems.split(","):
        if problem not in PROBLEMS:
            raise SystemExit("unknown problem %r: expected one of %s" % (problem, ", ".join(PROBLEMS)))
    # seed by seed, so that the runs written so far cover every problem and method
    tasks = [(problem, method, seed, args.trials) for seed in range(args.first_seed, args.first_seed + args.seeds)
             for problem in args.problems.split(",") for method in args.methods.split(",")]
    runs = []
    with multiprocessing.Pool(max(1, args.jobs), initializer=quiet) as pool:
        for result in pool.imap_unordered(run_task, tasks):
            runs.append(result)
            write(args.json, args.trials, runs)
    write(args.json, args.trials, runs)


def quiet():
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def run_task(task):
    return run(*task)


def write(path, trials, runs):
    """Writes every finished run, replacing the file whole, so a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        json.dump({"optuna": optuna.__version__, "trials": trials, "runs": runs}, out)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
