/**
 * Workload sizes, input generators and file helpers shared by the `deno
 * bench` files and `compare.ts`. Nothing here touches the engine, so the
 * baselines and peers can run on their own.
 *
 * @module
 */

/** W1/W2/W4: records per run (4 bytes each) in `compare.ts`. */
export const RECORDS = 1_000_000;
/** W1/W2/W4: records per iteration in the fast `deno bench` files. */
export const BENCH_RECORDS = 10_000;
/** Size of one record in bytes. */
export const RECORD_SIZE = 4;
/** W3/W4 bulk: number of blocks. */
export const BLOCKS = 64;
/** W3/W4 bulk: size of one block. */
export const BLOCK_SIZE = 1 << 20;
/** W5: number of small chunks in the RIFF walked. */
export const SMALL_CHUNKS = 20_000;
/** W6: format of the WAV written. */
export const WAV_RATE = 48_000;
/** W6: channels of the WAV written. */
export const WAV_CHANNELS = 2;
/** W6: length of the WAV written, in seconds. */
export const WAV_SECONDS = 60;
/** W6: frames in the WAV written. */
export const WAV_FRAMES: number = WAV_RATE * WAV_SECONDS;
/** W6: frames per block in block mode. */
export const WAV_BLOCK_FRAMES = 4096;
/** W6: size of the finished WAV file (44-byte header + data). */
export const WAV_FILE_SIZE: number = 44 + WAV_FRAMES * WAV_CHANNELS * 2;

/**
 * Fills `rec` with record number `i` (little-endian `i`). Every contender of
 * W1/W2 produces its records through this one function, so the generation
 * cost is the same for all of them.
 */
export function fillRecord(rec: Uint8Array, i: number): void {
  rec[0] = i;
  rec[1] = i >>> 8;
  rec[2] = i >>> 16;
  rec[3] = i >>> 24;
}

/**
 * Stores records `first .. first + count - 1` into `buf` at `at` (each made
 * by {@linkcode fillRecord} in `rec`, then copied with `set`) and returns
 * the index after the last one. The limit (W1) and direct buffer access
 * (W2) both copy through this one plain function, so their per-record work
 * is the same code; it has no `await` inside, since locals that live across
 * an `await` sit in the async function's heap context, which costs more
 * than the copy and varies with how V8 compiles the caller.
 */
export function putRecords(
  buf: Uint8Array,
  at: number,
  first: number,
  count: number,
  rec: Uint8Array,
): number {
  for (let j = 0; j < count; j++) {
    fillRecord(rec, first + j);
    buf.set(rec, at);
    at += RECORD_SIZE;
  }
  return at;
}

/** Writes every byte of `data` (one Deno write may be short). */
export async function writeAll(
  file: Deno.FsFile,
  data: Uint8Array,
): Promise<void> {
  let off = 0;
  while (off < data.length) off += await file.write(data.subarray(off));
}

/** Reads until `buf` is full or the file ends; returns the bytes read. */
export async function readFull(
  file: Deno.FsFile,
  buf: Uint8Array,
): Promise<number> {
  let off = 0;
  while (off < buf.length) {
    const n = await file.read(buf.subarray(off));
    if (n === null) break;
    off += n;
  }
  return off;
}

