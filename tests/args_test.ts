// Bad input (api.md): wrong types are TypeErrors naming the argument, bad
// counts RangeErrors, promise-returning functions reject (never throw
// synchronously), synchronous ones throw; closed handles and non-handles
// give the documented error value and never throw. Partial object literals
// are accepted for MMIOINFO and MMCKINFO arguments.

import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertThrows,
} from "@std/assert";
import {
  FOURCC_RIFF,
  HMMIO,
  MMIO_CREATERIFF,
  MMIO_FINDPROC,
  MMIO_INSTALLPROC,
  MMIO_READ,
  mmioAdvance,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioFlush,
  mmioFOURCC,
  mmioGetInfo,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_USER,
  mmioOpen,
  mmioRead,
  mmioRename,
  mmioSeek,
  mmioSendMessage,
  mmioSetBuffer,
  mmioSetInfo,
  mmioStringToFOURCC,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, openMemory, seq } from "./_engine_util.ts";
import { openRecording, recordingProc } from "./_recording_proc.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/** Calls `fn`, requires that it does not throw synchronously and that it
 * returns a Promise rejecting with `ErrorClass` whose message includes
 * `name`. */
async function rejectsNaming(
  fn: () => unknown,
  ErrorClass: new (...args: Any[]) => Error,
  name: string,
): Promise<void> {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    throw new Error(`threw synchronously instead of rejecting: ${e}`);
  }
  assertInstanceOf(result, Promise);
  const err = await assertRejects(() => result as Promise<unknown>, ErrorClass);
  assert(
    (err as Error).message.includes(name),
    `message "${(err as Error).message}" does not name ${name}`,
  );
}

/** Requires that `fn` neither throws nor rejects, and resolves to `value`. */
async function resolvesTo(fn: () => unknown, value: unknown): Promise<void> {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    throw new Error(`threw synchronously: ${e}`);
  }
  assertInstanceOf(result, Promise);
  assertEquals(await result, value);
}

Deno.test("api: a non-Uint8Array buffer is a TypeError naming 'buffer' (rejected)", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  try {
    for (
      const bad of [
        "abc",
        [1, 2, 3],
        new ArrayBuffer(4),
        12,
        null,
        new Uint16Array(4),
      ]
    ) {
      await rejectsNaming(() => mmioRead(h, bad as Any), TypeError, "buffer");
      await rejectsNaming(() => mmioWrite(h, bad as Any), TypeError, "buffer");
    }
    await rejectsNaming(
      () => mmioSetBuffer(h, "x" as Any, 0),
      TypeError,
      "buffer",
    );
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: a non-numeric count is a TypeError naming the argument", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  try {
    const buf = new Uint8Array(4);
    await rejectsNaming(() => mmioRead(h, buf, "3" as Any), TypeError, "cch");
    await rejectsNaming(() => mmioWrite(h, buf, {} as Any), TypeError, "cch");
    await rejectsNaming(
      () => mmioSetBuffer(h, null, "8" as Any),
      TypeError,
      "cch",
    );
    await rejectsNaming(
      () => mmioSeek(h, "1" as Any, SEEK_SET),
      TypeError,
      "offset",
    );
    await rejectsNaming(() => mmioSeek(h, 1, "0" as Any), TypeError, "origin");
    await rejectsNaming(() => mmioSendMessage(h, "x" as Any), TypeError, "msg");
    await rejectsNaming(() => mmioClose(h, "0" as Any), TypeError, "flags");
    await rejectsNaming(() => mmioFlush(h, "0" as Any), TypeError, "flags");
    await rejectsNaming(
      () => mmioAdvance(h, null, "1" as Any),
      TypeError,
      "flags",
    );
    // The handle still works after the rejected calls.
    assertEquals(await mmioRead(h, buf), 4);
    assertEquals(buf, seq(4));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: wrong types for mmioOpen and mmioRename reject with a TypeError", async () => {
  await rejectsNaming(
    () => mmioOpen(42 as Any, null, 0),
    TypeError,
    "fileName",
  );
  await rejectsNaming(
    () => mmioOpen("x", null, "r" as Any),
    TypeError,
    "flags",
  );
  await rejectsNaming(() => mmioOpen("x", 5 as Any, 0), TypeError, "info");
  await rejectsNaming(() => mmioRename(1 as Any, "b"), TypeError, "oldName");
  await rejectsNaming(() => mmioRename("a", 2 as Any), TypeError, "newName");
});

