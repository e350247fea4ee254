// RIFF chunk conformance: every rule of behavior.md §10 for mmioDescend,
// mmioCreateChunk and mmioAscend, on memory files and on disk files
// (engine buffer, a 7-byte buffer that splits every header, unbuffered),
// and the §10 worked example byte for byte.

import { assert, assertEquals, assertNotEquals } from "@std/assert";
import {
  FOURCC_LIST,
  FOURCC_MEM,
  FOURCC_RIFF,
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_FINDCHUNK,
  MMIO_FINDLIST,
  MMIO_FINDRIFF,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOERR_CHUNKNOTFOUND,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetInfo,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  MMSYSERR_NOERROR,
  SEEK_CUR,
  SEEK_SET,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import { walkRiff, type WalkRow } from "./fuzz/_walk.ts";
import { type RecordingFile, recordingProc } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

// ---------------------------------------------------------------------------
// Helpers

type Mode = "memory" | "disk" | "disk, 7-byte buffer" | "disk, unbuffered";
const MODES: Mode[] = [
  "memory",
  "disk",
  "disk, 7-byte buffer",
  "disk, unbuffered",
];

/** Bytes a memory file starts with, so that a written 0 is visible. */
const FILLER = 0xcc;
const MEMORY_BLOCK = 64;

/** The handle, or a failed test when the open failed. */
function opened(h: HMMIO | null, what: string): HMMIO {
  if (!h) throw new Error(`mmioOpen failed: ${what}`);
  return h;
}

async function tell(h: HMMIO): Promise<number> {
  return await mmioSeek(h, 0, SEEK_CUR);
}

/** Caller input that a correct engine must overwrite or ignore. */
function junk(fields: Partial<MMCKINFO> = {}): MMCKINFO {
  return {
    ckid: fcc("junk"),
    cksize: 0x5a5a5a5a,
    fccType: fcc("TYPE"),
    dwDataOffset: 0x12345,
    dwFlags: 0x7fff,
    ...fields,
  };
}

/** Opens `bytes` for reading in `mode`, runs `fn`, closes, cleans up. */
async function withReader(
  bytes: Uint8Array,
  mode: Mode,
  fn: (h: HMMIO) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    let maybe: HMMIO | null;
    if (mode === "memory") {
      maybe = await mmioOpen(null, {
        fccIOProc: FOURCC_MEM,
        pchBuffer: bytes.slice(),
        cchBuffer: bytes.length,
      }, MMIO_READ);
    } else {
      const path = `${dir}/in.riff`;
      await Deno.writeFile(path, bytes);
      maybe = mode === "disk"
        ? await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF)
        : mode === "disk, 7-byte buffer"
        ? await mmioOpen(path, { cchBuffer: 7 }, MMIO_READ)
        : await mmioOpen(path, null, MMIO_READ);
    }
    const h = opened(maybe, mode);
    try {
      await fn(h);
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
  });
}

/**
 * Opens an empty writable file in `mode`, runs `fn`, closes and returns the
 * file's bytes. A memory file is a 64-byte block of 0xCC that cannot grow;
 * its whole block is returned.
 */
