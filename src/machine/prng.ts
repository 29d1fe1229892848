/**
 * The only randomness in the machine: a seeded xorshift32, int32 arithmetic only.
 * `Prng.from(seed, stream)` derives independent streams from one seed (splitmix-style mixing),
 * the way fast-check's Tosser derives one generator per run index.
 */

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return z ^ (z >>> 16);
}

export class Prng {
  private state: number;

  private constructor(state: number) {
    // xorshift32 must never hold zero.
    this.state = state === 0 ? 0x6d2b79f5 : state;
  }

  static from(seed: number, stream = 0): Prng {
    return new Prng(mix32(mix32(seed | 0) ^ Math.imul(stream | 0, 0x27d4eb2f)));
  }

  /** Next value as a non-negative int31. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x & 0x7fffffff;
  }

  /** Uniform integer in [0, bound), bound ≥ 1. Modulo bias is irrelevant at our bounds. */
  below(bound: number): number {
    return this.next() % bound;
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }
}
