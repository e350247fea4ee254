/**
 * The `@mmio/mmio` contenders of W1..W6. Each opens its file, does the job
 * through the public API only, closes, and returns a number the caller
 * checks. A failing call throws here (a benchmark must not time a broken
 * run).
 *
 * @module
 */

import {
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_FINDRIFF,
  MMIO_READ,
  MMIO_WRITE,
  mmioAdvance,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioFOURCC,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSetInfo,
  mmioStringToFOURCC,
  mmioWrite,
} from "../mod.ts";
import {
  BLOCK_SIZE,
  BLOCKS,
  fillBlock,
  fillRecord,
  putRecords,
  RECORD_SIZE,
  sampleAt,
  SMALL_FORM,
  WAV_BLOCK_FRAMES,
  WAV_CHANNELS,
  WAV_FRAMES,
  wavFormatBytes,
} from "./_data.ts";

async function open(
  path: string,
  flags: number,
  info: Partial<MMIOINFO> | null = null,
): Promise<HMMIO> {
  const i = info ?? {};
  const h = await mmioOpen(path, i, flags);
  if (h === null) throw new Error(`mmioOpen ${path}: error ${i.wErrorRet}`);
  return h;
}

async function close(h: HMMIO): Promise<void> {
  const rc = await mmioClose(h, 0);
  if (rc !== 0) throw new Error(`mmioClose: error ${rc}`);
}

function check(rc: number, what: string): void {
  if (rc !== 0) throw new Error(`${what}: error ${rc}`);
}

const CREATE_BUFFERED = MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF;
/** The buffer size of the direct-access (W2) and W6 handles. */
export const BIG_BUFFER = 65536;

/** W1: one `mmioWrite` per 4-byte record on an `MMIO_ALLOCBUF` handle. */
export async function w1Mmio(path: string, n: number): Promise<number> {
  const h = await open(path, CREATE_BUFFERED);
  const rec = new Uint8Array(RECORD_SIZE);
  let total = 0;
  for (let i = 0; i < n; i++) {
    fillRecord(rec, i);
    total += await mmioWrite(h, rec, RECORD_SIZE);
  }
  await close(h);
  return total;
}

/**
 * W2: the same records written straight into `pchBuffer` (mmioGetInfo,
 * mmioAdvance when full, mmioSetInfo) on a 64 KiB buffer.
 */
export async function w2MmioDirect(path: string, n: number): Promise<number> {
  const h = await open(path, CREATE_BUFFERED, { cchBuffer: BIG_BUFFER });
  const info: Partial<MMIOINFO> = {};
  check(await mmioGetInfo(h, info, 0), "mmioGetInfo");
  const mi = info as MMIOINFO;
  let buf = mi.pchBuffer as Uint8Array;
  let next = mi.pchNext;
  let end = mi.pchEndWrite;
  const rec = new Uint8Array(RECORD_SIZE);
  let i = 0;
  while (i < n) {
    const room = Math.floor((end - next) / RECORD_SIZE);
    if (room === 0) {
      mi.pchNext = next;
      mi.dwFlags |= MMIO_DIRTY;
      check(await mmioAdvance(h, mi, MMIO_WRITE), "mmioAdvance");
      buf = mi.pchBuffer as Uint8Array;
      next = mi.pchNext;
      end = mi.pchEndWrite;
      continue;
    }
    const k = Math.min(room, n - i);
    next = putRecords(buf, next, i, k, rec);
    i += k;
  }
  mi.pchNext = next;
  mi.dwFlags |= MMIO_DIRTY;
  check(await mmioSetInfo(h, mi, 0), "mmioSetInfo");
  await close(h);
  return n * RECORD_SIZE;
}

/** W3: `BLOCKS` × 1 MiB `mmioWrite` on an `MMIO_ALLOCBUF` handle. */
export async function w3Mmio(path: string, block: Uint8Array): Promise<number> {
  const h = await open(path, CREATE_BUFFERED);
  let total = 0;
  for (let i = 0; i < BLOCKS; i++) total += await mmioWrite(h, block);
  await close(h);
  return total;
}

/** W4: one `mmioRead` per 4-byte record on an `MMIO_ALLOCBUF` handle. */
export async function w4Mmio(path: string, n: number): Promise<number> {
  const h = await open(path, MMIO_READ | MMIO_ALLOCBUF);
  const rec = new Uint8Array(RECORD_SIZE);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (await mmioRead(h, rec, RECORD_SIZE) !== RECORD_SIZE) break;
    sum = (sum + rec[0]) | 0;
  }
  await close(h);
  return sum;
}

/** W4 bulk: `mmioRead` of 1 MiB blocks on an `MMIO_ALLOCBUF` handle. */
export async function w4MmioBulk(path: string): Promise<number> {
  const h = await open(path, MMIO_READ | MMIO_ALLOCBUF);
  const buf = new Uint8Array(BLOCK_SIZE);
  let total = 0;
  for (let i = 0; i < BLOCKS; i++) {
    const n = await mmioRead(h, buf, BLOCK_SIZE);
    if (n <= 0) break;
    total += n;
  }
  await close(h);
  return total;
}

/**
 * W5: walk every chunk inside the RIFF form `form` with
 * `mmioDescend` + `mmioAscend` on an `MMIO_ALLOCBUF` handle whose buffer
 * has `cchBuffer` bytes (0: the default 8 KiB). Returns the number of
 * chunks found.
 */
