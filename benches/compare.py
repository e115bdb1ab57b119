#!/usr/bin/env python3
"""Whole-process comparison of `baogao search` with line filters, in one run.

usage: python3 benches/compare.py CORPUS_DIR [QUERY] [ROUNDS]

Runs the commands alternately ROUNDS times (default 15) so that a busy machine
slows them alike, and prints the median, min and max wall time and the median
CPU time (user + system, the children's) of each, and baogao's medians as a
fraction of each other tool's. baogao runs three ways:

  - no cache:   `--no-cache`, every file parsed (as before the cache);
  - cold cache: an empty cache folder each round, so it parses every file and
                writes the cache;
  - warm cache: a cache filled before the first round.

The line filters read the one-line-per-paragraph file that gen-corpus.py writes
beside the corpus (CORPUS_DIR.paragraphs.txt); `rg -c` counts the exact phrase
there, the floor for an exact scan. Tools that are not installed are skipped
(sk is looked for on PATH and in /tmp/skim/bin).
"""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    corpus = sys.argv[1].rstrip("/")
    query = sys.argv[2] if len(sys.argv) > 2 else "石墨产业"
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    lines = corpus + ".paragraphs.txt"
    here = os.path.dirname(os.path.abspath(__file__))
    baogao = os.path.join(here, "..", "target", "release", "baogao")
    scratch = tempfile.mkdtemp(prefix="baogao-compare-")
    warm, cold = os.path.join(scratch, "warm"), os.path.join(scratch, "cold")
    search = [baogao, "search", query, corpus, "--json"]
    env = lambda d: dict(os.environ, BAOGAO_CACHE_DIR=d)
    cmds = {
        "baogao no cache": (search + ["--no-cache"], None, None, None),
        "baogao cold cache": (search, None, env(cold), lambda: shutil.rmtree(cold, ignore_errors=True)),
        "baogao warm cache": (search, None, env(warm), None),
    }
    # Another build to compare with in the same run (the previous version, say).
    if os.environ.get("BAOGAO_BASELINE"):
        cmds["baseline"] = ([os.environ["BAOGAO_BASELINE"], "search", query, corpus, "--json"], None, None, None)
    sk = shutil.which("sk") or shutil.which("sk", path="/tmp/skim/bin")
    for name, tool in [("sk --filter", sk), ("fzf --filter", shutil.which("fzf"))]:
        if tool:
            cmds[name] = ([tool, "--filter", query], lines, None, None)
    if shutil.which("rg"):
        cmds["rg -c"] = (["rg", "-c", query, lines], None, None, None)
    subprocess.run(search, env=env(warm), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = {name: [] for name in cmds}
    cpu = {name: [] for name in cmds}
    for _ in range(rounds):
        for name, (argv, stdin, e, before) in cmds.items():
            if before:
                before()
            with open(stdin or os.devnull, "rb") as inp, open(os.devnull, "wb") as out:
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                subprocess.run(argv, stdin=inp, stdout=out, stderr=subprocess.DEVNULL, env=e)
                wall[name].append(time.perf_counter() - t)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    shutil.rmtree(scratch, ignore_errors=True)
    med = {n: statistics.median(v) for n, v in wall.items()}
    mcpu = {n: statistics.median(v) for n, v in cpu.items()}
    print(f"query {query!r} on {corpus}, {rounds} alternating rounds")
    for n, v in wall.items():
        print(f"  {n:<18} median {med[n]*1000:8.1f} ms   min {min(v)*1000:8.1f}   max {max(v)*1000:8.1f}"
              f"   cpu {mcpu[n]*1000:8.1f} ms")
    for b in [n for n in med if n.startswith("baogao")]:
        for n in [n for n in med if not n.startswith("baogao")]:
            print(f"  {b} / {n}: wall {med[b] / med[n]:.2f}x, cpu {mcpu[b] / mcpu[n]:.2f}x")

main()
