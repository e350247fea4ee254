/**
 * The MMIO data types: {@linkcode MMIOINFO}, {@linkcode MMCKINFO},
 * {@linkcode IOProc} and {@linkcode FOURCC}.
 *
 * @module
 */

import type { HMMIO } from "./hmmio.ts";

/**
 * A four-character code: `c0 | c1 << 8 | c2 << 16 | c3 << 24`, as an
 * unsigned 32-bit number.
 *
 * @example A chunk identifier
 * ```ts
 * import { type FOURCC, mmioFOURCC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const data: FOURCC = mmioFOURCC("d", "a", "t", "a");
 * assertEquals(data, 0x61746164);
 * ```
 */
export type FOURCC = number;

/**
 * An I/O procedure: answers the `MMIOM_*` messages for one kind of storage.
 * It returns a number, or a Promise of one. A procedure that throws or
 * rejects is answered as a failure, and the error is kept as the cause
 * (see {@linkcode mmioGetLastError}).
 *
 * @example A procedure that answers every message with 0
 * ```ts
 * import type { IOProc } from "@mmio/mmio";
 * const nothing: IOProc = () => 0;
 * ```
 */
export type IOProc = (
  info: MMIOINFO,
  msg: number,
  lParam1: unknown,
  lParam2: unknown,
) => number | Promise<number>;

/**
 * The state of an open file, as `mmioGetInfo` reports it and as an
 * {@linkcode IOProc} receives it. C pointers into the buffer are byte
 * indexes into `pchBuffer`. Functions that read one accept a partial object
 * literal (missing numbers read as 0, missing objects as `null`).
 *
 * @example Asking for a 64 KiB buffer, and reading the state back
 * ```ts
 * import { MMIO_CREATE, MMIO_WRITE, type MMIOINFO, mmioClose, mmioGetInfo, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile();
 * const h = (await mmioOpen(path, { cchBuffer: 65536 }, MMIO_CREATE | MMIO_WRITE))!;
 * const info: Partial<MMIOINFO> = {};
 * await mmioGetInfo(h, info);
 * assertEquals(info.cchBuffer, 65536);
 * assertEquals(info.pchBuffer?.length, 65536);
 * await mmioClose(h);
 * await Deno.remove(path);
 * ```
 */
export interface MMIOINFO {
  /** Open flags, plus `MMIO_ALLOCBUF` and `MMIO_DIRTY` as state. */
  dwFlags: number;
  /** The FOURCC of the I/O procedure. */
  fccIOProc: FOURCC;
  /** The I/O procedure itself. */
  pIOProc: IOProc | null;
  /** The error code of a failed `mmioOpen`. */
  wErrorRet: number;
  /** Unused (kept for the layout of the C structure). */
  hTask: number;
  /** The size of the I/O buffer in bytes (0: unbuffered). */
  cchBuffer: number;
  /** The I/O buffer itself, not a copy. */
  pchBuffer: Uint8Array | null;
  /** Index of the next byte to read or write in `pchBuffer`. */
  pchNext: number;
  /** Index one past the last valid byte read into `pchBuffer`. */
  pchEndRead: number;
  /** Index one past the last byte that may be written in `pchBuffer`. */
  pchEndWrite: number;
  /** The file offset of the start of the buffer. */
  lBufOffset: number;
  /** The procedure's own file position. */
  lDiskOffset: number;
  /** Procedure-private state. */
  adwInfo: [unknown, unknown, unknown];
  /** Reserved. */
  dwReserved1: number;
  /** Reserved. */
  dwReserved2: number;
  /** The handle this state belongs to. */
  hmmio: HMMIO | null;
}

/**
 * A RIFF chunk, as `mmioDescend` and `mmioCreateChunk` fill it in. Pass a
 * partial object literal with what to look for or create.
 *
 * @example What to look for, and what is found
 * ```ts
 * import { FOURCC_MEM, MMIO_FINDCHUNK, MMIO_READ, type MMCKINFO, mmioClose, mmioDescend, mmioFOURCC, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const file = new Uint8Array([0x61, 0x62, 0x63, 0x64, 2, 0, 0, 0, 7, 7]); // "abcd", 2 bytes
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const ck: Partial<MMCKINFO> = { ckid: mmioFOURCC("a", "b", "c", "d") };
 * assertEquals(await mmioDescend(h, ck, null, MMIO_FINDCHUNK), 0);
 * assertEquals([ck.cksize, ck.dwDataOffset], [2, 8]);
 * await mmioClose(h);
 * ```
 */
export interface MMCKINFO {
  /** The chunk identifier. */
  ckid: FOURCC;
  /** The size of the chunk's data, as stored in the file (unsigned 32-bit). */
  cksize: number;
  /** The form type (`RIFF`) or list type (`LIST`); 0 for other chunks. */
  fccType: FOURCC;
  /** The file offset of the chunk's data. */
  dwDataOffset: number;
  /** `MMIO_DIRTY` after `mmioCreateChunk`, 0 otherwise. */
  dwFlags: number;
}
