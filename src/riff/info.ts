/**
 * What a RIFF file holds: {@linkcode readRiffInfo}.
 *
 * @module
 */

import type { HMMIO } from "../../mod.ts";
import { Collector, readInfoAndWalk, replay } from "./_collect.ts";
import type { RiffInfo, RiffWalk } from "./types.ts";

/**
 * Reads what a RIFF file holds.
 *
 * - WAVE: the `fmt ` fields (with the `WAVE_FORMAT_EXTENSIBLE` sub-format,
 *   valid bits and channel mask), the `data` size present, the length:
 *   for PCM and float frames = data bytes / block align; for other formats
 *   the `ds64` or `fact` sample count, else unknown (with the data size in
 *   blocks), the duration from that, the `bext` description.
 * - AVI: frames, width, height, frame rate and streams (`avih`, `strh`,
 *   `strf`, OpenDML `dmlh`).
 * - WebP: canvas size, lossy or lossless, alpha, animation and its frames.
 * - Every form: the `LIST 'INFO'` tags and the chunks directly inside it.
 *
 * RF64/BW64 sizes come from `ds64`; unfinished sizes are reported (in
 * `unfinished`) and the bytes present are used. Text is escaped. It reads
 * forward only, so it works on a pipe as well.
 *
 * @param h An open handle (a file, a memory file, a pipe).
 * @param walk The file's chunk tree, when already read with
 * {@linkcode walkRiff} (the tree it kept is used); walked here otherwise,
 * keeping no tree.
 * @returns The information, or `null` when the file is not a RIFF file.
 *
 * @example Read the format of a WAV file in memory
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen } from "@mmio/mmio";
 * import { readRiffInfo } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 *
 * // The 44-byte header of a mono 8 kHz 16-bit WAV, then 4 bytes of samples.
 * const wav = Uint8Array.from(
 *   "RIFF(\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0@\x1f\0\0\x80>\0\0\x02\0\x10\0data\x04\0\0\0\0\0\0\0",
 *   (c) => c.charCodeAt(0),
 * );
 * await using h = await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: wav, cchBuffer: wav.length }, MMIO_READ);
 * const info = (await readRiffInfo(h!))!;
 * assertEquals(info.formType, "WAVE");
 * assertEquals(info.format?.sampleRate, 8000);
 * assertEquals([info.dataSize, info.frames, info.duration], [4, 2, 2 / 8000]);
 * ```
 */
export async function readRiffInfo(
  h: HMMIO,
  walk?: RiffWalk,
): Promise<RiffInfo | null> {
  if (walk !== undefined && (walk === null || typeof walk !== "object")) {
    throw new TypeError(
      `walk must be the result of walkRiff, got ${
        walk === null ? "null" : typeof walk
      }`,
    );
  }
  if (walk) {
    const collector = new Collector(h);
    await replay(walk.chunks, [], collector);
    return collector.finish(walk);
  }
  return (await readInfoAndWalk(h)).info;
}
