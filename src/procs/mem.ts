/**
 * The built-in MEM procedure: a `Uint8Array` as a file.
 *
 * The engine serves memory files itself, because the block *is* the I/O
 * buffer: reads and writes move bytes inside it, seeks move `pchNext`, and a
 * write that does not fit grows the block by the increment in `adwInfo[0]`
 * (0: the file cannot grow, and the write stops at the end of the block).
 * `lBufOffset` and `lDiskOffset` stay 0. So this procedure only has to agree
 * to open and close, and to refuse `MMIOM_RENAME` with
 * `MMSYSERR_NOTSUPPORTED` (a memory file has no name to change: answering 0
 * would report a rename that never happened). Every other message is
 * answered with 0.
 *
 * @module
 */

import { MMIOM_RENAME, MMSYSERR_NOTSUPPORTED } from "../constants.ts";
import { setProcCause } from "../errors.ts";
import type { MMIOINFO } from "../types.ts";

/** The built-in MEM I/O procedure (see the module documentation). */
export function memIOProc(
  info: MMIOINFO,
  msg: number,
  _lParam1: unknown,
  _lParam2: unknown,
): number {
  if (msg === MMIOM_RENAME) {
    setProcCause(
      info,
      new Deno.errors.NotSupported(
        "the MEM I/O procedure cannot rename: a memory file has no name",
      ),
    );
    return MMSYSERR_NOTSUPPORTED;
  }
  return 0;
}
