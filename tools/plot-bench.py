#!/usr/bin/env python3
"""Draws build/bench/fault-cost.svg from build/bench/results.json (tools/bench.py): guest
instructions per page against the number of pages N (log scale) for the page faults, fork
and munmap, with the targets as dashed lines and, when the results have them, Linux's
figures as dotted lines with open circles. Plain SVG written by hand: no plotting library.
Usage: plot-bench.py [results.json [out.svg]]"""
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = (256, 4096, 65536)
# metric prefix, legend, colour; the target is the results' (at the largest N)
SERIES = [
    ('fault_zero', 'demand-zero fault', '#1f77b4'),
    ('cow_fault', 'copy-on-write fault', '#d62728'),
    ('fork_exit_wait', 'fork + exit + wait', '#9467bd'),
    ('munmap', 'munmap (touched)', '#2ca02c'),
]
WIDTH, HEIGHT = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 240, 40, 50   # margins around the plot area


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least value."""
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def target_of(metrics, key):
    return metrics[f'{key}/{SIZES[-1]}']['target']


def svg(data):
    metrics = data['metrics']
    values = [metrics[f'{key}/{n}'][which] for key, *_ in SERIES for n in SIZES
              for which in ('median', 'linux') if metrics[f'{key}/{n}'].get(which)]
    targets = [t for t in (target_of(metrics, key) for key, *_ in SERIES) if t]
    y_max = nice_ceiling(max(values + targets) * 1.05)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(n):
        lo, hi = math.log2(SIZES[0]), math.log2(SIZES[-1])
        return LEFT + (math.log2(n) - lo) / (hi - lo) * plot_w

    def y_of(v):
        return TOP + plot_h - v / y_max * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT + plot_w / 2}" y="22" text-anchor="middle" font-size="15">'
           'Guest instructions per page against N (QEMU -icount, median)</text>']
    for i in range(6):   # horizontal grid and y labels
        v = y_max * i / 5
        y = y_of(v)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
    for n in SIZES:      # x ticks
        x = x_of(n)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" '
                   'stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{n}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
               'stroke="#333"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 12}" text-anchor="middle">'
               'N (pages, log scale)</text>')
    out.append(f'<text transform="translate(18 {TOP + plot_h / 2}) rotate(-90)" '
               'text-anchor="middle">instructions per page</text>')

    legend_y = TOP + 10
    lx = LEFT + plot_w + 15

    def legend(colour, dash, text):
        nonlocal legend_y
        out.append(f'<line x1="{lx}" y1="{legend_y}" x2="{lx + 24}" y2="{legend_y}" '
                   f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{lx + 30}" y="{legend_y + 4}">{text}</text>')
        legend_y += 20

    for key, label, colour in SERIES:
        for which, dash, fill, name in (('median', 'none', colour, label),
                                        ('linux', '2 3', 'white', f'Linux: {label}')):
            if metrics[f'{key}/{SIZES[0]}'].get(which) is None:
                continue
            points = [(x_of(n), y_of(metrics[f'{key}/{n}'][which])) for n in SIZES]
            path = ' '.join(f'{x:.1f},{y:.1f}' for x, y in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                       f'stroke-width="2" stroke-dasharray="{dash}"/>')
            out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}" '
                    f'stroke="{colour}"/>' for x, y in points]
            legend(colour, dash, name)
        target = target_of(metrics, key)
        if target:
            y = y_of(target)
            out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                       f'stroke="{colour}" stroke-dasharray="6 4"/>')
            legend(colour, '6 4', f'target: {target}')
    out.append('</svg>')
    return '\n'.join(out) + '\n'


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build/bench/results.json')
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(src),
                                                              'fault-cost.svg')
    with open(src) as f:
        data = json.load(f)
    with open(dst, 'w') as f:
        f.write(svg(data))
    print(f'plot-bench: wrote {dst}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
