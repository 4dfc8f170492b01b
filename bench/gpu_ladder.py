"""The whole ladder on one GPU in about ten minutes: ten variants x three seeds of the paper's model and recipe.

Runs the `gpu-ladder` preset of `magenta_nb.experiments`: a synthetic long-tailed FOA corpus four times the cpu-hour
one (384 training, 48 validation and 96 test recordings of one minute), the DCASE baseline SELDNet, the paper's
recipe (Adam, peak rate 1e-3, batch 64, mixed precision) cut to 25 epochs with validation every 5, and all ten
variants A0, I0, A1-A4, M1-M4 with seeds 0, 1 and 2, as many runs side by side as the GPU's memory holds.

On a machine with one CUDA GPU it
  1. prints the machine (GPU and its memory, CPU cores, torch);
  2. measures the peak GPU memory of one mixed-precision training step of the baseline SELDNet at batch 64 and
     chooses how many runs train side by side: as many as fit in four fifths of the GPU's memory (each process also
     holds a CUDA context), at most one per CPU core, at most the number of runs;
  3. runs the preset (synthesis and features on all cores, then the runs), prints what `magenta_nb ablate` prints
     (Table 1, the ladder's steps, the class groups with the threshold-free AP lines, per-class F) and the wall time
     of each stage.
The 25 epochs are an estimate of what fits ten minutes on an H100 (from the network's arithmetic and an assumed
throughput), never measured on a GPU: the minutes per run it prints are what to resize `--epochs` by. Finished runs
are skipped when it is run again, like `ablate`.

`--tiny` runs the same code on the CPU at a tiny size (a few seconds of audio, the tiny model, one epoch): the test
in 31_experiments runs it end to end.

    python bench/gpu_ladder.py [--out runs/gpu-ladder] [--epochs 25] [--jobs N] [--variants V,V] [--seeds S,S] [--tiny]
"""
from __future__ import annotations
import argparse, os, platform, time
from dataclasses import replace
from pathlib import Path
import torch
from magenta_nb.adpit import ADPITLoss
from magenta_nb.experiments import PRESETS, run_ablation, _cores
from magenta_nb.learner import QUICK_RECIPE
from magenta_nb.model import SELDNet, SELDNET_TINY

CONTEXT_BYTES = 600 * 2**20   # what a CUDA context takes in each process, besides the step's own tensors (estimate)


def machine()->str:
    "One line: the GPU (or none), its memory, the CPU cores and torch's version."
    gpu = 'no CUDA GPU'
    if torch.cuda.is_available():
        p = torch.cuda.get_device_properties(0)
        gpu = f'{p.name}, {p.total_memory / 2**30:.0f} GiB'
    return f'{gpu}; {_cores()} CPU cores; torch {torch.__version__}; {platform.machine()}'


def step_memory(exp)->int:
    "Peak GPU bytes of one mixed-precision training step of the preset's model at its batch size."
    n_classes, cfg = 13, exp.train
    model = SELDNet(exp.model, in_channels=7, n_bins=64, n_classes=n_classes).cuda().to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    loss_fn = ADPITLoss('M4', [1.] * n_classes).cuda()
    scaler = torch.amp.GradScaler('cuda')
    x = torch.randn(cfg.batch_size, 7, 250, 64, device='cuda').contiguous(memory_format=torch.channels_last)
    y = torch.zeros(cfg.batch_size, 50, 6, 4, n_classes, device='cuda')
    torch.cuda.reset_peak_memory_stats()
    for _ in range(2):                                        # the second step holds Adam's state too
        with torch.autocast('cuda'): out = model(x)
        loss = loss_fn(out.float(), y)
        opt.zero_grad(set_to_none=True); scaler.scale(loss).backward(); scaler.step(opt); scaler.update()
    torch.cuda.synchronize()
    peak = torch.cuda.max_memory_allocated()
    del model, opt, x, y, out, loss; torch.cuda.empty_cache()
    return peak


def side_by_side(peak:int, total:int, cores:int, n_runs:int)->int:
    "Runs that fit side by side: four fifths of the GPU's memory, one core each, no more than there are runs."
    return max(1, min(n_runs, cores, int(0.8 * total // (peak + CONTEXT_BYTES))))


def tiny(exp):
    "The same preset at a size a CPU trains in seconds."
    return replace(exp, name='gpu-ladder-tiny', model=SELDNET_TINY, synth_train=2, synth_val=1, synth_test=1,
                   synth_duration=10.0, train=replace(QUICK_RECIPE, epochs=1, batch_size=2, valid_every=1, device='cpu'))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', type=Path, default=Path('runs/gpu-ladder'), help='output folder (corpus, runs, tables)')
    p.add_argument('--epochs', type=int, default=None, help="epochs per run (default: the preset's, 25)")
    p.add_argument('--jobs', type=int, default=None, help='runs side by side (default: as many as the GPU holds)')
    p.add_argument('--variants', default=None, help="comma-separated variants (default: all ten)")
    p.add_argument('--seeds', default=None, help='comma-separated seeds (default: 0,1,2)')
    p.add_argument('--tiny', action='store_true', help='a tiny size on the CPU: the end-to-end test')
    a = p.parse_args(argv)
    exp = PRESETS['gpu-ladder']
    if a.tiny: exp = tiny(exp)
    elif not torch.cuda.is_available(): p.error('no CUDA GPU here: the gpu-ladder preset is sized for one (use --tiny to test the code on a CPU)')
    if a.epochs is not None: exp = replace(exp, train=replace(exp.train, epochs=a.epochs))
    if a.variants: exp = replace(exp, variants=tuple(a.variants.split(',')))
    if a.seeds: exp = replace(exp, seeds=tuple(int(s) for s in a.seeds.split(',')))
    n_runs = len(exp.variants) * len(exp.seeds)
    print(f'machine: {machine()}')
    print(f'preset {exp.name}: {len(exp.variants)} variants x {len(exp.seeds)} seeds, {exp.train.epochs} epochs, batch '
          f'{exp.train.batch_size}, corpus {exp.synth_train}/{exp.synth_val}/{exp.synth_test} x {exp.synth_duration:g} s')
    jobs = a.jobs
    if jobs is None and torch.cuda.is_available() and not a.tiny:
        peak, total = step_memory(exp), torch.cuda.get_device_properties(0).total_memory
        jobs = side_by_side(peak, total, _cores(), n_runs)
        print(f'one training step: {peak / 2**30:.2f} GiB peak; {jobs} runs side by side')
    t0 = time.time()
    res = run_ablation(exp, out_dir=a.out, jobs=jobs or 1, progress=not a.tiny)
    wall = (time.time() - t0) / 60
    minutes = [r['minutes'] for r in res['results']]
    print(f'\nwall time {wall:.1f} min for {n_runs} runs ({jobs or 1} side by side); minutes per run: median '
          f'{sorted(minutes)[len(minutes) // 2]:.1f}, max {max(minutes):.1f}')


if __name__ == '__main__':
    main()
