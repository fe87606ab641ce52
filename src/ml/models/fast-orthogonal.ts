/**
 * TF.js's Orthogonal initializer, computed in plain JavaScript. TF.js runs its QR decomposition as thousands of
 * small tensor ops: on the cpu backend the recurrent kernels of a 2 x 128 bidirectional LSTM take over a minute
 * to initialise (and again on every checkpoint load, since loading builds the model first). Here the same
 * seeded normal draw is orthonormalised column by column (modified Gram-Schmidt in float64), which is the QR
 * factor TF.js returns after its sign fix (diag(R) > 0): the values agree to float32 rounding, in milliseconds.
 *
 * Registered under TF.js's own class name, so saved topologies keep saying "Orthogonal" and any model that
 * deserialises one while this module is loaded (checkpoint resume, the worker) gets the fast version.
 */
import * as tf from '@tensorflow/tfjs';

type Initializer = ReturnType<typeof tf.initializers.orthogonal>;
interface OrthogonalArgs {
  readonly gain?: number;
  readonly seed?: number;
}
const TfjsOrthogonal = tf.initializers.orthogonal({}).constructor as new (args: OrthogonalArgs) => Initializer;

/** Orthonormal columns of a [rows, cols] row-major matrix (rows >= cols), in place. */
export function orthonormaliseColumns(a: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j += 1) {
    for (let i = 0; i < j; i += 1) {
      let dot = 0;
      for (let r = 0; r < rows; r += 1) dot += (a[r * cols + i] as number) * (a[r * cols + j] as number);
      for (let r = 0; r < rows; r += 1) a[r * cols + j] = (a[r * cols + j] as number) - dot * (a[r * cols + i] as number);
    }
    let norm = 0;
    for (let r = 0; r < rows; r += 1) norm += (a[r * cols + j] as number) ** 2;
    norm = Math.sqrt(norm);
    // A zero column has probability zero with normal draws; leave it zero rather than divide by it.
    if (norm > 0) for (let r = 0; r < rows; r += 1) a[r * cols + j] = (a[r * cols + j] as number) / norm;
  }
}

export class FastOrthogonal extends TfjsOrthogonal {
  static className = 'Orthogonal';

  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
  private readonly gainValue: number;
  private readonly seedValue: number | undefined;

  constructor(args: OrthogonalArgs = {}) {
    super(args);
    this.gainValue = args.gain ?? 1;
    this.seedValue = args.seed;
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error('Orthogonal initializer: the shape must be at least 2-D');
    if (dtype !== undefined && dtype !== 'float32' && dtype !== 'int32') throw new TypeError(`Orthogonal initializer: unsupported data type ${dtype}`);
    // Like TF.js: every axis but the last is flattened into rows (conv kernels), the QR runs on [long, short].
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1] as number;
    const long = Math.max(rows, cols);
    const short = Math.min(rows, cols);
    const draw = tf.randomNormal([long, short], 0, 1, 'float32', this.seedValue);
    const q = Float64Array.from(draw.dataSync());
    draw.dispose();
    orthonormaliseColumns(q, long, short);
    const out = new Float32Array(rows * cols);
    if (rows >= cols) {
      for (let i = 0; i < q.length; i += 1) out[i] = this.gainValue * (q[i] as number);
    } else {
      // [long, short] transposed to [rows = short, cols = long].
      for (let r = 0; r < long; r += 1) for (let c = 0; c < short; c += 1) out[c * long + r] = this.gainValue * (q[r * short + c] as number);
    }
    return tf.tensor(out, shape, dtype ?? 'float32');
  }
}

tf.serialization.registerClass(FastOrthogonal);
