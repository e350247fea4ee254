// mmioOpen's path operations (api.md; the brief fixes string | null):
// MMIO_PARSE, MMIO_EXIST, MMIO_DELETE and MMIO_GETTEMP.

import { assert, assertEquals, assertNotStrictEquals } from "@std/assert";
import {
  MMIO_DELETE,
  MMIO_EXIST,
  MMIO_GETTEMP,
  MMIO_PARSE,
  MMIOERR_FILENOTFOUND,
  type MMIOINFO,
  mmioOpen,
} from "../mod.ts";
import { assertOk, seq } from "./_engine_util.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";

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