async function withWriter(
  mode: Mode,
  fn: (h: HMMIO) => Promise<void>,
): Promise<Uint8Array> {
  return await withTempDir(async (dir) => {
    const path = `${dir}/out.riff`;
    let maybe: HMMIO | null;
    if (mode === "memory") {
      maybe = await mmioOpen(null, {
        fccIOProc: FOURCC_MEM,
        pchBuffer: new Uint8Array(MEMORY_BLOCK).fill(FILLER),
        cchBuffer: MEMORY_BLOCK,
        adwInfo: [0, 0, 0],
      }, MMIO_READWRITE);
    } else {
      const flags = MMIO_CREATE | MMIO_READWRITE;
      maybe = mode === "disk"
        ? await mmioOpen(path, null, flags | MMIO_ALLOCBUF)
        : mode === "disk, 7-byte buffer"
        ? await mmioOpen(path, { cchBuffer: 7 }, flags)
        : await mmioOpen(path, null, flags);
    }
    const h = opened(maybe, mode);
    let block: Uint8Array | null = null;
    try {
      await fn(h);
      if (mode === "memory") {
        const info: Partial<MMIOINFO> = {};
        assertEquals(await mmioGetInfo(h, info), 0);
        block = info.pchBuffer!.slice();
      }
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
    return block ?? await Deno.readFile(path);
  });
}

/** The file must be exactly `want` (memory: `want`, then untouched filler). */
function assertFile(mode: Mode, got: Uint8Array, want: Uint8Array): void {
  if (mode === "memory") {
    assertEquals(got.subarray(0, want.length), want);
    assertEquals(
      got.subarray(want.length),
      new Uint8Array(MEMORY_BLOCK - want.length).fill(FILLER),
      "a memory file was written past the expected end",
    );
  } else {
    assertEquals(got, want);
  }
}

function describeModes(
  name: string,
  fn: (mode: Mode) => Promise<void>,
): void {
  for (const mode of MODES) Deno.test(`${name} (${mode})`, () => fn(mode));
}

/**
 * An unbuffered handle on a recording procedure serving `bytes`: every write
 * and seek reaches the procedure at once, and its `failWrites` and
 * `failSeeks` make them fail.
 */
async function openProc(
  bytes: Uint8Array,
): Promise<{ h: HMMIO; rec: RecordingFile }> {
  const rec = recordingProc(bytes);
  const h = await mmioOpen("chunks.tst", {
    fccIOProc: fcc("TST "),
    pIOProc: rec.proc,
  }, MMIO_READWRITE);
  return { h: opened(h, "a procedure"), rec };
}

// ---------------------------------------------------------------------------
// mmioDescend

// Three plain chunks at the top level: 'aaaa' at 0, 'bbbb' at 10, 'cccc' at 20.
const THREE = new Bytes()
  .fcc("aaaa").u32(2).raw("11")
  .fcc("bbbb").u32(2).raw("22")
  .fcc("cccc").u32(2).raw("33")
  .bytes();

describeModes(
  "mmioDescend searches from the current position",
  async (mode) => {
    await withReader(THREE, mode, async (h) => {
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      const ck = junk();
      assertEquals(await mmioDescend(h, ck, null, 0), 0);
      assertEquals(ck.ckid, fcc("bbbb"));
      assertEquals(ck.cksize, 2);
      assertEquals(ck.dwDataOffset, 18);
      assertEquals(await tell(h), 18);

      // A chunk before the current position is not searched.
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      const behind = junk({ ckid: fcc("aaaa") });
      assertEquals(
        await mmioDescend(h, behind, null, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 10);

      const ahead = junk({ ckid: fcc("cccc") });
      assertEquals(await mmioDescend(h, ahead, null, MMIO_FINDCHUNK), 0);
      assertEquals(ahead.dwDataOffset, 28);
      assertEquals(await tell(h), 28);
    });
  },
);

describeModes(
  "mmioDescend with flags 0 takes the first chunk, whatever it is",
  async (mode) => {
    await withReader(THREE, mode, async (h) => {
      const ck = junk();
      assertEquals(await mmioDescend(h, ck, null, 0), 0);
      assertEquals(ck, {
        ckid: fcc("aaaa"),
        cksize: 2,
        fccType: 0,
        dwDataOffset: 8,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 8);
    });
  },
);

// RIFF 'WAVE' holding 'fmt ' (data 20..22); 'targ' after the RIFF at 22.
const RIFF_THEN_TARG = new Bytes()
  .fcc("RIFF").u32(14).fcc("WAVE")
  .fcc("fmt ").u32(2).raw("ab")
  .fcc("targ").u32(2).raw("ok")
  .bytes();

describeModes(
  "mmioDescend with a parent stops at the parent's end (decision)",
  async (mode) => {
    await withReader(RIFF_THEN_TARG, mode, async (h) => {
      const riff = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
      assertEquals(await tell(h), 12);

      const ck = junk({ ckid: fcc("targ") });
      assertEquals(
        await mmioDescend(h, ck, riff, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 12);
      // The last header read is the RIFF's last child, not the chunk after it.
      assertEquals(ck.ckid, fcc("fmt "));
      assertEquals(ck.cksize, 2);
      assertEquals(ck.dwDataOffset, 20);
      assertEquals(ck.fccType, 0);

      // Without a parent the same search goes on past the RIFF's end.
      const free = junk({ ckid: fcc("targ") });
      assertEquals(await mmioDescend(h, free, null, MMIO_FINDCHUNK), 0);
      assertEquals(free.dwDataOffset, 30);
      assertEquals(await tell(h), 30);
    });
  },
);

describeModes(
  "mmioDescend fails when the position is outside the parent's data",
  async (mode) => {
    await withReader(RIFF_THEN_TARG, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      assertEquals(riff.dwDataOffset, 8);
      // At the parent's end (22 = 8 + 14) there is a chunk, but not inside.
      assertEquals(await mmioSeek(h, 22, SEEK_SET), 22);
      assertNotEquals(await mmioDescend(h, junk(), riff, 0), 0);
      // Before the parent's data.
      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      assertNotEquals(await mmioDescend(h, junk(), riff, 0), 0);
    });
  },
);

// RIFF 'WAVE' { 'odd ' 3 + pad (12..24), 'targ' 4 (data 32..36) }.
const PADDED = new Bytes()
  .fcc("RIFF").u32(28).fcc("WAVE")
  .fcc("odd ").u32(3).raw("xyz").raw([0])
  .fcc("targ").u32(4).raw("1234")
  .bytes();

describeModes(
  "MMIO_FINDCHUNK skips chunks by their size rounded up to even",
  async (mode) => {
    await withReader(PADDED, mode, async (h) => {
      const riff = junk({ fccType: 0 });
      assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
      const ck = junk({ ckid: fcc("targ") });
      assertEquals(await mmioDescend(h, ck, riff, MMIO_FINDCHUNK), 0);
      assertEquals(ck, {
        ckid: fcc("targ"),
        cksize: 4,
        fccType: 0,
        dwDataOffset: 32,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 32);
    });
  },
);

describeModes("MMIO_FINDCHUNK with ckid 0 matches any chunk", async (mode) => {
  await withReader(PADDED, mode, async (h) => {
    const first = junk({ ckid: 0 });
    assertEquals(await mmioDescend(h, first, null, MMIO_FINDCHUNK), 0);
    assertEquals(first.ckid, FOURCC_RIFF);
    assertEquals(first.fccType, fcc("WAVE"));
    assertEquals(await tell(h), 12);
    const child = junk({ ckid: 0 });
    assertEquals(await mmioDescend(h, child, first, MMIO_FINDCHUNK), 0);
    assertEquals(child.ckid, fcc("odd "));
    assertEquals(child.dwDataOffset, 20);
    assertEquals(child.fccType, 0);
    assertEquals(await tell(h), 20);
  });
});

// RIFF 'AVI ' (0..24), RIFF 'WAVE' (24..46), LIST 'WAVE' (46..66), 'data' (66..76).
const FORMS = new Bytes()
  .fcc("RIFF").u32(16).fcc("AVI ").fcc("avih").u32(4).raw("1234")
  .fcc("RIFF").u32(14).fcc("WAVE").fcc("fmt ").u32(2).raw("ab")
  .fcc("LIST").u32(12).fcc("WAVE").fcc("junk").u32(0)
  .fcc("data").u32(2).raw("cd")
  .bytes();

describeModes(
  "MMIO_FINDRIFF matches RIFF chunks by form type (0: any)",
  async (mode) => {
    await withReader(FORMS, mode, async (h) => {
      const wave = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, wave, null, MMIO_FINDRIFF), 0);
      assertEquals(wave, {
        ckid: FOURCC_RIFF,
        cksize: 14,
        fccType: fcc("WAVE"),
        dwDataOffset: 32,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 36, "after the form type");

      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const any = junk({ fccType: 0 });
      assertEquals(await mmioDescend(h, any, null, MMIO_FINDRIFF), 0);
      assertEquals(any.fccType, fcc("AVI "));
      assertEquals(any.dwDataOffset, 8);
      assertEquals(await tell(h), 12);

      // A LIST of the same type is not a RIFF; the last header read is 'data'.
      assertEquals(await mmioSeek(h, 46, SEEK_SET), 46);
      const none = junk({ fccType: fcc("WAVE") });
      assertEquals(
        await mmioDescend(h, none, null, MMIO_FINDRIFF),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 46);
      assertEquals(none.ckid, fcc("data"));
      assertEquals(none.cksize, 2);
      assertEquals(none.dwDataOffset, 74);
      assertEquals(none.fccType, 0);
    });
  },
);

describeModes(
  "MMIO_FINDLIST matches LIST chunks by list type (0: any)",
  async (mode) => {
    await withReader(FORMS, mode, async (h) => {
      const wave = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, wave, null, MMIO_FINDLIST), 0);
      assertEquals(wave, {
        ckid: FOURCC_LIST,
        cksize: 12,
        fccType: fcc("WAVE"),
        dwDataOffset: 54,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 58);

      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const any = junk({ fccType: 0 });
      assertEquals(await mmioDescend(h, any, null, MMIO_FINDLIST), 0);
      assertEquals(any.dwDataOffset, 54);

      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const info = junk({ fccType: fcc("INFO") });
      assertEquals(
        await mmioDescend(h, info, null, MMIO_FINDLIST),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 0);
      assertEquals(info.ckid, fcc("data"));
      assertEquals(info.dwDataOffset, 74);
    });
  },
);

describeModes(
  "MMIO_FINDCHUNK on a RIFF/LIST id leaves the position after the type",
  async (mode) => {
    await withReader(FORMS, mode, async (h) => {
      const ck = junk({ ckid: FOURCC_LIST });
      assertEquals(await mmioDescend(h, ck, null, MMIO_FINDCHUNK), 0);
      assertEquals(ck.dwDataOffset, 54);
      assertEquals(ck.fccType, fcc("WAVE"));
      assertEquals(await tell(h), 58);
    });
  },
);

// 'aaaa' 2 at 0, LIST 'INFO' at 10 (data 18..32) holding an odd 'ISFT'.
const ENDS_WITH_LIST = new Bytes()
  .fcc("aaaa").u32(2).raw("11")
  .fcc("LIST").u32(14).fcc("INFO").fcc("ISFT").u32(1).raw("x").raw([0])
  .bytes();

describeModes(
  "mmioDescend not found: ck is the last header read, position restored",
  async (mode) => {
    await withReader(ENDS_WITH_LIST, mode, async (h) => {
      const ck = junk({ ckid: fcc("zzzz") });
      assertEquals(
        await mmioDescend(h, ck, null, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 0);
      assertEquals(ck.ckid, FOURCC_LIST);
      assertEquals(ck.cksize, 14);
      assertEquals(ck.dwDataOffset, 18);
      assertEquals(ck.fccType, fcc("INFO"), "the type of a RIFF/LIST");

      // flags 0 at the LIST: position after the type, type kept.
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      const list = junk();
      assertEquals(await mmioDescend(h, list, null, 0), 0);
      assertEquals(list.fccType, fcc("INFO"));
      assertEquals(list.dwFlags, 0);
      assertEquals(await tell(h), 22);
    });
  },
);

describeModes(
  "mmioDescend ends cleanly on sizes past the end of file",
  async (mode) => {
    for (const size of [0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000]) {
      const bytes = new Bytes()
        .fcc("big ").u32(size).raw("1234")
        .fcc("targ").u32(2).raw("ok")
        .bytes();
      await withReader(bytes, mode, async (h) => {
        const ck = junk({ ckid: fcc("targ") });
        assertEquals(
          await mmioDescend(h, ck, null, MMIO_FINDCHUNK),
          MMIOERR_CHUNKNOTFOUND,
          `size ${size}`,
        );
        assertEquals(await tell(h), 0);
        assertEquals(ck.ckid, fcc("big "));
        assertEquals(ck.cksize, size);
        assertEquals(ck.dwDataOffset, 8);
      });
    }
    // The same inside a parent that claims 0xFFFFFFFF bytes.
    const nested = new Bytes()
      .fcc("RIFF").u32(0xffffffff).fcc("WAVE")
      .fcc("big ").u32(0xfffffff0).raw("1234")
      .fcc("targ").u32(2).raw("ok")
      .bytes();
    await withReader(nested, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      assertEquals(riff.cksize, 0xffffffff);
      const ck = junk({ ckid: fcc("targ") });
      assertEquals(
        await mmioDescend(h, ck, riff, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 12);
      assertEquals(ck.ckid, fcc("big "));
      assertEquals(ck.cksize, 0xfffffff0);
    });
  },
);

// RIFF data 8..24; 'big ' at 12 claims 16 bytes (to 36), past the RIFF;
// 'targ' at 36 (data 44..46).
const PAST_PARENT = new Bytes()
  .fcc("RIFF").u32(16).fcc("WAVE")
  .fcc("big ").u32(16).fill(0, 16)
  .fcc("targ").u32(2).raw("ok")
  .bytes();

describeModes(
  "mmioDescend ends cleanly on a size past the parent's end",
  async (mode) => {
    await withReader(PAST_PARENT, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      const ck = junk({ ckid: fcc("targ") });
      assertEquals(
        await mmioDescend(h, ck, riff, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 12);
      assertEquals(ck.ckid, fcc("big "));
      assertEquals(ck.cksize, 16);
      assertEquals(ck.dwDataOffset, 20);
      // Without the parent, the chunk is there.
      const free = junk({ ckid: fcc("targ") });
      assertEquals(await mmioDescend(h, free, null, MMIO_FINDCHUNK), 0);
      assertEquals(free.dwDataOffset, 44);
    });
  },
);

// ---------------------------------------------------------------------------
// mmioCreateChunk

describeModes(
  "mmioCreateChunk MMIO_CREATERIFF writes RIFF, cksize, form type",
  async (mode) => {
    const ck = junk({ fccType: fcc("WAVE"), cksize: 0x12345678 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, ck, MMIO_CREATERIFF), 0);
      assertEquals(ck.ckid, FOURCC_RIFF);
      assertEquals(ck.cksize, 0x12345678);
      assertEquals(ck.fccType, fcc("WAVE"));
      assertEquals(ck.dwDataOffset, 8);
      assertEquals(ck.dwFlags, MMIO_DIRTY);
      assertEquals(await tell(h), 12);
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("RIFF").u32(0x12345678).fcc("WAVE").bytes(),
    );
  },
);

describeModes(
  "mmioCreateChunk MMIO_CREATELIST at a non-zero position",
  async (mode) => {
    const ck = junk({ fccType: fcc("INFO"), cksize: 0 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioWrite(h, new TextEncoder().encode("prefix")), 6);
      assertEquals(await mmioCreateChunk(h, ck, MMIO_CREATELIST), 0);
      assertEquals(ck.ckid, FOURCC_LIST);
      assertEquals(ck.dwDataOffset, 14);
      assertEquals(ck.dwFlags, MMIO_DIRTY);
      assertEquals(await tell(h), 18);
    });
    assertFile(
      mode,
      file,
      new Bytes().raw("prefix").fcc("LIST").u32(0).fcc("INFO").bytes(),
    );
  },
);

describeModes(
  "mmioCreateChunk with flags 0 writes ckid and cksize only",
  async (mode) => {
    const ck = junk({ ckid: fcc("data"), cksize: 7, fccType: fcc("XXXX") });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, ck, 0), 0);
      assertEquals(ck.ckid, fcc("data"));
      assertEquals(ck.dwDataOffset, 8);
      assertEquals(ck.dwFlags, MMIO_DIRTY);
      assertEquals(await tell(h), 8);
    });
    assertFile(mode, file, new Bytes().fcc("data").u32(7).bytes());
  },
);

