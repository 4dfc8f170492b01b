"""Benchmark: training throughput of the quick preset's model and batch on this machine, in chunks (5 s) per second.

Measures, in one run and on the same synthetic corpus:
  1. plain loop      one process, torch's default threads, contiguous tensors; SELDNet (quick preset's size), the M4
                     ADPIT loss and Adam, over batches already in memory;
  2. settings        the same bare step with each memory format and thread count, to show what helps, and with the
                     conv blocks' ReLU before the pooling (the baseline's order; the model pools first, same bits);
  3. learner         the Learner's steady-state epoch (data loading, ACS, loss, optimiser; no validation) and a bare
                     loop with the Learner's own settings (memory format, threads per process), same batches;
  4. machine-wide    the way `magenta_nb ablate` trains: `jobs` processes side by side, each with its thread budget
                     and keep_freed_memory (twice, alternating with the same without it);
  5. validation      the time of one validation pass against one training epoch of the quick preset.
Ends with `learner/bare ratio X` (goal <= 1.10) and `speed-up Y over the plain loop` (machine-wide, goal >= 2.0); the
speed-up divides the machine-wide rate by the plain loop's measured in turn with it (3 rounds), since the speed of a
shared machine drifts by tens of percent within minutes. Every rate is measured the same way, over a whole span of
steps (total chunks / total time, an epoch's worth for the loops), so slow steps count in all of them alike.
Not a test: nothing here asserts a time. Run it on a quiet machine.

    python bench/train.py [--recordings 4] [--rounds 5] [--epochs 3] [--jobs N] [--data DIR] [--compile]
"""
from __future__ import annotations
import argparse, os, statistics, tempfile, time, types
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
import torch
import torch.nn.functional as F
from magenta_nb.adpit import ADPITLoss
from magenta_nb.data import SELDDataset
from magenta_nb.experiments import PRESETS, _cores
from magenta_nb.learner import Learner, evaluate, keep_freed_memory
from magenta_nb.model import SELDNet
from magenta_nb.synth import synthesize_dataset

EXP = PRESETS['quick']
CFG, MODEL = EXP.train, EXP.model


def corpus(root:Path, n:int)->Path:
    if not (root/'foa_dev').is_dir():
        synthesize_dataset(root, n_train=n, n_val=1, n_test=0, duration=60.0, seed=0, progress=False)
    return root


def datasets(root):
    train = SELDDataset(root, 'dev-train', acs=True, progress=False)
    train.normalizer = train.fit_normalizer(progress=False)
    val = SELDDataset(root, 'dev-val', normalizer=train.normalizer, progress=False)
    return train, val


def batches(ds, bs, n):
    g = torch.Generator().manual_seed(0)
    out = []
    for _ in range(n):
        idx = torch.randint(len(ds), (bs,), generator=g).tolist()
        xs, ys = zip(*(ds[i] for i in idx))
        out.append((torch.stack(xs), torch.stack(ys)))
    return out


def relu_first(block, x): # a ConvBlock's forward in the baseline's order: rectify, then pool (the same bits)
    x = F.relu(block.bn(block.conv(x)))
    if block.t_pool > 1: x = F.max_pool2d(x, (block.t_pool, 1), ceil_mode=True)
    if block.f_pool > 1: x = F.max_pool2d(x, (1, block.f_pool))
    return block.dropout(x)


class BareLoop:
    "A bare training step (model, M4 loss, Adam) over batches in memory, in one memory format and thread count."
    def __init__(self, data, counts, channels_last:bool, threads:int, compile_model:bool=False,
                 relu_before_pool:bool=False):
        self.data, self.cl, self.threads, self.i = data, channels_last, threads, 0
        x0 = data[0][0]
        self.model = SELDNet(MODEL, in_channels=x0.shape[1], n_bins=x0.shape[-1], seed=0)
        if relu_before_pool:
            for b in self.model.conv_blocks: b.forward = types.MethodType(relu_first, b)
        if channels_last: self.model = self.model.to(memory_format=torch.channels_last)
        self.step_model = torch.compile(self.model) if compile_model else self.model
        self.loss_fn, self.opt = ADPITLoss('M4', counts), torch.optim.Adam(self.model.parameters(), lr=CFG.lr)

    def steps(self, n:int)->float: # chunks/s over n steps, measured like an epoch (total chunks / total time)
        before = torch.get_num_threads(); torch.set_num_threads(self.threads)
        try:
            chunks, t = 0, time.perf_counter()
            for _ in range(n):
                x, y = self.data[self.i % len(self.data)]; self.i += 1
                if self.cl: x = x.contiguous(memory_format=torch.channels_last)
                loss = self.loss_fn(self.step_model(x), y)
                self.opt.zero_grad(set_to_none=True); loss.backward(); self.opt.step()
                chunks += len(x)
            return chunks / (time.perf_counter() - t)
        finally: torch.set_num_threads(before)


