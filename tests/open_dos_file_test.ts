// Opening files with the built-in DOS procedure (behavior.md §6, §8): an
// inherited Deno.FsFile and MMIO_FHOPEN, a null name, directories, and what
// MMIO_CREATE, MMIO_WRITE and MMIO_READ do to an existing file.

import { assertEquals, assertThrows } from "@std/assert";
import {
  FOURCC_DOS,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DENYWRITE,
  MMIO_FHOPEN,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_CANNOTOPEN,
  MMIOERR_FILENOTFOUND,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, openFile, seq } from "./_engine_util.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";

Deno.test("§8 an inherited Deno.FsFile keeps its position (seek 16 before, tell 16 after)", async () => {
  await withTempFile(seq(64), async (path) => {
    const file = await Deno.open(path, { read: true });
    try {
      await file.seek(16, Deno.SeekMode.Start);
      const h = await mmioOpen(
        null,
        { fccIOProc: FOURCC_DOS, adwInfo: [file, 0, 0] },
        MMIO_READ,
      );
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 0, SEEK_CUR), 16);
        const buf = new Uint8Array(4);
        assertEquals(await mmioRead(h, buf), 4);
        assertEquals(buf, seq(4, 16));
        // Its size was learnt at open too.
        assertEquals(await mmioSeek(h, 0, SEEK_END), 64);
      } finally {
        assertEquals(await mmioClose(h, MMIO_FHOPEN), 0);
      }
      // MMIO_FHOPEN left the file open.
      await file.seek(0, Deno.SeekMode.Start);
      const buf = new Uint8Array(2);
      assertEquals(await file.read(buf), 2);
      assertEquals(buf, seq(2));
    } finally {
      file.close();
    }
  });
});

Deno.test("§6 mmioClose without MMIO_FHOPEN closes an inherited Deno.FsFile", async () => {
  await withTempFile(seq(8), async (path) => {
    const file = await Deno.open(path, { read: true });
    const h = await mmioOpen(
      null,
      { fccIOProc: FOURCC_DOS, adwInfo: [file, 0, 0] },
      MMIO_READ,
    );
    if (!h) {
      file.close();
      throw new Error("open failed");
    }
    assertEquals(await mmioClose(h, 0), 0);
    assertThrows(() => file.close(), Deno.errors.BadResource);
  });
});

Deno.test("§8 mmioOpen(null) on DOS without a Deno.FsFile fails with FILENOTFOUND", async () => {
  for (const info of [{}, { fccIOProc: FOURCC_DOS }]) {
    const i: Partial<MMIOINFO> = info;
    assertEquals(await mmioOpen(null, i, MMIO_READ), null);
    assertEquals(i.wErrorRet, MMIOERR_FILENOTFOUND);
  }
});

Deno.test("§8 opening a directory fails with CANNOTOPEN", async () => {
  await withTempDir(async (dir) => {
    for (const flags of [MMIO_READ, MMIO_READWRITE, MMIO_WRITE]) {
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioOpen(dir, info, flags), null);
      assertEquals(info.wErrorRet, MMIOERR_CANNOTOPEN, `flags ${flags}`);
    }
  });
});

Deno.test("§8 MMIO_CREATE truncates an existing file", async () => {
  await withTempFile(seq(100), async (path) => {
    const h = await openFile(path, {}, MMIO_CREATE | MMIO_WRITE);
    assertEquals(await mmioSeek(h, 0, SEEK_END), 0);
    assertEquals(await mmioClose(h), 0);
    assertEquals((await Deno.stat(path)).size, 0);
  });
});

Deno.test("§8 MMIO_CREATE creates a missing file; READWRITE reads back", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/new.bin`;
    const h = await openFile(path, {}, MMIO_CREATE | MMIO_READWRITE);
    try {
      assertEquals(await mmioWrite(h, seq(10)), 10);
      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const buf = new Uint8Array(10);
      assertEquals(await mmioRead(h, buf), 10);
      assertEquals(buf, seq(10));
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    assertEquals(await Deno.readFile(path), seq(10));
  });
});

Deno.test("§8 a READ open does not create or change the file", async () => {
  await withTempDir(async (dir) => {
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(`${dir}/none`, info, MMIO_READ), null);
    assertEquals(info.wErrorRet, MMIOERR_FILENOTFOUND);
    const entries = [];
    for await (const e of Deno.readDir(dir)) entries.push(e.name);
    assertEquals(entries, []);
  });
});

Deno.test("§8 MMIO_WRITE and MMIO_READWRITE without CREATE keep the existing content", async () => {
  for (const flags of [MMIO_WRITE, MMIO_READWRITE]) {
    await withTempFile(seq(100), async (path) => {
      const h = await openFile(path, {}, flags | MMIO_ALLOCBUF);
      assertEquals(await mmioSeek(h, 0, SEEK_END), 100);
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      assertEquals(await mmioWrite(h, fill(3, 0xff)), 3);
      assertEquals(await mmioClose(h), 0);
      const expected = seq(100);
      expected.fill(0xff, 10, 13);
      assertEquals(await Deno.readFile(path), expected);
    });
  }
});

Deno.test("§8 an inherited Deno.FsFile opened with MMIO_DENYWRITE | MMIO_ALLOCBUF keeps its position", async () => {
  await withTempFile(seq(64), async (path) => {
    const file = await Deno.open(path, { read: true });
    try {
      await file.seek(16, Deno.SeekMode.Start);
      const h = await mmioOpen(
        null,
        { fccIOProc: FOURCC_DOS, adwInfo: [file, 0, 0] },
        MMIO_READ | MMIO_DENYWRITE | MMIO_ALLOCBUF,
      );
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 0, SEEK_CUR), 16);
      } finally {
        await mmioClose(h, MMIO_FHOPEN);
      }
    } finally {
      file.close();
    }
  });
});