Deno.test("mmioCreateChunk short write on a full memory file: MMIOERR_CANNOTWRITE", async () => {
  const h = opened(
    await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      pchBuffer: new Uint8Array(10),
      cchBuffer: 10,
      adwInfo: [0, 0, 0],
    }, MMIO_READWRITE),
    "a 10-byte memory file",
  );
  try {
    const ck = junk({ fccType: fcc("WAVE") });
    assertEquals(
      await mmioCreateChunk(h, ck, MMIO_CREATERIFF),
      MMIOERR_CANNOTWRITE,
    );
  } finally {
    await mmioClose(h, 0);
  }
});

Deno.test("mmioCreateChunk when the procedure refuses the write: MMIOERR_CANNOTWRITE", async () => {
  const { h, rec } = await openProc(new Uint8Array(0));
  rec.failWrites = true;
  try {
    assertEquals(
      await mmioCreateChunk(h, junk({ ckid: fcc("data") }), 0),
      MMIOERR_CANNOTWRITE,
    );
    assertEquals(
      await mmioCreateChunk(h, junk(), MMIO_CREATELIST),
      MMIOERR_CANNOTWRITE,
    );
  } finally {
    await mmioClose(h, 0);
  }
});

// ---------------------------------------------------------------------------
// mmioAscend

