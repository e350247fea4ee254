// The edges of the DOS procedure (behavior.md §8, §9, §12): a refused open
// leaves the file as it was, inherited files take share-mode locks like
// named ones, each failure has its own code, devices and FIFOs behave, the
// MEM procedure refuses to rename, and the synchronous exit path
// (dosWriteNow/dosCloseNow) writes and closes without throwing. Cases that
// depend on permission flags run in child processes under real flags.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DELETE,
  MMIO_DENYWRITE,
  MMIO_EXCLUSIVE,
  MMIO_EXIST,
  MMIO_FHOPEN,
  MMIO_GETTEMP,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_ACCESSDENIED,
  MMIOERR_CANNOTOPEN,
  MMIOERR_CANNOTWRITE,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  MMIOERR_SHARINGVIOLATION,
  MMIOERR_TOOMANYOPENFILES,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRename,
  mmioSeek,
  mmioWrite,
  MMSYSERR_NOTSUPPORTED,
  SEEK_END,
} from "../mod.ts";
// The exit path is the DOS procedure's own API for the engine, not public.
import { dosCloseNow, dosWriteNow } from "../src/procs/dos.ts";
import { assertOk, closeQuietly, seq } from "./_engine_util.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";
import { runDenoChild } from "./children/_helpers.ts";

const PERM_CHILD = new URL("./children/perm_op.ts", import.meta.url).pathname;
const FIFO_CHILD = new URL("./children/dos_fifo.ts", import.meta.url).pathname;
const EMFILE_CHILD =
  new URL("./children/dos_emfile.ts", import.meta.url).pathname;

const hex = (n: number): string => `0x${n.toString(16)}`;

// ---------------------------------------------------------------------------
// A refused open changes nothing (§12, first rule)

Deno.test("dos: a CREATE open refused by a share-mode lock leaves the file's bytes intact", async () => {
  const opens = [
    MMIO_CREATE | MMIO_WRITE | MMIO_EXCLUSIVE,
    MMIO_CREATE | MMIO_WRITE | MMIO_DENYWRITE,
    MMIO_CREATE | MMIO_READWRITE | MMIO_EXCLUSIVE,
    MMIO_CREATE | MMIO_READWRITE | MMIO_DENYWRITE,
  ];
  await withTempFile(seq(100), async (path, dir) => {
    await Deno.symlink(path, `${dir}/link.bin`);
    for (const name of [path, `${dir}/link.bin`]) {
      for (
        const [holder, flags] of [
          ...opens.map((f) => [MMIO_EXCLUSIVE, f]),
          [MMIO_DENYWRITE, MMIO_CREATE | MMIO_WRITE | MMIO_EXCLUSIVE],
        ]
      ) {
        const held = await mmioOpen(path, {}, MMIO_READ | holder);
        assertOk(held);
        try {
          const info: Partial<MMIOINFO> = {};
          const h = await mmioOpen(name, info, flags);
          await closeQuietly(h);
          const what = `${name} ${hex(flags)} against ${hex(holder)}`;
          assertEquals(h, null, what);
          assertEquals(info.wErrorRet, MMIOERR_SHARINGVIOLATION, what);
          assertEquals(await Deno.readFile(path), seq(100), what);
        } finally {
          await mmioClose(held);
        }
      }
    }
    // With the lock gone the same open truncates, as MMIO_CREATE must.
    const h = await mmioOpen(`${dir}/link.bin`, {}, opens[0]);
    assertOk(h);
    assertEquals(await mmioSeek(h, 0, SEEK_END), 0);
    await mmioClose(h);
    assertEquals((await Deno.stat(path)).size, 0);
  });
});

