#!/usr/bin/env python3
"""Whole-process comparison of `baogao search` with line filters, in one run.

usage: python3 benches/compare.py CORPUS_DIR [QUERY] [ROUNDS]

Runs the commands alternately ROUNDS times (default 15) so that a busy machine
slows them alike, and prints the median, min and max wall time of each, and
baogao's median as a fraction of each other tool's. The line filters read the
one-line-per-paragraph file that gen-corpus.py writes beside the corpus
(CORPUS_DIR.paragraphs.txt). Tools that are not installed are skipped.
"""
import os, shutil, statistics, subprocess, sys, time

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    corpus = sys.argv[1].rstrip("/")
    query = sys.argv[2] if len(sys.argv) > 2 else "石墨产业"
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    lines = corpus + ".paragraphs.txt"
    here = os.path.dirname(os.path.abspath(__file__))
    baogao = os.path.join(here, "..", "target", "release", "baogao")
    cmds = {"baogao search": ([baogao, "search", query, corpus, "--json"], None)}
    for tool in ["sk", "fzf"]:
        if shutil.which(tool):
            cmds[f"{tool} --filter"] = ([tool, "--filter", query], lines)
    times = {name: [] for name in cmds}
    for _ in range(rounds):
        for name, (argv, stdin) in cmds.items():
            with open(stdin or os.devnull, "rb") as inp, open(os.devnull, "wb") as out:
                t = time.perf_counter()
                subprocess.run(argv, stdin=inp, stdout=out, stderr=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - t)
    med = {n: statistics.median(v) for n, v in times.items()}
    print(f"query {query!r} on {corpus}, {rounds} alternating rounds")
    for n, v in times.items():
        print(f"  {n:<15} median {med[n]*1000:8.1f} ms   min {min(v)*1000:8.1f}   max {max(v)*1000:8.1f}")
    for n in med:
        if n != "baogao search":
            print(f"  baogao / {n}: {med['baogao search'] / med[n]:.2f}x")

main()
