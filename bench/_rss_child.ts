/**
 * Child process for the W5 peak-memory measurement: walks one RIFF with one
 * contender and prints `{"chunks", "ms", "hwmBytes", "rssBytes"}` as JSON.
 * Run by `compare.ts` as
 * `deno run -A bench/_rss_child.ts <idle|mmio|riff-file> <path> <form>`;
 * each contender gets a fresh process so that its peak resident set
 * (`VmHWM` in /proc/self/status) is its own. Only the contender's module is
 * loaded (dynamic import), so neither pays for the other's code.
 *
 * @module
 */

function vmHwmBytes(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : -1;
}

if (import.meta.main) {
  const [who, path, form] = Deno.args;
  // The contender's code is loaded before the clock starts.
  const walk: ((path: string, form: string) => Promise<number>) | null =
    who === "mmio"
      ? (await import("./_mmio.ts")).w5Mmio
      : who === "riff-file"
      ? await import("./_peers.ts").then((m) => (p: string) => m.w5RiffFile(p))
      : who === "idle"
      ? null
      : (() => {
        throw new Error(`unknown contender ${who}`);
      })();
  const t0 = performance.now();
  const chunks = walk ? await walk(path, form) : 0;
  const ms = performance.now() - t0;
  console.log(JSON.stringify({
    chunks,
    ms,
    hwmBytes: vmHwmBytes(),
    rssBytes: Deno.memoryUsage().rss,
  }));
}
