// The DOS procedure's error mapping (behavior.md §9): missing files and
// directories, Deno permission and OS refusals, too many open files, and a
// read on a write-only handle.

import { assert, assertEquals } from "@std/assert";
import {
  MMIO_CREATE,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_ACCESSDENIED,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  MMIOERR_TOOMANYOPENFILES,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
} from "../mod.ts";
import { assertOk, openFile, seq } from "./_engine_util.ts";
import { withTempDir, withTempFile } from "./_temp_dir.ts";

Deno.test("§9 a missing file is FILENOTFOUND, a missing directory PATHNOTFOUND", async () => {
  await withTempDir(async (dir) => {
    for (const flags of [MMIO_READ, MMIO_READWRITE, MMIO_WRITE]) {
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioOpen(`${dir}/missing.bin`, info, flags), null);
      assertEquals(info.wErrorRet, MMIOERR_FILENOTFOUND);
      assertEquals(mmioGetLastError(info)?.code, MMIOERR_FILENOTFOUND);
    }
    for (const flags of [MMIO_READ, MMIO_CREATE | MMIO_WRITE]) {
      const info: Partial<MMIOINFO> = {};
      const name = `${dir}/nodir/file.bin`;
      assertEquals(await mmioOpen(name, info, flags), null);
      assertEquals(info.wErrorRet, MMIOERR_PATHNOTFOUND, `flags ${flags}`);
    }
  });
});

Deno.test("§9 a Deno permission refusal is ACCESSDENIED with a NotCapable cause", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/target.bin`;
    await Deno.writeFile(path, seq(4));
    const mod = new URL("../mod.ts", import.meta.url).href;
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import { mmioOpen, mmioGetLastError, MMIO_WRITE, MMIO_READ } from ${
        JSON.stringify(mod)
      };
const info = {};
const h = await mmioOpen(${JSON.stringify(path)}, info, MMIO_WRITE);
const e = mmioGetLastError(info);
const info2 = {};
const h2 = await mmioOpen(${JSON.stringify(path)}, info2, MMIO_READ);
if (h2) await (await import(${JSON.stringify(mod)})).mmioClose(h2);
console.log(JSON.stringify({
  h: h === null, code: info.wErrorRet, notCapable: e?.cause instanceof Deno.errors.NotCapable,
  msg: String(e?.cause?.message ?? ""), readOk: h2 !== null,
}));
`,
    );
    // "prompt" refused by --no-prompt, and an explicit "denied" state.
    for (
      const flags of [
        [`--allow-read=${dir}`],
        [`--allow-read=${dir}`, `--allow-write=${dir}`, `--deny-write=${path}`],
      ]
    ) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-prompt", "--no-lock", ...flags, script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      assert(out.success, new TextDecoder().decode(out.stderr));
      const r = JSON.parse(text);
      assertEquals(r.h, true, flags.join(" "));
      assertEquals(r.code, MMIOERR_ACCESSDENIED, flags.join(" "));
      assertEquals(r.notCapable, true, flags.join(" "));
      assert(r.msg.includes("--allow-write"), r.msg);
      assert(r.msg.includes(path), r.msg);
      assertEquals(r.readOk, true);
      assertEquals(await Deno.readFile(path), seq(4));
    }
  });
});

Deno.test("§9 too many open files is TOOMANYOPENFILES", async () => {
  await withTempDir(async (dir) => {
    const mod = new URL("../mod.ts", import.meta.url).href;
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import { mmioClose, mmioGetLastError, mmioOpen } from ${
        JSON.stringify(mod)
      };
const path = ${JSON.stringify(`${dir}/f.bin`)};
await Deno.writeFile(path, new Uint8Array(4));
const hs = [];
let code = 0;
let cause = false;
for (let i = 0; i < 5000; i++) {
  const info = {};
  const h = await mmioOpen(path, info, 0);
  if (!h) {
    code = info.wErrorRet;
    cause = mmioGetLastError(info)?.cause instanceof Error;
    break;
  }
  hs.push(h);
}
for (const h of hs) await mmioClose(h);
console.log(JSON.stringify({ code, n: hs.length, cause }));
`,
    );
    const out = await new Deno.Command("sh", {
      args: [
        "-c",
        `ulimit -n 64 && exec "$0" run --no-lock -A "$1"`,
        Deno.execPath(),
        script,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stderr));
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    assert(r.n > 0);
    assertEquals(r.code, MMIOERR_TOOMANYOPENFILES);
    assertEquals(r.cause, true);
  });
});

Deno.test("§9 an OS permission refusal is ACCESSDENIED", {
  // root ignores file modes, so the OS never refuses it.
  ignore: Deno.uid() === 0,
}, async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/locked.bin`;
    await Deno.writeFile(path, seq(4));
    await Deno.chmod(path, 0o000);
    try {
      for (const flags of [MMIO_READ, MMIO_WRITE, MMIO_READWRITE]) {
        const info: Partial<MMIOINFO> = {};
        assertEquals(await mmioOpen(path, info, flags), null);
        assertEquals(info.wErrorRet, MMIOERR_ACCESSDENIED);
      }
    } finally {
      await Deno.chmod(path, 0o600);
    }
  });
});

Deno.test("§9 reading a write-only DOS handle is -1, never a throw", async () => {
  await withTempFile(seq(16), async (path) => {
    for (const cchBuffer of [0, 8]) {
      const h = await openFile(path, { cchBuffer }, MMIO_WRITE);
      try {
        assertEquals(await mmioRead(h, new Uint8Array(4)), -1);
        assertOk(mmioGetLastError(h));
      } finally {
        await mmioClose(h);
      }
    }
    assertEquals(await Deno.readFile(path), seq(16));
  });
});
