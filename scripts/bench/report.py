#!/usr/bin/env python3
"""report.py META.tsv RAW.tsv OUT.md

Turns the raw measurements written by run.sh into a readable table on stdout
and a Markdown summary (machine description, table, targets) in OUT.md.

RAW.tsv lines: section, key, server, repetition, metric, value (tab-separated).
Each figure is the median over the repetitions; the readable table also shows
the spread (min-max). Targets are printed as PASS/MISS; nothing is asserted.
Python standard library only.
"""
import math
import statistics
import sys
from collections import defaultdict

meta_path, raw_path, out_path = sys.argv[1:4]

meta = {}
with open(meta_path) as f:
    for line in f:
        k, _, v = line.rstrip('\n').partition('\t')
        meta[k] = v

values = defaultdict(list)  # (section, key, server, metric) -> [float]
with open(raw_path) as f:
    for line in f:
        parts = line.rstrip('\n').split('\t')
        if len(parts) != 6:
            continue
        section, key, server, _rep, metric, value = parts
        try:
            values[(section, key, server, metric)].append(float(value))
        except ValueError:
            pass  # e.g. the RSS series, kept only in the raw file


def stat(section, key, server, metric):
    """(median, min, max) or None."""
    v = [x for x in values.get((section, key, server, metric), []) if not math.isnan(x)]
    if not v:
        return None
    return statistics.median(v), min(v), max(v)


def med(section, key, server, metric):
    s = stat(section, key, server, metric)
    return s[0] if s else None


def fmt(x, digits=0):
    if x is None:
        return 'n/a'
    if digits == 0:
        return f'{x:,.0f}'
    return f'{x:,.{digits}f}'


def ratio(ns, up):
    if ns is None or up is None or up == 0:
        return None
    return ns / up


rows = []      # (label, upsd, nutsharp, ratio_text, target_text, verdict, spread_upsd, spread_ns)
targets = []   # (text, verdict)


def verdict(ok):
    if ok is None:
        return 'n/a'
    return 'PASS' if ok else 'MISS'


def add(label, section, key, metric, digits=0, scale=1.0, target=None, check=None, ratio_text=None, worst=False):
    """One table row from the medians; with worst=True the target is checked
    against NutSharp's lowest repetition instead of its median."""
    su, sn = stat(section, key, 'upsd', metric), stat(section, key, 'nutsharp', metric)
    up = su[0] * scale if su else None
    ns = sn[0] * scale if sn else None
    r = ratio(ns, up)
    rt = ratio_text(ns, up) if ratio_text else (f'{r:.2f}x' if r is not None else 'n/a')
    ns_checked = (sn[1] * scale if worst else ns) if sn else None
    ok = check(ns_checked, up) if (check and ns_checked is not None and up is not None) else None
    reps = int(meta.get('reps', '1'))
    spread = lambda s: '' if not s or reps < 2 else f'{fmt(s[1] * scale, digits)}-{fmt(s[2] * scale, digits)}'
    rows.append((label, fmt(up, digits), fmt(ns, digits), rt, target or '', verdict(ok) if target else '',
                 spread(su), spread(sn)))
    if target:
        targets.append((f'{label}: {target}', verdict(ok)))


# a. GET VAR throughput and CPU per request
for key, text in (('c1d1', '1 conn'), ('c16d1', '16 conns'), ('c256d1', '256 conns'), ('c16d16', '16 conns, depth 16')):
    depth1 = key.endswith('d1')
    add(f'GET VAR {text} (req/s)', 'getvar', key, 'rps',
        target='>= 1.0x upsd' if depth1 else None, check=lambda n, u: n >= u)
for key, text in (('c1d1', '1 conn'), ('c16d1', '16 conns'), ('c256d1', '256 conns'), ('c16d16', '16 conns, depth 16')):
    add(f'CPU per GET VAR, {text} (us)', 'getvar', key, 'cpu_us', digits=2,
        target='<= upsd', check=lambda n, u: n <= u)
for key, text in (('c1d1', '1 conn'), ('c16d16', '16 conns, depth 16')):
    add(f'GET VAR p50 latency, {text} (us)', 'getvar', key, 'p50_us')

# b. LIST VAR
add('LIST VAR 1 conn (lists/s)', 'listvar', 'c1d1', 'rps', digits=1,
    target='>= 100x upsd', check=lambda n, u: n >= 100 * u)
add('LIST VAR p50 latency (ms)', 'listvar', 'c1d1', 'p50_us', digits=3, scale=1e-3)

# c. upsc dump (lower is better: show the speed-up)
def speedup(n, u):
    if not n or not u:
        return 'n/a'
    return f'{n / u:.3f}x ({u / n:.1f}x faster)' if u >= n else f'{n / u:.3f}x ({n / u:.1f}x slower)'

add('upsc full dump (ms)', 'upsc', 'dump', 'ms', digits=2,
    target='>= 5x faster', check=lambda n, u: u >= 5 * n, ratio_text=speedup)
