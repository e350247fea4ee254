/**
 * Direct buffer access: {@linkcode mmioGetInfo}, {@linkcode mmioSetInfo},
 * {@linkcode mmioAdvance}, and {@linkcode mmioSetBuffer}.
 *
 * @module
 */

import {
  MMIO_ALLOCBUF,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_WRITE,
  MMIOERR_CANNOTEXPAND,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOERR_OUTOFMEMORY,
  MMIOERR_UNBUFFERED,
  MMIOM_WRITE,
  MMSYSERR_INVALHANDLE,
  MMSYSERR_INVALPARAM,
} from "./constants.ts";
import {
  checkCount,
  checkNumber,
  checkNumericFields,
  checkObject,
  POINTER_FIELDS,
} from "./_args.ts";
import {
  fill,
  flush,
  growMemory,
  isDirty,
  markDirty,
  position,
  restart,
  seekProc,
} from "./buffer.ts";
import { type Handle, handleOf, type HMMIO, type Step } from "./handle.ts";
import type { MMIOINFO } from "./types.ts";

/**
 * Copies the handle's whole state into `info`. `info.pchBuffer` is the live
 * I/O buffer, not a copy: read or write it directly between `pchNext` and
 * `pchEndRead` / `pchEndWrite`, then hand the pointers back with
 * {@linkcode mmioSetInfo} or move on with {@linkcode mmioAdvance}.
 *
 * @param h The handle.
 * @param info Receives the state.
 * @param flags Unused; 0.
 * @returns 0, or `MMSYSERR_INVALHANDLE`.
 *
 * @example Looking at the buffer
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, type MMIOINFO, mmioClose, mmioGetInfo, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const block = new Uint8Array(32);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 32 }, MMIO_READ))!;
 * const info: Partial<MMIOINFO> = {};
 * await mmioGetInfo(h, info);
 * assertEquals(info.pchBuffer, block);
 * assertEquals(info.pchEndRead, 32);
 * await mmioClose(h);
 * ```
 */
export function mmioGetInfo(
  h: HMMIO,
  info: Partial<MMIOINFO>,
  flags = 0,
): Promise<number> {
  const bad = checkObject(info, "info") ?? checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  return s.schedule(() => {
    const e = s.info;
    info.dwFlags = e.dwFlags;
    info.fccIOProc = e.fccIOProc;
    info.pIOProc = s.proc;
    info.wErrorRet = e.wErrorRet;
    info.hTask = e.hTask;
    info.cchBuffer = e.cchBuffer;
    info.pchBuffer = e.pchBuffer;
    info.pchNext = e.pchNext;
    info.pchEndRead = e.pchEndRead;
    info.pchEndWrite = e.pchEndWrite;
    info.lBufOffset = e.lBufOffset;
    info.lDiskOffset = e.lDiskOffset;
    info.adwInfo = [e.adwInfo[0], e.adwInfo[1], e.adwInfo[2]];
    info.dwReserved1 = e.dwReserved1;
    info.dwReserved2 = e.dwReserved2;
    info.hmmio = e.hmmio;
    return 0;
  }, MMSYSERR_INVALHANDLE);
}

function inRange(v: unknown, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;
}

/**
 * Hands the buffer pointers back after direct access: takes `dwFlags`,
 * `pchNext`, `pchEndRead` and `pchEndWrite` from `info` (each must lie in
 * `[0, cchBuffer]`). Set `MMIO_DIRTY` in `info.dwFlags` when you wrote into
 * the buffer: bytes `[0, pchNext)` are then written out by the next flush.
 * The buffer itself and the offsets stay the handle's.
 *
 * @param h The handle.
 * @param info The state from {@linkcode mmioGetInfo}, updated.
 * @param flags Unused; 0.
 * @returns 0, `MMSYSERR_INVALPARAM` for a pointer out of range, or
 * `MMSYSERR_INVALHANDLE`.
 *
 * @example Writing straight into the buffer
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_DIRTY,
 *   MMIO_READWRITE,
 *   type MMIOINFO,
 *   mmioClose,
 *   mmioGetInfo,
 *   mmioOpen,
 *   mmioSeek,
 *   mmioSetInfo,
 *   SEEK_CUR,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, cchBuffer: 16 }, MMIO_READWRITE | MMIO_CREATE))!;
 * const info = {} as MMIOINFO;
 * await mmioGetInfo(h, info);
 * info.pchBuffer!.set([1, 2, 3], info.pchNext);
 * info.pchNext += 3;
 * info.dwFlags |= MMIO_DIRTY;
 * assertEquals(await mmioSetInfo(h, info), 0);
 * assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
 * await mmioClose(h);
 * ```
 */