class LearnerLoop:
    "The Learner's training epoch (data loading, ACS, loss, optimiser; no validation) with a thread count."
    def __init__(self, train, threads:int, epochs:int):
        self.threads, x0 = threads, train[0][0]
        model = SELDNet(MODEL, in_channels=x0.shape[0], n_bins=x0.shape[-1], seed=0)
        self.learn = Learner(model, train, None, replace(CFG, variant='M4', epochs=epochs), progress=False)

    def epoch(self)->float: # chunks/s of one epoch
        before = torch.get_num_threads(); torch.set_num_threads(self.threads)
        try:
            t = time.perf_counter(); self.learn.train_epoch(); self.learn.epoch += 1
            return len(self.learn.train_ds) / (time.perf_counter() - t)
        finally: torch.set_num_threads(before)


def _worker(root, threads, epochs, barrier, keep_memory:bool=True):
    torch.set_num_threads(threads)
    if keep_memory: keep_freed_memory()                       # as ablate's worker processes do
    train, _ = datasets(root)
    x0, _ = train[0]
    model = SELDNet(MODEL, in_channels=x0.shape[0], n_bins=x0.shape[-1], seed=0)
    learn = Learner(model, train, None, replace(CFG, variant='M4', epochs=epochs + 1), progress=False)
    learn.train_epoch(); learn.epoch += 1                       # warm-up
    barrier.wait()
    t0 = time.perf_counter()
    for _ in range(epochs): learn.train_epoch(); learn.epoch += 1
    return len(train) * epochs, t0, time.perf_counter()


