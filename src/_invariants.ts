/**
 * The invariants of an open handle's engine state (written on the fields of
 * `Handle` in `_handle.ts`), as one check. Not part of the API: the model
 * and stress tests call it after every step, so that a broken invariant
 * fails a test at the step that broke it.
 *
 * @module
 */

import { MMIO_DIRTY } from "./constants.ts";
import { handleOf, type HMMIO } from "./hmmio.ts";

function whole(v: unknown): boolean {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

/**
 * Throws an `Error` naming every invariant the handle's state breaks; does
 * nothing for a closed handle or a handle that is busy (its state is then
 * between two steps of a call).
 */
export function assertInvariants(h: HMMIO): void {
  const s = handleOf(h);
  if (s === null || s.busy > 0) return;
  const e = s.info;
  const broken: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) broken.push(what);
  };
  const cch = e.cchBuffer;
  need(whole(cch), `cchBuffer ${cch} is a whole number`);
  need(
    e.pchBuffer === null || e.pchBuffer.length >= cch,
    `pchBuffer holds cchBuffer ${cch} bytes`,
  );
  for (const field of ["pchNext", "pchEndRead", "pchEndWrite"] as const) {
    need(
      whole(e[field]) && e[field] <= cch,
      `${field} ${e[field]} in [0, cchBuffer ${cch}]`,
    );
  }
  need(
    whole(e.lBufOffset),
    `lBufOffset ${e.lBufOffset} is a safe integer >= 0`,
  );
  need(
    whole(e.lDiskOffset),
    `lDiskOffset ${e.lDiskOffset} is a safe integer >= 0`,
  );
  need(whole(s.eof), `eof ${s.eof} is a safe integer >= 0`);
  if (s.unbuffered) {
    need(
      e.pchNext === 0 && e.pchEndRead === 0 && e.pchEndWrite === 0,
      "unbuffered: the pointers are 0",
    );
    need(
      e.lBufOffset === e.lDiskOffset,
      `unbuffered: lBufOffset ${e.lBufOffset} == lDiskOffset ${e.lDiskOffset}`,
    );
  }
  if (s.mem) {
    need(s.loaded, "a memory file is loaded");
    need(
      e.lBufOffset === 0 && e.lDiskOffset === 0,
      "a memory file keeps lBufOffset == lDiskOffset == 0",
    );
  }
  const dirty = s.dirtyHi > s.dirtyLo;
  need(
    dirty === ((e.dwFlags & MMIO_DIRTY) !== 0),
    `MMIO_DIRTY is set exactly when the dirty range [${s.dirtyLo}, ${s.dirtyHi}) is not empty`,
  );
  need(
    dirty || (s.dirtyLo === 0 && s.dirtyHi === 0),
    `an empty dirty range is [0, 0), not [${s.dirtyLo}, ${s.dirtyHi})`,
  );
  need(
    whole(s.dirtyLo) && s.dirtyHi <= s.writtenHi && s.writtenHi <= cch,
    `dirty range [${s.dirtyLo}, ${s.dirtyHi}) within writtenHi ${s.writtenHi} within cchBuffer ${cch}`,
  );
  need(s.tail === null, "an idle handle has no queue tail");
  if (broken.length > 0) {
    throw new Error(`handle invariants broken: ${broken.join("; ")}`);
  }
}
