"""Feature extraction speed, in audio-seconds per second of compute: magenta_nb's torchaudio FOA features
(log-mel + intensity vectors, DCASE2023 baseline definition) against a librosa implementation of the same features.

Needs the `bench` extra (librosa). Run: python bench/features.py [--seconds 60] [--repeats 7]
Prints medians, the speed ratio (target: ours >= 5x librosa on CPU) and the max abs difference between the two.
Ours runs as a library user gets it (the default: blocks of frames shared by torch.get_num_threads() threads that each
run torch on one thread), and, for reference, as one stream of blocks on the caller's torch threads (workers=1) and
with a single torch thread (what a data-loader worker gets); the plain formula each fast path is tested against
(plain_foa_features, plain_salsa_lite) is timed too. SALSA-lite (MIC) is timed like the default and workers=1.
On a CPU shared with other busy processes, OpenMP threads that spin-wait for each other lose whole scheduler slices at
every parallel region (we measured 20-50x slow-downs of torch at load 7 on 2 cores), so this script defaults to
OMP_WAIT_POLICY=PASSIVE (set it in the environment to override). Likewise numpy's OpenBLAS keeps a worker thread
spinning for ~0.1 s after every matrix product, which would steal a core from whichever measurement runs next;
OPENBLAS_THREAD_TIMEOUT=4 (the minimum) lets it sleep at once. Neither setting changes the speed of the library that
owns the threads, only what its idle threads take from the other.
"""
import os
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')  # must precede the first import of torch / numpy
os.environ.setdefault('OPENBLAS_THREAD_TIMEOUT', '4')  # idle OpenBLAS threads sleep instead of spinning
import argparse, math, statistics, time
import numpy as np
import torch
import librosa
from magenta_nb.features import FOA_BASELINE, MIC_SALSA_LITE, foa_features, salsa_lite, plain_foa_features, plain_salsa_lite


def librosa_foa(x, cfg=FOA_BASELINE):
    "The same FOA features with librosa and numpy: (4, N) float32 -> (7, T, n_mels)."
    spec = librosa.stft(x, n_fft=cfg.n_fft, hop_length=cfg.hop, win_length=cfg.win, window='hann',
                        center=True, pad_mode='constant')                  # (4, F, 1 + N//hop)
    spec = spec[..., :math.ceil(x.shape[-1]/cfg.hop)].transpose(0, 2, 1)    # (4, T, F)
    mel = librosa.filters.mel(sr=cfg.sr, n_fft=cfg.n_fft, n_mels=cfg.n_mels, fmin=cfg.fmin, fmax=cfg.fmax).T
    power = np.abs(spec)**2
    logmel = librosa.power_to_db(power @ mel, ref=1.0, amin=cfg.amin, top_db=None)
    energy = cfg.iv_eps + power[0] + power[1:].sum(0)/3
    iv = (np.real(np.conj(spec[:1])*spec[1:])/energy) @ mel
    return np.concatenate([logmel, iv], 0)


def median_times(fns, repeats):
    "Median wall time of each function; runs are interleaved so that load from other processes hits all alike."
    for fn in fns.values(): fn()                                              # warm-up
    times = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t0 = time.perf_counter(); fn(); times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def one_torch_thread(fn):
    "fn run after torch.set_num_threads(1), the setting restored afterwards."
    def run():
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try: fn()
        finally: torch.set_num_threads(threads)
    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seconds', type=float, default=60., help='length of the test recording')
    ap.add_argument('--repeats', type=int, default=7)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    n = int(args.seconds*FOA_BASELINE.sr)
    x = (0.1*np.random.default_rng(args.seed).standard_normal((4, n))).astype(np.float32)
    xt, threads = torch.from_numpy(x), torch.get_num_threads()
    print(f"{args.seconds:g} s of 4-channel audio at 24 kHz, median of {args.repeats} interleaved runs, "
          f"torch {torch.__version__} ({threads} threads, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}), "
          f"librosa {librosa.__version__} (OPENBLAS_THREAD_TIMEOUT={os.environ['OPENBLAS_THREAD_TIMEOUT']}), "
          f"load average {os.getloadavg()[0]:.2f}")
    with torch.no_grad():
        ours, ref = foa_features(xt).numpy(), librosa_foa(x)
        runs = {'FOA  magenta_nb, default': lambda: foa_features(xt),
                f'FOA  magenta_nb, workers=1 ({threads} threads)': lambda: foa_features(xt, workers=1),
                'FOA  magenta_nb, 1 torch thread': one_torch_thread(lambda: foa_features(xt)),
                'FOA  plain formula (plain_foa_features)': lambda: plain_foa_features(xt),
                'FOA  librosa + numpy': lambda: librosa_foa(x),
                'MIC  SALSA-lite, default': lambda: salsa_lite(xt),
                f'MIC  SALSA-lite, workers=1 ({threads} threads)': lambda: salsa_lite(xt, workers=1),
                'MIC  plain formula (plain_salsa_lite)': lambda: plain_salsa_lite(xt)}
        t = median_times(runs, args.repeats)
    print(f"shape ours {ours.shape}, librosa {ref.shape}, SALSA-lite {MIC_SALSA_LITE.shape(n)}")
    print(f"max |diff| log-mel: {np.abs(ours[:4] - ref[:4]).max():.2e} dB   "
          f"intensity vectors: {np.abs(ours[4:] - ref[4:]).max():.2e} (max |IV| {np.abs(ref[4:]).max():.2e})")
    lib = t['FOA  librosa + numpy']
    for name, s in t.items():
        ratio = f"{lib/s:5.1f}x librosa" if name.startswith('FOA') else ''
        print(f"{name:<40} {s*1e3:8.1f} ms {args.seconds/s:8.0f} audio-s/s   {ratio}")
    print(f"speed-up of the default over librosa: {lib/t['FOA  magenta_nb, default']:.1f}x   (target >= 5x)")
    print(f"speed-up of the fast paths over their plain formula: FOA "
          f"{t['FOA  plain formula (plain_foa_features)']/t['FOA  magenta_nb, default']:.1f}x, MIC "
          f"{t['MIC  plain formula (plain_salsa_lite)']/t['MIC  SALSA-lite, default']:.1f}x")


if __name__ == '__main__':
    main()
