/**
 * RIFF chunks: {@linkcode mmioDescend}, {@linkcode mmioAscend},
 * {@linkcode mmioCreateChunk}.
 *
 * A chunk is an 8-byte header (`ckid`, little-endian `cksize`) followed by
 * `cksize` bytes of data and a pad byte when `cksize` is odd. `RIFF` and
 * `LIST` chunks start their data with a 4-byte type. Headers already in the
 * buffer are read without I/O, so a descend/ascend walk over a loaded buffer
 * completes without awaiting anything.
 *
 * @module
 */

import {
  FOURCC_LIST,
  FOURCC_RIFF,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_FINDCHUNK,
  MMIO_FINDLIST,
  MMIO_FINDRIFF,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOERR_CHUNKNOTFOUND,
  MMSYSERR_INVALHANDLE,
} from "./constants.ts";
import { checkChunk, checkNumber } from "./_args.ts";
import {
  moveInBuffer,
  position,
  readBytes,
  seekTo,
  takeFromBuffer,
  writeBytes,
} from "./_buffer.ts";
import type { Handle } from "./_handle.ts";
import { resolved, type Step } from "./_step.ts";
import { handleOf, type HMMIO } from "./hmmio.ts";
import type { MMCKINFO } from "./types.ts";

function u32(b: Uint8Array, at: number): number {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}

function setU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

function isList(ckid: number): boolean {
  return ckid === FOURCC_RIFF || ckid === FOURCC_LIST;
}

/** Whether a header is what `mmioDescend` was asked to find. */
function matches(
  flags: number,
  wantId: number,
  wantType: number,
  ckid: number,
  fccType: number,
): boolean {
  if (flags & MMIO_FINDCHUNK) return wantId === 0 || ckid === wantId;
  if (flags & MMIO_FINDRIFF) {
    return ckid === FOURCC_RIFF && (wantType === 0 || fccType === wantType);
  }
  if (flags & MMIO_FINDLIST) {
    return ckid === FOURCC_LIST && (wantType === 0 || fccType === wantType);
  }
  return true;
}

/** Where a search inside `parent` must stop (its data's end). */
function searchEnd(parent: MMCKINFO | null): number {
  return parent === null
    ? Infinity
    : (parent.dwDataOffset ?? 0) + ((parent.cksize ?? 0) >>> 0);
}

/** Whether `at` lies inside `parent`'s data (anywhere, with no parent). */
function insideParent(parent: MMCKINFO | null, at: number): boolean {
  return parent === null ||
    (at >= (parent.dwDataOffset ?? 0) && at <= searchEnd(parent));
}

function* descend(
  s: Handle,
  ck: Partial<MMCKINFO>,
  parent: MMCKINFO | null,
  flags: number,
): Step<number> {
  const wantId = (ck.ckid ?? 0) >>> 0;
  const wantType = (ck.fccType ?? 0) >>> 0;
  const start = position(s);
  if (!insideParent(parent, start)) return MMIOERR_CHUNKNOTFOUND;
  const end = searchEnd(parent);
  const hdr = s.scratch;
  let at = start;
  // Each probe moves forward by at least 8 bytes and only reads what lies
  // before `end` and in the file, so the loop ends on any input.
  while (at + 8 <= end) {
    if (!moveInBuffer(s, at) && (yield* seekTo(s, at)) !== at) break;
    if (!takeFromBuffer(s, hdr, 8) && (yield* readBytes(s, hdr, 8)) !== 8) {
      break;
    }
    const ckid = u32(hdr, 0);
    const cksize = u32(hdr, 4);
    let fccType = 0;
    if (isList(ckid)) {
      if (at + 12 > end) break;
      if (!takeFromBuffer(s, hdr, 4) && (yield* readBytes(s, hdr, 4)) !== 4) {
        break;
      }
      fccType = u32(hdr, 0);
    }
    // Not found leaves the last header read in ck.
    ck.ckid = ckid;
    ck.cksize = cksize;
    ck.fccType = fccType;
    ck.dwDataOffset = at + 8;
    if (matches(flags, wantId, wantType, ckid, fccType)) {
      ck.dwFlags = 0;
      return 0;
    }
    at += 8 + cksize + (cksize & 1);
  }
  yield* seekTo(s, start);
  return MMIOERR_CHUNKNOTFOUND;
}

/** The answer of the buffer-only paths when the engine must do the work. */
const NEEDS_ENGINE = -2;

/**
 * `descend` when the chunk sought and every header before it are already in
 * the loaded buffer: the hot path of a walk, as a plain function reading the
 * headers where they lie (a step per call costs about as much again as the
 * walk itself). Returns 0 having filled `ck` and moved into the chunk, or
 * NEEDS_ENGINE having changed nothing, and the step does the search.
 */