export function mmioSetInfo(
  h: HMMIO,
  info: MMIOINFO,
  flags = 0,
): Promise<number> {
  const bad = checkNumericFields(info, "info", POINTER_FIELDS) ??
    checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  return s.schedule(() => {
    const e = s.info;
    const next = info.pchNext ?? 0;
    const endRead = info.pchEndRead ?? 0;
    const endWrite = info.pchEndWrite ?? 0;
    if (
      !inRange(next, e.cchBuffer) || !inRange(endRead, e.cchBuffer) ||
      !inRange(endWrite, e.cchBuffer)
    ) {
      return MMSYSERR_INVALPARAM;
    }
    e.pchNext = next;
    e.pchEndRead = endRead;
    e.pchEndWrite = endWrite;
    const flagsIn = info.dwFlags ?? 0; // partial structures: a missing field reads as 0
    // The buffer's ownership and its unwritten bytes stay the engine's.
    e.dwFlags = (flagsIn & ~(MMIO_ALLOCBUF | MMIO_DIRTY)) |
      (e.dwFlags & MMIO_ALLOCBUF);
    if (flagsIn & MMIO_DIRTY) markDirty(s, 0, next);
    if (isDirty(s)) e.dwFlags |= MMIO_DIRTY;
    return 0;
  }, MMSYSERR_INVALHANDLE);
}

/** Copies the pointers and offsets that `mmioAdvance` reports. */
function report(s: Handle, info: Partial<MMIOINFO> | null): void {
  if (info === null) return;
  const e = s.info;
  info.pchBuffer = e.pchBuffer;
  info.cchBuffer = e.cchBuffer;
  info.pchNext = e.pchNext;
  info.pchEndRead = e.pchEndRead;
  info.pchEndWrite = e.pchEndWrite;
  info.lBufOffset = e.lBufOffset;
  info.lDiskOffset = e.lDiskOffset;
}

function advanceMemory(
  s: Handle,
  info: Partial<MMIOINFO> | null,
  flags: number,
): number {
  const e = s.info;
  if (flags === MMIO_READ) return 0; // the block is already all there is
  if (info !== null) {
    const next = info.pchNext ?? 0;
    if ((info.dwFlags ?? 0) & MMIO_DIRTY) {
      if (next > e.pchEndRead) e.pchEndRead = next;
      info.dwFlags! &= ~MMIO_DIRTY;
    }
    e.pchNext = next;
  }
  if (e.pchNext >= e.cchBuffer && !growMemory(s, 1)) {
    return MMIOERR_CANNOTEXPAND;
  }
  report(s, info);
  return 0;
}

function* advance(
  s: Handle,
  info: Partial<MMIOINFO> | null,
  flags: number,
): Step<number> {
  const e = s.info;
  if (e.cchBuffer === 0 && !s.mem) return MMIOERR_UNBUFFERED;
  if (flags !== MMIO_READ && flags !== MMIO_WRITE) return MMSYSERR_INVALPARAM;
  if (
    info !== null &&
    (!inRange(info.pchNext ?? 0, e.cchBuffer) ||
      !inRange(info.pchEndRead ?? 0, e.cchBuffer))
  ) {
    return MMSYSERR_INVALPARAM; // as mmioSetInfo: nothing is done
  }
  if (s.mem) return advanceMemory(s, info, flags);
  const from = info ?? e;
  const bufOffset = from.lBufOffset ?? 0;
  const next = from.pchNext ?? 0;
  if (flags === MMIO_WRITE) {
    const callerDirty = info !== null &&
      ((info.dwFlags ?? 0) & MMIO_DIRTY) !== 0;
    if (callerDirty) {
      const buf = info.pchBuffer ?? e.pchBuffer;
      if (bufOffset === e.lBufOffset && buf === e.pchBuffer) {
        markDirty(s, 0, next);
      } else {
        // A stale view: write the caller's bytes where they belong.
        if (!(yield* flush(s)) || !(yield* seekProc(s, bufOffset))) {
          return MMIOERR_CANNOTWRITE;
        }
        const n = yield* s.call(MMIOM_WRITE, buf!.subarray(0, next), next);
        if (n !== next) return MMIOERR_CANNOTWRITE;
        if (bufOffset + n > s.eof) s.eof = bufOffset + n;
      }
    }
    if (!(yield* flush(s))) return MMIOERR_CANNOTWRITE;
    // Only now are the caller's bytes written: a failed call changes nothing.
    if (callerDirty) info!.dwFlags! &= ~MMIO_DIRTY;
    restart(s, bufOffset + next);
  } else {
    const endRead = from.pchEndRead ?? 0;
    if (!(yield* flush(s))) return MMIOERR_CANNOTWRITE;
    restart(s, bufOffset + Math.max(endRead, next));
    if ((yield* fill(s)) < 0) return MMIOERR_CANNOTREAD;
  }
  report(s, info);
  return 0;
}

