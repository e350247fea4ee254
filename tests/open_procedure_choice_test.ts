// mmioOpen choosing the I/O procedure (behavior.md §8): name parsing,
// fccIOProc and pIOProc, the built-in and a user-installed 'DOS ', the seeks
// a DOS handle gets at open, and what the procedure receives (dwFlags,
// adwInfo).

import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import {
  FOURCC_DOS,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DENYNONE,
  MMIO_FINDPROC,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_TOUPPER,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_FILENOTFOUND,
  mmioFOURCC,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_SEEK,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioStringToFOURCC,
  MMSYSERR_INVALPARAM,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import {
  assertOk,
  infoOf,
  openFile,
  seq,
  withInstalled,
} from "./_engine_util.ts";
import { recordingProc } from "./_recording_proc.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";

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
