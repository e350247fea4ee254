// Seeking: behavior.md §5 (and the true end of file of §1), observed through
// a recording I/O procedure, real files and memory files.

import { assert, assertEquals } from "@std/assert";
import {
  FOURCC_DOS,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_READWRITE,
  mmioAdvance,
  mmioClose,
  type MMIOINFO,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";

function numbers(i: MMIOINFO): number[] {
  return [
    i.dwFlags,
    i.cchBuffer,
    i.pchNext,
    i.pchEndRead,
    i.pchEndWrite,
    i.lBufOffset,
    i.lDiskOffset,
  ];
}

Deno.test("§5 targets: SEEK_SET, SEEK_CUR, SEEK_END (positive counts backwards)", async () => {
  await withTempFile(seq(100), async (path) => {
    for (const cchBuffer of [0, 16, 8192]) {
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READ);
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
        assertEquals(await mmioSeek(h, 5, SEEK_CUR), 15);
        assertEquals(await mmioSeek(h, -5, SEEK_CUR), 10);
        assertEquals(await mmioSeek(h, 16, SEEK_END), 84);
        const b = new Uint8Array(1);
        assertEquals(await mmioRead(h, b), 1);
        assertEquals(b[0], 84);
        assertEquals(await mmioSeek(h, 0, SEEK_END), 100);
        assertEquals(await mmioSeek(h, -10, SEEK_END), 110);
        assertEquals(await mmioSeek(h, 100, SEEK_END), 0);
      } finally {
        await mmioClose(h);
      }
    }
  });
});

Deno.test("§5 other origins give -1 and leave the position", async () => {
  const { h } = await openRecording(seq(50), { cchBuffer: 8 });
  try {
    assertEquals(await mmioSeek(h, 7, SEEK_SET), 7);
    for (const origin of [3, -1, 4, 0x10]) {
      assertEquals(await mmioSeek(h, 1, origin), -1, `origin ${origin}`);
    }
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 7);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 a negative target is -1 and leaves the position", async () => {
  await withTempFile(seq(40), async (path) => {
    for (const cchBuffer of [0, 16]) {
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READ);
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 5, SEEK_SET), 5);
        assertEquals(await mmioSeek(h, -1, SEEK_SET), -1);
        assertEquals(await mmioSeek(h, -6, SEEK_CUR), -1);
        assertEquals(await mmioSeek(h, 41, SEEK_END), -1);
        assertEquals(await mmioSeek(h, 0, SEEK_CUR), 5);
        const b = new Uint8Array(1);
        assertEquals(await mmioRead(h, b), 1);
        assertEquals(b[0], 5);
      } finally {
        await mmioClose(h);
      }
    }
  });
  const { h, rec } = await openRecording(seq(20), { cchBuffer: 8 });
  try {
    assertEquals(await mmioSeek(h, -1, SEEK_SET), -1);
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 unbuffered: MMIOM_SEEK goes to the procedure", async () => {
  const { h, rec } = await openRecording(seq(50), {});
  try {
    assertEquals(await mmioSeek(h, 7, SEEK_SET), 7);
    assertEquals(rec.log, [[MMIOM_SEEK, 7, SEEK_SET]]);
    assertEquals(rec.pos(), 7);
    rec.clear();
    assertEquals(await mmioSeek(h, 3, SEEK_CUR), 10);
    assertEquals(rec.log.length, 1);
    assertEquals(rec.log[0][0], MMIOM_SEEK);
    assertEquals(rec.pos(), 10);
    const b = new Uint8Array(2);
    assertEquals(await mmioRead(h, b), 2);
    assertEquals(b, seq(2, 10));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 buffered, loaded, target inside the window: only pchNext moves", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    rec.clear();
    assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
    let i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [0, 10, 16]);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    assertEquals(await mmioSeek(h, 3, SEEK_CUR), 3);
    assertEquals(await mmioSeek(h, 13, SEEK_CUR), 16);
    // The window's end is inclusive.
    i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext], [0, 16]);
    assertEquals(rec.log, []);
    // Reading at the window end continues from the buffer's end.
    assertEquals(await mmioRead(h, b), 1);
    assertEquals(b[0], 16);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 buffered, outside the window: MMIOM_SEEK and an empty unloaded buffer, no read", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    rec.clear();
    assertEquals(await mmioSeek(h, 17, SEEK_SET), 17);
    assertEquals(rec.log, [[MMIOM_SEEK, 17, SEEK_SET]]);
    const i = await infoOf(h);
    assertEquals(i.lBufOffset, 17);
    assertEquals(i.lDiskOffset, 17);
    assertEquals([i.pchNext, i.pchEndRead], [0, 0]);
    rec.clear();
    assertEquals(await mmioRead(h, b), 1);
    assertEquals(b[0], 17);
    assertEquals(rec.log, [[MMIOM_READ, 16]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 the window counts cchBuffer, not pchEndRead", async () => {
  // A 10-byte file in a 16-byte buffer: 14 is inside [0, 16] and loaded.
  const { h, rec } = await openRecording(seq(10), { cchBuffer: 16 });
  try {
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    rec.clear();
    assertEquals(await mmioSeek(h, 14, SEEK_SET), 14);
    assertEquals(rec.log, []);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext], [0, 14]);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 14);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 buffered but not loaded: a target inside the window still seeks", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioSeek(h, 5, SEEK_SET), 5);
    assertEquals(rec.log, [[MMIOM_SEEK, 5, SEEK_SET]]);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [5, 0, 0]);
    rec.clear();
    const b = new Uint8Array(2);
    assertEquals(await mmioRead(h, b), 2);
    assertEquals(b, seq(2, 5));
    assertEquals(rec.log, [[MMIOM_READ, 16]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 after open, mmioSeek(h, 0, SEEK_END): lBufOffset == lDiskOffset == size, pchEndRead 0", async () => {
  await withTempFile(seq(300), async (path) => {
    for (
      const flags of [MMIO_READ | MMIO_ALLOCBUF, MMIO_READWRITE | MMIO_ALLOCBUF]
    ) {
      const h = await mmioOpen(path, {}, flags);
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 0, SEEK_END), 300);
        const i = await infoOf(h);
        assertEquals(i.lBufOffset, 300);
        assertEquals(i.lDiskOffset, 300);
        assertEquals(i.pchEndRead, 0);
        assertEquals(i.pchNext, 0);
      } finally {
        await mmioClose(h);
      }
    }
  });
});

