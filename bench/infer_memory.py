"""Benchmark: peak memory and speed of inference on long recordings, streamed (`infer_file`, what `magenta_nb infer`
runs) against the whole-file path it replaced.

For recordings of 1, 10 and 60 minutes of 4-channel noise (FOA, 24 kHz, PCM_16, written piece by piece into a
temporary folder, so that this script never holds a whole recording) and a checkpoint of the baseline-sized SELDNet
(untrained weights and a normaliser fitted on 10 s of the noise: the shapes of a trained checkpoint), each case runs
in a fresh Python process:
  stream  infer_file(wav, pipeline, out_csv=...): read, featurise, normalise, predict and decode round by round;
  whole   the previous path: _predict_whole_file (load_audio, extract_features, normalise, predict_features on
          slices of 3000 frames), decode_multi_accdoa on the whole output, write_metadata.
Reported per case: the child's peak resident memory (ru_maxrss of that child, from os.wait4; the largest over the
repeats), its resident memory once torch is imported and the checkpoint loaded (start), the wall time of inference
alone (median over the repeats, runs of the two paths interleaved) and the real-time factor (audio seconds per
second). Both paths must write the same CSV, byte for byte; the script says whether they did.
As bench/features.py, it defaults to OMP_WAIT_POLICY=PASSIVE, which children inherit (set it to override).
Not a test: nothing here asserts a time or a size. Run it on a quiet machine.

    python bench/infer_memory.py [--minutes 1,10,60] [--quick] [--repeats 3] [--model baseline] [--paths stream,whole]
                                 [--dir DIR] [--threshold 0.5]
"""
from __future__ import annotations
import os
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')  # must precede the first import of torch
import argparse, json, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import soundfile as sf

SR, PIECE_S = 24000, 10  # sample rate; seconds of noise generated and written at a time


def write_noise(path:Path, minutes:float, seed:int=0):
    "A 4-channel 24 kHz PCM_16 wav of white noise, written in pieces; RF64 beyond the 4 GB of a plain wav."
    n = int(round(minutes*60*SR))
    fmt = 'RF64' if n*4*2 > 2**32 - 1000 else 'WAV'
    rng = np.random.default_rng(seed)
    with sf.SoundFile(str(path), 'w', SR, 4, 'PCM_16', format=fmt) as f:
        for start in range(0, n, PIECE_S*SR):
            f.write((0.1*rng.standard_normal((min(PIECE_S*SR, n - start), 4), dtype=np.float32)).clip(-1, 1))


def make_checkpoint(path:Path, wav:Path, model:str):
    "A checkpoint of an untrained SELDNet of the preset `model`, its normaliser fitted on the first 10 s of wav."
    import torch
    from magenta_nb.features import FOA_BASELINE, Normalizer, extract_features
    from magenta_nb.learner import save_checkpoint, model_state, feature_state
    from magenta_nb.model import SELDNet, MODEL_PRESETS
    audio = torch.from_numpy(np.ascontiguousarray(sf.read(str(wav), frames=PIECE_S*SR, dtype='float32')[0].T))
    feats = extract_features(audio, FOA_BASELINE)
    net = SELDNet(MODEL_PRESETS[model], in_channels=feats.shape[0], n_bins=feats.shape[-1], seed=0)
    state = {**model_state(net), **feature_state(FOA_BASELINE, Normalizer().fit([feats])), 'counts': [1.]*net.n_classes}
    return save_checkpoint(state, path)


def rss_mb()->float:
    "This process's resident memory now, MB."
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith('VmRSS:'): return int(line.split()[1])/1024
    return float('nan')


def child(path:str, wav:str, checkpoint:str, out:str, threshold:float):
    "One inference in this (fresh) process; prints its timings as JSON."
    from magenta_nb.infer import infer_file, load_pipeline, _predict_whole_file
    from magenta_nb.decoding import decode_multi_accdoa
    from magenta_nb.metadata import write_metadata
    pipe = load_pipeline(checkpoint)
    start_mb, t0 = rss_mb(), time.perf_counter()
    if path == 'stream': events = infer_file(wav, pipe, out_csv=out, threshold=threshold, progress=False)
    else:
        events = decode_multi_accdoa(_predict_whole_file(pipe, wav), n_classes=pipe.n_classes, threshold=threshold,
                                     name=str(wav))
        write_metadata(out, events, n_classes=pipe.n_classes)
    print(json.dumps({'seconds': time.perf_counter() - t0, 'start_mb': start_mb, 'rows': len(events)}))


