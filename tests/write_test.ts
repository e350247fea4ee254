// mmioWrite (behavior.md §4), observed through a recording I/O procedure
// (exact messages) and real files: buffering, MMIO_DIRTY, flushing a full
// buffer, large writes, reading back what was written; and array views as
// read and write buffers.

import { assert, assertEquals } from "@std/assert";
import {
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

Deno.test("§4 unbuffered write sends MMIOM_WRITE straight to the procedure", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), {});
  try {
    assertEquals(await mmioWrite(h, seq(6)), 6);
    assertEquals(rec.log, [[MMIOM_WRITE, 6]]);
    assertEquals(await mmioWrite(h, seq(6, 6), 2), 2);
    assertEquals(rec.log, [[MMIOM_WRITE, 6], [MMIOM_WRITE, 2]]);
    assertEquals(rec.data(), seq(8));
    assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 buffered write copies into the buffer and sets MMIO_DIRTY", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(5)), 5);
    assertEquals(rec.log, []);
    const i = await infoOf(h);
    assertEquals(i.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
    assertEquals(i.pchNext, 5);
    assertEquals(i.pchBuffer!.subarray(0, 5), seq(5));
    assertEquals(await mmioClose(h), 0);
    assertEquals(rec.data(), seq(5));
  } catch (e) {
    await mmioClose(h);
    throw e;
  }
});

Deno.test("§4 a full buffer is flushed and writing continues in a fresh buffer", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(5)), 5);
    assertEquals(await mmioWrite(h, seq(5, 5)), 5);
    assertEquals(rec.log, [[MMIOM_WRITE, 8]]);
    assertEquals(rec.data(), seq(8));
    const i = await infoOf(h);
    assertEquals(i.lBufOffset, 8);
    assertEquals(i.pchNext, 2);
    assertEquals(i.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 10);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data(), seq(10));
});

Deno.test("§4 a write that fills the buffer exactly writes it out at once (as Windows)", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(3)), 3);
    assertEquals(rec.log, []);
    assertEquals(await mmioWrite(h, seq(5, 3)), 5);
    assertEquals(rec.log, [[MMIOM_WRITE, 8]]);
    assertEquals(rec.data(), seq(8));
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.dwFlags & MMIO_DIRTY], [8, 0, 0]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 large writes through a small buffer land intact", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/big.bin`;
    const data = seq(1 << 20, 3);
    const h = await mmioOpen(
      path,
      {},
      MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
    );
    assertOk(h);
    try {
      assertEquals(await mmioWrite(h, seq(3)), 3);
      assertEquals(await mmioWrite(h, data), data.length);
      assertEquals(await mmioWrite(h, seq(5, 1)), 5);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3 + data.length + 5);
      assertEquals(await mmioSeek(h, 3, SEEK_SET), 3);
      const back = new Uint8Array(data.length);
      assertEquals(await mmioRead(h, back), data.length);
      assertEquals(back, data);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    const file = await Deno.readFile(path);
    assertEquals(file.length, 3 + data.length + 5);
    assertEquals(file.subarray(0, 3), seq(3));
    assertEquals(file.subarray(3, 3 + data.length), data);
    assertEquals(file.subarray(3 + data.length), seq(5, 1));
  });
});

Deno.test("§4 mmioWrite never moves pchEndRead back; written bytes read back at once", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  try {
    const two = new Uint8Array(2);
    assertEquals(await mmioRead(h, two), 2);
    assertEquals((await infoOf(h)).pchEndRead, 16);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    assertEquals(await mmioWrite(h, fill(4, 0xab)), 4);
    let i = await infoOf(h);
    assertEquals(i.pchEndRead, 16);
    assertEquals(i.pchNext, 4);
    // The rest of the loaded buffer is still readable, unchanged.
    const rest = new Uint8Array(12);
    assertEquals(await mmioRead(h, rest), 12);
    assertEquals(rest, seq(12, 4));
    // And the written bytes read back without any I/O.
    rec.clear();
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const back = new Uint8Array(6);
    assertEquals(await mmioRead(h, back), 6);
    assertEquals(back, new Uint8Array([0xab, 0xab, 0xab, 0xab, 4, 5]));
    assertEquals(rec.log, []);
    i = await infoOf(h);
    assertEquals(i.pchEndRead, 16);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(32);
  expected.fill(0xab, 0, 4);
  assertEquals(rec.data(), expected);
});

