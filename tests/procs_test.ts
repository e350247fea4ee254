// Procedures and messages: behavior.md §11 (mmioInstallIOProc,
// mmioSendMessage, mmioRename) and the procedure table rules of §8.

import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  type IOProc,
  MMIO_FINDPROC,
  MMIO_GLOBALPROC,
  MMIO_INSTALLPROC,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_REMOVEPROC,
  MMIO_UNICODEPROC,
  mmioClose,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  mmioFlush,
  mmioFOURCC,
  mmioGetLastError,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_USER,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  mmioRead,
  mmioRename,
  mmioSeek,
  mmioSendMessage,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  MMSYSERR_INVALPARAM,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, openMemory, seq, withInstalled } from "./_engine_util.ts";
import { openRecording, recordingProc } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

const procA: IOProc = () => 0;
const procB: IOProc = () => 0;

Deno.test("§11 install returns proc; find returns the newest; duplicates are allowed", () => {
  const fcc = mmioFOURCC("I", "N", "S", "1");
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
  assertStrictEquals(mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC), procA);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), procA);
  assertStrictEquals(mmioInstallIOProc(fcc, procB, MMIO_INSTALLPROC), procB);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), procB);
  assertStrictEquals(mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC), procA);
  // Remove takes the newest entry each time.
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procA);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), procB);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procB);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), procA);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procA);
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), null);
});

Deno.test("§11 the same proc installed twice needs two removes", () => {
  const fcc = mmioFOURCC("I", "N", "S", "2");
  mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC);
  mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procA);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), procA);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procA);
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
});

Deno.test("§11 entries are per FOURCC", () => {
  const f1 = mmioFOURCC("I", "N", "S", "3");
  const f2 = mmioFOURCC("I", "N", "S", "4");
  mmioInstallIOProc(f1, procA, MMIO_INSTALLPROC);
  try {
    assertEquals(mmioInstallIOProc(f2, null, MMIO_FINDPROC), null);
    assertEquals(mmioInstallIOProc(f2, null, MMIO_REMOVEPROC), null);
    assertStrictEquals(mmioInstallIOProc(f1, null, MMIO_FINDPROC), procA);
  } finally {
    mmioInstallIOProc(f1, null, MMIO_REMOVEPROC);
  }
});

Deno.test("§11 flags must hold exactly one of INSTALL, REMOVE, FIND", () => {
  const fcc = mmioFOURCC("I", "N", "S", "5");
  assertEquals(mmioInstallIOProc(fcc, procA, 0), null);
  assertEquals(
    mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC | MMIO_FINDPROC),
    null,
  );
  assertEquals(
    mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC | MMIO_REMOVEPROC),
    null,
  );
  assertEquals(
    mmioInstallIOProc(fcc, procA, MMIO_REMOVEPROC | MMIO_FINDPROC),
    null,
  );
  // None of those installed anything.
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
});

Deno.test("§11 MMIO_UNICODEPROC and MMIO_GLOBALPROC are accepted with INSTALLPROC", () => {
  const fcc = mmioFOURCC("I", "N", "S", "6");
  assertStrictEquals(
    mmioInstallIOProc(fcc, procA, MMIO_INSTALLPROC | MMIO_UNICODEPROC),
    procA,
  );
  assertStrictEquals(
    mmioInstallIOProc(fcc, procB, MMIO_INSTALLPROC | MMIO_GLOBALPROC),
    procB,
  );
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), procB);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procB);
  assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), procA);
});

Deno.test("§11 find returns the built-ins; removing a built-in is refused", () => {
  const dos = mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC);
  const mem = mmioInstallIOProc(FOURCC_MEM, null, MMIO_FINDPROC);
  assertEquals(typeof dos, "function");
  assertEquals(typeof mem, "function");
  assertEquals(mmioInstallIOProc(FOURCC_DOS, null, MMIO_REMOVEPROC), null);
  assertEquals(mmioInstallIOProc(FOURCC_MEM, null, MMIO_REMOVEPROC), null);
  assertStrictEquals(mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC), dos);
  assertStrictEquals(mmioInstallIOProc(FOURCC_MEM, null, MMIO_FINDPROC), mem);
});

