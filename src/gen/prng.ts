// A small seeded PRNG (sfc32, seeded through splitmix32) and the distributions the generator
// draws from. No Math.random anywhere: a (seed, report index) pair always yields the same report.

/** splitmix32 step: a well-mixed 32-bit hash of a 32-bit state. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Independent streams per (seed, stream): report i of seed s is `new Rng(s, i)`. */
  constructor(seed: number, stream = 0) {
    const s = mix32(seed >>> 0);
    const t = mix32((s ^ mix32((stream >>> 0) + 0x632be5ab)) >>> 0);
    this.a = mix32(t);
    this.b = mix32(this.a ^ 0x85ebca6b);
    this.c = mix32(this.b ^ 0xc2b2ae35);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    // sfc32
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Pick by weight; `weights` need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and log-sd. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n <= 24) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const mean = n * p;
    const variance = mean * (1 - p);
    if (variance > 12) {
      const x = Math.round(mean + Math.sqrt(variance) * this.normal());
      return Math.min(n, Math.max(0, x));
    }
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    // Inversion: the mean is small here, so the walk is short.
    const q = 1 - p;
    let prob = Math.pow(q, n);
    let cdf = prob;
    const u = this.next();
    let k = 0;
    while (u > cdf && k < n) {
      prob *= ((n - k) / (k + 1)) * (p / q);
      k++;
      cdf += prob;
    }
    return k;
  }

  /** `n` items into bins with probabilities `probs` (summing to 1), by conditional binomials. */
  multinomial(n: number, probs: readonly number[]): number[] {
    const out = new Array<number>(probs.length).fill(0);
    let left = n;
    let mass = 1;
    for (let i = 0; i < probs.length - 1 && left > 0; i++) {
      const p = mass > 0 ? Math.min(1, probs[i] / mass) : 0;
      const k = this.binomial(left, p);
      out[i] = k;
      left -= k;
      mass -= probs[i];
    }
    out[probs.length - 1] += left;
    return out;
  }

  /** Shares around `base`, each scaled by a log-normal factor, renormalised. */
  jitter(base: readonly number[], sigma: number): number[] {
    const w = base.map((b) => b * Math.exp(sigma * this.normal()));
    const total = w.reduce((s, x) => s + x, 0);
    return w.map((x) => x / total);
  }
}