Deno.test("dos: a CREATE open of a directory is CANNOTOPEN and changes nothing in it", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/inside.bin`, seq(4));
    for (
      const flags of [
        MMIO_READ,
        MMIO_READ | MMIO_EXCLUSIVE,
        MMIO_WRITE,
        MMIO_READWRITE,
        MMIO_CREATE | MMIO_WRITE,
        MMIO_CREATE | MMIO_READWRITE | MMIO_EXCLUSIVE,
      ]
    ) {
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioOpen(dir, info, flags), null, hex(flags));
      assertEquals(info.wErrorRet, MMIOERR_CANNOTOPEN, hex(flags));
    }
    assertEquals(await Deno.readFile(`${dir}/inside.bin`), seq(4));
  });
});

// Under --allow-read=<dir> --allow-write=<dir>, dir/link.bin leads to a file
// outside <dir>. Deno.open allows it (Deno checks the name given), so the
// DOS procedure must too; before, a stat of the open file (which Deno checks
// against the resolved path) refused it after the truncation had emptied it.
Deno.test("dos: CREATE|READWRITE through a symlink out of the granted directory works as Deno.open does", async () => {
  await withTempDir(async (base) => {
    await Deno.mkdir(`${base}/dir`);
    await Deno.mkdir(`${base}/outside`);
    const target = `${base}/outside/target.bin`;
    await Deno.writeTextFile(target, "outside-content");
    await Deno.symlink("../outside/target.bin", `${base}/dir/link.bin`);
    const flags = [`--allow-read=${base}/dir`, `--allow-write=${base}/dir`];
    for (const op of ["createrw", "readwrite"]) {
      await Deno.writeTextFile(target, "outside-content");
      const res = await runDenoChild(flags, PERM_CHILD, [
        op,
        `${base}/dir/link.bin`,
      ]);
      const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
      const text = await Deno.readTextFile(target);
      const msg = `${op}: ${res.stdout} ${res.stderr}; target now "${text}"`;
      assertEquals(out.kind, "handle", msg);
      assertEquals(out.wErrorRet, 0, msg);
      assertEquals(out.closeRet, 0, msg);
      assertEquals(text, "written-by-child", msg);
    }
  });
});

Deno.test("dos: READ through a symlinked directory that --allow-read names works as Deno.readFile does", async () => {
  await withTempDir(async (base) => {
    await Deno.mkdir(`${base}/real`);
    await Deno.writeTextFile(`${base}/real/f.bin`, "real-content");
    await Deno.symlink("real", `${base}/linkdir`);
    for (const op of ["read", "inherit"]) {
      const res = await runDenoChild(
        [`--allow-read=${base}/linkdir`],
        PERM_CHILD,
        [op, `${base}/linkdir/f.bin`],
      );
      const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
      const msg = `${op}: ${res.stdout} ${res.stderr}`;
      assertEquals(out.kind, "handle", msg);
      assertEquals(out.text, "real-content", msg);
      assertEquals(out.closeRet, 0, msg);
    }
  });
});

// ---------------------------------------------------------------------------
// An inherited Deno.FsFile (adwInfo[0], null name)

async function openInherited(
  file: Deno.FsFile,
  flags: number,
  info: Partial<MMIOINFO> = {},
): Promise<HMMIO | null> {
  info.fccIOProc = FOURCC_DOS;
  info.adwInfo = [file, 0, 0];
  return await mmioOpen(null, info, flags);
}

Deno.test("dos: an inherited Deno.FsFile opened with EXCLUSIVE or DENYWRITE takes the lock", async () => {
  await withTempFile(seq(16), async (path) => {
    for (const share of [MMIO_EXCLUSIVE, MMIO_DENYWRITE]) {
      const file = await Deno.open(path, { read: true });
      try {
        const h = await openInherited(file, MMIO_READ | share);
        assertOk(h, hex(share));
        // A named EXCLUSIVE open now conflicts, whichever lock was taken.
        const info: Partial<MMIOINFO> = {};
        const other = await mmioOpen(path, info, MMIO_READ | MMIO_EXCLUSIVE);
        await closeQuietly(other);
        assertEquals(other, null, hex(share));
        assertEquals(info.wErrorRet, MMIOERR_SHARINGVIOLATION, hex(share));
        // A shared lock admits another shared one.
        const shared = await mmioOpen(path, {}, MMIO_READ | MMIO_DENYWRITE);
        await closeQuietly(shared);
        assertEquals(shared !== null, share === MMIO_DENYWRITE, hex(share));
        // MMIO_FHOPEN leaves the file open but gives the lock back.
        assertEquals(await mmioClose(h, MMIO_FHOPEN), 0);
        const after = await mmioOpen(path, {}, MMIO_READ | MMIO_EXCLUSIVE);
        assertOk(after, hex(share));
        await mmioClose(after);
        const buf = new Uint8Array(4);
        assertEquals(await file.read(buf), 4);
      } finally {
        file.close();
      }
    }
  });
});

Deno.test("dos: an inherited Deno.FsFile that another handle locks is SHARINGVIOLATION", async () => {
  await withTempFile(seq(16), async (path) => {
    const held = await mmioOpen(path, {}, MMIO_READ | MMIO_EXCLUSIVE);
    assertOk(held);
    const file = await Deno.open(path, { read: true });
    try {
      for (const share of [MMIO_EXCLUSIVE, MMIO_DENYWRITE]) {
        const info: Partial<MMIOINFO> = {};
        const h = await openInherited(file, MMIO_READ | share, info);
        await closeQuietly(h);
        assertEquals(h, null, hex(share));
        assertEquals(info.wErrorRet, MMIOERR_SHARINGVIOLATION, hex(share));
        assertOk(mmioGetLastError(info)?.cause);
      }
      // The refusal left the caller's file open and where it was.
      assertEquals(await file.seek(0, Deno.SeekMode.Current), 0);
    } finally {
      file.close();
      await mmioClose(held);
    }
  });
});

Deno.test("dos: an already-closed Deno.FsFile is refused at open with CANNOTOPEN", async () => {
  await withTempFile(seq(16), async (path) => {
    const file = await Deno.open(path, { read: true });
    file.close();
    for (const flags of [MMIO_READ, MMIO_READ | MMIO_EXCLUSIVE]) {
      const info: Partial<MMIOINFO> = {};
      const h = await openInherited(file, flags, info);
      await closeQuietly(h);
      assertEquals(h, null, hex(flags));
      assertEquals(info.wErrorRet, MMIOERR_CANNOTOPEN, hex(flags));
      const cause = mmioGetLastError(info)?.cause;
      assert(cause instanceof Deno.errors.BadResource, String(cause));
    }
  });
});

Deno.test("dos: an inherited Deno.FsFile of a directory is CANNOTOPEN and gives its lock back", async () => {
  await withTempDir(async (dir) => {
    const file = await Deno.open(dir, { read: true });
    try {
      const info: Partial<MMIOINFO> = {};
      const h = await openInherited(file, MMIO_READ | MMIO_EXCLUSIVE, info);
      await closeQuietly(h);
      assertEquals(h, null);
      assertEquals(info.wErrorRet, MMIOERR_CANNOTOPEN);
      const probe = await Deno.open(dir, { read: true });
      try {
        assertEquals(probe.tryLockSync(true), true);
      } finally {
        probe.close();
      }
    } finally {
      file.close();
    }
  });
});

// ---------------------------------------------------------------------------
// Each failure its own code (§9)

Deno.test("dos: a path through a regular file is PATHNOTFOUND for opens and path operations", async () => {
  await withTempFile(seq(4), async (path) => {
    const name = `${path}/x.bin`;
    const calls: [string, number][] = [
      [name, MMIO_READ],
      [name, MMIO_WRITE],
      [name, MMIO_CREATE | MMIO_WRITE],
      [name, MMIO_EXIST],
      [name, MMIO_DELETE],
      [`${path}/pre`, MMIO_GETTEMP],
    ];
    for (const [file, flags] of calls) {
      const info: Partial<MMIOINFO> = {};
      const r: unknown = await mmioOpen(file, info, flags);
      assertEquals(r, null, hex(flags));
      assertEquals(info.wErrorRet, MMIOERR_PATHNOTFOUND, hex(flags));
    }
    assertEquals(await Deno.readFile(path), seq(4));
  });
});

Deno.test("dos: GETTEMP with a prefix into a missing directory is PATHNOTFOUND and creates nothing", async () => {
  await withTempDir(async (dir) => {
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(`${dir}/nodir/pre`, info, MMIO_GETTEMP), null);
    assertEquals(info.wErrorRet, MMIOERR_PATHNOTFOUND);
    assertEquals(mmioGetLastError(info)?.code, MMIOERR_PATHNOTFOUND);
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("dos: DELETE of a directory is ACCESSDENIED (as DeleteFile) and keeps it", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/empty`);
    await Deno.mkdir(`${dir}/full`);
    await Deno.writeFile(`${dir}/full/f.bin`, seq(2));
    for (const name of ["empty", "full"]) {
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioOpen(`${dir}/${name}`, info, MMIO_DELETE), null);
      assertEquals(info.wErrorRet, MMIOERR_ACCESSDENIED, name);
      assert((await Deno.stat(`${dir}/${name}`)).isDirectory, name);
    }
  });
});

