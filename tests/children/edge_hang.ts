// Child for tests/edges_test.ts: values that used to hang the engine or grow
// memory without end. Run with a kill timeout and a heap cap; prints one JSON
// line with what it measured, or exits non-zero.

import {
  FOURCC_MEM,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_READWRITE,
  mmioClose,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioReadable,
  mmioSetInfo,
  mmioWritable,
  mmioWrite,
} from "../../mod.ts";

const [what, path] = Deno.args;

async function info(h: NonNullable<Awaited<ReturnType<typeof mmioOpen>>>) {
  const i = {} as MMIOINFO;
  await mmioGetInfo(h, i);
  return i;
}

if (what === "endwrite0-file" || what === "endwrite-below-next-file") {
  const h = await mmioOpen(
    path,
    { cchBuffer: 64 },
    MMIO_CREATE | MMIO_READWRITE,
  );
  if (h === null) Deno.exit(3);
  // A fresh buffer with no room at all, or room that ends below pchNext.
  const first = what === "endwrite0-file" ? 0 : 10;
  await mmioWrite(h, new Uint8Array(first).fill(1));
  const i = await info(h);
  i.pchEndWrite = what === "endwrite0-file" ? 0 : 5;
  if (await mmioSetInfo(h, i) !== 0) Deno.exit(4);
  let total = first;
  // Writes smaller than the buffer: they must find room in it.
  for (let k = 0; k < 30; k++) {
    total += await mmioWrite(h, new Uint8Array(10).fill(2));
  }
  const closed = await mmioClose(h);
  console.log(
    JSON.stringify({ total, closed, size: (await Deno.stat(path)).size }),
  );
} else if (what === "endwrite0-mem") {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    adwInfo: [16, 0, 0],
  }, MMIO_CREATE | MMIO_READWRITE);
  if (h === null) Deno.exit(3);
  await mmioWrite(h, new Uint8Array(10).fill(1));
  const i = await info(h);
  i.pchEndWrite = 0;
  if (await mmioSetInfo(h, i) !== 0) Deno.exit(4);
  const wrote = await mmioWrite(h, new Uint8Array(1000).fill(2));
  const after = await info(h);
  await mmioClose(h);
  console.log(JSON.stringify({ wrote, cchBuffer: after.cchBuffer }));
} else if (what === "pipe-self") {
  await Deno.writeFile(path, new Uint8Array(1000).fill(5));
  const h = await mmioOpen(path, null, MMIO_READWRITE | MMIO_ALLOCBUF);
  if (h === null) Deno.exit(3);
  await mmioReadable(h).pipeTo(mmioWritable(h, { closeHandle: true }));
  console.log(JSON.stringify({ size: (await Deno.stat(path)).size }));
} else {
  Deno.exit(2);
}
