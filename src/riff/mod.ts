/**
 * The RIFF tools of `@mmio/mmio`: a bounded walker, `info`, `check` and
 * `repair`, for the files people actually have (WAV, AVI, WebP, RMI, SF2,
 * ...): RF64/BW64 past 4 GiB, big-endian RIFX, unfinished recordings,
 * compressed WAVs, garbage. They work on any MMIO handle (a file, a memory
 * file, a custom I/O procedure, a pipe) through the public API.
 *
 * - {@linkcode walkRiff}: the chunk tree and its structural problems, in
 *   time linear in the headers read and memory O(depth) plus the tree kept;
 *   a run of zeros is one entry, at most 100 problems are kept.
 * - {@linkcode readRiffInfo}: WAVE format, length (frames vs blocks),
 *   tags, `bext`; AVI frames and streams; WebP canvas and animation.
 * - {@linkcode checkRiff}: structural validation.
 * - {@linkcode repairRiff} / {@linkcode repairRiffFile}: fix an unfinished
 *   recording in place, durably.
 *
 * Text taken from a file (ids, tags) is escaped: no control character from
 * a file reaches the caller's output.
 *
 * @example Check a recording, repair it, read its length
 * ```ts
 * import { checkRiff, readRiffInfo, repairRiffFile } from "@mmio/mmio/riff";
 * import { MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 *
 * // A streamed WAV header (sizes 0xFFFFFFFF), then 8 bytes of 16-bit mono.
 * const wav = Uint8Array.from(
 *   "RIFF\xff\xff\xff\xffWAVEfmt \x10\0\0\0\x01\0\x01\0@\x1f\0\0\x80>\0\0\x02\0\x10\0data\xff\xff\xff\xff",
 *   (c) => c.charCodeAt(0),
 * );
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * try {
 *   await Deno.writeFile(path, new Uint8Array([...wav, 1, 2, 3, 4, 5, 6, 7, 8]));
 *   const h = (await mmioOpen(path, null, MMIO_READ))!;
 *   const check = await checkRiff(h);
 *   await mmioClose(h);
 *   assertEquals(check.problems.map((p) => p.message), [
 *     "unfinished: 'data' size 0xFFFFFFFF, 8 bytes present; RIFF size 0xFFFFFFFF, 44 bytes present",
 *   ]);
 *
 *   assertEquals((await repairRiffFile(path)).outcome, "repaired");
 *
 *   const r = (await mmioOpen(path, null, MMIO_READ))!;
 *   const info = (await readRiffInfo(r))!;
 *   await mmioClose(r);
 *   assertEquals([info.unfinished, info.dataSize, info.frames, info.duration], [null, 8, 4, 4 / 8000]);
 * } finally {
 *   await Deno.remove(path);
 * }
 * ```
 *
 * @module
 */

export type * from "./types.ts";
export { walkRiff } from "./walk.ts";
export { readRiffInfo } from "./info.ts";
export { checkRiff } from "./check.ts";
export { repairRiff, repairRiffFile } from "./repair.ts";
