/**
 * Small shared pieces of the builders: named layers (stable weight names across rebuilds, so checkpoints load
 * by name) and seeded initializers (a run can be rebuilt exactly).
 */
import * as tf from '@tensorflow/tfjs';
import { TrainableBatchNormalization } from './batch-norm';
import { FastOrthogonal } from './fast-orthogonal';

export type Sym = tf.SymbolicTensor;
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

export class LayerKit {
  private counter = 0;

  constructor(private readonly seed: number | undefined) {}

  /** A fresh seed per layer, derived from the model seed; undefined when the model is unseeded. */
  nextSeed(): number | undefined {
    this.counter += 1;
    return this.seed === undefined ? undefined : (this.seed * 1009 + this.counter * 7919) % 2147483647;
  }

  glorot(): Initializer {
    return tf.initializers.glorotUniform({ seed: this.nextSeed() });
  }

  heNormal(): Initializer {
    return tf.initializers.heNormal({ seed: this.nextSeed() });
  }

  orthogonal(): Initializer {
    const seed = this.nextSeed();
    return new FastOrthogonal(seed === undefined ? {} : { seed });
  }

  batchNorm(name: string, x: Sym, affine = true): Sym {
    // Momentum 0.9 (PyTorch's default, Keras's 0.99 is too slow): with small datasets and short runs the
    // moving statistics that validation and deployment use must settle within a few dozen steps.
    return new TrainableBatchNormalization({ name, axis: -1, center: affine, scale: affine, momentum: 0.9 }).apply(x) as Sym;
  }

  relu(name: string, x: Sym): Sym {
    return tf.layers.reLU({ name }).apply(x) as Sym;
  }

  /** Dropout (if any), then the softmax classifier every architecture ends with. */
  classifier(x: Sym, dropout: number, numClasses: number): Sym {
    // Unseeded on purpose: a seeded tfjs dropout draws the same mask on every step.
    const dropped = dropout > 0 ? (tf.layers.dropout({ name: 'dropout', rate: dropout }).apply(x) as Sym) : x;
    return tf.layers.dense({ name: 'classifier', units: numClasses, activation: 'softmax', kernelInitializer: this.glorot() }).apply(dropped) as Sym;
  }
}
