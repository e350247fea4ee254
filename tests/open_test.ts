// mmioOpen: buffer setup (behavior.md §2), procedure choice and opening
// rules (§8), DOS error mapping (§9) and the path operations (api.md and the
// lead's brief: PARSE, EXIST, DELETE, GETTEMP resolve to string | null).

import {
  assert,
  assertEquals,
  assertNotStrictEquals,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_COMPAT,
  MMIO_CREATE,
  MMIO_DEFAULTBUFFER,
  MMIO_DELETE,
  MMIO_DENYNONE,
  MMIO_DENYREAD,
  MMIO_DENYWRITE,
  MMIO_EXCLUSIVE,
  MMIO_EXIST,
  MMIO_FHOPEN,
  MMIO_FINDPROC,
  MMIO_GETTEMP,
  MMIO_PARSE,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_TOUPPER,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_ACCESSDENIED,
  MMIOERR_CANNOTCLOSE,
  MMIOERR_CANNOTOPEN,
  MMIOERR_FILENOTFOUND,
  MMIOERR_INVALIDFILE,
  MMIOERR_PATHNOTFOUND,
  MMIOERR_SHARINGVIOLATION,
  MMIOERR_TOOMANYOPENFILES,
  mmioFOURCC,
  mmioGetLastError,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioStringToFOURCC,
  mmioWrite,
  MMSYSERR_INVALPARAM,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import {
  assertOk,
  closeQuietly,
  fill,
  infoOf,
  seq,
  withInstalled,
} from "./_engine_util.ts";
import { recordingProc } from "./_recording_proc.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";

async function openFile(
  path: string,
  info: Partial<MMIOINFO> | null,
  flags: number,
): Promise<HMMIO> {
  const h = await mmioOpen(path, info, flags);
  assertOk(h, `mmioOpen(${path}) failed: ${info?.wErrorRet}`);
  return h;
}

// ---------------------------------------------------------------------------
// §2 buffer setup

Deno.test("§2 MMIO_ALLOCBUF with cchBuffer 0 allocates MMIO_DEFAULTBUFFER", async () => {
  await withTempFile(seq(10), async (path) => {
    const h = await openFile(path, {}, MMIO_READ | MMIO_ALLOCBUF);
    try {
      const i = await infoOf(h);
      assertEquals(i.cchBuffer, MMIO_DEFAULTBUFFER);
      assertEquals(i.cchBuffer, 8192);
      assertOk(i.pchBuffer);
      assert(i.pchBuffer.length >= 8192);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 MMIO_ALLOCBUF with a cchBuffer allocates that size", async () => {
  await withTempFile(seq(10), async (path) => {
    const h = await openFile(
      path,
      { cchBuffer: 100 },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    try {
      const i = await infoOf(h);
      assertEquals(i.cchBuffer, 100);
      assert(i.pchBuffer!.length >= 100);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a non-zero cchBuffer without pchBuffer allocates even without ALLOCBUF", async () => {
  await withTempFile(seq(10), async (path) => {
    const h = await openFile(path, { cchBuffer: 64 }, MMIO_READ);
    try {
      const i = await infoOf(h);
      assertEquals(i.cchBuffer, 64);
      assert(i.pchBuffer instanceof Uint8Array);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
      assertEquals(i.dwFlags, MMIO_READ | MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a caller buffer is used as it is, without MMIO_ALLOCBUF", async () => {
  await withTempFile(seq(40), async (path) => {
    const mine = new Uint8Array(32);
    const h = await openFile(
      path,
      { pchBuffer: mine, cchBuffer: 32 },
      MMIO_READ,
    );
    try {
      const i = await infoOf(h);
      assertStrictEquals(i.pchBuffer, mine);
      assertEquals(i.cchBuffer, 32);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
      // Reading fills the caller's own array.
      assertEquals(await mmioRead(h, new Uint8Array(4)), 4);
      assertEquals(mine.subarray(0, 32), seq(32));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a caller buffer plus ALLOCBUF and cchBuffer 0 is 8192 bytes, ALLOCBUF dropped", async () => {
  await withTempFile(seq(10), async (path) => {
    const mine = new Uint8Array(8192);
    const h = await openFile(
      path,
      { pchBuffer: mine, cchBuffer: 0 },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    try {
      const i = await infoOf(h);
      assertStrictEquals(i.pchBuffer, mine);
      assertEquals(i.cchBuffer, 8192);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a caller buffer plus ALLOCBUF keeps the caller's cchBuffer", async () => {
  await withTempFile(seq(10), async (path) => {
    const mine = new Uint8Array(50);
    const h = await openFile(
      path,
      { pchBuffer: mine, cchBuffer: 50 },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    try {
      const i = await infoOf(h);
      assertStrictEquals(i.pchBuffer, mine);
      assertEquals(i.cchBuffer, 50);
      assertEquals(i.dwFlags, MMIO_READ);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 cchBuffer 0 and no buffer is unbuffered", async () => {
  await withTempFile(seq(10), async (path) => {
    for (const info of [{}, { cchBuffer: 0, pchBuffer: null }, null]) {
      const h = await openFile(path, info, MMIO_READ);
      try {
        const i = await infoOf(h);
        assertEquals(i.cchBuffer, 0);
        assertEquals(i.pchBuffer, null);
        assertEquals(i.pchNext, 0);
        assertEquals(i.pchEndRead, 0);
        assertEquals(i.pchEndWrite, 0);
        assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
      } finally {
        await mmioClose(h);
      }
    }
  });
});

Deno.test("§2 after open a file buffer is empty: pchNext 0, pchEndRead 0, pchEndWrite cchBuffer", async () => {
  await withTempFile(seq(100), async (path) => {
    const h = await openFile(path, { cchBuffer: 24 }, MMIO_READ);
    try {
      const i = await infoOf(h);
      assertEquals(i.pchNext, 0);
      assertEquals(i.pchEndRead, 0);
      assertEquals(i.pchEndWrite, 24);
      assertEquals(i.lBufOffset, 0);
    } finally {
      await mmioClose(h);
    }
  });
  const rec = recordingProc(seq(100));
  const h = await mmioOpen("x", { pIOProc: rec.proc, cchBuffer: 16 }, 0);
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertEquals([i.pchNext, i.pchEndRead, i.pchEndWrite], [0, 0, 16]);
    // Nothing was read at open.
    assertEquals(rec.log, [[MMIOM_OPEN, "x"]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 a memory file's block is its content: pchEndRead = cchBuffer", async () => {
  const block = seq(520);
  const h = await mmioOpen(
    null,
    { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 520 },
    MMIO_READWRITE,
  );
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertStrictEquals(i.pchBuffer, block);
    assertEquals(i.cchBuffer, 520);
    assertEquals(i.pchNext, 0);
    assertEquals(i.pchEndRead, 520);
    assertEquals(i.pchEndWrite, 520);
    const buf = new Uint8Array(8);
    assertEquals(await mmioRead(h, buf), 8);
    assertEquals(buf, seq(8));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 a memory file opened with MMIO_CREATE starts empty: pchEndRead 0", async () => {
  const block = seq(64);
  const h = await mmioOpen(
    null,
    { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 64 },
    MMIO_READWRITE | MMIO_CREATE,
  );
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertEquals(i.pchEndRead, 0);
    assertEquals(i.pchNext, 0);
    assertEquals(await mmioRead(h, new Uint8Array(8)), 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 a memory file with ALLOCBUF allocates its block", async () => {
  const h = await mmioOpen(
    null,
    { fccIOProc: FOURCC_MEM, cchBuffer: 100 },
    MMIO_READWRITE | MMIO_ALLOCBUF,
  );
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 100);
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    assertEquals(await mmioWrite(h, seq(10)), 10);
    assertEquals(i.pchBuffer!.subarray(0, 10), seq(10));
  } finally {
    await mmioClose(h);
  }
});

// ---------------------------------------------------------------------------
// §8 choosing the procedure

Deno.test("§8 name parsing: 'file+name.xyz+one.two' selects 'XYZ ' and passes the whole name", async () => {
  const fcc = mmioFOURCC("X", "Y", "Z", " ");
  const rec = recordingProc(seq(4));
  await withInstalled(fcc, rec.proc, async () => {
    const info: Partial<MMIOINFO> = {};
    const h = await mmioOpen("file+name.xyz+one.two", info, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(rec.log[0], [MMIOM_OPEN, "file+name.xyz+one.two"]);
      assertEquals((await infoOf(h)).fccIOProc, fcc);
      assertEquals(info.wErrorRet ?? 0, 0);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 name parsing: 'song.wav+data' selects 'WAV '", async () => {
  const fcc = mmioFOURCC("W", "A", "V", " ");
  assertEquals(fcc, mmioStringToFOURCC("wav", MMIO_TOUPPER));
  const rec = recordingProc(seq(4));
  await withInstalled(fcc, rec.proc, async () => {
    const h = await mmioOpen("song.wav+data", null, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(rec.log[0], [MMIOM_OPEN, "song.wav+data"]);
      assertEquals((await infoOf(h)).fccIOProc, fcc);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 name parsing cuts the extension to 4 characters and uppercases it", async () => {
  const fcc = mmioFOURCC("A", "B", "C", "D");
  const rec = recordingProc();
  await withInstalled(fcc, rec.proc, async () => {
    const h = await mmioOpen("dir/x.abcdefg+inner", null, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(rec.log[0], [MMIOM_OPEN, "dir/x.abcdefg+inner"]);
      assertEquals((await infoOf(h)).fccIOProc, fcc);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 a name without '+' uses the built-in DOS procedure", async () => {
  const fcc = mmioFOURCC("Q", "Q", "A", " ");
  const rec = recordingProc(seq(4));
  await withInstalled(fcc, rec.proc, async () => {
    await withTempDir(async (dir) => {
      assert(!dir.includes(".") && !dir.includes("+"), dir);
      const path = `${dir}/file.qqa`;
      await Deno.writeFile(path, seq(20, 100));
      const h = await openFile(path, null, MMIO_READ);
      try {
        assertEquals(rec.log, []);
        const buf = new Uint8Array(20);
        assertEquals(await mmioRead(h, buf), 20);
        assertEquals(buf, seq(20, 100));
      } finally {
        await mmioClose(h);
      }
    });
  });
});

Deno.test("§8 a name with '+' but no '.' before it uses the built-in DOS procedure", async () => {
  await withTempDir(async (dir) => {
    assert(!dir.includes(".") && !dir.includes("+"), dir);
    const path = `${dir}/abc+def`;
    await Deno.writeFile(path, seq(5, 7));
    const h = await openFile(path, null, MMIO_READ);
    try {
      const buf = new Uint8Array(5);
      assertEquals(await mmioRead(h, buf), 5);
      assertEquals(buf, seq(5, 7));
      assertEquals((await infoOf(h)).fccIOProc, FOURCC_DOS);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 an unknown parsed FOURCC falls back to DOS but keeps fccIOProc", async () => {
  await withTempDir(async (dir) => {
    assert(!dir.includes(".") && !dir.includes("+"), dir);
    // The whole name, '+' part included, is the DOS file name.
    const path = `${dir}/f.qzv+x`;
    await Deno.writeFile(path, seq(9, 50));
    const h = await openFile(path, null, MMIO_READ);
    try {
      assertEquals(
        (await infoOf(h)).fccIOProc,
        mmioFOURCC("Q", "Z", "V", " "),
      );
      const buf = new Uint8Array(9);
      assertEquals(await mmioRead(h, buf), 9);
      assertEquals(buf, seq(9, 50));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 fccIOProc selects an installed procedure; the newest install wins", async () => {
  const fcc = mmioFOURCC("N", "E", "W", "1");
  const older = recordingProc();
  const newer = recordingProc();
  await withInstalled(fcc, older.proc, async () => {
    await withInstalled(fcc, newer.proc, async () => {
      const h = await mmioOpen("name", { fccIOProc: fcc }, MMIO_READ);
      assertOk(h);
      await mmioClose(h);
      assertEquals(older.log, []);
      assertEquals(newer.log[0], [MMIOM_OPEN, "name"]);
    });
  });
});

Deno.test("§8 fccIOProc not installed fails with wErrorRet MMSYSERR_INVALPARAM", async () => {
  const fcc = mmioFOURCC("N", "O", "N", "E");
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
  const info: Partial<MMIOINFO> = { fccIOProc: fcc, wErrorRet: 1234 };
  const h = await mmioOpen("whatever", info, MMIO_READ);
  assertEquals(h, null);
  assertEquals(info.wErrorRet, MMSYSERR_INVALPARAM);
});

Deno.test("§8 a user-installed 'DOS ' shadows the built-in for fccIOProc lookup only", async () => {
  const rec = recordingProc(seq(30), { setFccOnOpen: FOURCC_DOS });
  await withInstalled(FOURCC_DOS, rec.proc, async () => {
    const h = await mmioOpen("virtual", { fccIOProc: FOURCC_DOS }, MMIO_READ);
    assertOk(h);
    await mmioClose(h);
    assertEquals(rec.log[0], [MMIOM_OPEN, "virtual"]);
    rec.clear();
    // A plain name (no '+') still goes to the built-in DOS procedure.
    await withTempFile(seq(3), async (path) => {
      const h2 = await openFile(path, null, MMIO_READ);
      await mmioClose(h2);
    });
    assertEquals(rec.log, []);
  });
});

Deno.test("§8 a user procedure registered as 'DOS ' learns start and size by seeks after OPEN", async () => {
  const rec = recordingProc(seq(30), { startPos: 5 });
  await withInstalled(FOURCC_DOS, rec.proc, async () => {
    const h = await mmioOpen("v", { fccIOProc: FOURCC_DOS }, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(rec.log, [
        [MMIOM_OPEN, "v"],
        [MMIOM_SEEK, 0, SEEK_CUR],
        [MMIOM_SEEK, 0, SEEK_END],
        [MMIOM_SEEK, 5, SEEK_SET],
      ]);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 5);
      const buf = new Uint8Array(3);
      assertEquals(await mmioRead(h, buf), 3);
      assertEquals(buf, seq(3, 5));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 a pIOProc with fccIOProc 'DOS ' is also a DOS handle", async () => {
  const rec = recordingProc(seq(30), { startPos: 7 });
  const h = await mmioOpen(
    "v",
    { fccIOProc: FOURCC_DOS, pIOProc: rec.proc },
    MMIO_READ,
  );
  assertOk(h);
  try {
    assertEquals(rec.log, [
      [MMIOM_OPEN, "v"],
      [MMIOM_SEEK, 0, SEEK_CUR],
      [MMIOM_SEEK, 0, SEEK_END],
      [MMIOM_SEEK, 7, SEEK_SET],
    ]);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 7);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§8 a 'DOS ' procedure avoids the open seeks by changing fccIOProc in MMIOM_OPEN", async () => {
  const other = mmioFOURCC("N", "D", "O", "S");
  const rec = recordingProc(seq(30), { setFccOnOpen: other });
  await withInstalled(FOURCC_DOS, rec.proc, async () => {
    const h = await mmioOpen("v", { fccIOProc: FOURCC_DOS }, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(rec.log, [[MMIOM_OPEN, "v"]]);
      assertEquals((await infoOf(h)).fccIOProc, other);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§8 other procedures get no seek at open", async () => {
  const rec = recordingProc(seq(30), { startPos: 0 });
  const h = await mmioOpen("v", { pIOProc: rec.proc }, MMIO_READ);
  assertOk(h);
  try {
    assertEquals(rec.log, [[MMIOM_OPEN, "v"]]);
  } finally {
    await mmioClose(h);
  }
  const fcc = mmioFOURCC("N", "S", "K", " ");
  const rec2 = recordingProc(seq(30));
  await withInstalled(fcc, rec2.proc, async () => {
    const h2 = await mmioOpen("v", { fccIOProc: fcc }, MMIO_READWRITE);
    assertOk(h2);
    await mmioClose(h2);
    assertEquals(rec2.log, [[MMIOM_OPEN, "v"], [MMIOM_CLOSE, 0]]);
  });
});

Deno.test("§8 pIOProc is used for this handle only, not installed", async () => {
  const fcc = mmioFOURCC("P", "R", "I", "V");
  const rec = recordingProc(seq(8));
  const h = await mmioOpen("a", { fccIOProc: fcc, pIOProc: rec.proc }, 0);
  assertOk(h);
  try {
    assertEquals(rec.log[0], [MMIOM_OPEN, "a"]);
    assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
    const info: Partial<MMIOINFO> = { fccIOProc: fcc };
    assertEquals(await mmioOpen("b", info, 0), null);
    assertEquals(info.wErrorRet, MMSYSERR_INVALPARAM);
    assertEquals(rec.log.length, 1);
    const buf = new Uint8Array(8);
    assertEquals(await mmioRead(h, buf), 8);
    assertEquals(buf, seq(8));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§8 pIOProc wins over a parsed name", async () => {
  const fcc = mmioFOURCC("P", "W", "N", " ");
  const installed = recordingProc();
  const mine = recordingProc();
  await withInstalled(fcc, installed.proc, async () => {
    const h = await mmioOpen("a.pwn+b", { pIOProc: mine.proc }, 0);
    assertOk(h);
    await mmioClose(h);
    assertEquals(installed.log, []);
    assertEquals(mine.log[0], [MMIOM_OPEN, "a.pwn+b"]);
  });
});

Deno.test("§8 dwFlags is exactly the open flags (plus ALLOCBUF when allocated)", async () => {
  await withTempFile(seq(10), async (path) => {
    const flags = MMIO_READWRITE | MMIO_DENYNONE;
    const h = await openFile(path, {}, flags);
    try {
      assertEquals((await infoOf(h)).dwFlags, flags);
    } finally {
      await mmioClose(h);
    }
    const h2 = await openFile(path, {}, flags | MMIO_ALLOCBUF);
    try {
      assertEquals((await infoOf(h2)).dwFlags, flags | MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h2);
    }
    const h3 = await openFile(path, { dwFlags: 0xffff }, MMIO_READ);
    try {
      // The caller's info.dwFlags is not merged in.
      assertEquals((await infoOf(h3)).dwFlags, MMIO_READ);
    } finally {
      await mmioClose(h3);
    }
  });
  const rec = recordingProc();
  const flags = MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF;
  const h = await mmioOpen("x", { pIOProc: rec.proc }, flags);
  assertOk(h);
  try {
    assertEquals((await infoOf(h)).dwFlags, flags);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§8 the caller's adwInfo is copied in", async () => {
  const rec = recordingProc();
  const adwInfo: [unknown, unknown, unknown] = [11, 22, 33];
  const h = await mmioOpen("x", { pIOProc: rec.proc, adwInfo }, 0);
  assertOk(h);
  try {
    assertEquals(rec.adwInfoAtOpen, [11, 22, 33]);
    assertEquals((await infoOf(h)).adwInfo, [11, 22, 33]);
    // A copy: changing the caller's array afterwards changes nothing.
    adwInfo[1] = 99;
    assertEquals((await infoOf(h)).adwInfo[1], 22);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§8 wErrorRet receives the MMIOM_OPEN result", async () => {
  const bad = recordingProc(new Uint8Array(0), {
    openResult: MMIOERR_INVALIDFILE,
  });
  const info: Partial<MMIOINFO> = { pIOProc: bad.proc };
  assertEquals(await mmioOpen("x", info, 0), null);
  assertEquals(info.wErrorRet, MMIOERR_INVALIDFILE);

  const good = recordingProc();
  const info2: Partial<MMIOINFO> = { pIOProc: good.proc, wErrorRet: 77 };
  const h = await mmioOpen("x", info2, 0);
  assertOk(h);
  try {
    assertEquals(info2.wErrorRet, 0);
    assertEquals((await infoOf(h)).wErrorRet, 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§8 a failed open sends no MMIOM_CLOSE (buffered and unbuffered)", async () => {
  for (const cchBuffer of [0, 64]) {
    const rec = recordingProc(new Uint8Array(0), {
      openResult: MMIOERR_CANNOTOPEN,
    });
    const info: Partial<MMIOINFO> = { pIOProc: rec.proc, cchBuffer };
    assertEquals(await mmioOpen("x", info, MMIO_ALLOCBUF), null);
    assertEquals(info.wErrorRet, MMIOERR_CANNOTOPEN);
    assertEquals(rec.log, [[MMIOM_OPEN, "x"]]);
  }
});

Deno.test("§8 a procedure that throws in MMIOM_OPEN fails with CANNOTOPEN and keeps the cause", async () => {
  for (const async of [false, true]) {
    const rec = recordingProc(new Uint8Array(0), { async });
    rec.throwOn.add(MMIOM_OPEN);
    const info: Partial<MMIOINFO> = { pIOProc: rec.proc };
    assertEquals(await mmioOpen("x", info, MMIO_ALLOCBUF), null);
    assertEquals(info.wErrorRet, MMIOERR_CANNOTOPEN);
    assertEquals(rec.log, [[MMIOM_OPEN, "x"]]);
    const err = mmioGetLastError(info);
    assertOk(err);
    assertEquals(err.code, MMIOERR_CANNOTOPEN);
    assertStrictEquals(err.cause, rec.thrown);
  }
});

Deno.test("§8 a procedure that throws in MMIOM_CLOSE gives CANNOTCLOSE and keeps the cause", async () => {
  for (const async of [false, true]) {
    const rec = recordingProc(new Uint8Array(0), { async });
    const h = await mmioOpen("x", { pIOProc: rec.proc }, 0);
    assertOk(h);
    rec.throwOn.add(MMIOM_CLOSE);
    assertEquals(await mmioClose(h, 0), MMIOERR_CANNOTCLOSE);
    const err = mmioGetLastError(h);
    assertOk(err);
    assertStrictEquals(err.cause, rec.thrown);
  }
});

Deno.test("api: mmioGetLastError is null when nothing failed", async () => {
  const rec = recordingProc(seq(8));
  const info: Partial<MMIOINFO> = { pIOProc: rec.proc };
  const h = await mmioOpen("x", info, MMIO_READWRITE);
  assertOk(h);
  try {
    assertEquals(mmioGetLastError(info), null);
    assertEquals(mmioGetLastError(h), null);
    assertEquals(await mmioRead(h, new Uint8Array(4)), 4);
    assertEquals(await mmioRead(h, new Uint8Array(8)), 4);
    assertEquals(await mmioRead(h, new Uint8Array(8)), 0); // end of file: no failure
    assertEquals(mmioGetLastError(h), null);
  } finally {
    await mmioClose(h);
  }
  assertEquals(mmioGetLastError(h), null);
});

Deno.test("§6/§8 mmioClose returns the procedure's MMIOM_CLOSE result", async () => {
  const rec = recordingProc(new Uint8Array(0), {
    closeResult: MMIOERR_CANNOTCLOSE,
  });
  const h = await mmioOpen("x", { pIOProc: rec.proc }, 0);
  assertOk(h);
  assertEquals(await mmioClose(h, 0), MMIOERR_CANNOTCLOSE);
});

// ---------------------------------------------------------------------------
// DOS procedure: inherited Deno.FsFile, FHOPEN, null name, directories

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

// ---------------------------------------------------------------------------
// Share modes

async function expectShareConflict(
  path: string,
  first: number,
  second: number,
  conflict: boolean,
): Promise<void> {
  const h1 = await openFile(path, {}, MMIO_READ | first);
  try {
    const info: Partial<MMIOINFO> = {};
    const h2 = await mmioOpen(path, info, MMIO_READ | second);
    if (conflict) {
      await closeQuietly(h2);
      assertEquals(
        h2,
        null,
        `0x${first.toString(16)} then 0x${second.toString(16)}`,
      );
      assertEquals(info.wErrorRet, MMIOERR_SHARINGVIOLATION);
      assertEquals(mmioGetLastError(info)?.code, MMIOERR_SHARINGVIOLATION);
    } else {
      assertOk(h2, `0x${first.toString(16)} then 0x${second.toString(16)}`);
      await mmioClose(h2);
    }
  } finally {
    await mmioClose(h1);
  }
}

Deno.test("§8 share modes: EXCLUSIVE and DENYWRITE locks conflict", async () => {
  await withTempFile(seq(4), async (path) => {
    await expectShareConflict(path, MMIO_EXCLUSIVE, MMIO_EXCLUSIVE, true);
    await expectShareConflict(path, MMIO_EXCLUSIVE, MMIO_DENYWRITE, true);
    await expectShareConflict(path, MMIO_DENYWRITE, MMIO_EXCLUSIVE, true);
  });
});

Deno.test("§8 share modes: two DENYWRITE (shared) locks coexist", async () => {
  await withTempFile(seq(4), async (path) => {
    await expectShareConflict(path, MMIO_DENYWRITE, MMIO_DENYWRITE, false);
  });
});

Deno.test("§8 share modes: DENYREAD, DENYNONE and COMPAT take no lock (masked compare)", async () => {
  await withTempFile(seq(4), async (path) => {
    // DENYREAD is EXCLUSIVE|DENYWRITE bitwise but must not lock.
    await expectShareConflict(path, MMIO_DENYREAD, MMIO_EXCLUSIVE, false);
    await expectShareConflict(path, MMIO_EXCLUSIVE, MMIO_DENYREAD, false);
    await expectShareConflict(path, MMIO_EXCLUSIVE, MMIO_DENYNONE, false);
    await expectShareConflict(path, MMIO_EXCLUSIVE, MMIO_COMPAT, false);
    await expectShareConflict(path, MMIO_DENYNONE, MMIO_EXCLUSIVE, false);
    await expectShareConflict(path, MMIO_COMPAT, MMIO_EXCLUSIVE, false);
  });
});

Deno.test("§8 share modes: closing releases the lock", async () => {
  await withTempFile(seq(4), async (path) => {
    const h1 = await openFile(path, {}, MMIO_EXCLUSIVE);
    await mmioClose(h1);
    const h2 = await openFile(path, {}, MMIO_EXCLUSIVE);
    await mmioClose(h2);
  });
});

// ---------------------------------------------------------------------------
// §9 DOS error mapping

Deno.test("§9 a missing file is FILENOTFOUND, a missing directory PATHNOTFOUND", async () => {
  await withTempDir(async (dir) => {
    for (const flags of [MMIO_READ, MMIO_READWRITE, MMIO_WRITE]) {
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioOpen(`${dir}/missing.bin`, info, flags), null);
      assertEquals(info.wErrorRet, MMIOERR_FILENOTFOUND);
      assertEquals(mmioGetLastError(info)?.code, MMIOERR_FILENOTFOUND);
    }
    for (const flags of [MMIO_READ, MMIO_CREATE | MMIO_WRITE]) {
      const info: Partial<MMIOINFO> = {};
      const name = `${dir}/nodir/file.bin`;
      assertEquals(await mmioOpen(name, info, flags), null);
      assertEquals(info.wErrorRet, MMIOERR_PATHNOTFOUND, `flags ${flags}`);
    }
  });
});

Deno.test("§9 a Deno permission refusal is ACCESSDENIED with a NotCapable cause", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/target.bin`;
    await Deno.writeFile(path, seq(4));
    const mod = new URL("../mod.ts", import.meta.url).href;
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import { mmioOpen, mmioGetLastError, MMIO_WRITE, MMIO_READ } from ${
        JSON.stringify(mod)
      };
const info = {};
const h = await mmioOpen(${JSON.stringify(path)}, info, MMIO_WRITE);
const e = mmioGetLastError(info);
const info2 = {};
const h2 = await mmioOpen(${JSON.stringify(path)}, info2, MMIO_READ);
if (h2) await (await import(${JSON.stringify(mod)})).mmioClose(h2);
console.log(JSON.stringify({
  h: h === null, code: info.wErrorRet, notCapable: e?.cause instanceof Deno.errors.NotCapable,
  msg: String(e?.cause?.message ?? ""), readOk: h2 !== null,
}));
`,
    );
    // "prompt" refused by --no-prompt, and an explicit "denied" state.
    for (
      const flags of [
        [`--allow-read=${dir}`],
        [`--allow-read=${dir}`, `--allow-write=${dir}`, `--deny-write=${path}`],
      ]
    ) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-prompt", "--no-lock", ...flags, script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      assert(out.success, new TextDecoder().decode(out.stderr));
      const r = JSON.parse(text);
      assertEquals(r.h, true, flags.join(" "));
      assertEquals(r.code, MMIOERR_ACCESSDENIED, flags.join(" "));
      assertEquals(r.notCapable, true, flags.join(" "));
      assert(r.msg.includes("--allow-write"), r.msg);
      assert(r.msg.includes(path), r.msg);
      assertEquals(r.readOk, true);
      assertEquals(await Deno.readFile(path), seq(4));
    }
  });
});

// ---------------------------------------------------------------------------
// Path operations (api.md; the brief fixes string | null)

Deno.test("path op MMIO_PARSE gives the full path of a relative or absolute name", async () => {
  const rel = await mmioOpen("some/dir/../name.wav", {}, MMIO_PARSE);
  assertEquals(rel, `${Deno.cwd()}/some/name.wav`);
  const abs = await mmioOpen("/a/b/../c/./d.bin", {}, MMIO_PARSE);
  assertEquals(abs, "/a/c/d.bin");
  // PARSE does not touch the file system.
  assertEquals(
    await mmioOpen("/no/such/dir/x", null, MMIO_PARSE),
    "/no/such/dir/x",
  );
});

Deno.test("path op MMIO_EXIST: full path when present, null and FILENOTFOUND when absent", async () => {
  await withTempFile(seq(3), async (path, dir) => {
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(path, info, MMIO_EXIST), path);
    const missing: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(`${dir}/nope`, missing, MMIO_EXIST), null);
    assertEquals(missing.wErrorRet, MMIOERR_FILENOTFOUND);
    // EXIST never changes the file.
    assertEquals(await Deno.readFile(path), seq(3));
  });
});

Deno.test("path op MMIO_DELETE removes the file; a missing one is null with FILENOTFOUND", async () => {
  await withTempFile(seq(3), async (path) => {
    const r = await mmioOpen(path, {}, MMIO_DELETE);
    assertEquals(typeof r, "string");
    assertEquals(r, path);
    let exists = true;
    try {
      await Deno.stat(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) exists = false;
      else throw e;
    }
    assertEquals(exists, false);
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(path, info, MMIO_DELETE), null);
    assertEquals(info.wErrorRet, MMIOERR_FILENOTFOUND);
  });
});

Deno.test("path op MMIO_GETTEMP creates a unique file with the given dir and prefix", async () => {
  await withTempDir(async (dir) => {
    const a = await mmioOpen(`${dir}/pre`, {}, MMIO_GETTEMP);
    const b = await mmioOpen(`${dir}/pre`, {}, MMIO_GETTEMP);
    assertOk(a);
    assertOk(b);
    assertNotStrictEquals(a, b);
    for (const name of [a, b]) {
      assert(name.startsWith(`${dir}/pre`), name);
      assert((await Deno.stat(name)).isFile);
    }
  });
});

Deno.test("path op MMIO_GETTEMP with an empty name uses the system temp dir", async () => {
  for (const name of ["", null]) {
    const r = await mmioOpen(name, {}, MMIO_GETTEMP);
    assertOk(r, `GETTEMP(${name})`);
    try {
      assert((await Deno.stat(r)).isFile);
      const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
      assert(r.startsWith(tmp.replace(/\/$/, "")), r);
    } finally {
      await Deno.remove(r);
    }
  }
});

Deno.test("path op MMIO_GETTEMP in a missing directory is null with wErrorRet set", async () => {
  await withTempDir(async (dir) => {
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(`${dir}/nodir/pre`, info, MMIO_GETTEMP), null);
    assert(info.wErrorRet !== 0 && info.wErrorRet !== undefined);
  });
});

Deno.test("§9 too many open files is TOOMANYOPENFILES", async () => {
  await withTempDir(async (dir) => {
    const mod = new URL("../mod.ts", import.meta.url).href;
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import { mmioClose, mmioGetLastError, mmioOpen } from ${
        JSON.stringify(mod)
      };
const path = ${JSON.stringify(`${dir}/f.bin`)};
await Deno.writeFile(path, new Uint8Array(4));
const hs = [];
let code = 0;
let cause = false;
for (let i = 0; i < 5000; i++) {
  const info = {};
  const h = await mmioOpen(path, info, 0);
  if (!h) {
    code = info.wErrorRet;
    cause = mmioGetLastError(info)?.cause instanceof Error;
    break;
  }
  hs.push(h);
}
for (const h of hs) await mmioClose(h);
console.log(JSON.stringify({ code, n: hs.length, cause }));
`,
    );
    const out = await new Deno.Command("sh", {
      args: [
        "-c",
        `ulimit -n 64 && exec "$0" run --no-lock -A "$1"`,
        Deno.execPath(),
        script,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stderr));
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    assert(r.n > 0);
    assertEquals(r.code, MMIOERR_TOOMANYOPENFILES);
    assertEquals(r.cause, true);
  });
});

Deno.test("§9 an OS permission refusal is ACCESSDENIED", {
  // root ignores file modes, so the OS never refuses it.
  ignore: Deno.uid() === 0,
}, async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/locked.bin`;
    await Deno.writeFile(path, seq(4));
    await Deno.chmod(path, 0o000);
    try {
      for (const flags of [MMIO_READ, MMIO_WRITE, MMIO_READWRITE]) {
        const info: Partial<MMIOINFO> = {};
        assertEquals(await mmioOpen(path, info, flags), null);
        assertEquals(info.wErrorRet, MMIOERR_ACCESSDENIED);
      }
    } finally {
      await Deno.chmod(path, 0o600);
    }
  });
});

Deno.test("§8 a procedure that throws or rejects in READ, WRITE or SEEK gives -1 with the cause kept", async () => {
  for (const async of [false, true]) {
    for (const msg of [MMIOM_READ, MMIOM_WRITE, MMIOM_SEEK]) {
      const rec = recordingProc(seq(32), { async });
      const h = await mmioOpen("x", { pIOProc: rec.proc }, MMIO_READWRITE);
      assertOk(h);
      try {
        rec.throwOn.add(msg);
        const r = msg === MMIOM_READ
          ? await mmioRead(h, new Uint8Array(4))
          : msg === MMIOM_WRITE
          ? await mmioWrite(h, seq(4))
          : await mmioSeek(h, 5, SEEK_SET);
        assertEquals(r, -1, `msg ${msg} async ${async}`);
        const err = mmioGetLastError(h);
        assertOk(err);
        assertStrictEquals(err.cause, rec.thrown);
        rec.throwOn.clear();
        // The handle still works afterwards.
        assertEquals(await mmioSeek(h, 1, SEEK_SET), 1);
        const b = new Uint8Array(2);
        assertEquals(await mmioRead(h, b), 2);
        assertEquals(b, seq(2, 1));
      } finally {
        await mmioClose(h);
      }
    }
  }
});

// ---------------------------------------------------------------------------
// The buffer set-ups that Wine's conformance tests pin down on Windows, for a
// DOS file and a memory file alike.

Deno.test("§2 buffer set-up table on DOS and MEM (as pinned on Windows)", async () => {
  await withTempFile(seq(300), async (path) => {
    const cases: {
      buf: number;
      cch: number;
      flags: number;
      cchBuffer: number;
      own: boolean;
      allocbuf: boolean;
    }[] = [
      {
        buf: 8192,
        cch: 8192,
        flags: 0,
        cchBuffer: 8192,
        own: true,
        allocbuf: false,
      },
      { buf: 8192, cch: 0, flags: 0, cchBuffer: 0, own: true, allocbuf: false },
      { buf: 0, cch: 0, flags: 0, cchBuffer: 0, own: false, allocbuf: false },
      {
        buf: 0,
        cch: 256,
        flags: 0,
        cchBuffer: 256,
        own: false,
        allocbuf: true,
      },
      {
        buf: 8192,
        cch: 8192,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 8192,
        own: true,
        allocbuf: false,
      },
      {
        buf: 0,
        cch: 0,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 8192,
        own: false,
        allocbuf: true,
      },
      {
        buf: 0,
        cch: 256,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 256,
        own: false,
        allocbuf: true,
      },
      {
        buf: 8192,
        cch: 0,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 8192,
        own: true,
        allocbuf: false,
      },
    ];
    for (const mem of [false, true]) {
      for (const c of cases) {
        const label = `${mem ? "MEM" : "DOS"} ${JSON.stringify(c)}`;
        const buf = c.buf ? new Uint8Array(c.buf) : null;
        const h = await mmioOpen(mem ? null : path, {
          fccIOProc: mem ? FOURCC_MEM : FOURCC_DOS,
          pchBuffer: buf,
          cchBuffer: c.cch,
        }, MMIO_READ | c.flags);
        assertOk(h, label);
        try {
          const i = await infoOf(h);
          assertEquals(
            i.dwFlags,
            MMIO_READ | (c.allocbuf ? MMIO_ALLOCBUF : 0),
            label,
          );
          assertEquals(i.wErrorRet, 0, label);
          assertEquals(i.fccIOProc, mem ? FOURCC_MEM : FOURCC_DOS, label);
          assertEquals(i.cchBuffer, c.cchBuffer, label);
          if (c.own) assertStrictEquals(i.pchBuffer, buf, label);
          else if (c.cchBuffer === 0) assertEquals(i.pchBuffer, null, label);
          else assert(i.pchBuffer instanceof Uint8Array, label);
          assertEquals(i.pchNext, 0, label);
          assertEquals(i.pchEndRead, mem ? c.cchBuffer : 0, label);
          assertEquals(i.pchEndWrite, c.cchBuffer, label);
          assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0], label);
          assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0, label);
        } finally {
          await mmioClose(h);
        }
      }
    }
  });
});

Deno.test("§8 name parsing picks the installed procedure over a user 'DOS ', sends no seek; without it, the built-in DOS", async () => {
  const xyz = mmioFOURCC("X", "Y", "Z", " ");
  const rec = recordingProc(new Uint8Array(0));
  const dosRec = recordingProc(new Uint8Array(0));
  await withInstalled(FOURCC_DOS, dosRec.proc, async () => {
    await withInstalled(xyz, rec.proc, async () => {
      for (const info of [{}, null]) {
        rec.clear();
        const h = await mmioOpen("file+name.xyz+one.two", info, MMIO_READ);
        assertOk(h);
        try {
          const i = await infoOf(h);
          assertEquals(i.fccIOProc, xyz);
          assertStrictEquals(i.pIOProc, rec.proc);
          assertEquals(i.lDiskOffset, 0);
          assertEquals(rec.adwInfoAtOpen, [0, 0, 0]);
          assertEquals(rec.log, [[MMIOM_OPEN, "file+name.xyz+one.two"]]);
        } finally {
          await mmioClose(h);
        }
      }
    });
    // 'XYZ ' removed: the built-in DOS procedure (no such file), not the
    // user's 'DOS '.
    const info: Partial<MMIOINFO> = {};
    assertEquals(
      await mmioOpen("file+name.xyz+one.two", info, MMIO_READ),
      null,
    );
    assertEquals(info.wErrorRet, MMIOERR_FILENOTFOUND);
    assertEquals(dosRec.log, []);
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

Deno.test("§9 reading a write-only DOS handle is -1, never a throw", async () => {
  await withTempFile(seq(16), async (path) => {
    for (const cchBuffer of [0, 8]) {
      const h = await openFile(path, { cchBuffer }, MMIO_WRITE);
      try {
        assertEquals(await mmioRead(h, new Uint8Array(4)), -1);
        assertOk(mmioGetLastError(h));
      } finally {
        await mmioClose(h);
      }
    }
    assertEquals(await Deno.readFile(path), seq(16));
  });
});