export async function w5Mmio(
  path: string,
  form: string = SMALL_FORM,
  cchBuffer = 0,
): Promise<number> {
  const h = await open(path, MMIO_READ | MMIO_ALLOCBUF, { cchBuffer });
  const riff: Partial<MMCKINFO> = { fccType: mmioStringToFOURCC(form, 0) };
  check(await mmioDescend(h, riff, null, MMIO_FINDRIFF), "mmioDescend RIFF");
  const parent = riff as MMCKINFO;
  const ck: Partial<MMCKINFO> = {};
  let count = 0;
  while (await mmioDescend(h, ck, parent, 0) === 0) {
    count++;
    check(await mmioAscend(h, ck as MMCKINFO, 0), "mmioAscend");
  }
  await close(h);
  return count;
}

/**
 * Stores samples `first .. first + count - 1` (interleaved index: frame × 2
 * + channel) into `buf` at `at`, one generated sample at a time. No `await`
 * inside, for the reason given at `putRecords` in `_data.ts`.
 */
function putSamples(
  buf: Uint8Array,
  at: number,
  first: number,
  count: number,
): number {
  for (let j = first; j < first + count; j++) {
    const v = sampleAt(j >> 1, j & 1);
    buf[at++] = v;
    buf[at++] = v >> 8;
  }
  return at;
}

/** W6 variants of the mmio writer. */
export type MmioWavMode = "sample" | "frame" | "direct" | "block";

/**
 * W6: writes the 60 s stereo 48 kHz 16-bit WAV with
 * `mmioCreateChunk`/`mmioWrite`/`mmioAscend` on a buffer of `cchBuffer`
 * bytes (default 64 KiB).
 * - `sample`: one 2-byte `mmioWrite` per sample;
 * - `frame`: one 4-byte `mmioWrite` per frame (both channels);
 * - `direct`: each sample stored straight into `pchBuffer` (direct buffer
 *   access, the Win32 way to write sample by sample);
 * - `block`: one `mmioWrite` per generated block of 4,096 frames.
 */
export async function w6Mmio(
  path: string,
  mode: MmioWavMode,
  cchBuffer: number = BIG_BUFFER,
): Promise<number> {
  const h = await open(path, CREATE_BUFFERED, { cchBuffer });
  const riff: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
  check(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), "create RIFF");
  const fmt: Partial<MMCKINFO> = {
    ckid: mmioFOURCC("f", "m", "t", " "),
    cksize: 16,
  };
  check(await mmioCreateChunk(h, fmt, 0), "create fmt");
  if (await mmioWrite(h, wavFormatBytes(), 16) !== 16) throw new Error("fmt");
  check(await mmioAscend(h, fmt as MMCKINFO, 0), "ascend fmt");
  const data: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
  check(await mmioCreateChunk(h, data, 0), "create data");
  if (mode === "sample") {
    const s = new Uint8Array(2);
    for (let i = 0; i < WAV_FRAMES; i++) {
      for (let ch = 0; ch < WAV_CHANNELS; ch++) {
        const v = sampleAt(i, ch);
        s[0] = v;
        s[1] = v >> 8;
        if (await mmioWrite(h, s, 2) !== 2) throw new Error("mmioWrite");
      }
    }
  } else if (mode === "frame") {
    const s = new Uint8Array(4);
    for (let i = 0; i < WAV_FRAMES; i++) {
      const l = sampleAt(i, 0);
      const r = sampleAt(i, 1);
      s[0] = l;
      s[1] = l >> 8;
      s[2] = r;
      s[3] = r >> 8;
      if (await mmioWrite(h, s, 4) !== 4) throw new Error("mmioWrite");
    }
  } else if (mode === "direct") {
    const info: Partial<MMIOINFO> = {};
    check(await mmioGetInfo(h, info, 0), "mmioGetInfo");
    const mi = info as MMIOINFO;
    let buf = mi.pchBuffer as Uint8Array;
    let next = mi.pchNext;
    let end = mi.pchEndWrite;
    const total = WAV_FRAMES * WAV_CHANNELS;
    let i = 0;
    while (i < total) {
      const room = (end - next) >> 1;
      if (room === 0) {
        mi.pchNext = next;
        mi.dwFlags |= MMIO_DIRTY;
        check(await mmioAdvance(h, mi, MMIO_WRITE), "mmioAdvance");
        buf = mi.pchBuffer as Uint8Array;
        next = mi.pchNext;
        end = mi.pchEndWrite;
        continue;
      }
      const k = Math.min(room, total - i);
      next = putSamples(buf, next, i, k);
      i += k;
    }
    mi.pchNext = next;
    mi.dwFlags |= MMIO_DIRTY;
    check(await mmioSetInfo(h, mi, 0), "mmioSetInfo");
  } else {
    const block = new Int16Array(WAV_BLOCK_FRAMES * WAV_CHANNELS);
    const bytes = new Uint8Array(block.buffer);
    for (let f = 0; f < WAV_FRAMES; f += WAV_BLOCK_FRAMES) {
      const n = Math.min(WAV_BLOCK_FRAMES, WAV_FRAMES - f);
      fillBlock(block, f, n);
      const cch = n * WAV_CHANNELS * 2;
      if (await mmioWrite(h, bytes, cch) !== cch) throw new Error("mmioWrite");
    }
  }
  check(await mmioAscend(h, data as MMCKINFO, 0), "ascend data");
  check(await mmioAscend(h, riff as MMCKINFO, 0), "ascend RIFF");
  await close(h);
  return (data as MMCKINFO).dwDataOffset + (data as MMCKINFO).cksize;
}