Deno.test("api: wrong info / ck objects are TypeErrors naming them", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  try {
    await rejectsNaming(() => mmioGetInfo(h, "x" as Any), TypeError, "info");
    await rejectsNaming(() => mmioSetInfo(h, 3 as Any), TypeError, "info");
    await rejectsNaming(
      () => mmioDescend(h, "x" as Any, null),
      TypeError,
      "ck",
    );
    await rejectsNaming(() => mmioAscend(h, 7 as Any), TypeError, "ck");
    await rejectsNaming(() => mmioCreateChunk(h, "x" as Any), TypeError, "ck");
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: MMIOINFO fields of the wrong type are TypeErrors naming the field", async () => {
  const bad: [Partial<Record<keyof MMIOINFO, unknown>>, string][] = [
    [{ pIOProc: 5 }, "pIOProc"],
    [{ pchBuffer: "x" }, "pchBuffer"],
    [{ cchBuffer: "8" }, "cchBuffer"],
    [{ fccIOProc: "WAVE" }, "fccIOProc"],
    [{ adwInfo: 3 }, "adwInfo"],
  ];
  for (const [info, name] of bad) {
    await rejectsNaming(() => mmioOpen("x", info as Any, 0), TypeError, name);
    await rejectsNaming(
      () => mmioRename("a", "b", info as Any, 0),
      TypeError,
      name,
    );
  }
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  try {
    for (const name of ["pchNext", "pchEndRead", "pchEndWrite"]) {
      await rejectsNaming(
        () => mmioSetInfo(h, { [name]: "1" } as Any),
        TypeError,
        name,
      );
      await rejectsNaming(
        () => mmioAdvance(h, { [name]: "1" } as Any, MMIO_READ),
        TypeError,
        name,
      );
    }
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: cch larger than buffer.length or negative is a RangeError (rejected)", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  try {
    const buf = new Uint8Array(4);
    for (const cch of [5, 100, -1]) {
      await rejectsNaming(() => mmioRead(h, buf, cch), RangeError, "cch");
      await rejectsNaming(() => mmioWrite(h, buf, cch), RangeError, "cch");
      await rejectsNaming(() => mmioSetBuffer(h, buf, cch), RangeError, "cch");
    }
    // Nothing happened: the position is still 0.
    assertEquals(await mmioSeek(h, 0, 1), 0);
    assertEquals(await mmioRead(h, buf, 4), 4);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: mmioOpen with info.cchBuffer larger than info.pchBuffer rejects with a RangeError", async () => {
  const rec = recordingProc(seq(8));
  await rejectsNaming(
    () =>
      mmioOpen("x", {
        pIOProc: rec.proc,
        pchBuffer: new Uint8Array(4),
        cchBuffer: 5,
      }, 0),
    RangeError,
    "cchBuffer",
  );
  // The procedure was never asked to open.
  assertEquals(rec.log, []);
});

Deno.test("api: cch defaults to buffer.length", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  try {
    const buf = new Uint8Array(6);
    assertEquals(await mmioRead(h, buf), 6);
    assertEquals(await mmioWrite(h, buf), 6);
    assertEquals(await mmioSeek(h, 0, 1), 12);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: the synchronous functions throw TypeError", () => {
  assertThrows(() => mmioStringToFOURCC(12 as Any), TypeError, "s");
  assertThrows(() => mmioStringToFOURCC("ab", "x" as Any), TypeError, "flags");
  assertThrows(() => mmioFOURCC("a", 2 as Any, "c", "d"), TypeError, "c1");
  assertThrows(
    () => mmioInstallIOProc("WAVE" as Any, null, MMIO_FINDPROC),
    TypeError,
    "fcc",
  );
  assertThrows(
    () =>
      mmioInstallIOProc(
        mmioFOURCC("B", "A", "D", "P"),
        "f" as Any,
        MMIO_INSTALLPROC,
      ),
    TypeError,
    "proc",
  );
  assertThrows(
    () => mmioInstallIOProc(mmioFOURCC("B", "A", "D", "P"), null, "1" as Any),
    TypeError,
    "flags",
  );
  assertEquals(
    mmioInstallIOProc(mmioFOURCC("B", "A", "D", "P"), null, MMIO_FINDPROC),
    null,
  );
});

const notHandles: unknown[] = [
  null,
  undefined,
  42,
  "handle",
  {},
  { hmmio: 1 },
  Object.create(HMMIO.prototype),
];

Deno.test("api: non-handles give the documented error value and never throw", async () => {
  const buf = new Uint8Array(4);
  for (const h of notHandles as Any[]) {
    await resolvesTo(() => mmioRead(h, buf), -1);
    await resolvesTo(() => mmioWrite(h, buf), -1);
    await resolvesTo(() => mmioSeek(h, 0, SEEK_SET), -1);
    await resolvesTo(() => mmioClose(h), MMSYSERR_INVALHANDLE);
    await resolvesTo(() => mmioFlush(h), MMSYSERR_INVALHANDLE);
    await resolvesTo(() => mmioGetInfo(h, {}), MMSYSERR_INVALHANDLE);
    await resolvesTo(
      () => mmioSetInfo(h, {} as MMIOINFO),
      MMSYSERR_INVALHANDLE,
    );
    await resolvesTo(
      () => mmioAdvance(h, null, MMIO_READ),
      MMSYSERR_INVALHANDLE,
    );
    await resolvesTo(() => mmioSetBuffer(h, null, 0), MMSYSERR_INVALHANDLE);
    await resolvesTo(
      () => mmioSendMessage(h, MMIOM_USER),
      MMSYSERR_INVALHANDLE,
    );
    await resolvesTo(() => mmioDescend(h, {}, null), MMSYSERR_INVALHANDLE);
    await resolvesTo(() => mmioAscend(h, {} as Any), MMSYSERR_INVALHANDLE);
    await resolvesTo(() => mmioCreateChunk(h, {}), MMSYSERR_INVALHANDLE);
  }
});

Deno.test("api: a closed handle gives the documented error value and never throws", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 8 });
  assertEquals(await mmioClose(h), 0);
  const buf = new Uint8Array(4);
  await resolvesTo(() => mmioRead(h, buf), -1);
  await resolvesTo(() => mmioWrite(h, buf), -1);
  await resolvesTo(() => mmioSeek(h, 0, SEEK_SET), -1);
  await resolvesTo(() => mmioClose(h), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioFlush(h), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioGetInfo(h, {}), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioSetInfo(h, {} as MMIOINFO), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioAdvance(h, null, MMIO_READ), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioSetBuffer(h, null, 0), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioSendMessage(h, MMIOM_USER), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioDescend(h, {}, null), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioAscend(h, {} as Any), MMSYSERR_INVALHANDLE);
  await resolvesTo(() => mmioCreateChunk(h, {}), MMSYSERR_INVALHANDLE);
});