function descendInBuffer(
  s: Handle,
  ck: Partial<MMCKINFO>,
  parent: MMCKINFO | null,
  flags: number,
): number {
  const info = s.info;
  const start = position(s);
  if (!s.loaded || !insideParent(parent, start)) return NEEDS_ENGINE;
  const end = searchEnd(parent);
  const wantId = (ck.ckid ?? 0) >>> 0;
  const wantType = (ck.fccType ?? 0) >>> 0;
  const buf = info.pchBuffer!;
  const base = info.lBufOffset;
  const loadedEnd = info.pchEndRead;
  let at = start;
  while (at + 12 <= end) {
    const off = at - base;
    if (off + 8 > loadedEnd) break;
    const ckid = u32(buf, off);
    const cksize = u32(buf, off + 4);
    let fccType = 0;
    let data = off + 8;
    if (isList(ckid)) {
      if (off + 12 > loadedEnd) break;
      fccType = u32(buf, data);
      data += 4;
    }
    if (matches(flags, wantId, wantType, ckid, fccType)) {
      info.pchNext = data;
      ck.ckid = ckid;
      ck.cksize = cksize;
      ck.fccType = fccType;
      ck.dwDataOffset = at + 8;
      ck.dwFlags = 0;
      return 0;
    }
    at += 8 + cksize + (cksize & 1);
  }
  return NEEDS_ENGINE;
}

/**
 * Searches for a chunk from the current position and descends into it.
 *
 * With `MMIO_FINDCHUNK` it looks for `ck.ckid` (0: any chunk), with
 * `MMIO_FINDRIFF` / `MMIO_FINDLIST` for a `RIFF` / `LIST` chunk of type
 * `ck.fccType` (0: any type), with 0 it takes the next chunk. With a
 * `parent`, the search never leaves the parent's data. On success `ck` is
 * filled in and the position is at the chunk's data (after the type for
 * `RIFF` and `LIST`). Otherwise the position goes back to where the search
 * started and `ck` holds the last header read. No input can make it loop,
 * throw, or allocate.
 *
 * @param h The handle.
 * @param ck What to look for; receives the chunk found.
 * @param parent The chunk to search inside, or `null`.
 * @param flags `MMIO_FINDCHUNK`, `MMIO_FINDRIFF`, `MMIO_FINDLIST`, or 0.
 * @returns 0, `MMIOERR_CHUNKNOTFOUND`, or `MMSYSERR_INVALHANDLE`.
 *
 * @example Finding the data of a WAVE file
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_FINDCHUNK,
 *   MMIO_FINDRIFF,
 *   MMIO_READ,
 *   type MMCKINFO,
 *   mmioClose,
 *   mmioDescend,
 *   mmioFOURCC,
 *   mmioOpen,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * // RIFF(WAVE) holding one 2-byte "data" chunk.
 * const file = new Uint8Array([
 *   ..."RIFF".split("").map((c) => c.charCodeAt(0)), 14, 0, 0, 0,
 *   ..."WAVEdata".split("").map((c) => c.charCodeAt(0)), 2, 0, 0, 0, 1, 2,
 * ]);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const riff: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
 * assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
 * const data: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
 * assertEquals(await mmioDescend(h, data, riff as MMCKINFO, MMIO_FINDCHUNK), 0);
 * assertEquals(data.cksize, 2);
 * assertEquals(data.dwDataOffset, 20);
 * await mmioClose(h);
 * ```
 */
export function mmioDescend(
  h: HMMIO,
  ck: Partial<MMCKINFO>,
  parent: MMCKINFO | null,
  flags = 0,
): Promise<number> {
  const bad = checkChunk(ck, "ck") ??
    (parent === null || parent === undefined
      ? null
      : checkChunk(parent, "parent")) ??
    checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  if (s.busy === 0) {
    const r = descendInBuffer(s, ck, parent ?? null, flags);
    if (r !== NEEDS_ENGINE) return resolved(r);
  }
  return s.schedule(
    () => descend(s, ck, parent ?? null, flags),
    MMSYSERR_INVALHANDLE,
  );
}

const ZERO = new Uint8Array(1);

/**
 * Where ascending out of `ck` leaves the position: after its data and pad
 * byte. A truncated chunk in a memory file ends at the end of the block, so
 * that a descend/ascend loop always ends.
 */
function chunkEnd(s: Handle, ck: MMCKINFO): number {
  const size = (ck.cksize ?? 0) >>> 0;
  const end = (ck.dwDataOffset ?? 0) + size + (size & 1);
  return s.mem && end > s.info.cchBuffer ? s.info.cchBuffer : end;
}

function* ascend(s: Handle, ck: MMCKINFO): Step<number> {
  const dataOffset = ck.dwDataOffset ?? 0;
  if ((ck.dwFlags ?? 0) & MMIO_DIRTY) {
    // The chunk was written through this handle: fix up its size.
    const size = Math.max(0, position(s) - dataOffset);
    if (size & 1 && (yield* writeBytes(s, ZERO, 1)) !== 1) {
      return MMIOERR_CANNOTWRITE;
    }
    if (size !== ck.cksize) {
      const at = dataOffset - 4;
      if (at < 0 || (yield* seekTo(s, at)) !== at) return MMIOERR_CANNOTSEEK;
      const bytes = s.scratch;
      setU32(bytes, 0, size);
      if ((yield* writeBytes(s, bytes, 4)) !== 4) {
        return MMIOERR_CANNOTWRITE;
      }
      ck.cksize = size;
    }
    ck.dwFlags = 0;
  }
  const target = chunkEnd(s, ck);
  if (!moveInBuffer(s, target) && (yield* seekTo(s, target)) !== target) {
    return MMIOERR_CANNOTSEEK;
  }
  return 0;
}

