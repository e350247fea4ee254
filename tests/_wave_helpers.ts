// Helpers of the WAVE tests (tests/wave_*_test.ts): an independent WAV
// parser on a DataView (it shares no code with src/wave), memory handles,
// and a sparse I/O procedure that lets a writer go past 4 GiB without
// storing the gigabytes.

import {
  FOURCC_MEM,
  type HMMIO,
  type IOProc,
  MMIO_READ,
  MMIO_READWRITE,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";

/** One chunk of a parsed file: id, header offset, true size. */
export interface ParsedChunk {
  id: string;
  offset: number;
  size: number;
}

/** What {@linkcode parseWav} finds. */
export interface ParsedWav {
  form: string;
  formSize: number;
  chunks: ParsedChunk[];
  fmt: DataView;
  fmtSize: number;
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
  data: Uint8Array;
  ds64?: { riffSize: number; dataSize: number; sampleCount: number };
  fact?: number;
  chunk(id: string): DataView | undefined;
}

const text = (b: Uint8Array, at: number, n: number): string =>
  String.fromCharCode(...b.subarray(at, at + n));

/**
 * Parses a finished RIFF/RF64 WAVE file strictly: every size must fit, the
 * form must end where the file does. Throws on anything else.
 */
export function parseWav(
  bytes: Uint8Array,
  options: { trailing?: boolean } = {},
): ParsedWav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const form = text(bytes, 0, 4);
  if (form !== "RIFF" && form !== "RF64") throw new Error(`form ${form}`);
  if (text(bytes, 8, 4) !== "WAVE") throw new Error("not WAVE");
  let formSize = v.getUint32(4, true);
  let ds64: ParsedWav["ds64"];
  if (form === "RF64") {
    if (text(bytes, 12, 4) !== "ds64") throw new Error("no ds64 first");
    const big = (at: number) =>
      v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
    ds64 = {
      riffSize: big(20),
      dataSize: big(28),
      sampleCount: big(36),
    };
    if (formSize !== 0xffffffff) throw new Error("RF64 size not 0xFFFFFFFF");
    formSize = ds64.riffSize;
  }
  // With `trailing`, bytes after the form (a recording's frames after its
  // last checkpoint) are allowed; the form itself must still be whole.
  if (
    options.trailing
      ? formSize + 8 > bytes.length
      : formSize + 8 !== bytes.length
  ) {
    throw new Error(`form size ${formSize} for a ${bytes.length}-byte file`);
  }
  const end = formSize + 8;
  const chunks: ParsedChunk[] = [];
  let at = 12;
  while (at < end) {
    if (at + 8 > end) throw new Error(`header cut at ${at}`);
    const id = text(bytes, at, 4);
    let size = v.getUint32(at + 4, true);
    if (size === 0xffffffff && ds64 && id === "data") size = ds64.dataSize;
    if (at + 8 + size > end) throw new Error(`${id} too big`);
    chunks.push({ id, offset: at, size });
    at += 8 + size + (size & 1);
  }
  if (at !== end) throw new Error("pad byte missing at the end");
  const find = (id: string) => chunks.find((c) => c.id === id);
  const fmt = find("fmt ");
  const data = find("data");
  if (!fmt || !data) throw new Error("no fmt or no data");
  const f = new DataView(
    bytes.buffer,
    bytes.byteOffset + fmt.offset + 8,
    fmt.size,
  );
  const fact = find("fact");
  return {
    form,
    formSize,
    chunks,
    fmt: f,
    fmtSize: fmt.size,
    formatTag: f.getUint16(0, true),
    channels: f.getUint16(2, true),
    sampleRate: f.getUint32(4, true),
    byteRate: f.getUint32(8, true),
    blockAlign: f.getUint16(12, true),
    bits: f.getUint16(14, true),
    data: bytes.subarray(data.offset + 8, data.offset + 8 + data.size),
    ds64,
    fact: fact ? v.getUint32(fact.offset + 8, true) : undefined,
    chunk(id: string) {
      const c = find(id);
      return c
        ? new DataView(bytes.buffer, bytes.byteOffset + c.offset + 8, c.size)
        : undefined;
    },
  };
}

/** A read-only memory handle over `bytes`. */
export async function memReader(bytes: Uint8Array): Promise<HMMIO> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!h) throw new Error("cannot open a memory file");
  return h;
}

/** A sparse file: small writes and the first `head` bytes are kept. */
export interface SparseFile {
  proc: IOProc;
  /** The file's size. */
  size(): number;
  /** `n` bytes at `at` (zeros where nothing was kept). */
  read(at: number, n: number): Uint8Array;
  /** How many MMIOM_WRITEFLUSH messages arrived. */
  syncs(): number;
}

/**
 * An I/O procedure that plays a file of any size: it keeps the bytes of
 * writes of at most 64 bytes and of the first `head` bytes, drops the rest
 * (bulk sample data, read back as zeros) and tracks the size.
 */