def machine_rate(root, jobs:int, threads:int, epochs:int, keep_memory:bool=True)->float:
    "chunks/s of `jobs` Learner processes side by side (total chunks over the span from the first start to the last end)."
    ctx = mp.get_context('spawn')
    with ctx.Manager() as m, ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
        barrier = m.Barrier(jobs)
        out = [f.result() for f in [pool.submit(_worker, root, threads, epochs, barrier, keep_memory) for _ in range(jobs)]]
    return sum(n for n, _, _ in out) / (max(e for _, _, e in out) - min(s for _, s, _ in out))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--recordings', type=int, default=4, help='60 s training recordings of the benchmark corpus')
    p.add_argument('--rounds', type=int, default=5, help='interleaved rounds: each loop runs one epoch-worth of steps per round')
    p.add_argument('--epochs', type=int, default=3, help='timed epochs per process in the machine-wide measurement')
    p.add_argument('--jobs', type=int, default=None, help="parallel runs (default: ablate's, one per core)")
    p.add_argument('--data', type=Path, default=None, help='corpus folder to reuse (default: a temporary one)')
    p.add_argument('--compile', action='store_true', help='also time torch.compile of the model (slow to compile)')
    a = p.parse_args()
    cores = _cores(); jobs = a.jobs or cores; threads = max(1, cores // jobs)
    default_threads = torch.get_num_threads()
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus(a.data or Path(tmp)/'bench', a.recordings)
        train, val = datasets(root)
        data = batches(train, CFG.batch_size, 8)
        counts = torch.as_tensor(train.class_counts(), dtype=torch.float32).clamp_min(CFG.min_count)
        print(f'quick preset: SELDNet {MODEL.n_filters} filters / GRU {MODEL.rnn_size}, batch {CFG.batch_size}, M4 loss, '
              f'Adam; {len(train)} training chunks; torch {torch.__version__}, {cores} cores, default threads '
              f'{default_threads}, load average {os.getloadavg()[0]:.2f}')
        loops = {'plain loop': BareLoop(data, counts, False, default_threads)}
        for cl in (False, True):
            for th in sorted({1, default_threads}):
                loops[f'bare step, {"channels_last" if cl else "contiguous"}, {th} thread(s)'] = BareLoop(data, counts, cl, th)
        if a.compile: loops[f'bare step, torch.compile, {threads} thread(s)'] = BareLoop(data, counts, CFG.channels_last, threads, True)
        settings = f"bare loop, learner's settings ({threads} thread(s), channels_last={CFG.channels_last})"
        loops[settings] = BareLoop(data, counts, CFG.channels_last, threads)
        baseline_order = '  the same, ReLU before pooling (baseline order)'
        loops[baseline_order] = BareLoop(data, counts, CFG.channels_last, threads, relu_before_pool=True)
        learner = LearnerLoop(train, threads, a.rounds + 1)
        steps = len(train) // CFG.batch_size                      # as many bare steps per round as a learner epoch
        for loop in loops.values(): loop.steps(2)                 # warm-up (and compilation)
        learner.epoch()
        rates = {name: [] for name in loops} | {'learner': []}
        for _ in range(a.rounds):                                 # interleaved, so load changes hit all alike
            for name, loop in loops.items(): rates[name].append(loop.steps(steps))
            rates['learner'].append(learner.epoch())
        med = {name: statistics.median(r) for name, r in rates.items()}
        for name in loops: print(f'{name:<58}{med[name]:7.1f} chunks/s')
        print(f"{'learner epoch (same settings)':<58}{med['learner']:7.1f} chunks/s")
        print(f'(each: median over {a.rounds} interleaved rounds of the rate of a whole round, total chunks / total time; '
              f'a round is one epoch, {steps} steps)')
        bare, learner_rate = med[settings], med['learner']
        print(f"pooling before the ReLU: {bare / med[baseline_order]:.2f} times the rate of the baseline's order (same bits)")
        kept, freed, plain_beside = [], [], []
        for _ in range(3):                          # alternated with the plain loop: the machine's speed drifts
            plain_beside.append(loops['plain loop'].steps(steps))
            kept.append(machine_rate(root, jobs, threads, a.epochs))
            freed.append(machine_rate(root, jobs, threads, a.epochs, keep_memory=False))
        machine, plain = statistics.median(kept), statistics.median(plain_beside)
        print(f"{'plain loop again, alternating with the runs below':<58}{plain:7.1f} chunks/s")
        print(f"{f'machine-wide, {jobs} runs x {threads} thread(s) side by side (ablate)':<58}{machine:7.1f} chunks/s   "
              f"(runs {', '.join(f'{r:.1f}' for r in kept)})")
        print(f"{'  the same without keep_freed_memory':<58}{statistics.median(freed):7.1f} chunks/s   "
              f"(runs {', '.join(f'{r:.1f}' for r in freed)})")
        before = torch.get_num_threads(); torch.set_num_threads(threads)
        x0, _ = train[0]
        model = SELDNet(MODEL, in_channels=x0.shape[0], n_bins=x0.shape[-1], seed=0).to(memory_format=torch.channels_last)
        evaluate(model, val)
        t = time.perf_counter(); evaluate(model, val); val_s = time.perf_counter() - t
        torch.set_num_threads(before)
        val_min = sum(r.n_label_frames for r in val.recordings) / 600
        n_chunks = EXP.synth_train * EXP.synth_duration / 5
        v = EXP.synth_val * EXP.synth_duration / 60 * val_s / val_min
        tr = n_chunks / learner_rate
        print(f'validation: {val_s / val_min:.2f} s per recorded minute; quick preset ({EXP.synth_val} x '
              f'{EXP.synth_duration:.0f} s dev-val, every {CFG.valid_every} epoch(s)): {v / CFG.valid_every:.1f} s of '
              f'{tr + v / CFG.valid_every:.1f} s per epoch ({v / CFG.valid_every / (tr + v / CFG.valid_every):.0%})')
    print(f'learner/bare ratio {bare / learner_rate:.2f}')
    print(f'speed-up {machine / plain:.2f} over the plain loop')


if __name__ == '__main__':
    main()
