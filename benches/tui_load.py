#!/usr/bin/env python3
"""Time from the command to the reader being ready, read from tmux, in one run.

usage: python3 benches/tui_load.py CORPUS_DIR [QUERY] [ROUNDS]   (BAOGAO_BIN=… to time another build)

For baogao with no cache, a cold cache (emptied before each start) and a warm one,
alternately ROUNDS times (default 3), in a 120x40 tmux pane:

  - first frame: the first screen that shows a report;
  - loaded:      the status line no longer says 载入中 (loading);
  - searched:    QUERY (default 石墨产业) typed at once after the start, until the panel
                 shows the complete count, the one `baogao search --stats` gives (the
                 panel's count has no "+" and matches).
  - hits shown:  in that run, until the panel first shows a count above 0 (while loading);
  - past load:   in that run, from the load's end to the complete count;
  - after load:  QUERY typed once the reader is loaded, until the complete count shows;
  - peak RSS:    the reader's VmHWM at the end: QUERY searched after the load, and
                 searched while loading.

Medians are printed. tmux is polled every 10 ms, so figures are good to about 15 ms.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True).stdout

RUNS = [0]

def run_once(baogao, corpus, env, flags, query, want, later=None):
    # A server of its own each time: a new session on a server that is still going away
    # would be session 1, and the capture would read the old one.
    RUNS[0] += 1
    sock = f"bench-{os.getpid()}-{RUNS[0]}"
    home = tempfile.mkdtemp(prefix="baogao-tui-")
    envs = [f"{k}={v}" for k, v in env.items()]
    cmd = ["env", "-i", "PATH=/usr/bin:/bin", "TERM=xterm-256color", "LANG=C.UTF-8", f"HOME={home}", *envs,
           baogao, "--ambiguous", "narrow", *flags, corpus]
    t0 = time.perf_counter()
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", *cmd)
    if query:
        tmux(sock, "send-keys", "-t", "b", "/")
        tmux(sock, "send-keys", "-t", "b", "-l", query)
    first = loaded = searched = hits = None
    while time.perf_counter() - t0 < 120:
        s = tmux(sock, "capture-pane", "-p", "-t", "b")
        t = time.perf_counter() - t0
        if first is None and "政府工作报告" in s:
            first = t
        # Drawn (the status line's help hint) and no longer loading; the panel of a query
        # typed at start can hide the report's title.
        if loaded is None and (first is not None or (query and "帮助" in s)) and "载入中" not in s:
            loaded = t
        if query and hits is None and re.search(r"(?<![\d,])[1-9][\d,]*\+? 处", s):
            hits = t
        if query and want in s:
            searched = t
            break
        if not query and loaded is not None:
            break
        time.sleep(0.01)
    # Then, loaded, the same search typed: how long it takes, and the memory it needs.
    after = None
    if not query and loaded is not None and later:
        t1 = time.perf_counter()
        tmux(sock, "send-keys", "-t", "b", "/")
        tmux(sock, "send-keys", "-t", "b", "-l", later)
        while time.perf_counter() - t1 < 60:
            if want in tmux(sock, "capture-pane", "-p", "-t", "b"):
                after = time.perf_counter() - t1
                break
            time.sleep(0.01)
    pid = tmux(sock, "display-message", "-p", "-t", "b", "#{pane_pid}").strip()
    rss = None
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        pass
    tmux(sock, "kill-server")
    shutil.rmtree(home, ignore_errors=True)
    return first, loaded, searched, rss, after, hits

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    corpus = os.path.abspath(sys.argv[1].rstrip("/"))
    query = sys.argv[2] if len(sys.argv) > 2 else "石墨产业"
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    here = os.path.dirname(os.path.abspath(__file__))
    baogao = os.environ.get("BAOGAO_BIN") or os.path.abspath(os.path.join(here, "..", "target", "release", "baogao"))
    stats = subprocess.run([baogao, "--no-cache", "search", query, corpus, "--stats"],
                           capture_output=True, text=True).stderr
    m = re.search(r"(\d+) hits: (\d+) exact, (\d+) variant", stats)
    want = f"{m.group(2)} 处 · 相近 {m.group(3)}" if m else ""
    scratch = tempfile.mkdtemp(prefix="baogao-tui-cache-")
    warm, cold = os.path.join(scratch, "warm"), os.path.join(scratch, "cold")
    subprocess.run([baogao, "search", query, corpus], env=dict(os.environ, BAOGAO_CACHE_DIR=warm),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    modes = {"no cache": ({"BAOGAO_CACHE_DIR": cold}, ["--no-cache"]), "cold cache": ({"BAOGAO_CACHE_DIR": cold}, []),
             "warm cache": ({"BAOGAO_CACHE_DIR": warm}, [])}
    res = {m: {"first": [], "loaded": [], "searched": [], "rss loaded": [], "rss searched": [], "after": [], "hits": [],
             "past": []} for m in modes}
    for _ in range(rounds):
        for name, (env, flags) in modes.items():
            for q in [None, query]:
                if name == "cold cache":
                    shutil.rmtree(cold, ignore_errors=True)
                first, loaded, searched, rss, after, hits = run_once(baogao, corpus, env, flags, q, want, query)
                if q is None:
                    res[name]["after"].append(after)
                    res[name]["first"].append(first)
                    res[name]["loaded"].append(loaded)
                    res[name]["rss loaded"].append(rss)
                else:
                    res[name]["searched"].append(searched)
                    res[name]["hits"].append(hits)
                    res[name]["past"].append(None if None in (searched, loaded) else max(0.0, searched - loaded))
                    res[name]["rss searched"].append(rss)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"{corpus}, {rounds} rounds, query {query!r} (complete: {want})")
    for name, r in res.items():
        med = lambda v: "—" if None in v else f"{statistics.median(v) * 1000:7.0f} ms"
        mb = lambda v: "—" if None in v else f"{statistics.median(v):5.0f} MB"
        print(f"  {name:<11} first frame {med(r['first'])}   loaded {med(r['loaded'])}   searched {med(r['searched'])}"
              f"   after load {med(r['after'])}\n  {'':<11} searching at start: hits shown {med(r['hits'])},"
              f" complete {med(r['past'])} past the load's end\n  {'':<11} peak RSS searched after load {mb(r['rss loaded'])},"
              f" while loading {mb(r['rss searched'])}")

main()
