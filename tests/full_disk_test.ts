// A full disk, for real: every write to /dev/full fails with ENOSPC (and a
// read-only handle refuses writes the same way). The engine must turn that
// into return codes (never an exception), keep the unwritten bytes dirty,
// still close the file when the final flush fails, and keep the OS error
// reachable as the cause.

import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  type HMMIO,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTWRITE,
  mmioFlush,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioSeek,
  mmioSetBuffer,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  SEEK_SET,
} from "../mod.ts";
import { openFdCount } from "./children/_helpers.ts";
import { assertOk } from "./_engine_util.ts";
import { withTempDir } from "./_temp_dir.ts";

const FULL = "/dev/full";
let hasFull = false;
try {
  hasFull = Deno.statSync(FULL).isCharDevice === true;
} catch {
  hasFull = false;
}

/** The last failure's cause must be the OS's "no space" error. */
function assertNoSpaceCause(target: HMMIO): void {
  const err = mmioGetLastError(target);
  assertOk(err, "a failure was recorded");
  assertEquals(err.code, MMIOERR_CANNOTWRITE);
  if (!(err.cause instanceof Error)) throw new Error(`cause: ${err.cause}`);
  assertMatch(err.cause.message, /os error 28|No space left/);
}

async function openFull(info: Partial<MMIOINFO>): Promise<HMMIO> {
  const h = await mmioOpen(FULL, info, MMIO_WRITE);
  assertOk(h, `open ${FULL}: ${info.wErrorRet}`);
  assertEquals(info.wErrorRet ?? 0, 0);
  return h;
}

/** The handle is closed: every call answers its invalid-handle value. */
async function assertClosed(h: HMMIO): Promise<void> {
  assertEquals(await mmioWrite(h, new Uint8Array(1)), -1);
  assertEquals(await mmioFlush(h, 0), MMSYSERR_INVALHANDLE);
  assertEquals(await mmioClose(h, 0), MMSYSERR_INVALHANDLE);
}

Deno.test({
  name:
    "full disk: buffered write then mmioFlush is CANNOTWRITE, bytes stay dirty",
  ignore: !hasFull,
  async fn() {
    const fds = openFdCount();
    const h = await openFull({ cchBuffer: 4096 });
    assertEquals(await mmioWrite(h, new Uint8Array(100).fill(1)), 100);
    assertEquals(await mmioFlush(h, 0), MMIOERR_CANNOTWRITE);
    assertNoSpaceCause(h);

    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info, 0), 0);
    assert((info.dwFlags! & MMIO_DIRTY) !== 0, "a failed flush stays dirty");
    assertEquals(info.pchNext, 100, "the buffered bytes are kept");

    // Every retry fails the same way; none is a silent 0.
    assertEquals(await mmioFlush(h, 0), MMIOERR_CANNOTWRITE);
    // Operations that need the flush fail and change nothing.
    assertEquals(await mmioSetBuffer(h, null, 0, 0), MMIOERR_CANNOTWRITE);
    const direct: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, direct, 0), 0);
    assertEquals(
      await mmioAdvance(h, direct as MMIOINFO, MMIO_WRITE),
      MMIOERR_CANNOTWRITE,
    );
    assertEquals(await mmioSeek(h, 1_000_000, SEEK_SET), -1);
    const after: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, after, 0), 0);
    assertEquals(after.pchNext, 100);
    assertEquals(after.cchBuffer, 4096);
    assert((after.dwFlags! & MMIO_DIRTY) !== 0);

    // Close reports the failed final flush, and closes anyway.
    assertEquals(await mmioClose(h, 0), MMIOERR_CANNOTWRITE);
    assertNoSpaceCause(h);
    await assertClosed(h);
    assertEquals(openFdCount(), fds, "the file descriptor is gone");
  },
});

Deno.test({
  name: "full disk: unbuffered mmioWrite returns -1 and close succeeds",
  ignore: !hasFull,
  async fn() {
    const fds = openFdCount();
    const h = await openFull({});
    assertEquals(await mmioWrite(h, new Uint8Array(10).fill(2)), -1);
    assertNoSpaceCause(h);
    assertEquals(await mmioWrite(h, new Uint8Array(1)), -1);
    // Nothing was buffered, so nothing is left to fail at close.
    assertEquals(await mmioClose(h, 0), 0);
    await assertClosed(h);
    assertEquals(openFdCount(), fds);
  },
});

Deno.test({
  name: "full disk: a write larger than the buffer reports what was accepted",
  ignore: !hasFull,
  async fn() {
    const fds = openFdCount();
    const h = await openFull({ cchBuffer: 1024 });
    const n = await mmioWrite(h, new Uint8Array(20_000).fill(3));
    // Either nothing was accepted (-1) or only what the buffer still holds.
    assert(n === -1 || (n > 0 && n <= 1024), `mmioWrite returned ${n}`);
    assertNoSpaceCause(h);
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info, 0), 0);
    const dirty = (info.dwFlags! & MMIO_DIRTY) !== 0;
    assertEquals(dirty, n > 0, "accepted bytes are dirty, not dropped");
    assertEquals(
      await mmioClose(h, 0),
      dirty ? MMIOERR_CANNOTWRITE : 0,
    );
    await assertClosed(h);
    assertEquals(openFdCount(), fds);
  },
});

Deno.test({
  name: "full disk: await using closes, does not throw, keeps the error",
  ignore: !hasFull,
  async fn() {
    const fds = openFdCount();
    let kept: HMMIO | null = null;
    {
      await using h = await openFull({ cchBuffer: 512 });
      kept = h;
      assertEquals(await mmioWrite(h, new Uint8Array(5)), 5);
    }
    assertOk(kept);
    assertNoSpaceCause(kept);
    await assertClosed(kept);
    assertEquals(openFdCount(), fds);
  },
});

Deno.test({
  name: "full disk: many failing handles leak no descriptor",
  ignore: !hasFull,
  async fn() {
    const fds = openFdCount();
    for (let i = 0; i < 200; i++) {
      const h = await openFull({ cchBuffer: i % 2 ? 256 : 0 });
      const w = await mmioWrite(h, new Uint8Array(300));
      assert(w === -1 || w === 256, `write ${w}`);
      const f = await mmioFlush(h, 0);
      // With bytes pending the flush must fail; with none, only the sync runs
      // (and fsync of a character device may itself fail: not checked here).
      if (w > 0) assertEquals(f, MMIOERR_CANNOTWRITE);
      else assertEquals(typeof f, "number");
      const c = await mmioClose(h, 0);
      assert(c === 0 || c === MMIOERR_CANNOTWRITE, `close ${c}`);
    }
    assertEquals(openFdCount(), fds);
  },
});

Deno.test("read-only handle: buffered bytes that cannot be written are reported, not dropped", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/ro.bin`;
    await Deno.writeTextFile(path, "hello");
    const fds = openFdCount();
    const h = await mmioOpen(path, { cchBuffer: 64 }, MMIO_READ);
    assertOk(h);
    assertEquals(await mmioWrite(h, new TextEncoder().encode("XY")), 2);
    assertEquals(await mmioFlush(h, 0), MMIOERR_CANNOTWRITE);
    assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTWRITE);
    assertEquals(await mmioClose(h, 0), MMIOERR_CANNOTWRITE);
    await assertClosed(h);
    assertEquals(openFdCount(), fds);
    assertEquals(await Deno.readTextFile(path), "hello");
  });
});
