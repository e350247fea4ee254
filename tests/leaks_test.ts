// Leaks: open/close cycles of every kind, and failed opens of every kind,
// must leave the process's open file descriptors (/proc/self/fd) where they
// started. Deno's resource and op sanitizers stay on for these tests too.

import { assert, assertEquals } from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  type IOProc,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DELETE,
  MMIO_DENYWRITE,
  MMIO_EXCLUSIVE,
  MMIO_EXIST,
  MMIO_FHOPEN,
  MMIO_FINDPROC,
  MMIO_GETTEMP,
  MMIO_PARSE,
  MMIO_READ,
  MMIO_READWRITE,
  mmioClose,
  MMIOERR_ACCESSDENIED,
  MMIOERR_CANNOTCLOSE,
  MMIOERR_CANNOTOPEN,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  MMIOERR_SHARINGVIOLATION,
  MMIOERR_TOOMANYOPENFILES,
  mmioFOURCC,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  mmioOpen,
  mmioRead,
  mmioRename,
  mmioWrite,
  MMSYSERR_INVALPARAM,
} from "../mod.ts";
import {
  CHILD_BASE_FLAGS,
  openFdCount,
  runDenoChild,
  snapshotTree,
} from "./children/_helpers.ts";
import { assertOk } from "./_engine_util.ts";
import { withTempDir } from "./_temp_dir.ts";

const CYCLES = 10_000;

/** Counting descriptors needs Linux's /proc; elsewhere these tests are skipped. */
let hasProc = false;
try {
  hasProc = Deno.statSync("/proc/self/fd").isDirectory;
} catch {
  hasProc = false;
}

interface Fixture {
  dir: string;
  existing: string;
  locked: string;
}

/** One kind of cycle: it opens (or fails to) and cleans up after itself. */
type Kind = [name: string, cycle: (f: Fixture, i: number) => Promise<void>];

async function expectFail(
  name: string | null,
  info: Partial<MMIOINFO>,
  flags: number,
  code: number,
): Promise<void> {
  const h = await mmioOpen(name, info, flags);
  assertEquals(h, null, `open ${name} should fail`);
  assertEquals(info.wErrorRet, code, `open ${name}`);
}

const dos = (): IOProc => {
  const p = mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC);
  assertOk(p);
  return p;
};

