#!/usr/bin/env python3
"""Optuna's TPE on the search-quality test functions of `nightshift bench search-quality`.

The functions and search spaces must match io.nightshift.agent.cli.BenchFunctions exactly.
Prints one JSON object: {"version": ..., "results": {function: {"25": median, ...}}, "seconds": ...}.
Usage: optuna_quality.py [--seeds 20] [--budgets 25,50,100] [--functions branin,hartmann6,rosenbrock4,mixed]
"""
import argparse
import json
import math
import statistics
import sys
import time

import optuna

HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
              [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
MIXED_SHIFT = {"a": 1.0, "b": -2.0, "c": 3.0, "d": 0.5}
MIXED_BIAS = {"a": 0.3, "b": 0.0, "c": 0.6, "d": 0.9}


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    return ((x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2
            + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10)


def hartmann6(t):
    x = [t.suggest_float("x%d" % i, 0, 1) for i in range(1, 7)]
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


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


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "rosenbrock4": rosenbrock4, "mixed": mixed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--budgets", default="25,50,100")
    ap.add_argument("--functions", default=",".join(FUNCTIONS))
    args = ap.parse_args()
    budgets = [int(b) for b in args.budgets.split(",")]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    start = time.time()
    results = {}
    for name in args.functions.split(","):
        fn = FUNCTIONS[name]
        bests = {b: [] for b in budgets}
        for seed in range(args.seeds):
            study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
            study.optimize(fn, n_trials=max(budgets))
            values = [tr.value for tr in study.trials]
            for b in budgets:
                bests[b].append(min(values[:b]))
        results[name] = {str(b): statistics.median(v) for b, v in bests.items()}
    json.dump({"version": optuna.__version__, "results": results, "seconds": time.time() - start}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
