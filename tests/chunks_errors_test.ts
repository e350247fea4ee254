// Chunk-function answers that are not about the file: a chunk not found,
// a closed handle, and a ck argument that is not an object.

import { assert, assertEquals } from "@std/assert";
import {
  FOURCC_MEM,
  type MMCKINFO,
  MMIO_FINDCHUNK,
  MMIO_READ,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CHUNKNOTFOUND,
  mmioGetLastError,
  mmioOpen,
  MMSYSERR_INVALHANDLE,
} from "../mod.ts";
import { fcc } from "./fuzz/_riff.ts";
import { junk, opened, withReader } from "./_chunk_modes.ts";
import { THREE } from "./_chunk_fixtures.ts";

Deno.test("a chunk not found is an answer, not a failure: nothing is recorded", async () => {
  await withReader(THREE, "memory", async (h) => {
    const ck = junk({ ckid: fcc("zzzz") });
    assertEquals(
      await mmioDescend(h, ck, null, MMIO_FINDCHUNK),
      MMIOERR_CHUNKNOTFOUND,
    );
    assertEquals(mmioGetLastError(h), null);
  });
});

Deno.test("chunk functions on a closed handle: MMSYSERR_INVALHANDLE", async () => {
  const h = opened(
    await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      pchBuffer: THREE.slice(),
      cchBuffer: THREE.length,
    }, MMIO_READ),
    "memory",
  );
  assertEquals(await mmioClose(h, 0), 0);
  const ck = junk();
  assertEquals(await mmioDescend(h, ck, null, 0), MMSYSERR_INVALHANDLE);
  assertEquals(await mmioAscend(h, ck, 0), MMSYSERR_INVALHANDLE);
  assertEquals(await mmioCreateChunk(h, ck, 0), MMSYSERR_INVALHANDLE);
  assertEquals(ck, junk(), "ck is left alone");
});

Deno.test("chunk functions reject a ck that is not an object with a TypeError naming it", async () => {
  await withReader(THREE, "memory", async (h) => {
    for (
      const call of [
        () => mmioDescend(h, null as unknown as MMCKINFO, null, 0),
        () => mmioAscend(h, 42 as unknown as MMCKINFO, 0),
        () => mmioCreateChunk(h, "ck" as unknown as MMCKINFO, 0),
      ]
    ) {
      let promise: Promise<number> | undefined;
      try {
        promise = call();
      } catch (e) {
        throw new Error(`threw synchronously instead of rejecting: ${e}`);
      }
      const e = await promise.then(() => null, (e) => e);
      assert(e instanceof TypeError, `expected a TypeError, got ${e}`);
      assert(/\bck\b/.test(e.message), `the message names ck: ${e.message}`);
    }
  });
});