Deno.test("§4 writing past pchEndRead of a loaded buffer reads back", async () => {
  const { h } = await openRecording(seq(10), { cchBuffer: 16 });
  try {
    const buf = new Uint8Array(4);
    assertEquals(await mmioRead(h, buf), 4);
    assertEquals((await infoOf(h)).pchEndRead, 10);
    assertEquals(await mmioSeek(h, 8, SEEK_SET), 8);
    assertEquals(await mmioWrite(h, fill(6, 0xcd)), 6);
    assert((await infoOf(h)).pchEndRead >= 10);
    assertEquals(await mmioSeek(h, 6, SEEK_SET), 6);
    const back = new Uint8Array(10);
    assertEquals(await mmioRead(h, back), 8);
    assertEquals(
      back.subarray(0, 8),
      new Uint8Array([6, 7, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd]),
    );
    assertEquals(await mmioSeek(h, 0, SEEK_END), 14);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 write then read back on a new DOS file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/rw.bin`;
    for (const cchBuffer of [0, 4, 8192]) {
      const h = await mmioOpen(
        path,
        { cchBuffer },
        MMIO_CREATE | MMIO_READWRITE,
      );
      assertOk(h);
      try {
        assertEquals(await mmioWrite(h, seq(10)), 10);
        assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
        const buf = new Uint8Array(10);
        assertEquals(await mmioRead(h, buf), 8);
        assertEquals(buf.subarray(0, 8), seq(8, 2));
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      assertEquals(await Deno.readFile(path), seq(10));
    }
  });
});

Deno.test("§4 a write-only DOS handle writes its data", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/w.bin`;
    const h = await mmioOpen(
      path,
      {},
      MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
    );
    assertOk(h);
    assertEquals(await mmioWrite(h, seq(300)), 300);
    assertEquals(await mmioClose(h), 0);
    assertEquals(await Deno.readFile(path), seq(300));
  });
});

Deno.test("§3/§4 Uint8Array views (subarrays) work as read and write buffers", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/v.bin`;
    for (const cchBuffer of [0, 4, 64]) {
      await Deno.writeFile(path, seq(50));
      const backing = new Uint8Array(40).fill(0xee);
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READWRITE);
      assertOk(h);
      try {
        const view = backing.subarray(10, 30);
        assertEquals(await mmioRead(h, view), 20);
        assertEquals(backing.subarray(10, 30), seq(20));
        assertEquals(backing.subarray(0, 10), fill(10, 0xee));
        assertEquals(backing.subarray(30), fill(10, 0xee));
        assertEquals(await mmioRead(h, view, 5), 5);
        assertEquals(backing.subarray(10, 15), seq(5, 20));
        const src = seq(40, 100);
        assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
        assertEquals(await mmioWrite(h, src.subarray(7, 19)), 12);
        assertEquals(await mmioWrite(h, src.subarray(30), 3), 3);
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      const expected = seq(50);
      expected.set(seq(12, 107), 0);
      expected.set(seq(3, 130), 12);
      assertEquals(
        await Deno.readFile(path),
        expected,
        `cchBuffer ${cchBuffer}`,
      );
    }
  });
  // Memory file over a view of a larger array.
  const big = new Uint8Array(64).fill(0x11);
  const block = big.subarray(16, 48);
  const h = await openMemory(block, 32);
  try {
    assertEquals(await mmioWrite(h, seq(4)), 4);
    assertEquals(big.subarray(16, 20), seq(4));
    assertEquals(big.subarray(0, 16), fill(16, 0x11));
  } finally {
    await mmioClose(h);
  }
});