describeModes("mmioAscend fixes the size of a dirty chunk", async (mode) => {
  const riff = junk({ fccType: fcc("WAVE"), cksize: 0 });
  const data = junk({ ckid: fcc("data"), cksize: 99 });
  const file = await withWriter(mode, async (h) => {
    assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
    assertEquals(await mmioCreateChunk(h, data, 0), 0);
    assertEquals(await mmioWrite(h, new TextEncoder().encode("sixsix")), 6);
    assertEquals(await mmioAscend(h, data, 0), 0);
    assertEquals(data.cksize, 6);
    assertEquals(data.dwFlags, 0);
    assertEquals(await tell(h), 26);
    assertEquals(await mmioAscend(h, riff, 0), 0);
    assertEquals(riff.cksize, 18);
    assertEquals(riff.dwFlags, 0);
    assertEquals(await tell(h), 26);
  });
  assertFile(
    mode,
    file,
    new Bytes().fcc("RIFF").u32(18).fcc("WAVE").fcc("data").u32(6)
      .raw("sixsix").bytes(),
  );
});

describeModes(
  "mmioAscend writes a zero pad byte after odd data",
  async (mode) => {
    const riff = junk({ fccType: fcc("WAVE"), cksize: 0 });
    const data = junk({ ckid: fcc("data"), cksize: 0 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, new TextEncoder().encode("five5")), 5);
      assertEquals(await mmioAscend(h, data, 0), 0);
      assertEquals(data.cksize, 5);
      assertEquals(await tell(h), 26, "after the pad byte");
      assertEquals(await mmioAscend(h, riff, 0), 0);
      assertEquals(riff.cksize, 18, "the parent counts the pad byte");
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("RIFF").u32(18).fcc("WAVE").fcc("data").u32(5)
        .raw("five5").raw([0]).bytes(),
    );
  },
);

