/**
 * `deno bench`: W6, writing a 60 s stereo 48 kHz 16-bit WAV from generated
 * samples, sample by sample and in 4,096-frame blocks, with mmio (the
 * group's `baseline`) and with wavefile, node-wav and wav. Each iteration
 * writes the whole file to disk, so iteration counts are kept small.
 *
 * @module
 */

import { WAV_FILE_SIZE } from "./_data.ts";
import { w6NodeWav, w6Wav, w6Wavefile, type WavMode } from "./_peers.ts";
import { BIG_BUFFER, type MmioWavMode, w6Mmio } from "./_mmio.ts";

const dir = await Deno.makeTempDir({ prefix: "mmio_bench_" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(dir, { recursive: true });
});

function expect(got: number, want: number): void {
  if (got !== want) throw new Error(`got ${got}, expected ${want}`);
}

const few = { n: 8, warmup: 2 };
const MIB = 1 << 20;
// [mode, variant, buffer size, name, baseline of the group]
const mmioVariants: [WavMode, MmioWavMode, number, string, boolean][] = [
  ["sample", "direct", MIB, "mmio: direct buffer access (1 MiB)", true],
  [
    "sample",
    "direct",
    BIG_BUFFER,
    "mmio: direct buffer access (64 KiB)",
    false,
  ],
  [
    "sample",
    "sample",
    BIG_BUFFER,
    "mmio: mmioWrite per sample (64 KiB)",
    false,
  ],
  ["sample", "frame", BIG_BUFFER, "mmio: mmioWrite per frame (64 KiB)", false],
  ["block", "block", MIB, "mmio: mmioWrite per block (1 MiB)", true],
  ["block", "block", BIG_BUFFER, "mmio: mmioWrite per block (64 KiB)", false],
];
for (const mode of ["sample", "block"] as const) {
  const group = `W6 60 s WAV, ${
    mode === "sample" ? "sample by sample" : "4,096-frame blocks"
  }`;
  for (const [m, variant, cch, name, baseline] of mmioVariants) {
    if (m !== mode) continue;
    Deno.bench({
      name,
      group,
      baseline,
      ...few,
      async fn() {
        expect(
          await w6Mmio(`${dir}/mmio_${variant}_${cch}.wav`, variant, cch),
          WAV_FILE_SIZE,
        );
      },
    });
  }
  for (
    const [peer, fn] of [
      ["wavefile", w6Wavefile],
      ["node-wav", w6NodeWav],
      ["wav", w6Wav],
    ] as const
  ) {
    Deno.bench({
      name: peer,
      group,
      ...few,
      async fn() {
        expect(await fn(`${dir}/${peer}_${mode}.wav`, mode), WAV_FILE_SIZE);
      },
    });
  }
}