def run_child(path:str, wav:Path, checkpoint:Path, out:Path, threshold:float)->dict:
    "Run `child` in a fresh interpreter; its JSON plus its peak resident memory (MB) from its own rusage."
    cmd = [sys.executable, __file__, '--child', path, str(wav), str(checkpoint), str(out), str(threshold)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    stdout = proc.stdout.read(); proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)                     # this child's own rusage (ru_maxrss: KB on Linux)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0: raise RuntimeError(f'{path} on {wav.name} failed (exit status {proc.returncode})')
    return {**json.loads(stdout.decode().strip().splitlines()[-1]), 'peak_mb': usage.ru_maxrss/1024}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--minutes', default='1,10,60', help='recording lengths, comma-separated')
    ap.add_argument('--quick', action='store_true', help='1 and 3 minutes, one run each')
    ap.add_argument('--repeats', type=int, default=3, help='runs of each case (median time, largest peak)')
    ap.add_argument('--model', default='baseline', help="SELDNet preset of the checkpoint: 'baseline', 'small', 'tiny'")
    ap.add_argument('--paths', default='stream,whole', help="which paths to run: 'stream', 'whole' or both")
    ap.add_argument('--threshold', type=float, default=0.5, help='activity threshold of the decoder')
    ap.add_argument('--dir', type=Path, default=None, help='folder for the recordings, reused when run again '
                    '(default: a temporary folder, removed at the end)')
    ap.add_argument('--child', nargs=5, metavar=('PATH', 'WAV', 'CHECKPOINT', 'OUT', 'THRESHOLD'), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return child(*a.child[:4], float(a.child[4]))
    minutes = [1., 3.] if a.quick else [float(m) for m in a.minutes.split(',')]
    repeats, paths = (1 if a.quick else a.repeats), a.paths.split(',')
    tmp = None if a.dir else tempfile.TemporaryDirectory()
    folder = a.dir or Path(tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    try: bench(folder, minutes, repeats, paths, a.model, a.threshold)
    finally:
        if tmp is not None: tmp.cleanup()


def bench(folder:Path, minutes:list, repeats:int, paths:list, model:str, threshold:float):
    import torch
    wavs = {}
    for m in minutes:
        wavs[m] = folder/f'noise_{m:g}min.wav'
        if not wavs[m].exists() or sf.info(str(wavs[m])).frames != int(round(m*60*SR)): write_noise(wavs[m], m)
    checkpoint = make_checkpoint(folder/f'{model}.pt', wavs[minutes[0]], model)
    print(f"infer on 4-channel noise at 24 kHz, untrained {model} SELDNet, threshold {threshold:g}; torch "
          f"{torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs, OMP_WAIT_POLICY="
          f"{os.environ['OMP_WAIT_POLICY']}, load average {os.getloadavg()[0]:.2f}; {repeats} run(s) per case")
    print(f"{'minutes':>7}  {'path':<6}  {'peak MB':>8}  {'start MB':>8}  {'seconds':>8}  {'RTF (x real time)':>17}  {'rows':>8}")
    for m in minutes:
        runs = {p: [] for p in paths}
        for _ in range(repeats):
            for p in paths: runs[p].append(run_child(p, wavs[m], checkpoint, folder/f'{p}.csv', threshold))
        for p in paths:
            seconds = statistics.median(r['seconds'] for r in runs[p])
            print(f"{m:7g}  {p:<6}  {max(r['peak_mb'] for r in runs[p]):8.0f}  {statistics.median(r['start_mb'] for r in runs[p]):8.0f}"
                  f"  {seconds:8.2f}  {m*60/seconds:17.0f}  {runs[p][-1]['rows']:8d}", flush=True)
        if len(paths) == 2:
            same = (folder/f'{paths[0]}.csv').read_bytes() == (folder/f'{paths[1]}.csv').read_bytes()
            print(f"{'':7}  CSVs of the two paths {'identical' if same else 'DIFFER'}", flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == '__main__':
    main()