/** The 1 MiB block written by W3 and read back by W4 (bulk). */
export function makeBlock(): Uint8Array {
  const b = new Uint8Array(BLOCK_SIZE);
  for (let i = 0; i < b.length; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

/** Writes a file of `RECORDS` records for W4 to read (not timed). */
export async function makeRecordFile(
  path: string,
  records: number,
): Promise<void> {
  const out = new Uint8Array(records * RECORD_SIZE);
  const rec = new Uint8Array(RECORD_SIZE);
  for (let i = 0; i < records; i++) {
    fillRecord(rec, i);
    out.set(rec, i * RECORD_SIZE);
  }
  await Deno.writeFile(path, out);
}

/** Writes `BLOCKS` blocks for the W4 bulk reads (not timed). */
export async function makeBlockFile(path: string): Promise<void> {
  const block = makeBlock();
  using f = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  for (let i = 0; i < BLOCKS; i++) await writeAll(f, block);
}

function fourcc(s: string): number {
  return (s.charCodeAt(0) | s.charCodeAt(1) << 8 | s.charCodeAt(2) << 16 |
    s.charCodeAt(3) << 24) >>> 0;
}

/** W5: the form type of the small-chunk RIFF. */
export const SMALL_FORM = "BNCH";
/** W5: the form type of the big RIFF. */
export const BIG_FORM = "BIGF";

/**
 * W5: writes `RIFF`/`BNCH` holding `count` small chunks with seeded
 * pseudo-random ids and sizes 0..63 (odd sizes included, so pad bytes are
 * exercised). Returns the file size.
 */
export async function makeSmallRiff(
  path: string,
  count: number = SMALL_CHUNKS,
): Promise<number> {
  let seed = 0x12345678;
  const rnd = (): number => {
    // xorshift32: deterministic, so every run walks the same file.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const sizes: number[] = [];
  let total = 4;
  for (let i = 0; i < count; i++) {
    const s = rnd() & 63;
    sizes.push(s);
    total += 8 + s + (s & 1);
  }
  const out = new Uint8Array(8 + total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, fourcc("RIFF"), true);
  dv.setUint32(4, total, true);
  dv.setUint32(8, fourcc(SMALL_FORM), true);
  let p = 12;
  const ids = ["fmt ", "data", "junk", "cue ", "smpl", "ck00"].map(fourcc);
  for (let i = 0; i < count; i++) {
    const s = sizes[i];
    dv.setUint32(p, ids[rnd() % ids.length], true);
    dv.setUint32(p + 4, s, true);
    p += 8;
    for (let j = 0; j < s; j++) out[p + j] = rnd() & 0xff;
    p += s + (s & 1);
  }
  await Deno.writeFile(path, out);
  return out.length;
}

/** W5 big file: every chunk is `BIG_CHUNK` bytes including its header. */
export const BIG_CHUNK = 2 << 20;
const BIG_WRITE = 8 << 20;

/**
 * W5: writes a `RIFF`/`BIGF` of about `mib` MiB made of 2 MiB `data`
 * chunks. Real bytes, written in 8 MiB blocks (no sparse holes, so a reader
 * that loads the file really pays for it). Returns the number of chunks.
 */
export async function makeBigRiff(path: string, mib: number): Promise<number> {
  const chunks = Math.max(4, Math.floor(mib * (1 << 20) / BIG_WRITE) * 4);
  const block = new Uint8Array(BIG_WRITE);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 3) & 0xff;
  const dv = new DataView(block.buffer);
  for (let c = 0; c < BIG_WRITE / BIG_CHUNK; c++) {
    dv.setUint32(c * BIG_CHUNK, fourcc("data"), true);
    dv.setUint32(c * BIG_CHUNK + 4, BIG_CHUNK - 8, true);
  }
  const head = new Uint8Array(12);
  const hv = new DataView(head.buffer);
  hv.setUint32(0, fourcc("RIFF"), true);
  hv.setUint32(4, 4 + chunks * BIG_CHUNK, true);
  hv.setUint32(8, fourcc(BIG_FORM), true);
  using f = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  await writeAll(f, head);
  for (let c = 0; c < chunks; c += BIG_WRITE / BIG_CHUNK) {
    await writeAll(f, block);
  }
  return chunks;
}

/** Free bytes on the file system holding `dir` (from `df`), or -1. */
export async function freeBytes(dir: string): Promise<number> {
  try {
    const out = await new Deno.Command("df", {
      args: ["-B1", "--output=avail", dir],
      stdout: "piped",
      stderr: "null",
    }).output();
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
    const n = Number(lines[lines.length - 1].trim());
    return Number.isFinite(n) ? n : -1;
  } catch {
    return -1;
  }
}

// W6 samples: one-second tables of a 440 Hz (left) and 660 Hz (right) sine.
// A whole number of periods fits in one second, so `frame % WAV_RATE` is
// seamless, and a table lookup keeps the generator cheap next to the I/O.
const LEFT = new Int16Array(WAV_RATE);
const RIGHT = new Int16Array(WAV_RATE);
for (let i = 0; i < WAV_RATE; i++) {
  LEFT[i] = Math.round(Math.sin(2 * Math.PI * 440 * i / WAV_RATE) * 12000);
  RIGHT[i] = Math.round(Math.sin(2 * Math.PI * 660 * i / WAV_RATE) * 12000);
}

/** W6: the 16-bit sample of channel `ch` at `frame` (the generator). */
export function sampleAt(frame: number, ch: number): number {
  return ch === 0 ? LEFT[frame % WAV_RATE] : RIGHT[frame % WAV_RATE];
}

/**
 * W6 block mode: fills `dst` with `frames` interleaved frames starting at
 * `start` (the generator of whole blocks).
 */
export function fillBlock(
  dst: Int16Array,
  start: number,
  frames: number,
): void {
  let k = 0;
  let t = start % WAV_RATE;
  for (let i = 0; i < frames; i++) {
    dst[k++] = LEFT[t];
    dst[k++] = RIGHT[t];
    if (++t === WAV_RATE) t = 0;
  }
}

/** W6: the 16-byte `fmt ` chunk body (PCM, stereo, 48 kHz, 16-bit). */
export function wavFormatBytes(): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, 1, true);
  v.setUint16(2, WAV_CHANNELS, true);
  v.setUint32(4, WAV_RATE, true);
  v.setUint32(8, WAV_RATE * WAV_CHANNELS * 2, true);
  v.setUint16(12, WAV_CHANNELS * 2, true);
  v.setUint16(14, 16, true);
  return b;
}

/**
 * Checks a finished W6 file: size, RIFF/WAVE/fmt/data header and the first
 * and last frame. Returns an error message, or null when it is right.
 */
export async function checkWav(path: string): Promise<string | null> {
  const bytes = await Deno.readFile(path);
  if (bytes.length !== WAV_FILE_SIZE) {
    return `size ${bytes.length}, expected ${WAV_FILE_SIZE}`;
  }
  const v = new DataView(bytes.buffer);
  const want: [number, number][] = [
    [0, fourcc("RIFF")],
    [4, WAV_FILE_SIZE - 8],
    [8, fourcc("WAVE")],
    [12, fourcc("fmt ")],
    [16, 16],
    [36, fourcc("data")],
    [40, WAV_FILE_SIZE - 44],
  ];
  for (const [off, val] of want) {
    if (v.getUint32(off, true) !== val) {
      return `header word at ${off} is ${v.getUint32(off, true)}, not ${val}`;
    }
  }
  const last = WAV_FRAMES - 1;
  // node-wav converts through floats, so allow one unit of rounding.
  const checks: [number, number][] = [
    [44, sampleAt(0, 0)],
    [46, sampleAt(0, 1)],
    [44 + last * 4, sampleAt(last, 0)],
    [46 + last * 4, sampleAt(last, 1)],
  ];
  for (const [off, val] of checks) {
    if (Math.abs(v.getInt16(off, true) - val) > 1) {
      return `sample at ${off} is ${v.getInt16(off, true)}, not ${val}`;
    }
  }
  return null;
}
