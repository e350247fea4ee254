/**
 * Structural validation of a RIFF file: {@linkcode checkRiff}.
 *
 * @module
 */

import type { HMMIO } from "../../mod.ts";
import type { RiffCheck, WalkRiffOptions } from "./types.ts";
import { walkRiff } from "./walk.ts";

/**
 * Checks the structure of a RIFF file (the rules of {@linkcode walkRiff}:
 * sizes against the file and the parent, pad bytes, truncation, stray and
 * zero bytes, ids, nesting; RF64/BW64 `ds64` present, first and consistent
 * with the file; RIFX). An unfinished recording is one problem, described
 * in `unfinished`, which `repairRiff` can fix.
 *
 * It keeps no chunk tree: memory stays O(depth) whatever the file holds.
 *
 * @param h An open handle (a file, a memory file, a pipe).
 * @param onChunk Called for every chunk, as {@linkcode WalkRiffOptions.onChunk}.
 * @returns Whether the file is valid, its problems and its chunk count.
 *
 * @example A WAV file whose data size was never written
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen } from "@mmio/mmio";
 * import { checkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 *
 * const wav = Uint8Array.from("RIFF\x10\0\0\0WAVEdata\xff\xff\xff\xffabcd", (c) => c.charCodeAt(0));
 * await using h = await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: wav, cchBuffer: wav.length }, MMIO_READ);
 * const result = await checkRiff(h!);
 * assertEquals(result.ok, false);
 * assertEquals(result.problems, [
 *   { offset: 12, message: "unfinished: 'data' size 0xFFFFFFFF, 4 bytes present" },
 * ]);
 * ```
 */
export async function checkRiff(
  h: HMMIO,
  onChunk?: WalkRiffOptions["onChunk"],
): Promise<RiffCheck> {
  const walk = await walkRiff(h, { depth: 0, onChunk });
  return {
    ok: walk.problemCount === 0,
    problems: walk.problems,
    problemCount: walk.problemCount,
    chunkCount: walk.chunkCount,
    fileSize: walk.fileSize,
    sizeKnown: walk.sizeKnown,
    form: walk.form,
    unfinished: walk.unfinished,
  };
}
