// Child for tests/edges_test.ts: handles nobody closes. "end" returns from
// the program, "exit" calls Deno.exit(0), "drop" lets 2,000 handles become
// unreachable and collects them (needs --v8-flags=--expose-gc), then prints
// the descriptor counts before and after.

import {
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_WRITE,
  mmioOpen,
  mmioWrite,
} from "../../mod.ts";

const [mode, path] = Deno.args;

function openFds(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

if (mode === "end" || mode === "exit") {
  const h = await mmioOpen(
    path,
    null,
    MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
  );
  if (h === null) Deno.exit(3);
  await mmioWrite(h, new Uint8Array(1000).fill(7));
  if (mode === "exit") Deno.exit(0);
} else if (mode === "drop") {
  const before = openFds();
  const count = 2000;
  for (let i = 0; i < count; i++) {
    const h = await mmioOpen(
      `${path}/${i}.bin`,
      null,
      MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
    );
    if (h === null) Deno.exit(3);
    await mmioWrite(h, new Uint8Array(10).fill(i & 0xff));
  }
  const opened = openFds();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) Deno.exit(4);
  for (let round = 0; round < 20 && openFds() > before; round++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(JSON.stringify({ before, opened, after: openFds() }));
} else {
  Deno.exit(2);
}
