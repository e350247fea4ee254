/**
 * `deno run -A bench/wave_compare.ts`: the WAVE layer (`./wave`) against
 * node-wav and wavefile in this one process, for issue 11's targets:
 *
 * - write a 60 s stereo 48 kHz WAV from two `Float32Array` channels as
 *   16-bit (≥ 1.5× node-wav's `encode` + `Deno.writeFile`, ≥ 10× wavefile);
 * - read it back to `Float32Array` channels (≥ node-wav's `decode` of
 *   `Deno.readFile`);
 * - stream a 4.7 GB sparse RF64 file to the end in a child process (peak
 *   RSS < 100 MB), with `readInto` (reused arrays) and with the async
 *   iterator (fresh arrays per block).
 *
 * Each run visits every contender in a rotating order; the table shows
 * medians. The "floor" rows do the same job with the least work possible
 * in Deno (one conversion loop into one array, one `Deno.writeFile`; one
 * `Deno.readFile`, one conversion loop).
 *
 * Options: `--runs=N` (default 9), `--rf64-gb=X` (default 4.7; 0 skips the
 * streaming run).
 *
 * @module
 */

import nodeWavModule from "npm:node-wav@0.0.2";
import wavefileModule from "npm:wavefile@11.0.0";
import {
  readWave,
  WaveReader,
  WaveWriter,
  writeWave,
} from "../src/wave/mod.ts";

interface NodeWav {
  encode(
    channelData: Float32Array[],
    opts: { sampleRate: number; float: boolean; bitDepth: number },
  ): Uint8Array;
  decode(
    bytes: Uint8Array,
  ): { sampleRate: number; channelData: Float32Array[] };
}
const nodeWav = nodeWavModule as unknown as NodeWav;
const { WaveFile } = wavefileModule;

const RATE = 48_000;
const FRAMES = RATE * 60;

function option(name: string, dflt: number): number {
  const flag = Deno.args.find((a) => a.startsWith(`--${name}=`));
  const n = flag === undefined ? dflt : Number(flag.slice(name.length + 3));
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`bad --${name}`);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A 44-byte header and room for the 16-bit stereo data. */
function wavBytes(): Uint8Array {
  const out = new Uint8Array(44 + FRAMES * 4);
  const v = new DataView(out.buffer);
  const word = (at: number, s: string) =>
    out.set([...s].map((c) => c.charCodeAt(0)), at);
  word(0, "RIFF");
  v.setUint32(4, out.length - 8, true);
  word(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 2, true);
  v.setUint32(24, RATE, true);
  v.setUint32(28, RATE * 4, true);
  v.setUint16(32, 4, true);
  v.setUint16(34, 16, true);
  word(36, "data");
  v.setUint32(40, FRAMES * 4, true);
  return out;
}

/**
 * Part of the floor of writing: the conversion alone, one fused loop into
 * one array, rounding as the writer does (no I/O).
 */
function floorConvert(out: Uint8Array, l: Float32Array, r: Float32Array) {
  const s = new Int16Array(out.buffer, 44);
  for (let i = 0, k = 0; i < FRAMES; i++, k += 2) {
    let y = l[i] * 32768 + 32768.5;
    y = y < 0.5 ? 0.5 : y > 65535.5 ? 65535.5 : y;
    s[k] = (y | 0) - 32768;
    let z = r[i] * 32768 + 32768.5;
    z = z < 0.5 ? 0.5 : z > 65535.5 ? 65535.5 : z;
    s[k + 1] = (z | 0) - 32768;
  }
}

/** The floor of reading: one readFile, one loop (the data at byte 44). */
async function floorRead(path: string): Promise<Float32Array[]> {
  const bytes = await Deno.readFile(path);
  const s = new Int16Array(bytes.buffer, 44, (bytes.length - 44) >> 1);
  const n = s.length >> 1;
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  for (let i = 0, k = 0; i < n; i++, k += 2) {
    l[i] = s[k] / 32768;
    r[i] = s[k + 1] / 32768;
  }
  return [l, r];
}

interface Contender {
  group: "write" | "read";
  name: string;
  run: () => Promise<unknown>;
  times: number[];
  /** Fewer runs for the slow ones (wavefile takes seconds a run). */
  maxRuns?: number;
}