const KINDS: Kind[] = [
  ["read open, read, close", async (f) => {
    const h = await mmioOpen(f.existing, {}, MMIO_READ | MMIO_ALLOCBUF);
    assertOk(h);
    assertEquals(await mmioRead(h, new Uint8Array(10)), 10);
    assertEquals(await mmioClose(h, 0), 0);
  }],
  ["create, write, close", async (f, i) => {
    const h = await mmioOpen(
      `${f.dir}/new_${i % 3}.bin`,
      { cchBuffer: 512 },
      MMIO_CREATE | MMIO_READWRITE,
    );
    assertOk(h);
    assertEquals(await mmioWrite(h, new Uint8Array(700)), 700);
    assertEquals(await mmioClose(h, 0), 0);
  }],
  ["unbuffered open, close", async (f) => {
    const h = await mmioOpen(f.existing, {}, MMIO_READWRITE);
    assertOk(h);
    assertEquals(await mmioClose(h, 0), 0);
  }],
  [
    "missing file",
    (f) =>
      expectFail(`${f.dir}/missing.bin`, {}, MMIO_READ, MMIOERR_FILENOTFOUND),
  ],
  ["missing directory", (f) =>
    expectFail(
      `${f.dir}/no/such/dir.bin`,
      {},
      MMIO_READ,
      MMIOERR_PATHNOTFOUND,
    )],
  ["create in a missing directory", (f) =>
    expectFail(
      `${f.dir}/no/such/new.bin`,
      {},
      MMIO_CREATE | MMIO_READWRITE,
      MMIOERR_PATHNOTFOUND,
    )],
  [
    "directory",
    (f) => expectFail(f.dir, { cchBuffer: 100 }, MMIO_READ, MMIOERR_CANNOTOPEN),
  ],
  ["sharing violation (exclusive)", (f) =>
    expectFail(
      f.locked,
      { cchBuffer: 100 },
      MMIO_READ | MMIO_EXCLUSIVE,
      MMIOERR_SHARINGVIOLATION,
    )],
  ["sharing violation (deny write)", (f) =>
    expectFail(
      f.locked,
      {},
      MMIO_READ | MMIO_DENYWRITE,
      MMIOERR_SHARINGVIOLATION,
    )],
  ["fccIOProc not installed", (f) =>
    expectFail(
      f.existing,
      { fccIOProc: mmioFOURCC("N", "O", "P", "E") },
      MMIO_READ,
      MMSYSERR_INVALPARAM,
    )],
  ["DOS with no name and no file", () =>
    expectFail(
      null,
      { fccIOProc: FOURCC_DOS },
      MMIO_READ,
      MMIOERR_FILENOTFOUND,
    )],
  ["procedure throws on open", (f) =>
    expectFail(
      f.existing,
      {
        cchBuffer: 64,
        pIOProc: (_i, msg) => {
          if (msg === MMIOM_OPEN) throw new Error("boom");
          return 0;
        },
      },
      MMIO_READ | MMIO_ALLOCBUF,
      MMIOERR_CANNOTOPEN,
    )],
  ["procedure rejects on open", (f) =>
    expectFail(
      f.existing,
      {
        pIOProc: (_i, msg) =>
          msg === MMIOM_OPEN ? Promise.reject(new Error("boom")) : 0,
      },
      MMIO_READ,
      MMIOERR_CANNOTOPEN,
    )],
  ["procedure opens a file, then fails the open", (f) => {
    const inner = dos();
    return expectFail(
      f.existing,
      {
        pIOProc: async (info, msg, p1, p2) => {
          if (msg !== MMIOM_OPEN) return inner(info, msg, p1, p2);
          // Open through DOS, then refuse: the procedure itself closes it.
          const r = await inner(info, msg, p1, p2);
          assertEquals(r, 0);
          await inner(info, MMIOM_CLOSE, 0, 0);
          return MMIOERR_ACCESSDENIED;
        },
      },
      MMIO_READ,
      MMIOERR_ACCESSDENIED,
    );
  }],
  ["procedure throws on close", async (f) => {
    const inner = dos();
    const h = await mmioOpen(f.existing, {
      pIOProc: async (info, msg, p1, p2) => {
        const r = await inner(info, msg, p1, p2);
        if (msg === MMIOM_CLOSE) throw new Error("close boom");
        return r;
      },
    }, MMIO_READ);
    assertOk(h);
    assertEquals(await mmioClose(h, 0), MMIOERR_CANNOTCLOSE);
  }],
  ["inherited Deno.FsFile, closed by mmioClose", async (f) => {
    const file = await Deno.open(f.existing, { read: true });
    const h = await mmioOpen(null, {
      fccIOProc: FOURCC_DOS,
      adwInfo: [file, 0, 0],
    }, MMIO_READ);
    assertOk(h);
    assertEquals(await mmioClose(h, 0), 0);
  }],
  ["inherited Deno.FsFile, left open with MMIO_FHOPEN", async (f) => {
    using file = await Deno.open(f.existing, { read: true });
    const h = await mmioOpen(null, {
      fccIOProc: FOURCC_DOS,
      adwInfo: [file, 0, 0],
      cchBuffer: 16,
    }, MMIO_READ);
    assertOk(h);
    assertEquals(await mmioRead(h, new Uint8Array(4)), 4);
    assertEquals(await mmioClose(h, MMIO_FHOPEN), 0);
    // Still open and usable: the caller closes it (`using`).
    assertEquals(await file.seek(0, Deno.SeekMode.Current) > 0, true);
  }],
  ["memory file", async () => {
    const h = await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      cchBuffer: 256,
      adwInfo: [128, 0, 0],
    }, MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF);
    assertOk(h);
    assertEquals(await mmioWrite(h, new Uint8Array(300)), 300);
    assertEquals(await mmioClose(h, 0), 0);
  }],
  ["path operations", async (f) => {
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioOpen(f.existing, info, MMIO_EXIST), f.existing);
    assertEquals(
      await mmioOpen(`${f.dir}/missing.bin`, {}, MMIO_EXIST),
      null,
    );
    assertEquals(
      typeof await mmioOpen(`${f.dir}/x.bin`, {}, MMIO_PARSE),
      "string",
    );
    const temp = await mmioOpen(`${f.dir}/t`, {}, MMIO_GETTEMP);
    assert(typeof temp === "string", "GETTEMP gives a name");
    assertEquals(await mmioOpen(temp, {}, MMIO_DELETE), temp);
  }],
  ["rename of a missing file", async (f) => {
    const info: Partial<MMIOINFO> = {};
    const r = await mmioRename(`${f.dir}/missing.bin`, `${f.dir}/m2`, info);
    assertEquals(r, MMIOERR_FILENOTFOUND);
  }],
];

