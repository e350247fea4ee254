// Child process for tests/dos_edges_test.ts: MMIO on a named pipe (FIFO).
// A read of a FIFO can wait for ever, so it must be an async read that lets
// the event loop run: here the bytes only arrive from a timer, after the
// read has started. A synchronous read would block the loop, the timer
// would never fire, and the parent's kill timeout would end the child.
// MMIO_CREATE on a FIFO must open it (there is nothing to truncate).
// Prints one line of JSON.
//
// Usage: dos_fifo.ts <fifo path>

import {
  MMIO_CREATE,
  MMIO_READ,
  MMIO_WRITE,
  mmioClose,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioWrite,
} from "../../mod.ts";

const [fifo] = Deno.args;
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

// 1. MMIO reads while this process writes, late, from a timer.
const info: Partial<MMIOINFO> = {};
const [reader, writer] = await Promise.all([
  mmioOpen(fifo, info, MMIO_READ),
  Deno.open(fifo, { write: true }),
]);
let readText = "";
let readCount = -2;
if (reader !== null) {
  const buf = new Uint8Array(5);
  const pending = mmioRead(reader, buf);
  setTimeout(() => {
    writer.write(new TextEncoder().encode("hello")).finally(() =>
      writer.close()
    );
  }, 50);
  readCount = await pending;
  readText = text(buf.subarray(0, Math.max(readCount, 0)));
  await mmioClose(reader);
} else {
  writer.close();
}

// 2. MMIO writes with MMIO_CREATE while this process reads.
const createInfo: Partial<MMIOINFO> = {};
const [created, peer] = await Promise.all([
  mmioOpen(fifo, createInfo, MMIO_CREATE | MMIO_WRITE),
  Deno.open(fifo, { read: true }),
]);
let written = -2;
let closeRet = -2;
if (created !== null) {
  written = await mmioWrite(created, new TextEncoder().encode("abc"));
  closeRet = await mmioClose(created);
}
const got = new Uint8Array(8);
const n = await peer.read(got);
peer.close();

console.log(JSON.stringify({
  readOpen: info.wErrorRet,
  readCount,
  readText,
  createOpen: createInfo.wErrorRet,
  written,
  closeRet,
  peerText: text(got.subarray(0, n ?? 0)),
}));