Deno.test("§11 a user 'DOS ' shadows the built-in in find and is removable; the built-in stays", () => {
  const builtin = mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC);
  assertStrictEquals(
    mmioInstallIOProc(FOURCC_DOS, procA, MMIO_INSTALLPROC),
    procA,
  );
  try {
    assertStrictEquals(
      mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC),
      procA,
    );
  } finally {
    assertStrictEquals(
      mmioInstallIOProc(FOURCC_DOS, null, MMIO_REMOVEPROC),
      procA,
    );
  }
  assertStrictEquals(
    mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC),
    builtin,
  );
  assertEquals(mmioInstallIOProc(FOURCC_DOS, null, MMIO_REMOVEPROC), null);
});

Deno.test("§11 removing a procedure that an open handle uses is refused", async () => {
  const fcc = mmioFOURCC("U", "S", "E", "D");
  const rec = recordingProc(seq(8));
  mmioInstallIOProc(fcc, rec.proc, MMIO_INSTALLPROC);
  try {
    const h = await mmioOpen("x", { fccIOProc: fcc }, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), null);
      assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), rec.proc);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), rec.proc);
  } finally {
    if (mmioInstallIOProc(fcc, null, MMIO_FINDPROC)) {
      mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC);
    }
  }
  assertEquals(mmioInstallIOProc(fcc, null, MMIO_FINDPROC), null);
});

Deno.test("§11 a procedure used through a parsed name is in use too", async () => {
  const fcc = mmioFOURCC("U", "S", "E", "N");
  const rec = recordingProc(seq(8));
  mmioInstallIOProc(fcc, rec.proc, MMIO_INSTALLPROC);
  try {
    const h1 = await mmioOpen("a.usen+b", null, MMIO_READ);
    const h2 = await mmioOpen("a.usen+c", null, MMIO_READ);
    assertOk(h1);
    assertOk(h2);
    await mmioClose(h1);
    // h2 still uses it.
    assertEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), null);
    await mmioClose(h2);
    assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), rec.proc);
  } finally {
    if (mmioInstallIOProc(fcc, null, MMIO_FINDPROC)) {
      mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC);
    }
  }
});

Deno.test("§11 a failed open does not leave the procedure in use", async () => {
  const fcc = mmioFOURCC("U", "S", "E", "F");
  const rec = recordingProc(seq(8), { openResult: 259 });
  mmioInstallIOProc(fcc, rec.proc, MMIO_INSTALLPROC);
  try {
    assertEquals(await mmioOpen("x", { fccIOProc: fcc }, MMIO_READ), null);
    assertStrictEquals(mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC), rec.proc);
  } finally {
    if (mmioInstallIOProc(fcc, null, MMIO_FINDPROC)) {
      mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC);
    }
  }
});

// ---------------------------------------------------------------------------
// mmioSendMessage

