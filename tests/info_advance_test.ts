// Direct buffer access, moving the buffer (behavior.md §7): mmioAdvance
// reading and writing at lBufOffset, the caller's dirty range, and memory
// files.

import {
  assert,
  assertEquals,
  assertNotStrictEquals,
  assertStrictEquals,
} from "@std/assert";
import {
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTEXPAND,
  MMIOERR_UNBUFFERED,
  MMIOM_READ,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetInfo,
  mmioWrite,
  MMSYSERR_INVALPARAM,
  SEEK_CUR,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

Deno.test("§7 mmioAdvance on an unbuffered handle is UNBUFFERED, checked first", async () => {
  const { h, rec } = await openRecording(seq(40), {});
  try {
    const info = await infoOf(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, info, 7), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, null, 7), MMIOERR_UNBUFFERED);
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance flags other than exactly READ or WRITE are INVALPARAM", async () => {
  const { h, rec } = await openRecording(seq(40), { cchBuffer: 8 });
  try {
    const info = await infoOf(h);
    for (const flags of [2, 3, 0x10, MMIO_WRITE | 0x10, MMIO_ALLOCBUF]) {
      assertEquals(
        await mmioAdvance(h, info, flags),
        MMSYSERR_INVALPARAM,
        `flags ${flags}`,
      );
    }
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) on a fresh handle fills the buffer at the current position", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const info = await infoOf(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(rec.log, [[MMIOM_READ, 16]]);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [0, 0, 16]);
    assertEquals(info.pchEndWrite, 16);
    assertEquals(info.lDiskOffset, 16);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16));
    // Consume it all; the next advance continues at 16.
    info.pchNext = 16;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [16, 0, 16]);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16, 16));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) after a seek fills at the new position", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
    const info = await infoOf(h);
    assertEquals(info.lBufOffset, 10);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [10, 0, 16]);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16, 10));
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 10);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) continues at lBufOffset + max(pchEndRead, pchNext)", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const info = await infoOf(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    // pchNext below pchEndRead: the whole loaded part is skipped.
    info.pchNext = 5;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 16);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16, 16));
  } finally {
    await mmioClose(h);
  }
  // pchNext above pchEndRead: 40-byte file, the third buffer holds 8 bytes.
  const r = await openRecording(seq(40), { cchBuffer: 16 });
  try {
    const info = await infoOf(r.h);
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchEndRead], [32, 8]);
    info.pchNext = 12;
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 44);
    assertEquals(info.pchNext, info.pchEndRead);
  } finally {
    await mmioClose(r.h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) at end of file succeeds with pchNext == pchEndRead", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 16 });
  try {
    const info = await infoOf(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.pchEndRead, 16);
    info.pchNext = 16;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 16);
    assertEquals(info.pchNext, info.pchEndRead);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.pchNext, info.pchEndRead);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance with a null info uses the handle's own state", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioAdvance(h, null, MMIO_READ), 0);
    const info = await infoOf(h);
    assertEquals([info.lBufOffset, info.pchEndRead], [0, 16]);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) writes the caller's [0, pchNext) at lBufOffset", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    const info = await infoOf(h);
    info.pchBuffer!.set(seq(8, 0x30), 0);
    info.pchNext = 8;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(rec.log, [[MMIOM_WRITE, 8]]);
    assertEquals(rec.data(), seq(8, 0x30));
    assertEquals(info.dwFlags & MMIO_DIRTY, 0);
    assertEquals(info.lBufOffset, 8);
    assertEquals(info.pchNext, 0);
    assertEquals(info.pchEndWrite, 8);
    assertEquals(info.lDiskOffset, 8);
    // Partly filled next buffer, then advance again.
    info.pchBuffer!.set(seq(3, 0x40), 0);
    info.pchNext = 3;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 11);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 11);
  } finally {
    await mmioClose(h);
  }
  const expected = new Uint8Array(11);
  expected.set(seq(8, 0x30), 0);
  expected.set(seq(3, 0x40), 8);
  assertEquals(rec.data(), expected);
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) without MMIO_DIRTY in the caller's info writes nothing of it", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    const info = await infoOf(h);
    info.pchBuffer!.set(seq(4), 0);
    info.pchNext = 4;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(rec.log.filter((e) => e[0] === MMIOM_WRITE), []);
    assertEquals(info.lBufOffset, 4);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data(), new Uint8Array(0));
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) writes the union of the caller's and the engine's dirty bytes", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  try {
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // loaded [0, 16)
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    assertEquals(await mmioWrite(h, fill(10, 0xaa)), 10); // engine dirty [0, 10)
    assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
    const info = await infoOf(h);
    assertEquals(info.pchNext, 2);
    info.pchBuffer![2] = 0xbb;
    info.pchNext = 3;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    const expected = seq(32);
    expected.fill(0xaa, 0, 10);
    expected[2] = 0xbb;
    assertEquals(rec.data(), expected);
    // The next buffer starts at info.lBufOffset + info.pchNext.
    assertEquals(info.lBufOffset, 3);
    assertEquals(info.pchNext, 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
    const b = new Uint8Array(2);
    assertEquals(await mmioRead(h, b), 2);
    assertEquals(b, fill(2, 0xaa));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) with a caller range at lBufOffset after a seek", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    assertEquals(await mmioSeek(h, 20, SEEK_SET), 20);
    const info = await infoOf(h);
    assertEquals(info.lBufOffset, 20);
    info.pchBuffer!.set(fill(5, 0x77), 0);
    info.pchNext = 5;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 25);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(64);
  expected.fill(0x77, 20, 25);
  assertEquals(rec.data(), expected);
});

