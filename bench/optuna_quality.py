#!/usr/bin/env python3
"""Optuna's TPE on the search-quality test functions of `nightshift bench search-quality`.

The functions and search spaces must match io.nightshift.agent.bench.BenchFunctions exactly.
Batches are run as the Java side runs ours: ask `batch` trials (each one's parameters drawn while
the earlier ones of the batch are RUNNING), then tell them all; with a batch above 1 the sampler is
TPESampler(seed=seed, constant_liar=True), otherwise TPESampler(seed=seed) with its defaults. Workers are run as the loop asks with N worker slots: N asked,
then one each time the oldest RUNNING trial is told (so N - 1 are RUNNING at every ask after the first
N), with constant_liar=True.

Prints one JSON object:
  {"version": ..., "settings": ..., "first_seed": ..., "seconds": ...,
   "runs": {function: {mode: [{"values": [...], "keys": [...]}, one per seed]}}}
where mode is the batch size ("1", "4", "16") or "w" and the worker count ("w4", "w16"), and the trials
are in the order they were told.
where values are the objective of every trial in order and keys the value of the function's key
categorical in that trial (null when it has none).
Usage: optuna_quality.py [--seeds 20] [--first-seed 0] [--trials 100] [--batches 1,4,16] [--workers 4,16] [--functions branin,...]
"""
import argparse
import collections
import json
import math
import sys
import time
import warnings

import optuna

HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
              [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
MIXED_SHIFT = {"a": 1.0, "b": -2.0, "c": 3.0, "d": 0.5}
MIXED_BIAS = {"a": 0.3, "b": 0.0, "c": 0.6, "d": 0.9}
CAT_OFFSET = {"sgd": (0.0, -1.0, 1.0), "adam": (0.08, -3.0, 0.25),
              "adamw": (0.05, -3.0, 0.5), "rmsprop": (0.12, -3.5, 0.25)}


def hartmann(x):
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    return ((x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2
            + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10)


def hartmann6(t):
    return hartmann([t.suggest_float("x%d" % i, 0, 1) for i in range(1, 7)])


def rosenbrock4(t):
    x = [t.suggest_float("x%d" % i, -5, 10) for i in range(1, 5)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))


def mixed(t):
    c = t.suggest_categorical("c", ["a", "b", "c", "d"])
    x = t.suggest_float("x", -5, 5)
    y = t.suggest_float("y", -5, 5)
    k = t.suggest_int("k", 1, 8)
    lr = t.suggest_float("lr", 1e-4, 1.0, log=True)
    s = MIXED_SHIFT[c]
    return (x - s) ** 2 + (y + s) ** 2 + 0.5 * abs(k - 3) + (math.log10(lr) + 2) ** 2 + MIXED_BIAS[c]


def catoffset(t):
    opt = t.suggest_categorical("optimizer", ["sgd", "adam", "adamw", "rmsprop"])
    lr = t.suggest_float("lr", 1e-5, 1.0, log=True)
    width = t.suggest_int("width", 16, 1024, log=True)
    x = t.suggest_float("x", 0, 1)
    off, best_lr, curv = CAT_OFFSET[opt]
    e = math.log10(lr) - best_lr
    w = math.log(width) / math.log(2) - 8
    return off + curv * e * e + 0.02 * w * w + 0.5 * (x - 0.35) ** 2


def branches(t):
    kind = t.suggest_categorical("kind", ["a", "b", "c"])
    if kind == "a":
        branch = 0.30 + 0.5 * (t.suggest_float("a1", 0, 1) - 0.5) ** 2
    elif kind == "b":
        b1 = t.suggest_float("b1", 0, 1)
        b2 = t.suggest_int("b2", 1, 256, log=True)
        branch = 0.15 + 0.6 * (b1 - 0.8) ** 2 + 0.02 * (math.log(b2) / math.log(2) - 5) ** 2
    else:
        c1 = t.suggest_categorical("c1", ["x", "y", "z"])
        if c1 == "x":
            branch = 0.40
        elif c1 == "y":
            branch = 0.35
        else:
            branch = 4 * (t.suggest_float("c2", 0, 1) - 0.25) ** 2
    s = t.suggest_float("s", 0, 1)
    tt = math.log10(t.suggest_float("t", 1e-3, 10, log=True))
    return branch + 0.3 * (s - 0.6) ** 2 + 0.05 * tt * tt


def irrelevant(t):
    x = [t.suggest_float("x%d" % i, 0, 1) for i in range(1, 7)]
    for i in range(1, 5):
        t.suggest_float("n%d" % i, 0, 1)
    t.suggest_categorical("k1", ["p", "q", "r"])
    t.suggest_categorical("k2", ["v1", "v2", "v3", "v4", "v5"])
    return hartmann(x)


def trainrun(t):
    opt = t.suggest_categorical("optimizer", ["sgd", "adam", "adamw"])
    momentum = t.suggest_float("momentum", 0, 0.99) if opt == "sgd" else None
    sched = t.suggest_categorical("scheduler", ["constant", "cosine", "step"])
    warmup = t.suggest_float("warmup", 0, 0.3) if sched == "cosine" else None
    decay = t.suggest_float("decay", 0.1, 0.9) if sched == "step" else None
    lr = math.log10(t.suggest_float("lr", 1e-5, 1.0, log=True))
    wd = math.log10(t.suggest_float("weight_decay", 1e-6, 1e-1, log=True))
    b = math.log(t.suggest_int("batch_size", 16, 1024, log=True) / 128.0) / math.log(2)
    dropout = t.suggest_float("dropout", 0, 0.8)
    if opt == "sgd":
        eff = lr - math.log10(1 - momentum) - 0.301 * b
        s = 0.8 * eff * eff + 0.6 * (momentum - 0.9) ** 2 + 0.04 * (wd + 3.3) ** 2
    elif opt == "adam":
        e = lr + 3 - 0.15 * b
        s = 0.08 + 0.5 * e * e + 0.03 * (wd + 5) ** 2
    else:
        e = lr + 3 - 0.15 * b
        s = 0.04 + 0.5 * e * e + 0.04 * (wd + 2) ** 2
    if sched == "constant":
        s += 0.04
    elif sched == "cosine":
        s += 1.5 * (warmup - 0.05) ** 2
    else:
        s += 0.015 + 0.3 * (decay - 0.3) ** 2
    drop_opt = max(0.0, min(0.5, 0.2 - 0.04 * (wd + 3.3)))
    s += 0.01 * b * b + 0.4 * (dropout - drop_opt) ** 2
    return 0.05 + 0.85 * (1 - math.exp(-s))


def box(t, dims, lo, hi):
    return [t.suggest_float("x%d" % i, lo, hi) for i in range(1, dims + 1)]


def ackley5(t):
    x = box(t, 5, -32.768, 32.768)
    sq = sum(v * v for v in x)
    cos = sum(math.cos(2 * math.pi * v) for v in x)
    return -20 * math.exp(-0.2 * math.sqrt(sq / 5)) - math.exp(cos / 5) + 20 + math.e


def rastrigin4(t):
    return 40 + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in box(t, 4, -5.12, 5.12))


