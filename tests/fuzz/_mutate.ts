// Seeded random RIFF files: valid ones built from random trees, then
// mutated the ways real damage looks (bit flips, size fields overwritten
// with extreme values, truncation, insertion, deletion).

import { Bytes } from "./_riff.ts";
import { mulberry32 } from "../_prng.ts";

/** The seed of case `index` of a run: every case can be replayed alone. */
export function caseSeed(runSeed: number, index: number): number {
  let h = (runSeed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

type Rng = () => number;

function int(rnd: Rng, n: number): number {
  return Math.floor(rnd() * n);
}

function pick<T>(rnd: Rng, items: readonly T[]): T {
  return items[int(rnd, items.length)];
}

const IDS = ["fmt ", "data", "fact", "cue ", "ISFT", "INAM", "avih", "strh"];
const TYPES = ["WAVE", "AVI ", "INFO", "hdrl", "movi", "strl", "adtl"];

interface Tree {
  id: string;
  type?: string;
  children?: Tree[];
  size?: number;
}

function randomTree(rnd: Rng, depth: number): Tree {
  if (depth < 6 && rnd() < 0.35) {
    const children: Tree[] = [];
    const n = int(rnd, 4);
    for (let i = 0; i < n; i++) children.push(randomTree(rnd, depth + 1));
    return { id: "LIST", type: pick(rnd, TYPES), children };
  }
  return { id: pick(rnd, IDS), size: int(rnd, 40) };
}

/** Writes a tree with correct sizes and zero pad bytes, noting headers. */
function emit(b: Bytes, t: Tree, headers: number[], rnd: Rng): void {
  headers.push(b.length);
  if (t.children) {
    const body = new Bytes().fcc(t.type!);
    for (const c of t.children) emit(body, c, [], rnd);
    const bytes = body.bytes();
    b.fcc(t.id).u32(bytes.length);
    const at = b.length;
    b.raw(bytes);
    // Record the children's headers at their final offsets.
    collectHeaders(bytes, 4, bytes.length, at, headers);
  } else {
    const size = t.size!;
    b.fcc(t.id).u32(size);
    for (let i = 0; i < size; i++) b.raw([int(rnd, 256)]);
    if (size % 2) b.raw([0]);
  }
}

function collectHeaders(
  bytes: Uint8Array,
  from: number,
  to: number,
  base: number,
  out: number[],
): void {
  let p = from;
  while (p + 8 <= to) {
    out.push(base + p);
    const size = (bytes[p + 4] | bytes[p + 5] << 8 | bytes[p + 6] << 16 |
      bytes[p + 7] << 24) >>> 0;
    const id = String.fromCharCode(...bytes.subarray(p, p + 4));
    if (id === "LIST" || id === "RIFF") {
      collectHeaders(bytes, p + 12, p + 8 + size, base, out);
    }
    p += 8 + size + (size % 2);
  }
}

/** A valid RIFF file and the offsets of its chunk headers. */
export interface Sample {
  bytes: Uint8Array;
  headers: number[];
}

/** A random valid RIFF file (one of a few shapes). */
export function validSample(rnd: Rng): Sample {
  const b = new Bytes();
  const headers: number[] = [];
  const shape = int(rnd, 4);
  if (shape === 3) {
    // Deep nesting: a chain of LISTs with a leaf at the bottom.
    let t: Tree = { id: "data", size: int(rnd, 8) };
    const levels = 2 + int(rnd, 60);
    for (let i = 0; i < levels; i++) {
      t = { id: "LIST", type: "nest", children: [t] };
    }
    emit(b, { id: "RIFF", type: "DEEP", children: [t] }, headers, rnd);
  } else {
    const forms = shape === 2 ? 2 : 1; // RIFF + RIFF 'AVIX'-style extension
    for (let f = 0; f < forms; f++) {
      const children: Tree[] = [];
      if (shape === 0) children.push({ id: "fmt ", size: 16 });
      const n = 1 + int(rnd, 5);
      for (let i = 0; i < n; i++) children.push(randomTree(rnd, 1));
      emit(b, { id: "RIFF", type: pick(rnd, TYPES), children }, headers, rnd);
    }
  }
  return { bytes: b.bytes(), headers };
}

const EXTREME_SIZES = [
  0,
  1,
  2,
  3,
  4,
  5,
  7,
  8,
  0x7fffffff,
  0x80000000,
  0xfffffff7,
  0xfffffff8,
  0xfffffffe,
  0xffffffff,
];

function putU32(b: Uint8Array, at: number, v: number): void {
  if (at < 0 || at + 4 > b.length) return;
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}

/** The mutation kinds, by name (for the run's statistics). */
export const MUTATIONS = [
  "bitflip",
  "byte",
  "size",
  "ckid",
  "truncate",
  "insert",
  "delete",
  "append",
] as const;

/** One mutation applied to `b`; returns the new bytes. */
function mutateOnce(
  rnd: Rng,
  b: Uint8Array,
  headers: number[],
  kind: typeof MUTATIONS[number],
): Uint8Array {
  const len = b.length;
  const anyHeader = (): number =>
    headers.length && rnd() < 0.85
      ? pick(rnd, headers)
      : int(rnd, Math.max(1, len));
  switch (kind) {
    case "bitflip": {
      if (len === 0) return b;
      const i = int(rnd, len);
      b[i] ^= 1 << int(rnd, 8);
      return b;
    }
    case "byte": {
      if (len === 0) return b;
      b[int(rnd, len)] = int(rnd, 256);
      return b;
    }
    case "size": {
      const at = anyHeader();
      const r = rnd();
      let v: number;
      if (r < 0.6) v = pick(rnd, EXTREME_SIZES);
      else if (r < 0.8) v = Math.max(0, len - at - 8 + int(rnd, 7) - 3); // near the end of file
      else v = Math.floor(rnd() * 4294967296);
      putU32(b, at + 4, v >>> 0);
      return b;
    }
    case "ckid": {
      const at = anyHeader();
      const ids = ["RIFF", "LIST", "data", "\0\0\0\0", "LIST", "RIFF"];
      const s = pick(rnd, ids);
      putU32(
        b,
        at,
        (s.charCodeAt(0) | s.charCodeAt(1) << 8 | s.charCodeAt(2) << 16 |
          s.charCodeAt(3) << 24) >>> 0,
      );
      return b;
    }
    case "truncate": {
      // Often right around a header, where parsers are weakest.
      let cut = rnd() < 0.5 && headers.length
        ? pick(rnd, headers) + int(rnd, 13)
        : int(rnd, len + 1);
      cut = Math.min(cut, len);
      return b.slice(0, cut);
    }
    case "insert": {
      const at = int(rnd, len + 1);
      const n = 1 + int(rnd, 16);
      const extra = new Uint8Array(n);
      if (rnd() < 0.5 && len >= n) {
        const from = int(rnd, len - n + 1);
        extra.set(b.subarray(from, from + n)); // a copy of nearby structure
      } else {
        for (let i = 0; i < n; i++) extra[i] = int(rnd, 256);
      }
      const out = new Uint8Array(len + n);
      out.set(b.subarray(0, at));
      out.set(extra, at);
      out.set(b.subarray(at), at + n);
      return out;
    }
    case "delete": {
      if (len === 0) return b;
      const at = int(rnd, len);
      const n = Math.min(len - at, 1 + int(rnd, 16));
      const out = new Uint8Array(len - n);
      out.set(b.subarray(0, at));
      out.set(b.subarray(at + n), at);
      return out;
    }
    case "append": {
      const tail = new Bytes().fcc(pick(rnd, ["LIST", "RIFF", "junk"]))
        .u32(pick(rnd, EXTREME_SIZES)).raw([int(rnd, 256), int(rnd, 256)])
        .bytes().subarray(0, 1 + int(rnd, 10));
      const out = new Uint8Array(len + tail.length);
      out.set(b);
      out.set(tail, len);
      return out;
    }
  }
}

/** A mutated file: the bytes and the mutations applied, in order. */
export interface Mutant {
  bytes: Uint8Array;
  mutations: string[];
}

/** Makes the file of one fuzz case from its seed. */
export function makeCase(seed: number): Mutant {
  const rnd = mulberry32(seed);
  const sample = validSample(rnd);
  let bytes = sample.bytes;
  const mutations: string[] = [];
  // A few cases stay valid: the walk must then see the whole tree.
  const count = rnd() < 0.05 ? 0 : 1 + int(rnd, 4);
  for (let i = 0; i < count; i++) {
    const kind = pick(rnd, MUTATIONS);
    mutations.push(kind);
    bytes = mutateOnce(rnd, bytes, sample.headers, kind);
  }
  return { bytes, mutations };
}