Deno.test("§5 mmioSeek(h, 0, SEEK_CUR) is a free tell: no I/O, nothing changes", async () => {
  for (const cchBuffer of [0, 16]) {
    const { h, rec } = await openRecording(seq(64), { cchBuffer });
    try {
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
      assertEquals(rec.log, []);
      const b = new Uint8Array(3);
      assertEquals(await mmioRead(h, b), 3);
      rec.clear();
      const before = await infoOf(h);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
      assertEquals(await mmioSeek(h, 3, SEEK_SET), 3);
      assertEquals(rec.log, [], `cchBuffer ${cchBuffer}`);
      const after = await infoOf(h);
      assertEquals(numbers(after), numbers(before));
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("§5 a tell on a not-loaded or dirty buffer does no I/O", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioSeek(h, 30, SEEK_SET), 30);
    rec.clear();
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 30);
    assertEquals(await mmioSeek(h, 30, SEEK_SET), 30);
    assertEquals(rec.log, []);
    assertEquals(await mmioWrite(h, seq(3)), 3);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 33);
    assertEquals(rec.log, []);
    assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 a seek out of the window flushes dirty data first", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(3)), 3);
    assertEquals(await mmioSeek(h, 20, SEEK_SET), 20);
    assertEquals(rec.log, [[MMIOM_WRITE, 3], [MMIOM_SEEK, 20, SEEK_SET]]);
    assertEquals(rec.data(), seq(3));
    assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 seeking past the end is allowed; a read there returns 0; a write extends", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/p.bin`;
    await Deno.writeFile(path, seq(10));
    for (const cchBuffer of [0, 8]) {
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READWRITE);
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 20, SEEK_SET), 20);
        assertEquals(await mmioRead(h, new Uint8Array(4)), 0);
        assertEquals(await mmioWrite(h, seq(2, 0xa0)), 2);
        assertEquals(await mmioSeek(h, 0, SEEK_END), 22);
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      const file = await Deno.readFile(path);
      assertEquals(file.length, 22);
      assertEquals(file.subarray(0, 10), seq(10));
      assertEquals(file.subarray(10, 20), new Uint8Array(10));
      assertEquals(file.subarray(20), seq(2, 0xa0));
      await Deno.writeFile(path, seq(10));
    }
  });
});

