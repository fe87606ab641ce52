/**
 * Training throughput of DS-CNN-S on [101 frames x 40 mels], batch 64, per TF.js backend available here, as a
 * ratio to PyTorch on CPU for the same model (measured when python3 has torch, else the issue's ~260 samples/s).
 * The cpu backend needs minutes per batch of 64, so it is timed on batch 4 and reported per sample. Other jobs
 * share the machine: each figure is the median of a few rounds, PyTorch's measured before and after TF.js.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import type { BackendId } from '../src/shared/contract/backend-choices';
import { loadBackend } from '../src/ml/backend-loader';
import { buildModel } from '../src/ml/models/build-model';

export const title = 'Training throughput: dscnn [101 x 40], batch 64, per backend vs PyTorch CPU';

const FRAMES = 101;
const MELS = 40;
const BATCH = 64;
/** The figure: Debian's python3-torch 1.13 on 2 cores of this machine. */
const PYTORCH_REFERENCE = 260;

interface Plan {
  readonly backend: BackendId;
  readonly batch: number;
  readonly steps: number;
  readonly rounds: number;
}

const PLANS: readonly Plan[] = [
  { backend: 'tensorflow', batch: BATCH, steps: 10, rounds: 3 },
  { backend: 'wasm', batch: BATCH, steps: 4, rounds: 3 },
  { backend: 'cpu', batch: 4, steps: 1, rounds: 1 },
];

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function samplesPerSecond(plan: Plan): Promise<number> {
  const model = buildModel('dscnn', { frames: FRAMES, nMels: MELS, seed: 1 });
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.randomNormal([plan.batch, FRAMES, MELS, 1], 0, 1, 'float32', 2);
  const ys = tf.oneHot(tf.tensor1d(Array.from({ length: plan.batch }, (_, i) => i % 2), 'int32'), 2);
  const step = (): void =>
    tf.tidy(() => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor), true) as tf.Scalar;
      loss.dataSync();
    });
  step(); // warm-up: kernel setup, optimiser slots
  const rates: number[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < plan.steps; i++) step();
    rates.push((plan.batch * plan.steps * 1000) / (performance.now() - started));
  }
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  return median(rates);
}

const PYTORCH_SCRIPT = `
import time, torch, torch.nn as nn
def block(c):
    return [nn.Conv2d(c, c, 3, padding=1, groups=c, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
            nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU()]
layers = [nn.Conv2d(1, 64, (10, 4), stride=2, padding=(5, 1), bias=False), nn.BatchNorm2d(64), nn.ReLU()]
for _ in range(4): layers += block(64)
layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(64, 2)]
model = nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), 1e-3)
x = torch.randn(${BATCH}, 1, ${FRAMES}, ${MELS}); y = torch.arange(${BATCH}) % 2
def step():
    opt.zero_grad(); loss = nn.functional.cross_entropy(model(x), y); loss.backward(); opt.step()
step()
rates = []
for _ in range(3):
    t = time.perf_counter()
    for _ in range(5): step()
    rates.append(${BATCH} * 5 / (time.perf_counter() - t))
print(sorted(rates)[1], torch.get_num_threads())
`;

interface PytorchRate {
  readonly value: number;
  readonly source: string;
}

function pytorchSamplesPerSecond(): PytorchRate | null {
  const run = spawnSync(process.env.WAKEWORD_PYTHON ?? 'python3', ['-c', PYTORCH_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  const [rate, threads] = (run.stdout ?? '').trim().split(/\s+/).map(Number);
  if (run.status !== 0 || rate === undefined || !Number.isFinite(rate) || rate <= 0) return null;
  return { value: rate, source: `measured here (python3 + torch, ${threads ?? '?'} thread(s))` };
}

export async function run(): Promise<void> {
  const before = pytorchSamplesPerSecond();
  const pytorch: PytorchRate = before ?? { value: PYTORCH_REFERENCE, source: "the issue's reference figure (python3 has no torch here)" };
  console.log(`   PyTorch CPU: ${pytorch.value.toFixed(1)} samples/s, ${pytorch.source}`);
  for (const plan of PLANS) {
    const loaded = await loadBackend(plan.backend);
    if (loaded.id !== plan.backend) {
      console.log(`   ${plan.backend.padEnd(10)} skipped: ${loaded.skipped.find((entry) => entry.id === plan.backend)?.reason ?? 'unavailable'}`);
      continue;
    }
    const rate = await samplesPerSecond(plan);
    const batchNote = plan.batch === BATCH ? '' : ` (batch ${plan.batch})`;
    console.log(`   ${plan.backend.padEnd(10)} ${rate.toFixed(2).padStart(7)} samples/s${batchNote}  = ${(rate / pytorch.value).toFixed(4)} x PyTorch CPU   [${loaded.reason}]`);
  }
  // A second PyTorch figure shows how much the machine's load moved while TF.js ran.
  const after = before ? pytorchSamplesPerSecond() : null;
  if (after) console.log(`   PyTorch CPU again: ${after.value.toFixed(1)} samples/s (ratios above use the first figure)`);
}