add('upsc dump lines', 'upsc', 'dump', 'vars')
# upsc against a port nobody listens on: process start and the connect attempt only (NSS is
# initialised later, after connecting), a lower bound of upsc's own share of a dump.
add('upsc to a refused connection (ms)', 'upsc', 'floor', 'ms', digits=2)

# d. connection storm
burst_n = float(meta.get('burst_n', '10000'))
add(f'Burst of {int(burst_n):,}: answered', 'storm', 'burst', 'answered',
    target=f'all {int(burst_n):,} answered in every repetition', check=lambda n, u: n >= burst_n, worst=True)

# e. memory
add('Idle RSS (MB)', 'mem', 'idle', 'rss_kb', digits=1, scale=1 / 1024,
    target='<= 16 MB', check=lambda n, u: n <= 16)

hold_n = {}
for server in ('upsd', 'nutsharp'):
    idle = med('mem', 'idle', server, 'rss_kb')
    held = med('mem', 'held', server, 'rss_kb')
    conns = med('mem', 'held', server, 'conns')
    if idle is not None and held is not None and conns:
        values[('mem', 'perconn', server, 'kb')] = [(held - idle) / conns]
        hold_n[server] = int(conns)
add(f'RSS per idle connection, {int(float(meta.get("hold_n", 1000))):,} held (KB)', 'mem', 'perconn', 'kb', digits=2,
    target='<= 4 KB', check=lambda n, u: n <= 4)
add(f'RSS {meta.get("after_secs", "30")} s after the burst (MB)', 'mem', 'after', 'rss_kb', digits=1, scale=1 / 1024,
    target='<= 2x idle', check=lambda n, u: n <= 2 * (med('mem', 'idle', 'nutsharp', 'rss_kb') or 0) / 1024)
add('(burst answered during the memory test)', 'mem', 'burst', 'answered')
for server in ('upsd', 'nutsharp'):
    idle, after = med('mem', 'idle', server, 'rss_kb'), med('mem', 'after', server, 'rss_kb')
    if idle and after is not None:
        values[('mem', 'afteridle', server, 'x')] = [after / idle]
add('RSS after the burst / idle RSS', 'mem', 'afteridle', 'x', digits=2)

# ---------------------------------------------------------------- output ---
machine = (f"{meta.get('nproc', '?')} CPUs ({meta.get('cpu', '?')}), {meta.get('kernel', '?')}, "
           f"{meta.get('date', '?')}")
params = (f"{meta.get('reps')} repetition(s), servers alternated; nutload {meta.get('secs')} s per run after "
          f"{meta.get('warmup')} s warm-up (LIST VAR {meta.get('list_secs')} s); upsc x{meta.get('upsc_runs')}; "
          f"burst wait {meta.get('burst_wait')} s; RSS sampled {meta.get('after_secs')} s after the burst"
          + ('; QUICK smoke run, not representative' if meta.get('quick') == '1' else ''))

headers = ('Measurement', 'upsd', 'NutSharp', 'NutSharp/upsd', 'Target', 'Result')
table = [r[:6] for r in rows]
widths = [max(len(str(x)) for x in col) for col in zip(headers, *table)]
print(f"Machine:  {machine}")
print(f"upsd:     {meta.get('upsd')}")
print(f"NutSharp: {meta.get('nutsharp')}")
print(f"Method:   {params}")
print()
line = '  '.join(h.ljust(w) for h, w in zip(headers, widths))
print(line)
print('-' * len(line))
for r in table:
    print('  '.join(str(x).ljust(w) if i == 0 else str(x).rjust(w) if i < 4 else str(x).ljust(w)
                    for i, (x, w) in enumerate(zip(r, widths))).rstrip())
spreads = [(r[0], r[6], r[7]) for r in rows if r[6] or r[7]]
if spreads:
    print()
    print('Spread over repetitions (min-max):')
    for label, su, sn in spreads:
        print(f'  {label}: upsd {su or "-"}, NutSharp {sn or "-"}')
print()
print('Targets:')
for text, v in targets:
    print(f'  [{v}] {text}')

md = [
    '# NutSharp vs upsd 2.8.0: benchmark results',
    '',
    f'* Machine: {machine}',
    f'* upsd: {meta.get("upsd")} with dummy-ups; NutSharp: `{meta.get("nutsharp")}`',
    f'* Method: {params}. Figures are medians. Produced by `scripts/bench/run.sh`.',
    '',
    '| ' + ' | '.join(headers) + ' |',
    '|' + '|'.join(['---'] + ['---:'] * 3 + ['---'] * 2) + '|',
]
for r in table:
    md.append('| ' + ' | '.join(str(x) for x in r) + ' |')
md += ['', '## Targets', '']
md += [f'* **{v}** {text}' for text, v in targets]
md.append('')
with open(out_path, 'w') as f:
    f.write('\n'.join(md))
print()
print(f'Markdown summary written to {out_path}')
