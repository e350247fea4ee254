// Child process for tests/leaks_test.ts: under --allow-read=<dir> (no write
// permission at all) it makes <count> refused opens of every writing kind.
// The parent counts this process's descriptors in /proc/<pid>/fd (Deno wants
// --allow-all for /proc/self here), so the child pauses for it: it prints
// "ready", waits for a line on stdin, runs the cycles, prints its JSON
// report, and waits for stdin to close before it exits.
//
// Usage: leak_denied.ts <existing file> <count>

import {
  MMIO_CREATE,
  MMIO_DELETE,
  MMIO_GETTEMP,
  MMIO_READWRITE,
  MMIO_WRITE,
  type MMIOINFO,
  mmioOpen,
  mmioRename,
} from "../../mod.ts";

const [path, countArg] = Deno.args;
const count = Number(countArg);
const dir = path.slice(0, path.lastIndexOf("/"));
const codes = new Set<number>();
let thrown: string | null = null;
let cycles = 0;

async function once(i: number): Promise<void> {
  const info: Partial<MMIOINFO> = {};
  switch (i % 6) {
    case 0:
      await mmioOpen(path, info, MMIO_WRITE);
      break;
    case 1:
      await mmioOpen(path, info, MMIO_READWRITE);
      break;
    case 2:
      await mmioOpen(`${dir}/new.bin`, info, MMIO_CREATE | MMIO_READWRITE);
      break;
    case 3:
      await mmioOpen(path, info, MMIO_DELETE);
      break;
    case 4:
      await mmioOpen(`${dir}/pre`, info, MMIO_GETTEMP);
      break;
    case 5:
      info.wErrorRet = await mmioRename(path, `${dir}/moved.bin`, info);
      break;
  }
  codes.add(info.wErrorRet ?? 0);
}

const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream())
  .getReader();

// Warm up once so lazily opened runtime resources are not counted as leaks.
await once(0);
console.log("ready");
await lines.read();
try {
  for (let i = 0; i < count; i++) {
    await once(i);
    cycles++;
  }
} catch (e) {
  thrown = String(e);
}
console.log(JSON.stringify({ cycles, codes: [...codes].sort(), thrown }));
// Stay until the parent has counted and closed stdin.
while (!(await lines.read()).done) { /* wait */ }