Deno.test("§7 mmioAdvance on a real file: write then read records through the buffer", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/adv.bin`;
    const h = await mmioOpen(
      path,
      { cchBuffer: 16 },
      MMIO_CREATE | MMIO_READWRITE,
    );
    assertOk(h);
    const info = await infoOf(h);
    for (let i = 0; i < 40; i++) {
      if (info.pchNext >= info.pchEndWrite) {
        info.dwFlags |= MMIO_DIRTY;
        assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
      }
      info.pchBuffer![info.pchNext++] = i;
    }
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioSetInfo(h, info), 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 40);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const r = await infoOf(h);
    const got: number[] = [];
    while (true) {
      if (r.pchNext >= r.pchEndRead) {
        assertEquals(await mmioAdvance(h, r, MMIO_READ), 0);
        if (r.pchNext >= r.pchEndRead) break;
      }
      got.push(r.pchBuffer![r.pchNext++]);
    }
    assertEquals(new Uint8Array(got), seq(40));
    assertEquals(await mmioClose(h), 0);
    assertEquals(await Deno.readFile(path), seq(40));
  });
});

Deno.test("§7 memory file: mmioAdvance(MMIO_READ) changes nothing", async () => {
  const block = seq(32);
  const h = await openMemory(block, 32);
  try {
    assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
    const info = await infoOf(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [0, 4, 32]);
    assertStrictEquals(info.pchBuffer, block);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 4);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 memory file: mmioAdvance(MMIO_WRITE) on a full block grows it or is CANNOTEXPAND", async () => {
  const block = new Uint8Array(8);
  const h = await openMemory(block, 8, 8);
  try {
    const info = await infoOf(h);
    info.pchBuffer!.set(seq(8), 0);
    info.pchNext = 8;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 0);
    // The grown block replaces pchBuffer; mmioGetInfo gives it.
    const grown = await infoOf(h);
    assert(grown.cchBuffer >= 16, `cchBuffer ${grown.cchBuffer}`);
    assertNotStrictEquals(grown.pchBuffer, block);
    assertEquals(grown.pchBuffer!.subarray(0, 8), seq(8));
    assertEquals(grown.pchEndWrite, grown.cchBuffer);
    assertEquals(info.pchEndWrite, grown.cchBuffer);
    // Growth does not set MMIO_ALLOCBUF.
    assertEquals(grown.dwFlags & MMIO_ALLOCBUF, 0);
  } finally {
    await mmioClose(h);
  }
  const h2 = await openMemory(new Uint8Array(8), 8, 0);
  try {
    const info = await infoOf(h2);
    info.pchNext = 8;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h2, info, MMIO_WRITE), MMIOERR_CANNOTEXPAND);
    assertEquals((await infoOf(h2)).cchBuffer, 8);
  } finally {
    await mmioClose(h2);
  }
});

Deno.test("§7 mmioAdvance with caller pointers outside [0, cchBuffer] is INVALPARAM (as mmioSetInfo)", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    // The pointers each direction uses: pchNext for both, pchEndRead for
    // MMIO_READ (where the next buffer starts).
    const used = [
      [MMIO_READ, "pchNext"],
      [MMIO_READ, "pchEndRead"],
      [MMIO_WRITE, "pchNext"],
    ] as const;
    for (const [flags, field] of used) {
      for (const bad of [-1, 17, 1000]) {
        const info = await infoOf(h);
        info[field] = bad;
        info.dwFlags |= MMIO_DIRTY;
        assertEquals(
          await mmioAdvance(h, info, flags),
          MMSYSERR_INVALPARAM,
          `flags ${flags} ${field}=${bad}`,
        );
      }
    }
    assertEquals(rec.log, []);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data(), seq(64));
});
