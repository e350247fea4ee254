// Chunks at offsets past 4 GiB, in a sparse file (only a few bytes are
// really stored): descend skips a 4 GiB chunk, create and ascend there.

import { assertEquals } from "@std/assert";
import {
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_FINDCHUNK,
  MMIO_READWRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CHUNKNOTFOUND,
  mmioOpen,
  mmioSeek,
  mmioWrite,
  SEEK_SET,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import { walkRiff } from "./fuzz/_walk.ts";
import { withTempDir } from "./_temp_dir.ts";
import { junk, opened, tell } from "./_chunk_modes.ts";

const G4 = 2 ** 32;

Deno.test("chunks past 4 GiB: descend skips a 4 GiB chunk, create and ascend there (disk)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/huge.riff`;
    // 'big ' at 0 claims 0xFFFFFFFE bytes, so the next chunk starts at
    // 8 + 0xFFFFFFFE = 2^32 + 6, where 'targ' (2 bytes) is.
    const targAt = G4 + 6;
    using file = await Deno.open(path, {
      read: true,
      write: true,
      create: true,
      truncate: true,
    });
    await file.write(new Bytes().fcc("big ").u32(0xfffffffe).bytes());
    await file.seek(targAt, Deno.SeekMode.Start);
    await file.write(new Bytes().fcc("targ").u32(2).raw("ok").bytes());

    for (const mode of ["disk", "disk, unbuffered"] as const) {
      const h = opened(
        mode === "disk"
          ? await mmioOpen(path, null, MMIO_READWRITE | MMIO_ALLOCBUF)
          : await mmioOpen(path, null, MMIO_READWRITE),
        mode,
      );
      try {
        const ck = junk({ ckid: fcc("targ") });
        assertEquals(await mmioDescend(h, ck, null, MMIO_FINDCHUNK), 0, mode);
        assertEquals(ck.dwDataOffset, targAt + 8);
        assertEquals(await tell(h), targAt + 8);
        assertEquals(await mmioAscend(h, ck, 0), 0);
        assertEquals(await tell(h), targAt + 10);

        // A new chunk after it, with odd data: pad and size past 4 GiB.
        const made: Partial<MMCKINFO> = { ckid: fcc("more") };
        assertEquals(await mmioCreateChunk(h, made, 0), 0);
        assertEquals(made.dwDataOffset, targAt + 18);
        assertEquals(await mmioWrite(h, new TextEncoder().encode("abc")), 3);
        assertEquals(await mmioAscend(h, made as MMCKINFO, 0), 0);
        assertEquals(made.cksize, 3);
        assertEquals(await tell(h), targAt + 22);

        // The whole file walks: the 4 GiB chunk, 'targ', 'more'.
        assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
        const seen = await walkRiff(h);
        assertEquals(seen.rows, [
          ["ck", 0, "big ", 0xfffffffe, 8, ""],
          ["up", 0, 0, targAt],
          ["ck", 0, "targ", 2, targAt + 8, ""],
          ["up", 0, 0, targAt + 10],
          ["ck", 0, "more", 3, targAt + 18, ""],
          ["up", 0, 0, targAt + 22],
          ["end", 0, MMIOERR_CHUNKNOTFOUND, targAt + 22],
        ]);
      } finally {
        assertEquals(await mmioClose(h, 0), 0);
      }
      // The bytes really are past 4 GiB.
      const tail = new Uint8Array(12);
      await file.seek(targAt + 10, Deno.SeekMode.Start);
      assertEquals(await file.read(tail), 12);
      assertEquals(
        tail,
        new Bytes().fcc("more").u32(3).raw("abc").raw([0]).bytes(),
      );
      assertEquals((await file.stat()).size, targAt + 22);
      await file.truncate(targAt + 10); // the next mode starts over
    }
  });
});