/**
 * Moves the buffer on to the next part of the file, for direct buffer
 * access. With `MMIO_WRITE`, the bytes written into the buffer (when
 * `info.dwFlags` has `MMIO_DIRTY`, bytes `[0, info.pchNext)`) are written out
 * and an empty buffer starts where they end. With `MMIO_READ`, the buffer is
 * filled with the file's next bytes. `info`'s pointers and offsets are
 * updated; at end of file `pchNext == pchEndRead`.
 *
 * @param h The handle.
 * @param info The state from {@linkcode mmioGetInfo}, or `null`.
 * @param flags `MMIO_READ` or `MMIO_WRITE`.
 * @returns 0, `MMIOERR_UNBUFFERED`, `MMSYSERR_INVALPARAM`,
 * `MMIOERR_CANNOTWRITE`, `MMIOERR_CANNOTREAD`, `MMIOERR_CANNOTEXPAND` (a
 * full memory file that cannot grow), or `MMSYSERR_INVALHANDLE`.
 *
 * @example Reading a file buffer by buffer
 * ```ts
 * import { MMIO_ALLOCBUF, MMIO_READ, type MMIOINFO, mmioAdvance, mmioClose, mmioGetInfo, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, new Uint8Array(10000).fill(7));
 * const h = (await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF))!;
 * const info = {} as MMIOINFO;
 * await mmioGetInfo(h, info);
 * let total = 0;
 * for (;;) {
 *   assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
 *   if (info.pchNext === info.pchEndRead) break;
 *   total += info.pchEndRead - info.pchNext;
 *   info.pchNext = info.pchEndRead;
 * }
 * assertEquals(total, 10000);
 * await mmioClose(h);
 * await Deno.remove(path);
 * ```
 */
export function mmioAdvance(
  h: HMMIO,
  info: MMIOINFO | null,
  flags: number,
): Promise<number> {
  const bad =
    (info === null ? null : checkNumericFields(info, "info", POINTER_FIELDS)) ??
      checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  return s.schedule(() => advance(s, info, flags), MMSYSERR_INVALHANDLE);
}

function* setBuffer(
  s: Handle,
  buffer: Uint8Array | null,
  cch: number,
): Step<number> {
  const e = s.info;
  let block: Uint8Array | null = buffer;
  if (block === null && cch > 0) {
    try {
      block = new Uint8Array(cch);
    } catch {
      return MMIOERR_OUTOFMEMORY;
    }
  }
  const owned = buffer === null && cch > 0;
  if (s.mem) {
    // The new block is the new file: empty, position 0.
    e.pchBuffer = block;
    e.cchBuffer = cch;
    e.pchEndWrite = cch;
    e.dwFlags = owned ? e.dwFlags | MMIO_ALLOCBUF : e.dwFlags & ~MMIO_ALLOCBUF;
    restart(s, 0);
    s.loaded = true;
    yield* flush(s); // clears the dirty state; a memory file writes nothing
    return 0;
  }
  const at = position(s);
  if (!(yield* flush(s))) return MMIOERR_CANNOTWRITE;
  e.dwFlags = owned ? e.dwFlags | MMIO_ALLOCBUF : e.dwFlags & ~MMIO_ALLOCBUF;
  e.pchBuffer = block;
  e.cchBuffer = block === null ? 0 : cch;
  e.pchEndWrite = e.cchBuffer;
  restart(s, at);
  if (e.cchBuffer === 0) {
    // Unbuffered, the procedure holds the position.
    if (!(yield* seekProc(s, at))) return MMIOERR_CANNOTSEEK;
    e.lBufOffset = e.lDiskOffset;
  }
  return 0;
}

/**
 * Replaces the handle's I/O buffer: dirty bytes are written first, an
 * engine-allocated buffer is dropped, then `buffer` is used (any `cch`), or
 * `cch` bytes are allocated, or the handle goes unbuffered when both are
 * `null`/0. The file position is kept. On a memory file the new block is the
 * new, empty file.
 *
 * @param h The handle.
 * @param buffer A buffer of your own, or `null`.
 * @param cch Its size in bytes (at most `buffer.length`).
 * @param flags Ignored.
 * @returns 0, `MMIOERR_CANNOTWRITE`, `MMIOERR_OUTOFMEMORY`, or
 * `MMSYSERR_INVALHANDLE`.
 *
 * @example A 64 KiB buffer for large sequential writes
 * ```ts
 * import { MMIO_CREATE, MMIO_WRITE, mmioClose, mmioOpen, mmioSetBuffer } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile();
 * const h = (await mmioOpen(path, null, MMIO_CREATE | MMIO_WRITE))!;
 * assertEquals(await mmioSetBuffer(h, null, 65536), 0);
 * await mmioClose(h);
 * await Deno.remove(path);
 * ```
 */
export function mmioSetBuffer(
  h: HMMIO,
  buffer: Uint8Array | null,
  cch: number,
  flags = 0,
): Promise<number> {
  if (buffer !== null && !(buffer instanceof Uint8Array)) {
    return Promise.reject(
      new TypeError("buffer must be a Uint8Array or null"),
    );
  }
  const bad = checkCount(
    cch,
    buffer === null ? Number.MAX_SAFE_INTEGER : buffer.length,
  ) ??
    checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  return s.schedule(() => setBuffer(s, buffer, cch), MMSYSERR_INVALHANDLE);
}