describeModes(
  "mmioAscend pads even when the caller pre-set the odd size, and leaves an equal size alone (decision)",
  async (mode) => {
    const data = junk({ ckid: fcc("data"), cksize: 5 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, new TextEncoder().encode("abcde")), 5);
      // Overwrite the size field with a marker: if mmioAscend rewrote the
      // (unchanged) size, the marker would be gone.
      assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
      assertEquals(await mmioWrite(h, new TextEncoder().encode("SSSS")), 4);
      assertEquals(await mmioSeek(h, 13, SEEK_SET), 13);
      assertEquals(await mmioAscend(h, data, 0), 0);
      assertEquals(data.cksize, 5);
      assertEquals(data.dwFlags, 0);
      assertEquals(await tell(h), 14);
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("data").raw("SSSS").raw("abcde").raw([0]).bytes(),
    );
  },
);

describeModes(
  "mmioAscend of a dirty chunk with nothing written keeps size 0",
  async (mode) => {
    const list = junk({ fccType: fcc("INFO"), cksize: 0 });
    const empty = junk({ ckid: fcc("none"), cksize: 0 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, list, MMIO_CREATELIST), 0);
      assertEquals(await mmioCreateChunk(h, empty, 0), 0);
      assertEquals(await mmioAscend(h, empty, 0), 0);
      assertEquals(empty.cksize, 0);
      assertEquals(empty.dwFlags, 0);
      assertEquals(await tell(h), 20);
      assertEquals(await mmioAscend(h, list, 0), 0);
      assertEquals(list.cksize, 12);
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("LIST").u32(12).fcc("INFO").fcc("none").u32(0).bytes(),
    );
  },
);