/**
 * Ascends out of a chunk entered with {@linkcode mmioDescend} or made with
 * {@linkcode mmioCreateChunk}, leaving the position just after it (and its
 * pad byte). For a chunk made through this handle (`MMIO_DIRTY` in
 * `ck.dwFlags`), its size is the data written since; a pad byte is written
 * when that is odd, and the size field is rewritten when it changed.
 *
 * @param h The handle.
 * @param ck The chunk.
 * @param flags Unused; 0.
 * @returns 0, `MMIOERR_CANNOTWRITE`, `MMIOERR_CANNOTSEEK`, or
 * `MMSYSERR_INVALHANDLE`.
 *
 * @example Writing a chunk and fixing its size
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_READWRITE,
 *   type MMCKINFO,
 *   mmioAscend,
 *   mmioClose,
 *   mmioCreateChunk,
 *   mmioFOURCC,
 *   mmioOpen,
 *   mmioWrite,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const block = new Uint8Array(64);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 64 }, MMIO_READWRITE | MMIO_CREATE))!;
 * const ck: Partial<MMCKINFO> = { ckid: mmioFOURCC("a", "b", "c", "d") };
 * await mmioCreateChunk(h, ck);
 * await mmioWrite(h, new Uint8Array([1, 2, 3]));
 * assertEquals(await mmioAscend(h, ck as MMCKINFO), 0);
 * assertEquals(ck.cksize, 3);
 * assertEquals(block.subarray(4, 12), new Uint8Array([3, 0, 0, 0, 1, 2, 3, 0]));
 * await mmioClose(h);
 * ```
 */
export function mmioAscend(
  h: HMMIO,
  ck: MMCKINFO,
  flags = 0,
): Promise<number> {
  const bad = checkChunk(ck, "ck") ??
    checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  // Out of a chunk that was read, not written: often a move in the buffer.
  if (
    s.busy === 0 && !((ck.dwFlags ?? 0) & MMIO_DIRTY) &&
    moveInBuffer(s, chunkEnd(s, ck))
  ) {
    return resolved(0);
  }
  return s.schedule(() => ascend(s, ck), MMSYSERR_INVALHANDLE);
}

function* createChunk(
  s: Handle,
  ck: Partial<MMCKINFO>,
  flags: number,
): Step<number> {
  if (flags & MMIO_CREATERIFF) ck.ckid = FOURCC_RIFF;
  else if (flags & MMIO_CREATELIST) ck.ckid = FOURCC_LIST;
  const ckid = (ck.ckid ?? 0) >>> 0;
  const cksize = (ck.cksize ?? 0) >>> 0;
  const fccType = (ck.fccType ?? 0) >>> 0;
  const start = position(s);
  const bytes = s.scratch;
  setU32(bytes, 0, ckid);
  setU32(bytes, 4, cksize);
  const length = isList(ckid) ? 12 : 8;
  if (length === 12) setU32(bytes, 8, fccType);
  ck.ckid = ckid;
  ck.cksize = cksize;
  ck.fccType = fccType;
  ck.dwDataOffset = start + 8;
  if ((yield* writeBytes(s, bytes, length)) !== length) {
    return MMIOERR_CANNOTWRITE;
  }
  ck.dwFlags = MMIO_DIRTY;
  return 0;
}

/**
 * Writes a chunk header at the current position: `ck.ckid` (or `RIFF` with
 * `MMIO_CREATERIFF`, `LIST` with `MMIO_CREATELIST`), `ck.cksize` as it is,
 * and `ck.fccType` for `RIFF` and `LIST`. Write the data, then call
 * {@linkcode mmioAscend} to fix the size up.
 *
 * @param h The handle.
 * @param ck The chunk; receives `dwDataOffset` and `dwFlags = MMIO_DIRTY`.
 * @param flags `MMIO_CREATERIFF`, `MMIO_CREATELIST`, or 0.
 * @returns 0, `MMIOERR_CANNOTWRITE`, or `MMSYSERR_INVALHANDLE`.
 *
 * @example Starting a WAVE file
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_CREATERIFF,
 *   MMIO_DIRTY,
 *   MMIO_READWRITE,
 *   type MMCKINFO,
 *   mmioClose,
 *   mmioCreateChunk,
 *   mmioFOURCC,
 *   mmioOpen,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, cchBuffer: 64 }, MMIO_READWRITE | MMIO_CREATE))!;
 * const riff: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
 * assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
 * assertEquals(riff.dwDataOffset, 8);
 * assertEquals(riff.dwFlags, MMIO_DIRTY);
 * await mmioClose(h);
 * ```
 */
export function mmioCreateChunk(
  h: HMMIO,
  ck: Partial<MMCKINFO>,
  flags = 0,
): Promise<number> {
  const bad = checkChunk(ck, "ck") ??
    checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  return s.schedule(() => createChunk(s, ck, flags), MMSYSERR_INVALHANDLE);
}