Deno.test("§11 mmioSendMessage below MMIOM_USER is INVALPARAM and reaches no procedure", async () => {
  const { h, rec } = await openRecording(seq(8), {});
  try {
    for (const msg of [MMIOM_READ, MMIOM_WRITE, MMIOM_OPEN, 7, 0x7fff]) {
      assertEquals(await mmioSendMessage(h, msg, 1, 2), MMSYSERR_INVALPARAM);
    }
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§11 mmioSendMessage checks the message before the handle", async () => {
  const { h } = await openRecording(seq(8), {});
  await mmioClose(h);
  assertEquals(await mmioSendMessage(h, MMIOM_READ), MMSYSERR_INVALPARAM);
  assertEquals(await mmioSendMessage(h, MMIOM_USER), MMSYSERR_INVALHANDLE);
  // deno-lint-ignore no-explicit-any
  const notAHandle = null as any;
  assertEquals(await mmioSendMessage(notAHandle, 1), MMSYSERR_INVALPARAM);
  assertEquals(
    await mmioSendMessage(notAHandle, MMIOM_USER + 1),
    MMSYSERR_INVALHANDLE,
  );
});

Deno.test("§11 mmioSendMessage passes user messages to the handle's procedure", async () => {
  const seen: unknown[][] = [];
  const rec = recordingProc(seq(8), {
    onOther: (info, msg, p1, p2) => {
      seen.push([msg, p1, p2, info.hmmio]);
      return 4242;
    },
  });
  const h = await mmioOpen("x", { pIOProc: rec.proc }, MMIO_READ);
  assertOk(h);
  try {
    const obj = { any: "thing" };
    assertEquals(await mmioSendMessage(h, MMIOM_USER + 3, obj, "two"), 4242);
    assertEquals(seen.length, 1);
    assertEquals(seen[0][0], MMIOM_USER + 3);
    assertStrictEquals(seen[0][1], obj);
    assertEquals(seen[0][2], "two");
    assertStrictEquals(seen[0][3], h);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§11 built-in procedures answer 0 to unknown user messages", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/u.bin`;
    await Deno.writeFile(path, seq(4));
    const h = await mmioOpen(path, {}, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(await mmioSendMessage(h, MMIOM_USER), 0);
      assertEquals(await mmioSendMessage(h, MMIOM_USER + 77, 1, 2), 0);
    } finally {
      await mmioClose(h);
    }
  });
  const m = await openMemory(seq(16), 16);
  try {
    assertEquals(await mmioSendMessage(m, MMIOM_USER + 1, "x", null), 0);
  } finally {
    await mmioClose(m);
  }
});

// ---------------------------------------------------------------------------
// mmioRename

