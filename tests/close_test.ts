// mmioClose and Symbol.asyncDispose (behavior.md §6): the final flush and
// MMIOM_CLOSE, a failing flush or close, and the handle afterwards.

import { assert, assertEquals } from "@std/assert";
import {
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_CANNOTWRITE,
  mmioFlush,
  mmioGetLastError,
  MMIOM_CLOSE,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

Deno.test("§6 mmioClose flushes with MMIOM_WRITE, then sends MMIOM_CLOSE(flags)", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  assertEquals(await mmioWrite(h, seq(3)), 3);
  assertEquals(await mmioClose(h, 0x10), 0);
  assertEquals(rec.log, [[MMIOM_WRITE, 3], [MMIOM_CLOSE, 0x10]]);
  assertEquals(rec.data(), seq(3));
});

Deno.test("§6 mmioClose whose final flush fails returns CANNOTWRITE and still closes", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  assertEquals(await mmioWrite(h, seq(3)), 3);
  rec.failWrites = true;
  assertEquals(await mmioClose(h, 0), MMIOERR_CANNOTWRITE);
  assert(rec.log.some((e) => e[0] === MMIOM_CLOSE));
  const err = mmioGetLastError(h);
  assertOk(err);
  assertEquals(err.code, MMIOERR_CANNOTWRITE);
  // The handle is invalid now.
  assertEquals(await mmioClose(h, 0), MMSYSERR_INVALHANDLE);
  assertEquals(await mmioWrite(h, seq(1)), -1);
});

Deno.test("§6 after close the handle is invalid", async () => {
  const { h } = await openRecording(seq(8), { cchBuffer: 4 });
  assertEquals(await mmioClose(h), 0);
  assertEquals(await mmioRead(h, new Uint8Array(1)), -1);
  assertEquals(await mmioWrite(h, new Uint8Array(1)), -1);
  assertEquals(await mmioSeek(h, 0, SEEK_SET), -1);
  assertEquals(await mmioFlush(h), MMSYSERR_INVALHANDLE);
  assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);
});

Deno.test("§6 mmioClose on an unbuffered handle sends only MMIOM_CLOSE", async () => {
  const { h, rec } = await openRecording(seq(8), {});
  assertEquals(await mmioWrite(h, seq(2)), 2);
  rec.clear();
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.log, [[MMIOM_CLOSE, 0]]);
});

Deno.test("§6 await using closes the handle through Symbol.asyncDispose", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  {
    await using handle: HMMIO = h;
    assertEquals(await mmioWrite(handle, seq(4)), 4);
  }
  assertEquals(rec.log, [[MMIOM_WRITE, 4], [MMIOM_CLOSE, 0]]);
  assertEquals(rec.data(), seq(4));
  assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);
});

Deno.test("§6 a failing asyncDispose does not throw; its code stays reachable", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  {
    await using handle: HMMIO = h;
    assertEquals(await mmioWrite(handle, seq(4)), 4);
    rec.failWrites = true;
  }
  assert(rec.log.some((e) => e[0] === MMIOM_CLOSE));
  assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTWRITE);
  assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);
});

Deno.test("§6 asyncDispose on a DOS handle flushes and closes the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/u.bin`;
    {
      await using h =
        (await mmioOpen(path, {}, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF))!;
      assertEquals(await mmioWrite(h, seq(10)), 10);
    }
    assertEquals(await Deno.readFile(path), seq(10));
  });
});

Deno.test("§6 mmioClose's flush seeks first when the procedure is elsewhere", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 8 });
  assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // the procedure is at 8
  assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
  assertEquals(await mmioWrite(h, fill(3, 0x44)), 3);
  rec.clear();
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.log, [
    [MMIOM_SEEK, 2, SEEK_SET],
    [MMIOM_WRITE, 3],
    [MMIOM_CLOSE, 0],
  ]);
});

Deno.test("§6 asyncDispose after an explicit close does not throw", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  {
    await using handle: HMMIO = h;
    assertEquals(await mmioClose(handle), 0);
  }
  assertEquals(rec.log.filter((e) => e[0] === MMIOM_CLOSE).length, 1);
});
