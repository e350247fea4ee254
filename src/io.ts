/**
 * Reading, writing, seeking and flushing: {@linkcode mmioRead},
 * {@linkcode mmioWrite}, {@linkcode mmioSeek}, {@linkcode mmioFlush}.
 *
 * @module
 */

import {
  MMSYSERR_INVALHANDLE,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "./constants.ts";
import { checkNumber, transferCount } from "./_args.ts";
import {
  flushDurably,
  moveInBuffer,
  position,
  putInBuffer,
  readBytes,
  seek,
  takeFromBuffer,
  writeBytes,
} from "./_buffer.ts";
import { resolved, resolvedCount } from "./_step.ts";
import { handleOf, type HMMIO } from "./hmmio.ts";

const MINUS_ONE = resolved(-1);

/**
 * Reads up to `cch` bytes from the file into `buffer`.
 *
 * Small reads are served from the I/O buffer without any I/O; a read that
 * still needs at least a whole buffer's worth goes straight to the I/O
 * procedure.
 *
 * @param h The handle.
 * @param buffer Where the bytes go (from index 0).
 * @param cch How many bytes to read; defaults to `buffer.length`.
 * @returns The bytes read, 0 at end of file, -1 on error.
 *
 * @example Reading back what was written
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_READWRITE,
 *   mmioClose,
 *   mmioOpen,
 *   mmioRead,
 *   mmioSeek,
 *   mmioWrite,
 *   SEEK_SET,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const h = (await mmioOpen(null, {
 *   fccIOProc: FOURCC_MEM,
 *   cchBuffer: 64,
 * }, MMIO_READWRITE | MMIO_CREATE))!;
 * await mmioWrite(h, new TextEncoder().encode("hello"));
 * await mmioSeek(h, 0, SEEK_SET);
 * const out = new Uint8Array(5);
 * assertEquals(await mmioRead(h, out), 5);
 * assertEquals(new TextDecoder().decode(out), "hello");
 * await mmioClose(h);
 * ```
 */
export function mmioRead(
  h: HMMIO,
  buffer: Uint8Array,
  cch?: number,
): Promise<number> {
  const n = transferCount(buffer, cch);
  if (typeof n !== "number") return Promise.reject(n);
  const s = handleOf(h);
  if (s === null) return MINUS_ONE;
  if (s.busy === 0 && takeFromBuffer(s, buffer, n)) {
    // Served from the buffer: no I/O, nothing allocated.
    return resolvedCount(n);
  }
  return s.schedule(() => readBytes(s, buffer, n), -1);
}

/**
 * Writes `cch` bytes of `buffer` to the file.
 *
 * Small writes are copied into the I/O buffer without any I/O; the buffer is
 * written out when full, by {@linkcode mmioFlush}, or by `mmioClose`. A write
 * of at least a whole buffer's worth with nothing buffered goes straight to
 * the I/O procedure. The bytes are read from `buffer` when the call runs:
 * don't change them before its promise settles.
 *
 * @param h The handle.
 * @param buffer The bytes to write (from index 0).
 * @param cch How many bytes to write; defaults to `buffer.length`.
 * @returns The bytes written, -1 on error.
 *
 * @example Writing records to a file
 * ```ts
 * import {
 *   MMIO_ALLOCBUF,
 *   MMIO_CREATE,
 *   MMIO_WRITE,
 *   mmioClose,
 *   mmioOpen,
 *   mmioWrite,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile();
 * const h = (await mmioOpen(path, null, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF))!;
 * const record = new Uint8Array([1, 2, 3, 4]);
 * for (let i = 0; i < 1000; i++) await mmioWrite(h, record);
 * assertEquals(await mmioClose(h), 0);
 * assertEquals((await Deno.stat(path)).size, 4000);
 * await Deno.remove(path);
 * ```
 */
export function mmioWrite(
  h: HMMIO,
  buffer: Uint8Array,
  cch?: number,
): Promise<number> {
  const n = transferCount(buffer, cch);
  if (typeof n !== "number") return Promise.reject(n);
  const s = handleOf(h);
  if (s === null) return MINUS_ONE;
  if (n === 0) return resolved(0);
  if (s.busy === 0 && putInBuffer(s, buffer, n)) {
    // Copied into the buffer: no I/O, nothing allocated.
    return resolvedCount(n);
  }
  return s.schedule(() => writeBytes(s, buffer, n), -1);
}

/**
 * Moves the file position. `SEEK_END` counts backwards from the end: a
 * positive offset gives a position before it (the opposite sign of
 * `Deno.SeekMode.End`). Seeking inside a loaded buffer, or to the current
 * position, needs no I/O; seeking never reads.
 *
 * @param h The handle.
 * @param offset The offset.
 * @param origin `SEEK_SET`, `SEEK_CUR` or `SEEK_END`.
 * @returns The new position, -1 on error.
 *
 * @example The size of a memory file, and a free "tell"
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_READ,
 *   mmioClose,
 *   mmioOpen,
 *   mmioSeek,
 *   SEEK_CUR,
 *   SEEK_END,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const block = new Uint8Array(520);
 * const h = (await mmioOpen(null, {
 *   fccIOProc: FOURCC_MEM,
 *   pchBuffer: block,
 *   cchBuffer: block.length,
 * }, MMIO_READ))!;
 * assertEquals(await mmioSeek(h, 16, SEEK_END), 504);
 * assertEquals(await mmioSeek(h, 0, SEEK_CUR), 504);
 * await mmioClose(h);
 * ```
 */
export function mmioSeek(
  h: HMMIO,
  offset: number,
  origin: number,
): Promise<number> {
  const bad = checkNumber(offset, "offset") ?? checkNumber(origin, "origin");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return MINUS_ONE;
  if (origin !== SEEK_SET && origin !== SEEK_CUR && origin !== SEEK_END) {
    return MINUS_ONE;
  }
  if (!Number.isSafeInteger(offset)) return MINUS_ONE;
  if (s.busy === 0 && origin !== SEEK_END) {
    // A tell, or a move inside the loaded buffer: no I/O, resolved at once.
    const target = origin === SEEK_SET ? offset : position(s) + offset;
    if (target >= 0 && moveInBuffer(s, target)) return resolved(target);
  }
  return s.schedule(() => seek(s, offset, origin), -1);
}

/**
 * Writes the buffered bytes and makes everything written through the handle
 * durable: the procedure is sent `MMIOM_WRITEFLUSH` (with 0 bytes when
 * nothing is buffered), and the DOS procedure answers it with
 * `Deno.FsFile.syncData()`. On failure the bytes stay buffered, so a later
 * flush or close retries them.
 *
 * @param h The handle.
 * @param flags `MMIO_EMPTYBUF` to empty the buffer afterwards, or 0.
 * @returns 0, or `MMIOERR_CANNOTWRITE` when the data could not be written.
 *
 * @example Making a write durable
 * ```ts
 * import {
 *   MMIO_ALLOCBUF,
 *   MMIO_CREATE,
 *   MMIO_WRITE,
 *   mmioClose,
 *   mmioFlush,
 *   mmioOpen,
 *   mmioWrite,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile();
 * const h = (await mmioOpen(path, null, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF))!;
 * await mmioWrite(h, new Uint8Array(100));
 * assertEquals(await mmioFlush(h), 0);
 * assertEquals((await Deno.stat(path)).size, 100);
 * await mmioClose(h);
 * await Deno.remove(path);
 * ```
 */
export function mmioFlush(h: HMMIO, flags = 0): Promise<number> {
  const bad = checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return resolved(MMSYSERR_INVALHANDLE);
  return s.schedule(() => flushDurably(s, flags), MMSYSERR_INVALHANDLE);
}