def styblinski5(t):
    return sum(v ** 4 - 16 * v * v + 5 * v for v in box(t, 5, -5, 5)) / 2


def schwefel4(t):
    return 418.9829 * 4 - sum(v * math.sin(math.sqrt(abs(v))) for v in box(t, 4, -500, 500))


FUNCTIONS = {"branin": (branin, None), "hartmann6": (hartmann6, None), "rosenbrock4": (rosenbrock4, None),
             "mixed": (mixed, "c"), "catoffset": (catoffset, "optimizer"), "branches": (branches, "kind"),
             "irrelevant": (irrelevant, None), "trainrun": (trainrun, "optimizer"),
             # held out: not in the Java bench's default list, run when named
             "ackley5": (ackley5, None), "rastrigin4": (rastrigin4, None), "styblinski5": (styblinski5, None),
             "schwefel4": (schwefel4, None)}


def run(fn, key, seed, trials, batch):
    sampler = (optuna.samplers.TPESampler(seed=seed, constant_liar=True) if batch > 1
               else optuna.samplers.TPESampler(seed=seed))
    study = optuna.create_study(direction="minimize", sampler=sampler)
    values, keys = [], []
    while len(values) < trials:
        asked = []
        for _ in range(min(batch, trials - len(values))):
            t = study.ask()
            asked.append((t, fn(t)))  # parameters drawn now, with the earlier ones of the batch RUNNING
        for t, v in asked:
            study.tell(t, v)
            values.append(v)
            keys.append(t.params.get(key) if key else None)
    return {"values": values, "keys": keys}


def run_workers(fn, key, seed, trials, workers):
    study = optuna.create_study(direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=seed, constant_liar=True))
    values, keys = [], []
    running = collections.deque()
    asked = 0
    while len(values) < trials:
        while len(running) < workers and asked < trials:
            t = study.ask()
            running.append((t, fn(t)))
            asked += 1
        t, v = running.popleft()  # the oldest ends first
        study.tell(t, v)
        values.append(v)
        keys.append(t.params.get(key) if key else None)
    return {"values": values, "keys": keys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--batches", default="1,4,16")
    ap.add_argument("--workers", default="")
    ap.add_argument("--functions", default="branin,hartmann6,rosenbrock4,mixed,catoffset,branches,irrelevant,trainrun")
    args = ap.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    start = time.time()
    runs = {}
    for name in args.functions.split(","):
        fn, key = FUNCTIONS[name]
        runs[name] = {}
        for batch in [int(b) for b in args.batches.split(",") if b]:
            runs[name][str(batch)] = [run(fn, key, seed, args.trials, batch) for seed in range(args.first_seed, args.first_seed + args.seeds)]
        for workers in [int(w) for w in args.workers.split(",") if w]:
            runs[name]["w%d" % workers] = [run_workers(fn, key, seed, args.trials, workers)
                                           for seed in range(args.first_seed, args.first_seed + args.seeds)]
        print("optuna: %s done after %.0f s" % (name, time.time() - start), file=sys.stderr, flush=True)
    settings = ("TPESampler(seed=seed) defaults (univariate, n_startup_trials=10, n_ei_candidates=24, "
                "prior_weight=1.0, consider_endpoints=False, gamma=min(ceil(0.1 n), 25)); "
                "batches: constant_liar=True, ask a batch then tell it; workers: constant_liar=True, "
                "tell the oldest running trial then ask one")
    json.dump({"version": optuna.__version__, "settings": settings, "first_seed": args.first_seed, "seconds": time.time() - start, "runs": runs},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