/** Writes the header of a sparse RF64 file of `bytes` data bytes. */
async function sparseRf64(path: string, dataBytes: number): Promise<void> {
  const head = new Uint8Array(80);
  const v = new DataView(head.buffer);
  const word = (at: number, s: string) =>
    head.set([...s].map((c) => c.charCodeAt(0)), at);
  const u64 = (at: number, n: number) => {
    v.setUint32(at, n % 2 ** 32, true);
    v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
  };
  word(0, "RF64");
  v.setUint32(4, 0xffffffff, true);
  word(8, "WAVEds64");
  v.setUint32(16, 28, true);
  u64(20, 72 + dataBytes);
  u64(28, dataBytes);
  word(48, "fmt ");
  v.setUint32(52, 16, true);
  v.setUint16(56, 1, true);
  v.setUint16(58, 2, true);
  v.setUint32(60, RATE, true);
  v.setUint32(64, RATE * 4, true);
  v.setUint16(68, 4, true);
  v.setUint16(70, 16, true);
  word(72, "data");
  v.setUint32(76, 0xffffffff, true);
  using f = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  await f.write(head);
  await f.truncate(80 + dataBytes);
}

async function rssChild(mode: string, path: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./wave_rss_child.ts", import.meta.url).pathname,
      mode,
      path,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new Error(new TextDecoder().decode(out.stderr).slice(0, 500));
  }
  return text.split("\n").at(-1) ?? "{}";
}

