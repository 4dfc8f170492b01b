"""Synthesis speed as a multiple of real time: seconds of 4-channel scene audio rendered per second of compute.

Renders several scenes of the default configuration (STARSS22 long tail, up to 3 overlapping sources, reverberation
and diffuse noise) in FOA and in MIC format with `magenta_nb.synth.synthesize_scene`, and prints the median time per
scene and the real-time factor. File writing is not included (it is a few milliseconds per file). Not a test:
nothing here asserts a time.

    python bench/synth.py [--duration 60] [--scenes 5]
"""
from __future__ import annotations
import argparse, statistics, time
from dataclasses import replace
from magenta_nb.synth import SYNTH_DEFAULT, synthesize_scene


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--duration', type=float, default=60.0, help='seconds per scene (default 60)')
    ap.add_argument('--scenes', type=int, default=5, help='scenes per format; the median is reported (default 5)')
    args = ap.parse_args()
    print(f'synthesize_scene, SYNTH_DEFAULT, {args.duration:g} s scenes, median of {args.scenes} (seeds 0..{args.scenes - 1})')
    for fmt in ('foa', 'mic'):
        config = replace(SYNTH_DEFAULT, fmt=fmt, duration_s=args.duration)
        synthesize_scene(replace(config, duration_s=2.0), seed=99)                 # warm-up (imports, caches)
        times, rows = [], []
        for seed in range(args.scenes):
            t0 = time.perf_counter()
            _, events = synthesize_scene(config, seed=seed)
            times.append(time.perf_counter() - t0); rows.append(len(events))
        med = statistics.median(times)
        print(f'{fmt}: median {med:.2f} s per scene (min {min(times):.2f}, max {max(times):.2f}); '
              f'{args.duration / med:.1f}x real time; {statistics.mean(rows):.0f} label rows per scene')


if __name__ == '__main__':
    main()