export function sparseFile(head = 1 << 16): SparseFile {
  const small = new Map<number, number>();
  const start = new Uint8Array(head);
  let size = 0;
  let pos = 0;
  let syncs = 0;
  const byteAt = (i: number): number =>
    small.get(i) ?? (i < head ? start[i] : 0);
  const proc: IOProc = (info, msg, p1, p2) => {
    switch (msg) {
      case MMIOM_OPEN:
        pos = 0;
        info.lDiskOffset = 0;
        return 0;
      case MMIOM_CLOSE:
        return 0;
      case MMIOM_READ: {
        const buf = p1 as Uint8Array;
        const n = Math.max(0, Math.min(p2 as number, size - pos));
        for (let i = 0; i < n; i++) buf[i] = byteAt(pos + i);
        pos += n;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_WRITE:
      case MMIOM_WRITEFLUSH: {
        const buf = p1 as Uint8Array;
        const n = p2 as number;
        if (msg === MMIOM_WRITEFLUSH) syncs++;
        if (n <= 64) {
          for (let i = 0; i < n; i++) small.set(pos + i, buf[i]);
        }
        if (pos < head) {
          start.set(buf.subarray(0, Math.min(n, head - pos)), pos);
        }
        pos += n;
        size = Math.max(size, pos);
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_SEEK: {
        const offset = p1 as number;
        const target = p2 === SEEK_SET
          ? offset
          : p2 === SEEK_CUR
          ? pos + offset
          : p2 === SEEK_END
          ? size + offset
          : -1;
        if (target < 0) return -1;
        pos = target;
        info.lDiskOffset = pos;
        return pos;
      }
      default:
        return 0;
    }
  };
  return {
    proc,
    size: () => size,
    read(at, n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = byteAt(at + i);
      return out;
    },
    syncs: () => syncs,
  };
}

/** Opens a handle on a sparse file. */
export async function openSparse(file: SparseFile): Promise<HMMIO> {
  const h = await mmioOpen("sparse", {
    pIOProc: file.proc,
    cchBuffer: 8192,
  }, MMIO_READWRITE);
  if (!h) throw new Error("cannot open the sparse file");
  return h;
}

/** Bytes of a fixture in tests/testdata/wave. */
export function fixture(name: string): Uint8Array {
  return Deno.readFileSync(
    new URL(`./testdata/wave/${name}`, import.meta.url),
  );
}

/** A fixture's decoded samples (`.f32`, `.s32`) as a typed array. */
export function fixtureSamples(name: string): Float32Array;
export function fixtureSamples(name: string, int: true): Int32Array;
export function fixtureSamples(
  name: string,
  int?: boolean,
): Float32Array | Int32Array {
  const b = fixture(name);
  const copy = b.slice().buffer;
  return int ? new Int32Array(copy) : new Float32Array(copy);
}

/** Builds a WAV file from chunks (id and data), with a form size given or right. */
export function buildWav(
  chunks: [string, Uint8Array | number[]][],
  options: {
    form?: string;
    formSize?: number;
    sizes?: Record<number, number>;
  } = {},
): Uint8Array {
  const parts: number[] = [];
  const u32 = (n: number) =>
    parts.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  const id = (s: string) => parts.push(...[...s].map((c) => c.charCodeAt(0)));
  id(options.form ?? "RIFF");
  u32(0);
  id("WAVE");
  chunks.forEach(([name, data], i) => {
    id(name);
    u32(options.sizes?.[i] ?? data.length);
    parts.push(...data);
    if (data.length & 1) parts.push(0);
  });
  const out = new Uint8Array(parts);
  new DataView(out.buffer).setUint32(
    4,
    options.formSize ?? out.length - 8,
    true,
  );
  return out;
}

/** A `fmt ` chunk's 16 bytes. */
export function fmtBytes(
  tag: number,
  channels: number,
  rate: number,
  blockAlign: number,
  bits: number,
): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  return b;
}

/** A read-only file served unbuffered, noting the largest read asked. */
export interface WatchedFile {
  h: HMMIO;
  /** The largest byte count of one MMIOM_READ. */
  largestRead(): number;
}

/**
 * Opens `bytes` unbuffered through a procedure that notes every read's
 * size: with no buffer, each mmioRead reaches it with the count asked, so
 * the largest read bounds what the reader allocated to read into.
 */
export async function openWatched(bytes: Uint8Array): Promise<WatchedFile> {
  let pos = 0;
  let largest = 0;
  const proc: IOProc = (info, msg, p1, p2) => {
    switch (msg) {
      case MMIOM_OPEN:
      case MMIOM_CLOSE:
        return 0;
      case MMIOM_READ: {
        const n = Math.max(0, Math.min(p2 as number, bytes.length - pos));
        largest = Math.max(largest, p2 as number);
        (p1 as Uint8Array).set(bytes.subarray(pos, pos + n));
        pos += n;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_SEEK: {
        const offset = p1 as number;
        const target = p2 === SEEK_SET
          ? offset
          : p2 === SEEK_CUR
          ? pos + offset
          : bytes.length + offset;
        if (target < 0) return -1;
        pos = target;
        info.lDiskOffset = pos;
        return pos;
      }
      default:
        return -1;
    }
  };
  const h = await mmioOpen("watched", { pIOProc: proc }, MMIO_READ);
  if (!h) throw new Error("cannot open the watched file");
  return { h, largestRead: () => largest };
}

/**
 * `frames` seeded frames of `channels` interleaved samples, in the native
 * array of a sample type (uint8, int16 or float32), for recordings whose
 * bytes must come back bit for bit.
 */
export function seededFrames(
  sample: "uint8" | "int16" | "float32",
  channels: number,
  frames: number,
  seed: number,
): Uint8Array | Int16Array | Float32Array {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const n = frames * channels;
  if (sample === "uint8") {
    return Uint8Array.from({ length: n }, () => next() * 256);
  }
  if (sample === "int16") {
    return Int16Array.from({ length: n }, () => next() * 65536 - 32768);
  }
  return Float32Array.from({ length: n }, () => next() * 2 - 1);
}