async function withFixture(
  fn: (f: Fixture) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    const f: Fixture = {
      dir,
      existing: `${dir}/existing.bin`,
      locked: `${dir}/locked.bin`,
    };
    await Deno.writeFile(f.existing, new Uint8Array(100).fill(7));
    await Deno.writeFile(f.locked, new Uint8Array(10));
    // Holds an exclusive lock for the sharing-violation cycles.
    const holder = await mmioOpen(f.locked, {}, MMIO_READ | MMIO_EXCLUSIVE);
    assertOk(holder, "the lock holder opens");
    try {
      await fn(f);
    } finally {
      assertEquals(await mmioClose(holder, 0), 0);
    }
  });
}

Deno.test({
  name: "leaks: each kind of open and failed open leaves no descriptor",
  ignore: !hasProc,
}, async () => {
  await withFixture(async (f) => {
    const leaking: string[] = [];
    for (const [name, cycle] of KINDS) {
      await cycle(f, 0); // warm up: the first call may open lazy resources
      const before = openFdCount();
      for (let i = 0; i < 50; i++) await cycle(f, i);
      const after = openFdCount();
      if (after !== before) leaking.push(`${name}: ${before} -> ${after}`);
    }
    assertEquals(leaking, []);
  });
});

Deno.test({
  name: `leaks: ${CYCLES} mixed open/close cycles keep /proc/self/fd flat`,
  ignore: !hasProc,
}, async () => {
  await withFixture(async (f) => {
    for (const [, cycle] of KINDS) await cycle(f, 0);
    const before = openFdCount();
    for (let i = 0; i < CYCLES; i++) {
      await KINDS[i % KINDS.length][1](f, i);
    }
    const after = openFdCount();
    assertEquals(after, before, `open fds ${before} -> ${after}`);
  });
});

const CHILD = new URL("./children/leak_denied.ts", import.meta.url).pathname;

/** Open descriptors of another process (this one has --allow-all). */
function fdsOf(pid: number): number {
  let n = 0;
  for (const _ of Deno.readDirSync(`/proc/${pid}/fd`)) n++;
  return n;
}

Deno.test({
  name: "leaks: refused opens under --allow-read=<dir> leave no descriptor",
  ignore: !hasProc,
}, async () => {
  await withTempDir(async (dir) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...CHILD_BASE_FLAGS,
        `--allow-read=${dir}`,
        CHILD,
        `${dir}/f.bin`,
        "2000",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    });
    await Deno.writeFile(`${dir}/f.bin`, new Uint8Array(10));
    const proc = child.spawn();
    const stderr = new Response(proc.stderr).text();
    const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
    const out = proc.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const stdin = proc.stdin.getWriter();
    let text = "";
    const line = async (): Promise<string> => {
      while (!text.includes("\n")) {
        const r = await out.read();
        if (r.done) break;
        text += r.value;
      }
      const i = text.indexOf("\n");
      const l = i < 0 ? text : text.slice(0, i);
      text = i < 0 ? "" : text.slice(i + 1);
      return l;
    };
    try {
      assertEquals(await line(), "ready");
      const before = fdsOf(proc.pid);
      await stdin.write(new TextEncoder().encode("go\n"));
      const report = JSON.parse(await line());
      const after = fdsOf(proc.pid);
      assertEquals(report.thrown, null);
      assertEquals(report.cycles, 2000);
      assertEquals(report.codes, [MMIOERR_ACCESSDENIED]);
      assertEquals(after, before, `child fds ${before} -> ${after}`);
    } finally {
      clearTimeout(timer);
      await stdin.close();
      await out.cancel();
      const status = await proc.status;
      const err = await stderr;
      assertEquals(status.code, 0, err);
    }
  });
});

const EMFILE_CHILD = new URL("./children/emfile.ts", import.meta.url).pathname;

Deno.test({
  name: "leaks: out of descriptors, opens fail with TOOMANYOPENFILES and " +
    "recover",
  ignore: !hasProc,
}, async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/f.bin`, new Uint8Array(10));
    await Deno.mkdir(`${dir}/new`);
    const res = await runDenoChild(
      ["-A"],
      EMFILE_CHILD,
      [`${dir}/f.bin`, `${dir}/new`],
      { fdLimit: 64 },
    );
    assertEquals(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout.trim());
    const msg = JSON.stringify(out);
    assert(out.opened > 0, msg);
    assertEquals(out.code, MMIOERR_TOOMANYOPENFILES, msg);
    assert(out.cause.includes("os error 24"), msg);
    assertEquals(out.codes, [MMIOERR_TOOMANYOPENFILES], msg);
    assertEquals(out.closeCodes, [0], msg);
    assertEquals(out.after, out.before, msg);
    assert(out.reopened, msg);
    // A CREATE refused for want of a descriptor creates nothing.
    assertEquals([...(await snapshotTree(`${dir}/new`)).keys()], [], msg);
  });
});
