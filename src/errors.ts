/**
 * Failure records: {@linkcode MMIOError} and {@linkcode mmioGetLastError}.
 *
 * The MMIO functions never throw for I/O failures: they return the documented
 * codes. The error behind a code (for example Deno's `NotCapable`, whose
 * message names the path and the missing `--allow-*` flag) is kept per handle,
 * or per `MMIOINFO` object for `mmioOpen` and `mmioRename`, so that
 * concurrent calls on other handles cannot overwrite it.
 *
 * @module
 */

import type { MMIOINFO } from "./types.ts";
import type { HMMIO } from "./hmmio.ts";

/**
 * An I/O failure: the code an MMIO function returned and the error behind
 * it, in `cause`.
 *
 * @example Reading the cause of a failed open
 * ```ts
 * import { MMIO_READ, mmioGetLastError, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const info = {};
 * const h = await mmioOpen("/no/such/dir/file.wav", info, MMIO_READ);
 * assertEquals(h, null);
 * const err = mmioGetLastError(info);
 * console.log(err?.message, err?.cause);
 * ```
 */
export class MMIOError extends Error {
  /** The code the MMIO function returned (an `MMIOERR_*` value). */
  readonly code: number;

  /**
   * Makes a failure record.
   *
   * @param message What failed.
   * @param code The `MMIOERR_*` code.
   * @param cause The underlying error, when there is one.
   */
  constructor(message: string, code: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "MMIOError";
    this.code = code;
  }
}

const lastErrors = new WeakMap<object, MMIOError>();

/** Records a failure on a handle or an `MMIOINFO` object. */
export function recordError(target: object, error: MMIOError): void {
  lastErrors.set(target, error);
}

// The error behind a failure code a procedure is about to return, keyed by
// the `MMIOINFO` it was called with; the message protocol takes it when it
// sees the failure and records it as the `MMIOError`'s cause.
const procCauses = new WeakMap<object, unknown>();

/**
 * Lets a procedure attach the error behind the failure code it returns; the
 * engine makes it the cause of the failure it records.
 */
export function setProcCause(info: MMIOINFO, cause: unknown): void {
  procCauses.set(info, cause);
}

/** Takes (and forgets) the cause a procedure attached to `info`, if any. */
export function takeProcCause(info: MMIOINFO): unknown {
  const cause = procCauses.get(info);
  procCauses.delete(info);
  return cause;
}

/**
 * Returns the most recent I/O failure recorded on a handle (it stays readable
 * after `mmioClose`, so a failed `await using` close can be inspected), or on
 * the `MMIOINFO` object passed to a failed `mmioOpen` or `mmioRename`.
 * `null` when nothing failed. Chunk searches that find nothing are answers,
 * not failures, and record nothing.
 *
 * @param target The handle, or the `info` object given to `mmioOpen` or
 * `mmioRename`.
 * @returns The failure, with the underlying error in `cause`, or `null`.
 *
 * @example Why an open was refused
 * ```ts
 * import {
 *   MMIO_READ,
 *   MMIOERR_FILENOTFOUND,
 *   mmioGetLastError,
 *   mmioOpen,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const info = {};
 * await mmioOpen("does-not-exist.wav", info, MMIO_READ);
 * assertEquals(mmioGetLastError(info)?.code, MMIOERR_FILENOTFOUND);
 * ```
 */
export function mmioGetLastError(
  target: HMMIO | Partial<MMIOINFO>,
): MMIOError | null {
  if (typeof target !== "object" || target === null) return null;
  return lastErrors.get(target) ?? null;
}
