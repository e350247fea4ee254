/**
 * Child process of `bench/wave_compare.ts` for the streaming memory target:
 * reads a WAV file to the end with `WaveReader` and prints
 * `{"frames", "ms", "hwmBytes"}` as JSON, `hwmBytes` being the peak
 * resident set (`VmHWM`). Modes:
 *
 * - `into`: `readInto` two reused 4,096-frame `Float32Array`s (constant
 *   memory: nothing is allocated per block);
 * - `iterate`: the async iterator (fresh 4,096-frame `Float32Array`s per
 *   block, dropped at once: the garbage waits for the collector);
 * - `idle`: loads the module and reads nothing (the baseline).
 *
 * Usage: `deno run -A bench/wave_rss_child.ts <into|iterate|idle> <path>`
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
  if (mode === "into" || mode === "iterate") {
    await using r = await WaveReader.open(path);
    if (mode === "into") {
      const block = Array.from(
        { length: r.format.channels },
        () => new Float32Array(4096),
      );
      for (let n; (n = await r.readInto(block)) > 0;) frames += n;
    } else {
      for await (const [left] of r) frames += left.length;
    }
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