Deno.test("§1/§5 SEEK_END uses the true end raised by buffered writes (not a stale size)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/e.bin`;
    await Deno.writeFile(path, seq(10));
    for (const cchBuffer of [0, 64, 8192]) {
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READWRITE);
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 0, SEEK_END), 10);
        assertEquals(await mmioWrite(h, seq(20)), 20);
        assertEquals(
          await mmioSeek(h, 0, SEEK_END),
          30,
          `cchBuffer ${cchBuffer}`,
        );
        assertEquals(await mmioSeek(h, 5, SEEK_END), 25);
        // A write inside the file does not lower the end.
        assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
        assertEquals(await mmioWrite(h, seq(2)), 2);
        assertEquals(await mmioSeek(h, 0, SEEK_END), 30);
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      assertEquals((await Deno.stat(path)).size, 30);
      await Deno.writeFile(path, seq(10));
    }
  });
});

Deno.test("§5 SEEK_END on a new file after writes counts them (CREATE)", async () => {
  await withTempDir(async (dir) => {
    const h = await mmioOpen(
      `${dir}/n.bin`,
      {},
      MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
    );
    assertOk(h);
    try {
      assertEquals(await mmioSeek(h, 0, SEEK_END), 0);
      assertEquals(await mmioWrite(h, seq(100)), 100);
      assertEquals(await mmioSeek(h, 0, SEEK_END), 100);
      assertEquals(await mmioSeek(h, 40, SEEK_SET), 40);
      assertEquals(await mmioWrite(h, seq(100)), 100);
      assertEquals(await mmioSeek(h, 0, SEEK_END), 140);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§5 other procedures are asked MMIOM_SEEK(0, SEEK_END)", async () => {
  for (const cchBuffer of [0, 16]) {
    const { h, rec } = await openRecording(seq(50), { cchBuffer });
    try {
      assertEquals(await mmioSeek(h, 0, SEEK_END), 50);
      assert(
        rec.log.some((e) =>
          e[0] === MMIOM_SEEK && e[1] === 0 && e[2] === SEEK_END
        ),
        JSON.stringify(rec.log),
      );
      assertEquals(await mmioSeek(h, 8, SEEK_END), 42);
      const b = new Uint8Array(2);
      assertEquals(await mmioRead(h, b), 2);
      assertEquals(b, seq(2, 42));
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("§5 SEEK_END on other procedures takes the larger of the answer and the written end", async () => {
  const { h, rec } = await openRecording(seq(50), { cchBuffer: 64 });
  try {
    assertEquals(await mmioSeek(h, 45, SEEK_SET), 45);
    assertEquals(await mmioWrite(h, seq(10)), 10);
    // The procedure still says 50 (the data is in the buffer); 55 is right.
    assertEquals(rec.data().length, 50);
    assertEquals(await mmioSeek(h, 0, SEEK_END), 55);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data().length, 55);
});

Deno.test("§5 memory file: SEEK_END 0 is 520, SEEK_END 16 is 504 on a 520-byte block", async () => {
  const h = await openMemory(seq(520), 520);
  try {
    assertEquals(await mmioSeek(h, 0, SEEK_END), 520);
    assertEquals(await mmioSeek(h, 16, SEEK_END), 504);
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    assertEquals(b[0], 504 & 0xff);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 memory file: targets outside [0, cchBuffer] are -1", async () => {
  const h = await openMemory(seq(520), 520);
  try {
    assertEquals(await mmioSeek(h, 100, SEEK_SET), 100);
    assertEquals(await mmioSeek(h, 521, SEEK_SET), -1);
    assertEquals(await mmioSeek(h, -1, SEEK_SET), -1);
    assertEquals(await mmioSeek(h, -1, SEEK_END), -1);
    assertEquals(await mmioSeek(h, 521, SEEK_END), -1);
    assertEquals(await mmioSeek(h, 421, SEEK_CUR), -1);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 100);
    assertEquals(await mmioSeek(h, 520, SEEK_SET), 520);
    assertEquals(await mmioSeek(h, 520, SEEK_END), 0);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§5 offsets past 4 GiB are plain numbers", async () => {
  const big = 5 * 2 ** 30;
  for (const cchBuffer of [0, 16]) {
    const { h, rec } = await openRecording(seq(8), { cchBuffer });
    try {
      assertEquals(await mmioSeek(h, big, SEEK_SET), big);
      assertEquals(await mmioSeek(h, 7, SEEK_CUR), big + 7);
      assertEquals(rec.pos(), big + 7);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), big + 7);
      if (cchBuffer) assertEquals((await infoOf(h)).lBufOffset, big + 7);
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("§5 unbuffered DOS file: SEEK_END leaves lBufOffset == lDiskOffset == size", async () => {
  await withTempFile(seq(300), async (path) => {
    const h = await mmioOpen(path, { fccIOProc: FOURCC_DOS }, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(await mmioSeek(h, 0, SEEK_END), 300);
      const i = await infoOf(h);
      assertEquals([i.pchNext, i.pchEndRead, i.pchEndWrite], [0, 0, 0]);
      assertEquals([i.lBufOffset, i.lDiskOffset], [300, 300]);
      assertEquals(await mmioSeek(h, 16, SEEK_END), 284);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§5 memory file: SEEK_END puts pchNext at cchBuffer", async () => {
  const h = await openMemory(seq(520), 520, 0, MMIO_READ);
  try {
    assertEquals(await mmioSeek(h, 0, SEEK_END), 520);
    const i = await infoOf(h);
    assertEquals([i.pchNext, i.pchEndRead, i.pchEndWrite], [520, 520, 520]);
    assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3/§5 a caller's 5-byte buffer on a DOS file (as pinned on Windows)", async () => {
  await withTempFile(seq(200), async (path) => {
    const buffer = new Uint8Array(5);
    const h = await mmioOpen(
      path,
      { fccIOProc: FOURCC_DOS, pchBuffer: buffer, cchBuffer: 5 },
      MMIO_READ,
    );
    assertOk(h);
    try {
      // Empty buffer, and a 0-byte read loads nothing.
      assertEquals(await mmioRead(h, new Uint8Array(16), 0), 0);
      const info = await infoOf(h);
      assertEquals(info.pchEndRead, 0);
      // Fill it.
      assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
      assertEquals(info.pchEndRead, 5);
      assertEquals(buffer, seq(5));
      // Seeking inside the same chunk keeps the buffer.
      assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
      let i = await infoOf(h);
      assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [0, 2, 5]);
      // Seeking to another chunk empties it.
      assertEquals(await mmioSeek(h, 17, SEEK_SET), 17);
      i = await infoOf(h);
      assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [17, 0, 0]);
      // Reading more than the buffer holds leaves it empty.
      const data = new Uint8Array(16);
      assertEquals(await mmioRead(h, data), 16);
      assertEquals(data, seq(16, 17));
      i = await infoOf(h);
      assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [33, 0, 0]);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§7 at end of a DOS file: read returns 0, mmioAdvance(READ) succeeds with pchNext == pchEndRead", async () => {
  await withTempFile(seq(100), async (path) => {
    const buffer = new Uint8Array(128);
    const h = await mmioOpen(
      path,
      { fccIOProc: FOURCC_DOS, pchBuffer: buffer, cchBuffer: 128 },
      MMIO_READ,
    );
    assertOk(h);
    try {
      assertEquals(await mmioSeek(h, 0, SEEK_END), 100);
      assertEquals(await mmioRead(h, new Uint8Array(16)), 0);
      const info = await infoOf(h);
      assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
      assertEquals(info.pchNext, info.pchEndRead);
    } finally {
      await mmioClose(h);
    }
  });
});
