/**
 * `@mmio/mmio/wave`: WAV files as samples, streaming, at any size, with
 * their metadata, and recordings that survive a crash. Built on the MMIO
 * API, so it works on any handle: a file, a memory file, a custom I/O
 * procedure.
 *
 * - {@linkcode WaveReader} / {@linkcode readWave}: unsigned 8-bit, signed
 *   16/24/32-bit PCM, 32/64-bit float, A-law and mu-law, plain or
 *   `WAVE_FORMAT_EXTENSIBLE`, RIFF, RF64 and BW64, unfinished recordings,
 *   to `Float32Array` per channel (or the stored integers); the `LIST
 *   'INFO'` tags, `bext`, `cue ` points with `adtl` labels, `smpl` loops,
 *   `iXML` and the chunk list.
 * - {@linkcode WaveWriter} / {@linkcode writeWave}: every sample type, the
 *   same metadata, RF64 past 4 GiB, and {@linkcode WaveWriter.flush}, a
 *   durable checkpoint (`MMIOM_WRITEFLUSH`).
 * - {@linkcode WaveError}: a file that cannot be read or written, saying
 *   why.
 *
 * @example Write a tone, read it back
 * ```ts
 * import { readWave, writeWave } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 *
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * const tone = new Float32Array(8000).map((_, i) => Math.sin(2 * Math.PI * 440 * i / 8000) / 2);
 * await writeWave(path, { sampleRate: 8000, channelData: [tone], sample: "int16", tags: { INAM: "A4" } });
 *
 * const wav = await readWave(path);
 * assertEquals(wav.format.bitsPerSample, 16);
 * assertEquals(wav.tags.INAM, "A4");
 * assertEquals(Math.abs(wav.channelData[0][2000] - tone[2000]) < 1 / 32768, true);
 * await Deno.remove(path);
 * ```
 *
 * @module
 */

export { WaveError } from "./errors.ts";
export {
  readWave,
  type WaveData,
  WaveReader,
  type WaveReaderOptions,
  type WaveReadOptions,
} from "./reader.ts";
export {
  WaveWriter,
  type WaveWriterOptions,
  writeWave,
  type WriteWaveOptions,
} from "./writer.ts";
export type {
  Bext,
  Cue,
  Loop,
  SampleArray,
  SampleType,
  WaveChunk,
  WaveFormat,
  WaveMetadata,
  WaveTags,
} from "./types.ts";
