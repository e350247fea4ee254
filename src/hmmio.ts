/**
 * The public handle, {@linkcode HMMIO}, above the engine: an opaque object
 * made only by `mmioOpen`, holding the engine state of its file.
 *
 * @module
 */

import { MMSYSERR_INVALHANDLE } from "./constants.ts";
import { Handle } from "./_handle.ts";
import { closeHandle } from "./_lifetime.ts";

let stateOf: (h: unknown) => Handle | null;

/**
 * An open MMIO file, made only by `mmioOpen`. It is opaque: pass it to the
 * `mmio*` functions. `await using h = await mmioOpen(...)` closes it at the
 * end of the scope (see `[Symbol.asyncDispose]`).
 *
 * @example Closing a handle automatically
 * ```ts
 * import { FOURCC_MEM, MMIO_READWRITE, mmioOpen, mmioWrite } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const block = new Uint8Array(16);
 * {
 *   await using h = await mmioOpen(null, {
 *     fccIOProc: FOURCC_MEM,
 *     pchBuffer: block,
 *     cchBuffer: block.length,
 *   }, MMIO_READWRITE);
 *   if (h === null) throw new Error("cannot open the memory file");
 *   await mmioWrite(h, new Uint8Array([1, 2, 3]));
 * }
 * assertEquals(block.subarray(0, 3), new Uint8Array([1, 2, 3]));
 * ```
 */
export class HMMIO {
  #handle: Handle;

  /** @internal Handles are made by `mmioOpen`. */
  constructor(handle: Handle) {
    if (!(handle instanceof Handle)) {
      throw new TypeError("HMMIO handles are made by mmioOpen");
    }
    this.#handle = handle;
    handle.setFace(this);
  }

  static {
    stateOf = (h) =>
      typeof h === "object" && h !== null && #handle in h ? h.#handle : null;
  }

  /**
   * Flushes and closes the handle: `mmioClose(h, 0)`. Never throws; a failure
   * stays readable with `mmioGetLastError(h)`.
   *
   * @returns A promise that settles when the handle is closed.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    const s = handleOf(this);
    if (s === null) return;
    await s.schedule(() => closeHandle(s, 0), MMSYSERR_INVALHANDLE);
  }
}

/** The state of an open handle, or null for a closed handle or a non-handle. */
export function handleOf(h: unknown): Handle | null {
  const s = stateOf(h);
  return s === null || s.closed ? null : s;
}
