"""Optuna 3.1.0's side of `liandan bench search`: the same four functions, median over seeds
0..N-1 of the best value after 100 trials, with the per-seed values.

    /usr/bin/python3 bench/optuna_search.py branin,hartmann6,rosenbrock4,mixed tpe,random 10 [trials]

Samplers: tpe, tpe-mv (multivariate), random, cmaes, sobol (Optuna's QMCSampler).
"""
import math, sys, statistics
import numpy as np
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)

def branin(t):
    x1 = t.suggest_float("x1", -5, 10); x2 = t.suggest_float("x2", 0, 15)
    b = 5.1/(4*math.pi**2); c = 5/math.pi; tt = 1/(8*math.pi)
    return (x2 - b*x1*x1 + c*x1 - 6)**2 + 10*(1-tt)*math.cos(x1) + 10
A = [[10,3,17,3.5,1.7,8],[0.05,10,17,0.1,8,14],[3,3.5,1.7,10,17,8],[17,8,0.05,10,0.1,14]]
P = [[0.1312,0.1696,0.5569,0.0124,0.8283,0.5886],[0.2329,0.4135,0.8307,0.3736,0.1004,0.9991],
     [0.2348,0.1451,0.3522,0.2883,0.3047,0.6650],[0.4047,0.8828,0.8732,0.5743,0.1091,0.0381]]
AL = [1.0,1.2,3.0,3.2]
def hartmann6(t):
    x = [t.suggest_float("x%d"%(i+1), 0, 1) for i in range(6)]
    return -sum(AL[i]*math.exp(-sum(A[i][j]*(x[j]-P[i][j])**2 for j in range(6))) for i in range(4))
def rosen(t):
    x = [t.suggest_float("x%d"%(i+1), -2, 2) for i in range(4)]
    return sum(100*(x[i+1]-x[i]**2)**2 + (1-x[i])**2 for i in range(3))
def mixed(t):
    lr = t.suggest_float("lr", 1e-5, 1, log=True)
    batch = t.suggest_categorical("batch", [32,64,128,256,512])
    opt = t.suggest_categorical("optimizer", ["adam","sgd","rmsprop"])
    dropout = t.suggest_float("dropout", 0, 0.8)
    wd = t.suggest_float("weight_decay", 1e-6, 1e-2, log=True)
    adam = opt == "adam"
    lrs = (1e-3 if adam else 5e-2)*batch/128
    c = 0 if adam else (0.05 if opt == "sgd" else 0.2)
    dl = math.log10(lr) - math.log10(lrs); dw = math.log10(wd)+4
    return dl*dl + 2*(dropout-0.3)**2 + 0.3*dw*dw/4 + c + 0.02*abs(math.log2(batch/128))
FUNCS = {"branin": branin, "hartmann6": hartmann6, "rosenbrock4": rosen, "mixed": mixed}
def sampler(name, seed):
    if name == "tpe": return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-mv": return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "random": return optuna.samplers.RandomSampler(seed=seed)
    if name == "cmaes": return optuna.samplers.CmaEsSampler(seed=seed)
    if name == "sobol": return optuna.samplers.QMCSampler(seed=seed)
funcs = sys.argv[1].split(","); samplers = sys.argv[2].split(","); seeds = int(sys.argv[3]); trials = int(sys.argv[4]) if len(sys.argv) > 4 else 100
import warnings; warnings.filterwarnings("ignore")
for f in funcs:
    for s in samplers:
        bests = []
        for seed in range(seeds):
            st = optuna.create_study(sampler=sampler(s, seed))
            st.optimize(FUNCS[f], n_trials=trials)
            bests.append(st.best_value)
        print(f, s, "median %.4f" % statistics.median(bests), " ".join("%.4f" % b for b in bests), flush=True)
