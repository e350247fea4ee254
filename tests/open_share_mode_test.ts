// Share modes (behavior.md §8): which MMIO_EXCLUSIVE, MMIO_DENYWRITE,
// MMIO_DENYREAD, MMIO_DENYNONE and MMIO_COMPAT opens of one file conflict.

import { assertEquals } from "@std/assert";
import {
  MMIO_COMPAT,
  MMIO_DENYNONE,
  MMIO_DENYREAD,
  MMIO_DENYWRITE,
  MMIO_EXCLUSIVE,
  MMIO_READ,
  mmioClose,
  MMIOERR_SHARINGVIOLATION,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
} from "../mod.ts";
import { assertOk, closeQuietly, openFile, seq } from "./_engine_util.ts";
import { withTempFile } from "./_temp_dir.ts";

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
