/**
 * The MMIO data types: {@linkcode MMIOINFO}, {@linkcode MMCKINFO},
 * {@linkcode IOProc} and {@linkcode FOURCC}.
 *
 * @module
 */

import type { HMMIO } from "./handle.ts";

/**
 * A four-character code: `c0 | c1 << 8 | c2 << 16 | c3 << 24`, as an
 * unsigned 32-bit number.
 */
export type FOURCC = number;

/**
 * An I/O procedure: answers the `MMIOM_*` messages for one kind of storage.
 * It returns a number, or a Promise of one. A procedure that throws or
 * rejects is answered as a failure, and the error is kept as the cause
 * (see {@linkcode mmioErrorCause}).
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
 * indexes into `pchBuffer`.
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

/** A RIFF chunk, as `mmioDescend` and `mmioCreateChunk` fill it in. */
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
