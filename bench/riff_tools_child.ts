/**
 * Child process of `bench/riff_tools.ts`: runs the `mmio` CLI's `main` on
 * its arguments (`idle` runs nothing: the baseline), with the output counted
 * and dropped, and prints `{"ms", "hwmBytes", "code", "outBytes"}` as JSON:
 * the time `main` took and the peak resident set of the whole process
 * (`VmHWM` in /proc/self/status), read after the run.
 *
 * ```sh
 * deno run -A bench/riff_tools_child.ts tree big.wav   # -A: /proc/self/status
 * ```
 *
 * @module
 */

import { main } from "../src/cli.ts";

function vmHwmBytes(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : -1;
}

if (import.meta.main) {
  const idle = Deno.args[0] === "idle";
  let outBytes = 0;
  const count = (line: string) => {
    outBytes += line.length + 1;
  };
  const sink = { out: count, err: count };
  const t0 = performance.now();
  const code = idle ? 0 : await main(Deno.args, sink);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, hwmBytes: vmHwmBytes(), code, outBytes }));
}
