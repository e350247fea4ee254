/**
 * The table of I/O procedures, keyed by FOURCC: {@linkcode mmioInstallIOProc}
 * and the lookups `mmioOpen` uses.
 *
 * @module
 */

import {
  FOURCC_DOS,
  FOURCC_MEM,
  MMIO_FINDPROC,
  MMIO_INSTALLPROC,
  MMIO_REMOVEPROC,
} from "../constants.ts";
import type { ProcCapabilities } from "../_handle.ts";
import type { FOURCC, IOProc } from "../types.ts";
import { dosCloseNow, dosIOProc, dosWriteNow } from "./dos.ts";
import { memIOProc } from "./mem.ts";

/** One installed procedure. */
export interface ProcEntry {
  /** The FOURCC it is installed under. */
  readonly fcc: FOURCC;
  /** The procedure. */
  readonly proc: IOProc;
  /** Built-in entries can be shadowed but never removed. */
  readonly builtin: boolean;
  /** What the engine may rely on the procedure for. */
  readonly can: ProcCapabilities;
  /** Open handles using this entry; an entry in use cannot be removed. */
  uses: number;
}

/** The built-in DOS procedure's entry. */
export const DOS_ENTRY: ProcEntry = {
  fcc: FOURCC_DOS,
  proc: dosIOProc,
  builtin: true,
  can: {
    memory: false,
    learnsSize: true,
    writeNow: dosWriteNow,
    closeNow: dosCloseNow,
  },
  uses: 0,
};

/** The built-in MEM procedure's entry. */
const MEM_ENTRY: ProcEntry = {
  fcc: FOURCC_MEM,
  proc: memIOProc,
  builtin: true,
  can: { memory: true, learnsSize: false },
  uses: 0,
};

/** A user-installed procedure: the engine relies on nothing but messages. */
const USER_CAPABILITIES: ProcCapabilities = {
  memory: false,
  learnsSize: false,
};

// Newest first: a new install shadows older ones with the same FOURCC.
const table: ProcEntry[] = [DOS_ENTRY, MEM_ENTRY];

/** The newest entry for `fcc`, built-ins included. */
export function findEntry(fcc: FOURCC): ProcEntry | undefined {
  return table.find((e) => e.fcc === fcc);
}

const ACTIONS = MMIO_INSTALLPROC | MMIO_REMOVEPROC | MMIO_FINDPROC;

/**
 * Installs, removes or finds an I/O procedure by FOURCC. Exactly one of
 * `MMIO_INSTALLPROC`, `MMIO_REMOVEPROC` and `MMIO_FINDPROC` must be given
 * (`MMIO_GLOBALPROC` and `MMIO_UNICODEPROC` are accepted and change
 * nothing). Install puts the procedure in front of any other with the same
 * FOURCC and returns it. Remove takes out the newest one and returns it, but
 * refuses (`null`) the built-in `DOS ` and `MEM ` procedures and a procedure
 * an open handle uses. Find returns the newest procedure for the FOURCC, or
 * `null`.
 *
 * @param fcc The FOURCC.
 * @param proc The procedure to install (ignored by remove and find).
 * @param flags The action.
 * @returns The procedure installed, removed or found, or `null`.
 *
 * @example Installing a procedure for `name.xyz+` file names
 * ```ts
 * import {
 *   type IOProc,
 *   MMIO_FINDPROC,
 *   MMIO_INSTALLPROC,
 *   MMIO_REMOVEPROC,
 *   mmioInstallIOProc,
 *   mmioStringToFOURCC,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const fcc = mmioStringToFOURCC("XYZ ");
 * const proc: IOProc = () => 0;
 * mmioInstallIOProc(fcc, proc, MMIO_INSTALLPROC);
 * assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), proc);
 * assertEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), proc);
 * ```
 */
export function mmioInstallIOProc(
  fcc: FOURCC,
  proc: IOProc | null,
  flags: number,
): IOProc | null {
  if (typeof fcc !== "number") {
    throw new TypeError(`fcc must be a number, got ${typeof fcc}`);
  }
  if (typeof flags !== "number") {
    throw new TypeError(`flags must be a number, got ${typeof flags}`);
  }
  fcc >>>= 0;
  const action = flags & ACTIONS;
  if (action === MMIO_INSTALLPROC) {
    if (typeof proc !== "function") {
      throw new TypeError(`proc must be a function, got ${typeof proc}`);
    }
    table.unshift({
      fcc,
      proc,
      builtin: false,
      can: USER_CAPABILITIES,
      uses: 0,
    });
    return proc;
  }
  if (action === MMIO_REMOVEPROC) {
    const i = table.findIndex((e) => e.fcc === fcc);
    if (i < 0) return null;
    const entry = table[i];
    if (entry.builtin || entry.uses > 0) return null;
    table.splice(i, 1);
    return entry.proc;
  }
  if (action === MMIO_FINDPROC) return findEntry(fcc)?.proc ?? null;
  return null;
}