describeModes(
  "mmioAscend of a read chunk goes past its pad byte, writing nothing",
  async (mode) => {
    await withReader(PADDED, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      const odd = junk();
      assertEquals(await mmioDescend(h, odd, riff, 0), 0);
      assertEquals(odd.ckid, fcc("odd "));
      assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
      assertEquals(await mmioAscend(h, odd, 0), 0);
      assertEquals(await tell(h), 24);
      assertEquals(odd.dwFlags, 0);
      assertEquals(odd.cksize, 3);
      const next = junk();
      assertEquals(await mmioDescend(h, next, riff, 0), 0);
      assertEquals(next.ckid, fcc("targ"));
      assertEquals(await mmioAscend(h, next, 0), 0);
      assertEquals(await mmioAscend(h, riff, 0), 0);
      assertEquals(await tell(h), 36);
    });
  },
);

describeModes(
  "mmioAscend out of a truncated chunk: memory files stop at the end of the block",
  async (mode) => {
    for (const size of [100, 5, 0xffffffff]) {
      // One chunk whose size runs past the 12-byte file.
      const bytes = new Bytes().fcc("trnc").u32(size).raw("abcd").bytes();
      await withReader(bytes, mode, async (h) => {
        let found = 0;
        const ck = junk();
        // The loop every reader writes must end.
        while (await mmioDescend(h, ck, null, 0) === MMSYSERR_NOERROR) {
          assertEquals(ck.cksize, size);
          assertEquals(await mmioAscend(h, ck, 0), 0, "not an error");
          const want = mode === "memory" ? 12 : 8 + size + (size % 2);
          assertEquals(await tell(h), want);
          if (++found > 3) break;
        }
        assertEquals(found, 1);
      });
    }
  },
);

Deno.test("mmioAscend when the size fix-up cannot be written: MMIOERR_CANNOTWRITE", async () => {
  const { h, rec } = await openProc(new Uint8Array(0));
  try {
    const ck = junk({ ckid: fcc("data"), cksize: 0 });
    assertEquals(await mmioCreateChunk(h, ck, 0), 0);
    assertEquals(await mmioWrite(h, new TextEncoder().encode("1234")), 4);
    rec.failWrites = true;
    assertEquals(await mmioAscend(h, ck, 0), MMIOERR_CANNOTWRITE);
  } finally {
    rec.failWrites = false;
    await mmioClose(h, 0);
  }
});

