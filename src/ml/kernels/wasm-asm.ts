/**
 * A minimal WebAssembly assembler: just enough to write a few SIMD loops that run on the tfjs wasm backend's
 * own memory (imported, so tensors are read and written in place). No toolchain is needed to build the app:
 * the module is assembled at run time from the code in simd-kernels.ts.
 *
 * Code is written as expressions (arrays of bytes, each leaving its value on the stack) and statements
 * emitted into a function; loops and blocks are named, and `br` finds a name's depth.
 */

export type ValType = 'i32' | 'f32' | 'v128';
export type Expr = readonly number[];

const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

export function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const SIMD = 0xfd;
const simd = (op: number): number[] => [SIMD, ...uleb(op)];
/** Memory immediates: log2 alignment, then a constant byte offset added to the address. */
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];
const bin = (op: number[]) => (a: Expr, b: Expr): Expr => [...a, ...b, ...op];

export const i32 = {
  const: (value: number): Expr => [0x41, ...sleb(value)],
  add: bin([0x6a]),
  sub: bin([0x6b]),
  mul: bin([0x6c]),
  divU: bin([0x6e]),
  and: bin([0x71]),
  ltS: bin([0x48]),
  geS: bin([0x4e]),
  geU: bin([0x4f]),
  leS: bin([0x4c]),
  gtS: bin([0x4a]),
  /** a if cond else b. */
  select: (a: Expr, b: Expr, cond: Expr): Expr => [...a, ...b, ...cond, 0x1b],
};

export const f32 = {
  const: (value: number): Expr => {
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return [0x43, ...bytes];
  },
  load: (address: Expr, offset = 0): Expr => [...address, 0x2a, ...memarg(2, offset)],
  add: bin([0x92]),
  sub: bin([0x93]),
  mul: bin([0x94]),
};

export const v128 = {
  zero: (): Expr => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  load: (address: Expr, offset = 0): Expr => [...address, ...simd(0x00), ...memarg(4, offset)],
  f32x4Add: bin(simd(0xe4)),
  f32x4Sub: bin(simd(0xe5)),
  f32x4Mul: bin(simd(0xe6)),
  f32x4Splat: (value: Expr): Expr => [...value, ...simd(0x13)],
};

interface Local {
  readonly index: number;
  readonly type: ValType;
}

export class FunctionBuilder {
  private readonly body: number[] = [];
  private readonly localsByName = new Map<string, Local>();
  private readonly declared: ValType[] = [];
  private readonly labels: string[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly (readonly [string, ValType])[],
  ) {
    params.forEach(([param, type], index) => this.localsByName.set(param, { index, type }));
  }

  /** Declares locals (all of one type); returns the builder for chaining. */
  locals(type: ValType, ...names: string[]): this {
    for (const name of names) {
      if (this.localsByName.has(name)) throw new Error(`${this.name}: local ${name} declared twice`);
      this.localsByName.set(name, { index: this.params.length + this.declared.length, type });
      this.declared.push(type);
    }
    return this;
  }

  private local(name: string): Local {
    const local = this.localsByName.get(name);
    if (!local) throw new Error(`${this.name}: no local ${name}`);
    return local;
  }

  get(name: string): Expr {
    return [0x20, ...uleb(this.local(name).index)];
  }

  set(name: string, value: Expr): void {
    this.body.push(...value, 0x21, ...uleb(this.local(name).index));
  }

  storeF32(address: Expr, value: Expr, offset = 0): void {
    this.body.push(...address, ...value, 0x38, ...memarg(2, offset));
  }

  storeV128(address: Expr, value: Expr, offset = 0): void {
    this.body.push(...address, ...value, ...simd(0x0b), ...memarg(4, offset));
  }

  /** `block`: `br(label)` inside jumps to its end. */
  block(label: string, body: () => void): void {
    this.structured(0x02, label, body);
  }

  /** `loop`: `br(label)` inside jumps back to its start. */
  loop(label: string, body: () => void): void {
    this.structured(0x03, label, body);
  }

  brIf(label: string, condition: Expr): void {
    this.body.push(...condition, 0x0d, ...uleb(this.depth(label)));
  }

  br(label: string): void {
    this.body.push(0x0c, ...uleb(this.depth(label)));
  }

  /**
   * for (name = from; name < to; name += step) body. `${label}.next` is the body's block: branching to it
   * continues with the next iteration. `to` (and `step`) are evaluated on every iteration.
   */
  for(label: string, name: string, from: Expr, to: Expr, body: () => void, step: number | Expr = 1): void {
    this.set(name, from);
    this.block(`${label}.done`, () =>
      this.loop(label, () => {
        this.brIf(`${label}.done`, i32.geS(this.get(name), to));
        this.block(`${label}.next`, body);
        this.set(name, i32.add(this.get(name), typeof step === 'number' ? i32.const(step) : step));
        this.br(label);
      }),
    );
  }

  private structured(opcode: number, label: string, body: () => void): void {
    this.body.push(opcode, 0x40);
    this.labels.push(label);
    body();
    this.labels.pop();
    this.body.push(0x0b);
  }

  private depth(label: string): number {
    const index = this.labels.lastIndexOf(label);
    if (index < 0) throw new Error(`${this.name}: no enclosing ${label}`);
    return this.labels.length - 1 - index;
  }

  /** The function's type (params, no results) and its code entry. */
  encode(): { readonly type: number[]; readonly code: number[] } {
    const type = [0x60, ...uleb(this.params.length), ...this.params.map(([, t]) => TYPE_CODE[t]), 0x00];
    // Locals are declared as runs of one type.
    const runs: [number, ValType][] = [];
    for (const t of this.declared) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0] += 1;
      else runs.push([1, t]);
    }
    const entry = [...uleb(runs.length), ...runs.flatMap(([count, t]) => [...uleb(count), TYPE_CODE[t]]), ...this.body, 0x0b];
    return { type, code: [...uleb(entry.length), ...entry] };
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/** A module importing `env.memory` (any size) and exporting each function under its name. */
export function assembleModule(functions: readonly FunctionBuilder[]): Uint8Array {
  const encoded = functions.map((f) => f.encode());
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(encoded.length), ...encoded.flatMap((e) => e.type)]),
    ...section(2, [...uleb(1), ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(0)]),
    ...section(3, [...uleb(functions.length), ...functions.flatMap((_, i) => uleb(i))]),
    ...section(7, [...uleb(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)])]),
    ...section(10, [...uleb(encoded.length), ...encoded.flatMap((e) => e.code)]),
  ];
  return new Uint8Array(bytes);
}