async function main(): Promise<void> {
  const runs = Math.max(1, Math.floor(option("runs", 9)));
  const rf64Gb = option("rf64-gb", 4.7);
  const dir = await Deno.makeTempDir({ prefix: "mmio_wave_bench_" });
  try {
    const p = (name: string) => `${dir}/${name}`;
    const left = new Float32Array(FRAMES);
    const right = new Float32Array(FRAMES);
    for (let i = 0; i < FRAMES; i++) {
      left[i] = 0.5 * Math.sin(2 * Math.PI * 440 * i / RATE);
      right[i] = 0.5 * Math.sin(2 * Math.PI * 660 * i / RATE);
    }
    const input = p("input.wav");
    await Deno.writeFile(
      input,
      nodeWav.encode([left, right], {
        sampleRate: RATE,
        float: false,
        bitDepth: 16,
      }),
    );
    const floorBytes = wavBytes();
    floorConvert(floorBytes, left, right);
    const all: Contender[] = [
      {
        group: "write",
        name: "mmio writeWave (int16)",
        run: () =>
          writeWave(p("mmio.wav"), {
            sampleRate: RATE,
            channelData: [left, right],
            sample: "int16",
          }),
        times: [],
      },
      {
        group: "write",
        name: "mmio WaveWriter, 4096-frame blocks (info)",
        run: async () => {
          const w = await WaveWriter.create(p("mmio_blocks.wav"), {
            sampleRate: RATE,
            channels: 2,
          });
          for (let f = 0; f < FRAMES; f += 4096) {
            await w.write([
              left.subarray(f, f + 4096),
              right.subarray(f, f + 4096),
            ]);
          }
          await w.close();
        },
        times: [],
      },
      {
        group: "write",
        name: "node-wav encode + Deno.writeFile",
        run: () =>
          Deno.writeFile(
            p("node_wav.wav"),
            nodeWav.encode([left, right], {
              sampleRate: RATE,
              float: false,
              bitDepth: 16,
            }),
          ),
        times: [],
      },
      {
        group: "write",
        name: "wavefile fromScratch 32f + toBitDepth 16 + writeFile",
        maxRuns: 3,
        run: async () => {
          const wf = new WaveFile();
          wf.fromScratch(2, RATE, "32f", [left, right]);
          wf.toBitDepth("16");
          await Deno.writeFile(p("wavefile.wav"), wf.toBuffer());
        },
        times: [],
      },
      {
        group: "write",
        name: "floor part: the conversion loop alone (no I/O)",
        run: () => Promise.resolve(floorConvert(floorBytes, left, right)),
        times: [],
      },
      {
        group: "write",
        name: "floor part: Deno.writeFile of the finished bytes",
        run: () => Deno.writeFile(p("floor.wav"), floorBytes),
        times: [],
      },
      {
        group: "read",
        name: "mmio readWave",
        run: () => readWave(input),
        times: [],
      },
      {
        group: "read",
        name: "mmio WaveReader, 65536-frame blocks (info: no output kept)",
        run: async () => {
          await using r = await WaveReader.open(input, { blockFrames: 65536 });
          let n = 0;
          for await (const [l] of r) n += l.length;
          if (n !== FRAMES) throw new Error(`read ${n} frames`);
        },
        times: [],
      },
      {
        group: "read",
        name: "node-wav Deno.readFile + decode",
        run: async () => nodeWav.decode(await Deno.readFile(input)),
        times: [],
      },
      {
        group: "read",
        name:
          "wavefile readFile + fromBuffer + toBitDepth 32f + getSamples (info)",
        maxRuns: 1,
        run: async () => {
          const wf = new WaveFile(await Deno.readFile(input));
          wf.toBitDepth("32f");
          return wf.getSamples(false, Float32Array);
        },
        times: [],
      },
      {
        group: "read",
        name: "floor: Deno.readFile + one conversion loop",
        run: () => floorRead(input),
        times: [],
      },
    ];
    // Warm up (and check) every contender once.
    for (const c of all) await c.run();
    for (
      const name of [
        "mmio.wav",
        "mmio_blocks.wav",
        "node_wav.wav",
        "wavefile.wav",
        "floor.wav",
      ]
    ) {
      const wav = await readWave(p(name));
      for (const i of [0, 12345, FRAMES - 1]) {
        if (Math.abs(wav.channelData[1][i] - right[i]) > 1.01 / 32768) {
          throw new Error(`${name}: frame ${i} is ${wav.channelData[1][i]}`);
        }
      }
    }
    const decoded = (await readWave(input)).channelData;
    const theirs = nodeWav.decode(await Deno.readFile(input)).channelData;
    for (const i of [0, 777, FRAMES - 1]) {
      if (Math.abs(decoded[0][i] - theirs[0][i]) > 1 / 32767) {
        throw new Error(`reads differ at ${i}`);
      }
    }
    for (let run = 0; run < runs; run++) {
      for (let k = 0; k < all.length; k++) {
        const c = all[(k + run) % all.length];
        if (c.times.length >= (c.maxRuns ?? runs)) continue;
        const t0 = performance.now();
        await c.run();
        c.times.push(performance.now() - t0);
      }
    }
    const med = (name: string) =>
      median(all.find((c) => c.name.startsWith(name))!.times);
    console.log(
      `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs, ${runs} runs, medians\n`,
    );
    for (const c of all) {
      const ms = median(c.times);
      console.log(
        `${c.group.padEnd(5)}  ${c.name.padEnd(70)} ${
          ms.toFixed(1).padStart(8)
        } ms  (min ${Math.min(...c.times).toFixed(1)})`,
      );
    }
    const w = med("mmio writeWave");
    const r = med("mmio readWave");
    console.log("");
    console.log(
      `write: node-wav / mmio = ${
        (med("node-wav encode") / w).toFixed(2)
      }x (target >= 1.5)`,
    );
    console.log(
      `write: wavefile / mmio = ${
        (med("wavefile fromScratch") / w).toFixed(1)
      }x (target >= 10)`,
    );
    const convert = med("floor part: the conversion");
    const io = med("floor part: Deno.writeFile");
    console.log(
      `write: floor = max(conversion ${convert.toFixed(1)} ms, writeFile ${
        io.toFixed(1)
      } ms) = ${Math.max(convert, io).toFixed(1)} ms when they overlap, ${
        (convert + io).toFixed(1)
      } ms one after the other; mmio / overlapped floor = ${
        (w / Math.max(convert, io)).toFixed(2)
      }x`,
    );
    console.log(
      `read:  node-wav / mmio = ${
        (med("node-wav Deno.readFile") / r).toFixed(2)
      }x (target >= 1)`,
    );
    console.log(
      `read:  mmio / floor    = ${
        (r / med("floor: Deno.readFile")).toFixed(2)
      }x`,
    );

    if (rf64Gb > 0) {
      const path = p("big_rf64.wav");
      const dataBytes = Math.floor(rf64Gb * 1e9 / 4) * 4;
      await sparseRf64(path, dataBytes);
      const idle = JSON.parse(await rssChild("idle", path));
      // A first pass fills the page cache with the file's (zero) pages, so
      // that the measured passes see the same cache.
      await rssChild("into", path);
      console.log("");
      for (
        const [mode, how] of [
          ["into", "readInto, two reused 4,096-frame arrays"],
          ["iterate", "for await, fresh 4,096-frame arrays per block"],
        ]
      ) {
        const run = JSON.parse(await rssChild(mode, path));
        console.log(
          `stream ${
            (dataBytes / 1e9).toFixed(2)
          } GB sparse RF64 to the end (${how}): ${run.frames} frames in ${
            (run.ms / 1000).toFixed(1)
          } s, peak RSS ${(run.hwmBytes / 1e6).toFixed(1)} MB`,
        );
      }
      console.log(
        `(an idle Deno with the module loaded: ${
          (idle.hwmBytes / 1e6).toFixed(1)
        } MB; target < 100 MB)`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