Deno.test("mmioAscend when the procedure refuses the seek: MMIOERR_CANNOTSEEK", async () => {
  const bytes = new Bytes().fcc("abcd").u32(4).raw("1234")
    .fcc("efgh").u32(2).raw("ok").bytes();
  const { h, rec } = await openProc(bytes);
  try {
    const ck = junk();
    assertEquals(await mmioDescend(h, ck, null, 0), 0);
    assertEquals(ck.dwDataOffset, 8);
    rec.failSeeks = true;
    assertEquals(await mmioAscend(h, ck, 0), MMIOERR_CANNOTSEEK);
  } finally {
    rec.failSeeks = false;
    await mmioClose(h, 0);
  }
});

// ---------------------------------------------------------------------------
// Writing nested chunks, then walking them through the same handle

// RIFF 'TEST' { LIST 'INFO' { 'ISFT' "abc" + pad, 'ICMT' empty }, 'data' "z" + pad }
const NESTED = new Bytes()
  .fcc("RIFF").u32(46).fcc("TEST") // data 8..54
  .fcc("LIST").u32(24).fcc("INFO") // data 20..44
  .fcc("ISFT").u32(3).raw("abc").raw([0]) // 24..36
  .fcc("ICMT").u32(0) // 36..44
  .fcc("data").u32(1).raw("z").raw([0]) // 44..54
  .bytes();

describeModes(
  "nested chunks written with odd and empty data walk back through the same handle",
  async (mode) => {
    const text = new TextEncoder();
    const file = await withWriter(mode, async (h) => {
      const riff: Partial<MMCKINFO> = { fccType: fcc("TEST") };
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const list: Partial<MMCKINFO> = { fccType: fcc("INFO") };
      assertEquals(await mmioCreateChunk(h, list, MMIO_CREATELIST), 0);
      for (const [id, value] of [["ISFT", "abc"], ["ICMT", ""]]) {
        const ck: Partial<MMCKINFO> = { ckid: fcc(id) };
        assertEquals(await mmioCreateChunk(h, ck, 0), 0);
        assertEquals(await mmioWrite(h, text.encode(value)), value.length);
        assertEquals(await mmioAscend(h, ck as MMCKINFO, 0), 0);
      }
      assertEquals(await mmioAscend(h, list as MMCKINFO, 0), 0);
      const data: Partial<MMCKINFO> = { ckid: fcc("data") };
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, text.encode("z")), 1);
      assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
      assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
      assertEquals(riff.cksize, 46);
      assertEquals(list.cksize, 24);

      // What was just written (still in the buffer) is what a reader sees.
      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const seen = await walkRiff(h, {
        oracle: {
          bytes: mode === "memory"
            ? new Bytes().raw(NESTED).fill(FILLER, MEMORY_BLOCK - 54).bytes()
            : NESTED,
          memory: mode === "memory",
        },
      });
      assertEquals(seen.violations, []);
      const rows: WalkRow[] = [
        ["ck", 0, "RIFF", 46, 8, "TEST"],
        ["ck", 1, "LIST", 24, 20, "INFO"],
        ["ck", 2, "ISFT", 3, 32, ""],
        ["up", 2, 0, 36],
        ["ck", 2, "ICMT", 0, 44, ""],
        ["up", 2, 0, 44],
        ["end", 2, MMIOERR_CHUNKNOTFOUND, 44],
        ["up", 1, 0, 44],
        ["ck", 1, "data", 1, 52, ""],
        ["up", 1, 0, 54],
        ["end", 1, MMIOERR_CHUNKNOTFOUND, 54],
        ["up", 0, 0, 54],
      ];
      if (mode === "memory") {
        // The whole 64-byte block is the file: its filler reads as a chunk
        // header (ckid and size 0xCCCCCCCC) that runs past the block.
        rows.push(
          ["ck", 0, "\xcc\xcc\xcc\xcc", 0xcccccccc, 62, ""],
          ["up", 0, 0, 64],
          ["end", 0, MMIOERR_CHUNKNOTFOUND, 64],
        );
      } else {
        rows.push(["end", 0, MMIOERR_CHUNKNOTFOUND, 54]);
      }
      assertEquals(seen.rows, rows);
    });
    assertFile(mode, file, NESTED);
  },
);