Deno.test("api: HMMIO cannot be made outside mmioOpen", () => {
  let made: unknown = null;
  try {
    made = new (HMMIO as Any)();
  } catch {
    made = null;
  }
  // Either the constructor refuses, or the object is not a usable handle.
  if (made !== null) {
    return mmioSeek(made as Any, 0, SEEK_SET).then((r) => assertEquals(r, -1));
  }
});

Deno.test("api: partial MMIOINFO literals are accepted by mmioOpen, mmioGetInfo, mmioAdvance", async () => {
  const rec = recordingProc(seq(32));
  const h = await mmioOpen("p", { pIOProc: rec.proc, cchBuffer: 8 });
  assertOk(h);
  try {
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info), 0);
    assertEquals(info.cchBuffer, 8);
    const part: Partial<MMIOINFO> = {};
    assertEquals(await mmioAdvance(h, part as MMIOINFO, MMIO_READ), 0);
    assertEquals(part.pchEndRead, 8);
    assertEquals(part.lBufOffset, 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("api: partial MMCKINFO literals are accepted and filled", async () => {
  const h = await openMemory(new Uint8Array(64), 64);
  try {
    const ck: Partial<
      {
        ckid: number;
        cksize: number;
        fccType: number;
        dwDataOffset: number;
        dwFlags: number;
      }
    > = {
      fccType: mmioFOURCC("T", "E", "S", "T"),
    };
    assertEquals(await mmioCreateChunk(h, ck, MMIO_CREATERIFF), 0);
    assertEquals(ck.ckid, FOURCC_RIFF);
    assertEquals(ck.dwDataOffset, 8);
    assertEquals(await mmioWrite(h, seq(4)), 4);
    assertEquals(await mmioAscend(h, ck as Any, 0), 0);
    assertEquals(ck.cksize, 8);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const found: Partial<
      {
        ckid: number;
        cksize: number;
        fccType: number;
        dwDataOffset: number;
        dwFlags: number;
      }
    > = {};
    assertEquals(await mmioDescend(h, found, null, 0), 0);
    assertEquals(found.ckid, FOURCC_RIFF);
    assertEquals(found.cksize, 8);
    assertEquals(found.fccType, mmioFOURCC("T", "E", "S", "T"));
    assertEquals(found.dwDataOffset, 8);
    assertEquals(found.dwFlags, 0);
  } finally {
    await mmioClose(h);
  }
});