// Without read permission the procedure cannot look before it deletes; a
// directory that is not empty is still refused (and kept).
Deno.test("dos: DELETE of a directory that is not empty, without read permission, is ACCESSDENIED", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/full`);
    await Deno.writeFile(`${dir}/full/f.bin`, seq(2));
    const res = await runDenoChild([`--allow-write=${dir}`], PERM_CHILD, [
      "delete",
      `${dir}/full`,
    ]);
    const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
    assertEquals(out.kind, "null", res.stdout);
    assertEquals(out.wErrorRet, MMIOERR_ACCESSDENIED, res.stdout);
    assertEquals(await Deno.readFile(`${dir}/full/f.bin`), seq(2));
  });
});

Deno.test("dos: rename into a missing directory is PATHNOTFOUND, of a missing file FILENOTFOUND", async () => {
  await withTempFile(seq(4), async (path, dir) => {
    const cases: [string, string, number][] = [
      [path, `${dir}/nodir/moved.bin`, MMIOERR_PATHNOTFOUND],
      [`${dir}/missing.bin`, `${dir}/moved.bin`, MMIOERR_FILENOTFOUND],
      [`${dir}/nodir/missing.bin`, `${dir}/moved.bin`, MMIOERR_PATHNOTFOUND],
    ];
    for (const [from, to, code] of cases) {
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioRename(from, to, info), code, `${from} ${to}`);
      assertEquals(mmioGetLastError(info)?.code, code, `${from} ${to}`);
    }
    assertEquals(await Deno.readFile(path), seq(4));
  });
});

Deno.test("dos: too many open files is TOOMANYOPENFILES for opens, creates and GETTEMP, creating nothing", async () => {
  await withTempFile(seq(4), async (path, dir) => {
    await Deno.mkdir(`${dir}/new`);
    const res = await runDenoChild(
      [`--allow-read=${dir}`, `--allow-write=${dir}`],
      EMFILE_CHILD,
      [path, `${dir}/new`],
      { fdLimit: 64 },
    );
    const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
    const all = (code: number) => ({
      read: code,
      create: code,
      createrw: code,
      gettemp: code,
    });
    assert(out.held > 0, res.stdout);
    assertEquals(out.atLimit, all(MMIOERR_TOOMANYOPENFILES), res.stdout);
    assertEquals(out.entriesAtLimit, [], res.stdout);
    assertEquals(out.after, all(0), res.stdout);
  });
});

// ---------------------------------------------------------------------------
// Devices and FIFOs

Deno.test({
  name: "dos: MMIO_CREATE opens /dev/null and /dev/full (nothing to truncate)",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    for (
      const flags of [MMIO_CREATE | MMIO_WRITE, MMIO_CREATE | MMIO_READWRITE]
    ) {
      const info: Partial<MMIOINFO> = {};
      const nul = await mmioOpen("/dev/null", info, flags);
      assertOk(nul, `/dev/null ${hex(flags)}: ${info.wErrorRet}`);
      assertEquals(await mmioWrite(nul, seq(8)), 8);
      assertEquals(await mmioClose(nul), 0);

      const full = await mmioOpen("/dev/full", info, flags);
      assertOk(full, `/dev/full ${hex(flags)}: ${info.wErrorRet}`);
      assertEquals(await mmioWrite(full, seq(8)), -1);
      assertStringIncludes(String(mmioGetLastError(full)?.cause), "space");
      assertEquals(await mmioClose(full), 0);

      const buffered = await mmioOpen("/dev/full", {}, flags | MMIO_ALLOCBUF);
      assertOk(buffered);
      assertEquals(await mmioWrite(buffered, seq(8)), 8);
      assertEquals(await mmioClose(buffered), MMIOERR_CANNOTWRITE);
    }
  },
});

Deno.test({
  name: "dos: a FIFO is read asynchronously (the event loop keeps running) " +
    "and MMIO_CREATE opens it",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await withTempDir(async (dir) => {
      const fifo = `${dir}/pipe`;
      const mk = await new Deno.Command("mkfifo", { args: [fifo] }).output();
      assert(mk.success, new TextDecoder().decode(mk.stderr));
      const res = await runDenoChild(
        [`--allow-read=${dir}`, `--allow-write=${dir}`],
        FIFO_CHILD,
        [fifo],
        { timeoutMs: 15_000 },
      );
      const out = JSON.parse(res.stdout.trim().split("\n").pop()!);
      assertEquals(out, {
        readOpen: 0,
        readCount: 5,
        readText: "hello",
        createOpen: 0,
        written: 3,
        closeRet: 0,
        peerText: "abc",
      }, res.stderr);
    });
  },
});

Deno.test({
  name: "dos: a granted regular file opens with Deno.openSync; a FIFO and a " +
    "missing file take the async Deno.open",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await withTempDir(async (dir) => {
      const file = `${dir}/f.bin`;
      await Deno.writeFile(file, seq(16));
      const fifo = `${dir}/pipe`;
      const mk = await new Deno.Command("mkfifo", { args: [fifo] }).output();
      assert(mk.success, new TextDecoder().decode(mk.stderr));
      const calls: string[] = [];
      const { open, openSync } = Deno;
      Deno.open = (path, options) => {
        calls.push(`open ${path}`);
        return open(path, options);
      };
      Deno.openSync = (path, options) => {
        calls.push(`openSync ${path}`);
        return openSync(path, options);
      };
      try {
        for (
          const flags of [MMIO_READ, MMIO_READWRITE, MMIO_CREATE | MMIO_WRITE]
        ) {
          const h = await mmioOpen(file, {}, flags);
          assertOk(h, hex(flags));
          assertEquals(await mmioClose(h), 0);
        }
        assertEquals(calls, Array(3).fill(`openSync ${file}`));
        calls.length = 0;
        // A FIFO's open waits for its other end: it must not block the loop.
        const [h, peer] = await Promise.all([
          mmioOpen(fifo, {}, MMIO_READ),
          open(fifo, { write: true }),
        ]);
        peer.close();
        assertOk(h);
        assertEquals(await mmioClose(h), 0);
        const missing = `${dir}/new.bin`;
        const created = await mmioOpen(missing, {}, MMIO_CREATE | MMIO_WRITE);
        assertOk(created);
        assertEquals(await mmioClose(created), 0);
        assertEquals(calls, [`open ${fifo}`, `open ${missing}`]);
      } finally {
        Deno.open = open;
        Deno.openSync = openSync;
      }
    });
  },
});

// ---------------------------------------------------------------------------
// The MEM procedure cannot rename (§12)

Deno.test("mem: mmioRename of a name that selects MEM is MMSYSERR_NOTSUPPORTED", async () => {
  assertEquals(MMSYSERR_NOTSUPPORTED, 8);
  await withTempFile(seq(4), async (path, dir) => {
    // By name ("x.MEM+") and by fccIOProc; the real file is not touched.
    const byName: Partial<MMIOINFO> = {};
    assertEquals(
      await mmioRename(`${path}.mem+`, `${dir}/b.mem+`, byName),
      MMSYSERR_NOTSUPPORTED,
    );
    assertEquals(mmioGetLastError(byName)?.code, MMSYSERR_NOTSUPPORTED);
    const byFcc: Partial<MMIOINFO> = { fccIOProc: FOURCC_MEM };
    assertEquals(
      await mmioRename(path, `${dir}/moved.bin`, byFcc),
      MMSYSERR_NOTSUPPORTED,
    );
    assertEquals(await Deno.readFile(path), seq(4));
  });
});

// ---------------------------------------------------------------------------
// The synchronous exit path the engine calls for handles nobody closed

function infoFor(file: unknown, lDiskOffset = 0): MMIOINFO {
  return {
    dwFlags: 0,
    fccIOProc: FOURCC_DOS,
    pIOProc: null,
    wErrorRet: 0,
    hTask: 0,
    cchBuffer: 0,
    pchBuffer: null,
    pchNext: 0,
    pchEndRead: 0,
    pchEndWrite: 0,
    lBufOffset: 0,
    lDiskOffset,
    adwInfo: [file, 0, 0],
    dwReserved1: 0,
    dwReserved2: 0,
    hmmio: null,
  };
}

Deno.test("dos: dosWriteNow writes every byte at the offset given and keeps lDiskOffset", async () => {
  await withTempFile(seq(16), async (path) => {
    const file = await Deno.open(path, { read: true, write: true });
    const info = infoFor(file, 3);
    try {
      assertEquals(dosWriteNow(info, seq(8, 100), 4), 8);
      assertEquals(info.lDiskOffset, 12);
      assertEquals(await file.seek(0, Deno.SeekMode.Current), 12);
      // Past the end: the gap reads as zeros, as with mmioWrite.
      assertEquals(dosWriteNow(info, seq(2, 200), 20), 2);
      assertEquals(info.lDiskOffset, 22);
      assertEquals(dosWriteNow(info, new Uint8Array(0), 0), 0);
    } finally {
      dosCloseNow(info);
    }
    const want = new Uint8Array(22);
    want.set(seq(16));
    want.set(seq(8, 100), 4);
    want.set(seq(2, 200), 20);
    assertEquals(await Deno.readFile(path), want);
  });
});

Deno.test("dos: dosWriteNow and dosCloseNow never throw: closed files, read-only files, no file", async () => {
  await withTempFile(seq(16), async (path) => {
    const readOnly = await Deno.open(path, { read: true });
    const info = infoFor(readOnly, 0);
    assertEquals(dosWriteNow(info, seq(4), 0), -1);
    dosCloseNow(info);
    // Closed: both calls answer without throwing.
    assertEquals(dosWriteNow(info, seq(4), 0), -1);
    dosCloseNow(info);
    assertEquals(dosWriteNow(infoFor(0), seq(4), 0), -1);
    dosCloseNow(infoFor(null));
    assertEquals(await Deno.readFile(path), seq(16));
  });
});

Deno.test("dos: dosCloseNow closes the file (its descriptor is released)", async () => {
  await withTempFile(seq(16), async (path) => {
    const h = await mmioOpen(path, {}, MMIO_READWRITE | MMIO_EXCLUSIVE);
    assertOk(h);
    const info: Partial<MMIOINFO> = {};
    // The handle's own file, closed behind the engine's back as the exit
    // path does: the lock goes with it, and mmioClose still answers.
    const file = await mmioOpenedFile(h, info);
    dosCloseNow(info as MMIOINFO);
    assertEquals(
      await file.read(new Uint8Array(1)).catch((e) => e.name),
      "BadResource",
    );
    const again = await mmioOpen(path, {}, MMIO_READ | MMIO_EXCLUSIVE);
    assertOk(again);
    await mmioClose(again);
    await closeQuietly(h);
  });
});

async function mmioOpenedFile(
  h: HMMIO,
  info: Partial<MMIOINFO>,
): Promise<Deno.FsFile> {
  assertEquals(await mmioGetInfo(h, info), 0);
  const file = info.adwInfo?.[0];
  if (!(file instanceof Deno.FsFile)) throw new Error("no Deno.FsFile");
  return file;
}