Deno.test("§11 mmioRename through DOS renames the file", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/old.bin`, seq(7));
    assertEquals(
      await mmioRename(`${dir}/old.bin`, `${dir}/new.bin`, null, 0),
      0,
    );
    assertEquals(await Deno.readFile(`${dir}/new.bin`), seq(7));
    let oldExists = true;
    try {
      await Deno.stat(`${dir}/old.bin`);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) oldExists = false;
      else throw e;
    }
    assertEquals(oldExists, false);
    // Defaults for info and flags.
    assertEquals(await mmioRename(`${dir}/new.bin`, `${dir}/third.bin`), 0);
    assertEquals(await Deno.readFile(`${dir}/third.bin`), seq(7));
  });
});

Deno.test("§11 mmioRename of a missing file maps the failure (FILENOTFOUND)", async () => {
  await withTempDir(async (dir) => {
    const info: Partial<MMIOINFO> = {};
    assertEquals(
      await mmioRename(`${dir}/none.bin`, `${dir}/other.bin`, info, 0),
      MMIOERR_FILENOTFOUND,
    );
    assertEquals(mmioGetLastError(info)?.code, MMIOERR_FILENOTFOUND);
    const entries = [];
    for await (const e of Deno.readDir(dir)) entries.push(e.name);
    assertEquals(entries, []);
  });
});

Deno.test("§11 mmioRename through a pIOProc sends MMIOM_RENAME(old, new)", async () => {
  const rec = recordingProc(new Uint8Array(0), {});
  assertEquals(await mmioRename("a.x", "b.x", { pIOProc: rec.proc }, 0), 0);
  assertEquals(rec.log, [[MMIOM_RENAME, "a.x", "b.x"]]);
});

Deno.test("§11 mmioRename returns the procedure's answer", async () => {
  const answer: IOProc = (_info, msg) => msg === MMIOM_RENAME ? 271 : 0;
  assertEquals(await mmioRename("a", "b", { pIOProc: answer }, 0), 271);
});

Deno.test("§11 mmioRename through an installed fccIOProc", async () => {
  const fcc = mmioFOURCC("R", "E", "N", "1");
  const rec = recordingProc();
  await withInstalled(fcc, rec.proc, async () => {
    assertEquals(await mmioRename("old", "new", { fccIOProc: fcc }, 0), 0);
  });
  assertEquals(rec.log, [[MMIOM_RENAME, "old", "new"]]);
});

Deno.test("§11 mmioRename picks the procedure from a parsed name", async () => {
  const fcc = mmioFOURCC("R", "E", "N", "2");
  const rec = recordingProc();
  await withInstalled(fcc, rec.proc, async () => {
    assertEquals(await mmioRename("x.ren2+a", "x.ren2+b", null, 0), 0);
  });
  assertEquals(rec.log, [[MMIOM_RENAME, "x.ren2+a", "x.ren2+b"]]);
});

// ---------------------------------------------------------------------------
// Message arguments (api.md "Messages sent to an I/O procedure")

Deno.test("api: messages carry the documented arguments", async () => {
  const rec = recordingProc(seq(16));
  const calls = rec.calls;
  const h = await mmioOpen("name.bin", { pIOProc: rec.proc }, MMIO_READWRITE);
  assertOk(h);
  assertEquals(calls[0], [MMIOM_OPEN, "name.bin", 0]);
  rec.clear();
  assertEquals(await mmioRead(h, new Uint8Array(4)), 4);
  assertEquals(calls.length, 1);
  assertEquals(calls[0][0], MMIOM_READ);
  assert(calls[0][1] instanceof Uint8Array);
  assertEquals(calls[0][2], 4);
  rec.clear();
  assertEquals(await mmioWrite(h, seq(3, 9)), 3);
  assertEquals(calls[0][0], MMIOM_WRITE);
  assert(calls[0][1] instanceof Uint8Array);
  assertEquals((calls[0][1] as Uint8Array).subarray(0, 3), seq(3, 9));
  assertEquals(calls[0][2], 3);
  rec.clear();
  assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
  assertEquals(calls, [[MMIOM_SEEK, 2, SEEK_SET]]);
  rec.clear();
  assertEquals(await mmioFlush(h), 0);
  assertEquals(calls[0][0], MMIOM_WRITEFLUSH);
  assert(calls[0][1] instanceof Uint8Array);
  assertEquals(calls[0][2], 0);
  rec.clear();
  assertEquals(await mmioClose(h, 0x10), 0);
  assertEquals(calls, [[MMIOM_CLOSE, 0x10, 0]]);
});

Deno.test("api: the DOS procedure's SEEK_END counts backwards (opposite of Deno.SeekMode.End)", async () => {
  const dos = mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC);
  assertOk(dos);
  const results: number[] = [];
  // Delegate everything to the built-in DOS procedure; a user message lets
  // the test send MMIOM_SEEK to it with the handle's own state.
  const wrapper: IOProc = async (info, msg, p1, p2) => {
    if (msg === MMIOM_USER) {
      results.push(await dos(info, MMIOM_SEEK, 16, SEEK_END));
      results.push(info.lDiskOffset);
      results.push(await dos(info, MMIOM_SEEK, 0, SEEK_END));
      results.push(await dos(info, MMIOM_SEEK, -4, SEEK_CUR));
      return 0;
    }
    return await dos(info, msg, p1, p2);
  };
  await withTempDir(async (dir) => {
    const path = `${dir}/s.bin`;
    await Deno.writeFile(path, seq(100));
    const h = await mmioOpen(
      path,
      { pIOProc: wrapper, fccIOProc: FOURCC_DOS },
      MMIO_READ,
    );
    assertOk(h);
    try {
      assertEquals(await mmioSendMessage(h, MMIOM_USER), 0);
      assertEquals(results, [84, 84, 100, 96]);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§11 mmioRename into or from a missing directory is PATHNOTFOUND", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/a.bin`, seq(3));
    assertEquals(
      await mmioRename(`${dir}/a.bin`, `${dir}/nodir/b.bin`, null, 0),
      MMIOERR_PATHNOTFOUND,
    );
    assertEquals(
      await mmioRename(`${dir}/nodir/a.bin`, `${dir}/b.bin`, null, 0),
      MMIOERR_PATHNOTFOUND,
    );
    // Nothing moved.
    assertEquals(await Deno.readFile(`${dir}/a.bin`), seq(3));
  });
});
