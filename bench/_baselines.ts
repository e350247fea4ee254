/**
 * The raw Deno baselines of issue 4 (W1, W3, W4), exactly as the issue
 * defines them. Every function opens its file, does the job, closes it, and
 * returns a number the caller checks (bytes or records), so nothing can be
 * optimised away.
 *
 * @module
 */

import {
  BLOCK_SIZE,
  BLOCKS,
  fillRecord,
  putRecords,
  readFull,
  RECORD_SIZE,
  writeAll,
} from "./_data.ts";

const CREATE: Deno.OpenOptions = { write: true, create: true, truncate: true };

/** W1 baseline: one `await file.write` per 4-byte record. */
export async function w1AwaitWrite(path: string, n: number): Promise<number> {
  using f = await Deno.open(path, CREATE);
  const rec = new Uint8Array(RECORD_SIZE);
  let total = 0;
  for (let i = 0; i < n; i++) {
    fillRecord(rec, i);
    total += await f.write(rec);
  }
  return total;
}

/** W1 baseline: one `file.writeSync` per 4-byte record. */
export async function w1WriteSync(path: string, n: number): Promise<number> {
  using f = await Deno.open(path, CREATE);
  const rec = new Uint8Array(RECORD_SIZE);
  let total = 0;
  for (let i = 0; i < n; i++) {
    fillRecord(rec, i);
    total += f.writeSync(rec);
  }
  return total;
}

/**
 * W1/W2 "the limit": a plain loop copying the records into one
 * `Uint8Array`, then one write.
 */
export async function w1Limit(path: string, n: number): Promise<number> {
  using f = await Deno.open(path, CREATE);
  const out = new Uint8Array(n * RECORD_SIZE);
  putRecords(out, 0, 0, n, new Uint8Array(RECORD_SIZE));
  await writeAll(f, out);
  return out.length;
}

/**
 * W1/W2 "the limit" with its output array allocated by the caller, once:
 * the copy loop and the write alone. On a VM, first-touching a fresh 4 MB
 * array costs page faults that can be as large as the copy itself; this
 * variant shows the limit without them (an information row).
 */
export async function w1LimitPrealloc(
  path: string,
  n: number,
  out: Uint8Array,
): Promise<number> {
  using f = await Deno.open(path, CREATE);
  const view = out.subarray(0, n * RECORD_SIZE);
  putRecords(view, 0, 0, n, new Uint8Array(RECORD_SIZE));
  await writeAll(f, view);
  return view.length;
}

/** W3 baseline: `file.write` of `BLOCKS` blocks of 1 MiB. */
export async function w3FileWrite(
  path: string,
  block: Uint8Array,
): Promise<number> {
  using f = await Deno.open(path, CREATE);
  for (let i = 0; i < BLOCKS; i++) await writeAll(f, block);
  return BLOCKS * block.length;
}

/** W4 baseline: one `file.readSync` per 4-byte record. */
export async function w4ReadSync(path: string, n: number): Promise<number> {
  using f = await Deno.open(path, { read: true });
  const rec = new Uint8Array(RECORD_SIZE);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    // A 4-byte read of a regular file is never short except at the end.
    if (f.readSync(rec) !== RECORD_SIZE) break;
    sum = (sum + rec[0]) | 0;
  }
  return sum;
}

/** W4 bulk baseline ("raw"): awaited `file.read` of 1 MiB blocks. */
export async function w4RawBulk(path: string): Promise<number> {
  using f = await Deno.open(path, { read: true });
  const buf = new Uint8Array(BLOCK_SIZE);
  let total = 0;
  for (let i = 0; i < BLOCKS; i++) total += await readFull(f, buf);
  return total;
}
