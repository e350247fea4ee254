/**
 * {@linkcode WaveError}: what the WAVE layer throws for a file it cannot
 * read or write.
 *
 * @module
 */

/**
 * A WAVE file that cannot be read (no `fmt ` chunk, no `data` chunk, a
 * block align of 0, a truncated header, a format that is not decoded) or
 * written (past 4 GiB with `rf64: "never"`, a failed write). The message
 * says what is wrong; `cause`, when present, is the underlying error (the
 * `MMIOError` that `mmioGetLastError` keeps for the handle).
 *
 * @example Telling a broken file from other failures
 * ```ts
 * import { WaveError, WaveReader } from "@mmio/mmio/wave";
 * import { assertEquals, assertInstanceOf, assertRejects } from "@std/assert";
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 *
 * const bytes = new TextEncoder().encode("RIFF\x04\x00\x00\x00AVI ");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: bytes, cchBuffer: bytes.length }, MMIO_READ))!;
 * const err = await assertRejects(() => WaveReader.open(h));
 * assertInstanceOf(err, WaveError);
 * assertEquals(err.message, "not a WAVE file: the RIFF form type is 'AVI ', not 'WAVE'");
 * await mmioClose(h);
 * ```
 */
export class WaveError extends Error {
  /**
   * Makes a WAVE error.
   *
   * @param message What is wrong.
   * @param options `cause`: the underlying error.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WaveError";
  }
}
