/**
 * The npm peers of issue 4 (W5: riff-file; W6: wavefile, node-wav, wav),
 * each doing the same job as the mmio contender, in the way its own README
 * shows. Versions are pinned inline.
 *
 * @module
 */

import riffFileModule from "npm:riff-file@1.0.3";
import wavefileModule from "npm:wavefile@11.0.0";
import nodeWavModule from "npm:node-wav@0.0.2";
import wavModule from "npm:wav@1.0.2";
import { Buffer } from "node:buffer";
import {
  fillBlock,
  sampleAt,
  WAV_BLOCK_FRAMES,
  WAV_CHANNELS,
  WAV_FRAMES,
  WAV_RATE,
} from "./_data.ts";

// node-wav and wav ship no types: describe the little that is used.
interface NodeWav {
  encode(
    channelData: Float32Array[],
    opts: { sampleRate: number; float: boolean; bitDepth: number },
  ): Uint8Array;
}
interface WavFileWriter {
  write(chunk: Uint8Array): boolean;
  end(): void;
  on(event: string, fn: (arg?: unknown) => void): void;
  once(event: string, fn: () => void): void;
}
interface Wav {
  FileWriter: new (
    path: string,
    opts: { channels: number; sampleRate: number; bitDepth: number },
  ) => WavFileWriter;
}
interface RiffSubChunk {
  chunkId: string;
  chunkSize: number;
  subChunks?: RiffSubChunk[];
}

const nodeWav = nodeWavModule as unknown as NodeWav;
const wav = wavModule as unknown as Wav;
const { RIFFFile } = riffFileModule;
const { WaveFile } = wavefileModule;

/** The pinned peer versions, for the results page. */
export const PEER_VERSIONS: Record<string, string> = {
  "riff-file": "1.0.3",
  "wavefile": "11.0.0",
  "node-wav": "0.0.2",
  "wav": "1.0.2",
};

/**
 * W5 peer: riff-file parses the whole file read from disk. Returns the
 * number of chunks directly inside the RIFF.
 */
export async function w5RiffFile(path: string): Promise<number> {
  const bytes = await Deno.readFile(path);
  const riff = new RIFFFile();
  riff.setSignature(bytes);
  const sig = riff.signature as { subChunks: RiffSubChunk[] };
  return sig.subChunks.length;
}

/** W6 mode: samples one at a time, or blocks of 4,096 frames. */
export type WavMode = "sample" | "block";

/**
 * W6 peer: wavefile. Its input is the whole interleaved sample array, filled
 * sample by sample (or block by block), then `fromScratch`, `toBuffer` and
 * one file write.
 */
export async function w6Wavefile(path: string, mode: WavMode): Promise<number> {
  const samples = new Int16Array(WAV_FRAMES * WAV_CHANNELS);
  if (mode === "sample") {
    let k = 0;
    for (let i = 0; i < WAV_FRAMES; i++) {
      for (let ch = 0; ch < WAV_CHANNELS; ch++) samples[k++] = sampleAt(i, ch);
    }
  } else {
    const block = new Int16Array(WAV_BLOCK_FRAMES * WAV_CHANNELS);
    for (let f = 0; f < WAV_FRAMES; f += WAV_BLOCK_FRAMES) {
      const n = Math.min(WAV_BLOCK_FRAMES, WAV_FRAMES - f);
      fillBlock(block, f, n);
      samples.set(block.subarray(0, n * WAV_CHANNELS), f * WAV_CHANNELS);
    }
  }
  const wf = new WaveFile();
  wf.fromScratch(WAV_CHANNELS, WAV_RATE, "16", samples);
  const bytes = wf.toBuffer();
  await Deno.writeFile(path, bytes);
  return bytes.length;
}

/**
 * W6 peer: node-wav. Its input is one Float32Array per channel, filled
 * sample by sample (or deinterleaved from each block), then `encode` and
 * one file write.
 */
export async function w6NodeWav(path: string, mode: WavMode): Promise<number> {
  const left = new Float32Array(WAV_FRAMES);
  const right = new Float32Array(WAV_FRAMES);
  if (mode === "sample") {
    for (let i = 0; i < WAV_FRAMES; i++) {
      left[i] = sampleAt(i, 0) / 32768;
      right[i] = sampleAt(i, 1) / 32768;
    }
  } else {
    const block = new Int16Array(WAV_BLOCK_FRAMES * WAV_CHANNELS);
    for (let f = 0; f < WAV_FRAMES; f += WAV_BLOCK_FRAMES) {
      const n = Math.min(WAV_BLOCK_FRAMES, WAV_FRAMES - f);
      fillBlock(block, f, n);
      for (let i = 0; i < n; i++) {
        left[f + i] = block[2 * i] / 32768;
        right[f + i] = block[2 * i + 1] / 32768;
      }
    }
  }
  const bytes = nodeWav.encode([left, right], {
    sampleRate: WAV_RATE,
    float: false,
    bitDepth: 16,
  });
  await Deno.writeFile(path, bytes);
  return bytes.length;
}

/**
 * W6 peer: wav's `FileWriter` stream (it rewrites the header at the end).
 * Sample mode writes each sample into a 4,096-frame Buffer (one stream
 * write per sample takes about 9 s here, which would measure Node streams,
 * not the job); block mode writes each generated block. Backpressure is
 * honoured.
 */
export async function w6Wav(path: string, mode: WavMode): Promise<number> {
  const writer = new wav.FileWriter(path, {
    channels: WAV_CHANNELS,
    sampleRate: WAV_RATE,
    bitDepth: 16,
  });
  const done = new Promise<void>((resolve, reject) => {
    writer.on("done", () => resolve());
    writer.on("error", (e) => reject(e));
  });
  const frameBytes = WAV_CHANNELS * 2;
  for (let f = 0; f < WAV_FRAMES; f += WAV_BLOCK_FRAMES) {
    const n = Math.min(WAV_BLOCK_FRAMES, WAV_FRAMES - f);
    let chunk: Uint8Array;
    if (mode === "sample") {
      // A fresh Buffer per block: the stream keeps a reference until written.
      const buf = Buffer.allocUnsafe(n * frameBytes);
      let off = 0;
      for (let i = 0; i < n; i++) {
        for (let ch = 0; ch < WAV_CHANNELS; ch++) {
          off = buf.writeInt16LE(sampleAt(f + i, ch), off);
        }
      }
      chunk = buf;
    } else {
      const block = new Int16Array(n * WAV_CHANNELS);
      fillBlock(block, f, n);
      chunk = Buffer.from(block.buffer, 0, block.byteLength);
    }
    if (!writer.write(chunk)) {
      await new Promise<void>((r) => writer.once("drain", r));
    }
  }
  writer.end();
  await done;
  return 44 + WAV_FRAMES * frameBytes;
}
