"""Benchmark: forward + backward time of ADPIT losses at B=64, T=50, C=13 on CPU.

Compares the plain 13-arrangement MSE-ADPIT loop (the DCASE baseline's algorithm, written out below) with the
vectorised `ADPITLoss` of `magenta_nb.adpit`, for the A0 (plain MSE) and M4 (full MAGENTA) variants. Prints the
median time over interleaved repeats and the ratio to the plain loop. Not a test: nothing here asserts a time.

    python bench/loss.py [--repeats 20] [--warmup 3]
"""
from __future__ import annotations
import argparse, itertools, os, statistics, time
import torch
from magenta_nb.adpit import ADPITLoss
from magenta_nb.priors import STARSS22_TRAIN_COUNTS

B, T, C = 64, 50, 13


def plain_mse_adpit(pred, target):
    "The 13-arrangement MSE-ADPIT of the DCASE 2022/2023 baseline, one arrangement at a time."
    out = pred.reshape(pred.shape[0], pred.shape[1], 9, C)                    # (B, T, track·axis, C)
    slot = [target[:, :, s, :1] * target[:, :, s, 1:] for s in range(6)]       # A0 B0 B1 C0 C1 C2: (B, T, 3, C)
    a0, b, c = slot[0], slot[1:3], slot[3:6]
    b_pad, c_pad = (0, 0, 1), (0, 1, 2)
    rule = ([(b_pad, c_pad)] + [(bs, c_pad) for bs in itertools.product((0, 1), repeat=3) if len(set(bs)) == 2]
            + [(b_pad, cs) for cs in itertools.permutations(range(3))])
    losses = []
    for b_of, c_of in rule:
        arranged = torch.cat([a0 + b[b_of[j]] + c[c_of[j]] for j in range(3)], 2)   # (B, T, 9, C)
        losses.append(((out - arranged)**2).mean(2))                                 # (B, T, C)
    return torch.stack(losses).min(0).values.mean()


def make_batch(seed, p_instances):
    "Random predictions and an ADPIT target with 0-3 instances per (b, t, c) drawn from p_instances."
    g = torch.Generator().manual_seed(seed)
    pred = torch.randn(B, T, 9*C, generator=g)
    doa = torch.nn.functional.normalize(torch.randn(B, T, 6, 3, C, generator=g), dim=3)
    n = torch.multinomial(torch.tensor(p_instances), B*T*C, replacement=True, generator=g).view(B, T, 1, C)
    act = (n == torch.tensor([1, 2, 2, 3, 3, 3]).view(1, 1, 6, 1)).float()
    return pred, torch.cat([act[:, :, :, None], doa], 3)


def make_dense_batch(seed):
    "Worst case: every slot active at random (real labels never fill more than one group)."
    g = torch.Generator().manual_seed(seed)
    pred = torch.randn(B, T, 9*C, generator=g)
    doa = torch.nn.functional.normalize(torch.randn(B, T, 6, 3, C, generator=g), dim=3)
    act = (torch.rand(B, T, 6, 1, C, generator=g) < 0.5).float()
    return pred, torch.cat([act, doa], 3)


def time_once(loss_fn, pred, target):
    p = pred.clone().requires_grad_()
    t0 = time.perf_counter()
    loss_fn(p, target).backward()
    return time.perf_counter() - t0


def bench(batch, losses, repeats, warmup):
    "Median seconds per forward+backward, with the losses interleaved round-robin so load changes hit all alike."
    pred, target = batch
    times = {name: [] for name in losses}
    for i in range(warmup + repeats):
        for name, fn in losses.items():
            dt = time_once(fn, pred, target)
            if i >= warmup: times[name].append(dt)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeats', type=int, default=20)
    parser.add_argument('--warmup', type=int, default=3)
    args = parser.parse_args()
    losses = {'plain MSE-ADPIT (13-arrangement loop)': plain_mse_adpit,
              'vectorised A0 (MSE)': ADPITLoss('A0'),
              'vectorised M4 (MAGENTA)': ADPITLoss('M4', STARSS22_TRAIN_COUNTS)}
    print(f"ADPIT forward+backward, B={B} T={T} C={C}, CPU, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, load average {os.getloadavg()[0]:.2f}; "
          f"median of {args.repeats} interleaved repeats after {args.warmup} warm-up")
    batches = {'real-looking targets (per class and frame 0/1/2/3 instances: 90/8/1.5/0.5 %)':
               make_batch(0, (0.90, 0.08, 0.015, 0.005)),
               'dense targets (every slot on with p = 0.5; worst case)': make_dense_batch(1)}
    for title, (pred, target) in batches.items():
        check = ADPITLoss('A0')(pred, target) / 3
        assert torch.allclose(check, plain_mse_adpit(pred, target), rtol=1e-5), "A0 / 3 must equal the plain loop"
        med = bench((pred, target), losses, args.repeats, args.warmup)
        ref = med['plain MSE-ADPIT (13-arrangement loop)']
        print(f"\n{title}")
        for name, t in med.items():
            print(f"  {name:40s} {1e3*t:8.2f} ms   ratio {t/ref:5.2f}")


if __name__ == '__main__':
    main()
