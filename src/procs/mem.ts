/**
 * The built-in MEM procedure: a `Uint8Array` as a file.
 *
 * The engine serves memory files itself, because the block *is* the I/O
 * buffer: reads and writes move bytes inside it, seeks move `pchNext`, and a
 * write that does not fit grows the block by the increment in `adwInfo[0]`
 * (0: the file cannot grow, and the write stops at the end of the block).
 * `lBufOffset` and `lDiskOffset` stay 0. So this procedure only has to agree
 * to open and close; every other message is answered with 0.
 *
 * @module
 */

import type { MMIOINFO } from "../types.ts";

/** The built-in MEM I/O procedure (see the module documentation). */
export function memIOProc(
  _info: MMIOINFO,
  _msg: number,
  _lParam1: unknown,
  _lParam2: unknown,
): number {
  return 0;
}
