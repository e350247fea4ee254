// What the engine makes of a procedure's failures (behavior.md §6, §8): the
// MMIOM_OPEN and MMIOM_CLOSE results, and a procedure that throws or rejects
// in any message, with the error kept as the cause for mmioGetLastError.

import { assertEquals, assertStrictEquals } from "@std/assert";
import {
  MMIO_ALLOCBUF,
  MMIO_READWRITE,
  mmioClose,
  MMIOERR_CANNOTCLOSE,
  MMIOERR_CANNOTOPEN,
  MMIOERR_INVALIDFILE,
  mmioGetLastError,
  type MMIOINFO,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, infoOf, seq } from "./_engine_util.ts";
import { recordingProc } from "./_recording_proc.ts";

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
