/**
 * Direct buffer access: {@linkcode mmioGetInfo}, {@linkcode mmioSetInfo},
 * {@linkcode mmioAdvance}, and {@linkcode mmioSetBuffer}.
 *
 * @module
 */

import { MMSYSERR_INVALHANDLE } from "./constants.ts";
import {
  checkCount,
  checkNumber,
  checkNumericFields,
  checkObject,
  isBytes,
  POINTER_FIELDS,
} from "./_args.ts";
import { advance, getInfo, setBuffer, setInfo } from "./_direct.ts";
import { handleOf, type HMMIO } from "./hmmio.ts";
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
  return s.schedule(() => getInfo(s, info), MMSYSERR_INVALHANDLE);
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
  return s.schedule(() => setInfo(s, info), MMSYSERR_INVALHANDLE);
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
  if (buffer !== null && !isBytes(buffer)) {
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
