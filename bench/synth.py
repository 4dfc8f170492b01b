"""Synthesis speed of both renderers, as a multiple of real time (seconds of 4-channel scene audio per second of compute).

Renders the same scenes of the default configuration (STARSS22 long tail, up to 3 overlapping sources, reverberation
and diffuse noise) with the room renderer (pyroomacoustics image sources and a decay-matched tail, the default) and
with the earlier random-reflection renderer, in FOA and in MIC format, with `magenta_nb.synth.synthesize_scene`, and
prints the median time per scene and the real-time factor, and their ratio. Then it times one room response both ways
the late part could be made: the package's decay-matched diffuse tail, and pyroomacoustics' hybrid ray tracer. With
`--corpus`, it also writes the quick preset's corpus (68 one-minute scenes, 2 processes) with each renderer and prints
the wall times. File writing is not included in the per-scene times. Not a test: nothing here asserts a time.

    python bench/synth.py [--duration 60] [--scenes 5] [--corpus]
"""
from __future__ import annotations
import argparse, statistics, tempfile, time
from dataclasses import replace
import numpy as np
from magenta_nb.synth import SYNTH_DEFAULT, synthesize_scene, synthesize_dataset
from magenta_nb.spatial import draw_room, room_impulse_response, ISM_ORDER
from magenta_nb.conventions import SAMPLE_RATE, polar_to_cartesian


def scene_times(config, scenes):
    synthesize_scene(replace(config, duration_s=2.0), seed=99)                       # warm-up (imports, caches)
    times = []
    for seed in range(scenes):
        t0 = time.perf_counter(); synthesize_scene(config, seed=seed); times.append(time.perf_counter() - t0)
    return times


def response_times(n=10):
    "Median seconds per room response: image sources + decay-matched tail, and pyroomacoustics' hybrid ray tracer."
    import pyroomacoustics as pra
    rng, ours, traced = np.random.default_rng(0), [], []
    for _ in range(n):
        room = draw_room(rng)
        u = polar_to_cartesian(np.array(rng.uniform(-180, 180)), np.array(0.))
        position = room.to_room(min(2., room.extent(u)) * u)
        t0 = time.perf_counter(); room_impulse_response(room, position, 'foa', rng); ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        box = pra.ShoeBox(list(room.size), fs=SAMPLE_RATE, materials=pra.Material(room.absorption), max_order=ISM_ORDER,
                          ray_tracing=True, air_absorption=False)
        box.add_source(list(position)); box.add_microphone(list(room.array)); box.compute_rir()
        traced.append(time.perf_counter() - t0)
    return statistics.median(ours), statistics.median(traced)


def corpus_time(renderer):
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        synthesize_dataset(tmp, n_train=48, n_val=8, n_test=12, config=replace(SYNTH_DEFAULT, renderer=renderer),
                           progress=False, workers=2)
        return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--duration', type=float, default=60.0, help='seconds per scene (default 60)')
    ap.add_argument('--scenes', type=int, default=5, help='scenes per format and renderer; the median is reported (default 5)')
    ap.add_argument('--corpus', action='store_true', help="also write the quick preset's corpus with each renderer")
    args = ap.parse_args()
    print(f'synthesize_scene, SYNTH_DEFAULT, {args.duration:g} s scenes, median of {args.scenes} (seeds 0..{args.scenes - 1})')
    for fmt in ('foa', 'mic'):
        med = {}
        for renderer in ('room', 'random'):
            times = scene_times(replace(SYNTH_DEFAULT, fmt=fmt, duration_s=args.duration, renderer=renderer), args.scenes)
            med[renderer] = statistics.median(times)
            print(f'{fmt} {renderer:6s}: median {med[renderer]:.2f} s per scene (min {min(times):.2f}, max {max(times):.2f}); '
                  f'{args.duration / med[renderer]:.1f}x real time')
        print(f'{fmt}: room / random time per scene = {med["room"] / med["random"]:.2f}')
    ours, traced = response_times()
    print(f'one FOA room response (median of 10 rooms): image sources to order {ISM_ORDER} + decay-matched tail '
          f'{ours * 1e3:.1f} ms; pyroomacoustics hybrid (order {ISM_ORDER} + ray tracing, omni only) {traced * 1e3:.0f} ms '
          f'({traced / ours:.0f}x)')
    if args.corpus:
        t = {r: corpus_time(r) for r in ('room', 'random')}
        print(f"quick preset's corpus (48 + 8 + 12 scenes of 60 s, 2 processes): room {t['room']:.0f} s, "
              f"random {t['random']:.0f} s, ratio {t['room'] / t['random']:.2f}")


if __name__ == '__main__':
    main()