// ---------------------------------------------------------------------------
// The §10 worked example

/** `RIFF`, 40, `WAVE`, `data`, 27, 8×DE, 8×EF, 8×BA, `EF EF EF 00`. */
const WORKED_EXAMPLE = new Bytes()
  .fcc("RIFF").u32(40).fcc("WAVE").fcc("data").u32(27)
  .fill(0xde, 8).fill(0xef, 8).fill(0xba, 8).fill(0xef, 3).raw([0])
  .bytes();

Deno.test("§10 worked example: 48 bytes through direct buffer access (disk)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/example.wav`;
    const h = opened(
      await mmioOpen(path, null, MMIO_ALLOCBUF | MMIO_CREATE | MMIO_READWRITE),
      path,
    );
    try {
      const riff: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const data: Partial<MMCKINFO> = { ckid: fcc("data") };
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, new Uint8Array(8).fill(0xde)), 8);

      const info = {} as MMIOINFO;
      assertEquals(await mmioGetInfo(h, info), 0);
      const put = (byte: number, n: number): void => {
        assert(info.pchNext + n <= info.pchEndWrite, "room in the buffer");
        info.pchBuffer!.fill(byte, info.pchNext, info.pchNext + n);
        info.pchNext += n;
        info.dwFlags |= MMIO_DIRTY;
      };
      put(0xef, 8);
      assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
      assertEquals(info.lBufOffset, 36);
      assertEquals(info.dwFlags & MMIO_DIRTY, 0, "advance clears MMIO_DIRTY");
      put(0xba, 8);
      assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
      assertEquals(info.lBufOffset, 44);
      put(0xef, 3);
      assertEquals(await mmioSetInfo(h, info, 0), 0);

      assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
      assertEquals(data.cksize, 27);
      assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
      assertEquals(riff.cksize, 40);
      assertEquals(await tell(h), 48);
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
    assertEquals(await Deno.readFile(path), WORKED_EXAMPLE);
  });
});

describeModes(
  "§10 worked example: the same 48 bytes through mmioWrite",
  async (mode) => {
    const file = await withWriter(mode, async (h) => {
      const riff: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const data: Partial<MMCKINFO> = { ckid: fcc("data") };
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      for (const [byte, n] of [[0xde, 8], [0xef, 8], [0xba, 8], [0xef, 3]]) {
        assertEquals(await mmioWrite(h, new Uint8Array(n).fill(byte)), n);
      }
      assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
      assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
    });
    assertFile(mode, file, WORKED_EXAMPLE);
    // And it reads back: RIFF 'WAVE' → 'data' of 27 bytes.
    await withReader(WORKED_EXAMPLE, mode, async (h) => {
      const riff = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
      const data = junk({ ckid: fcc("data") });
      assertEquals(await mmioDescend(h, data, riff, MMIO_FINDCHUNK), 0);
      assertEquals(data.cksize, 27);
      const got = new Uint8Array(27);
      assertEquals(await mmioRead(h, got), 27);
      assertEquals(got, WORKED_EXAMPLE.subarray(20, 47));
    });
  },
);

Deno.test("§10 worked example on a memory file that grows from 16 bytes", async () => {
  const h = opened(
    await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      pchBuffer: new Uint8Array(16).fill(FILLER),
      cchBuffer: 16,
      adwInfo: [8, 0, 0], // grow by at least 8 bytes at a time
    }, MMIO_READWRITE | MMIO_CREATE),
    "a growing memory file",
  );
  let block: Uint8Array;
  try {
    const riff: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
    assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
    const data: Partial<MMCKINFO> = { ckid: fcc("data") };
    assertEquals(await mmioCreateChunk(h, data, 0), 0);
    for (const [byte, n] of [[0xde, 8], [0xef, 8], [0xba, 8], [0xef, 3]]) {
      assertEquals(await mmioWrite(h, new Uint8Array(n).fill(byte)), n);
    }
    assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
    assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
    assertEquals(await tell(h), 48);
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info), 0);
    assert(info.cchBuffer! >= 48, `the block grew to ${info.cchBuffer}`);
    block = info.pchBuffer!.slice(0, info.cchBuffer);
  } finally {
    assertEquals(await mmioClose(h, 0), 0);
  }
  assertEquals(block.subarray(0, 48), WORKED_EXAMPLE);
});

// ---------------------------------------------------------------------------
// Errors that are not about the file

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

// ---------------------------------------------------------------------------
// Offsets past 4 GiB (a sparse file: only a few bytes are really stored)

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
