/**
 * Child process of `bench/wave_compare.ts` for the streaming memory target:
 * reads a WAV file to the end with `WaveReader`'s async iterator (its
 * default 4,096-frame blocks, each decoded to `Float32Array`s and dropped)
 * and prints
 * `{"frames", "ms", "hwmBytes"}` as JSON, `hwmBytes` being the peak
 * resident set (`VmHWM`). Mode `idle` loads the module and reads nothing,
 * for the baseline.
 *
 * Usage: `deno run -A bench/wave_rss_child.ts <stream|idle> <path>`
 *
 * @module
 */

import { WaveReader } from "../src/wave/mod.ts";

function vmHwmBytes(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : -1;
}

if (import.meta.main) {
  const [mode, path] = Deno.args;
  const t0 = performance.now();
  let frames = 0;
  if (mode === "stream") {
    await using r = await WaveReader.open(path);
    for await (const [left] of r) frames += left.length;
    if (frames !== r.frames) throw new Error(`read ${frames} of ${r.frames}`);
  } else if (mode !== "idle") {
    throw new Error(`unknown mode ${mode}`);
  }
  console.log(JSON.stringify({
    frames,
    ms: performance.now() - t0,
    hwmBytes: vmHwmBytes(),
  }));
}
