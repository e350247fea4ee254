// The library never makes Deno prompt on its own (behavior.md §12). Each case
// runs one MMIO operation in a child under a real pseudo-terminal
// (`script -qec`), WITHOUT --no-prompt, so that any permission check Deno
// cannot settle from the flags shows its "Allow?" prompt. Every prompt that
// appears is answered "n" (so no case can hang), and recorded: the only
// prompts allowed are Deno's own, for the path the operation was given.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  MMIOERR_ACCESSDENIED,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
} from "../mod.ts";
import { assertPresent } from "./children/_helpers.ts";

const SCRIPT = "/usr/bin/script";
const CHILD = new URL("./children/perm_op.ts", import.meta.url).pathname;
/** What the child writes through a write handle. */
const MARK = "written-by-child";
const FILE_TEXT = "file-content";
const REAL_TEXT = "real-content";
const OUTSIDE_TEXT = "outside-content";
/** A call that takes longer than this has waited on something. */
const PROMPT_MS = 2_000;

/** One case's private tree. */
interface Tree {
  base: string;
  dir: string;
  file: string;
  linkdir: string;
  outsideFile: string;
  /** `dir/link.bin`, a symlink to `outsideFile`. */
  link: string;
}

async function makeTree(): Promise<Tree> {
  const base = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "mmio_prompt_" }),
  );
  const t: Tree = {
    base,
    dir: `${base}/dir`,
    file: `${base}/dir/file.bin`,
    linkdir: `${base}/linkdir`,
    outsideFile: `${base}/outside/o.bin`,
    link: `${base}/dir/link.bin`,
  };
  await Deno.mkdir(t.dir);
  await Deno.mkdir(`${base}/real`);
  await Deno.mkdir(`${base}/outside`);
  await Deno.writeTextFile(t.file, FILE_TEXT);
  await Deno.writeTextFile(`${base}/real/f.bin`, REAL_TEXT);
  await Deno.writeTextFile(t.outsideFile, OUTSIDE_TEXT);
  await Deno.symlink("real", t.linkdir);
  await Deno.symlink("../outside/o.bin", t.link);
  return t;
}

/** What the child reports (see tests/children/perm_op.ts). */
interface Outcome {
  kind: "handle" | "string" | "null" | "number" | "thrown";
  value?: string | number;
  wErrorRet: number;
  code?: number | null;
  cause?: { name: string; message: string } | null;
  io?: number;
  text?: string;
  closeRet?: number;
  ms?: number;
}

/** A run under the terminal. */
interface TerminalRun {
  /** What Deno asked for: `read access to "/x"`, one entry per prompt. */
  prompts: string[];
  outcome: Outcome | null;
  output: string;
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `deno run <flags> perm_op.ts <args>` under a pseudo-terminal, answers
 * "n" to every prompt until Deno says it denied it, and kills the session
 * when it runs past the timeout.
 */
async function runUnderTerminal(
  flags: string[],
  args: string[],
  cwd: string,
): Promise<TerminalRun> {
  const command = [Deno.execPath(), "run", "--no-lock", ...flags, CHILD]
    .concat(args).map(shellQuote).join(" ");
  const child = new Deno.Command(SCRIPT, {
    args: ["-qec", command, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    cwd,
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  const answer = child.stdin.getWriter();
  let output = "";
  const count = (s: string): number => output.split(s).length - 1;
  // Deno empties the terminal's input once its prompt is shown, so an early
  // answer can be lost: keep answering until each prompt has been denied.
  const answering = setInterval(() => {
    if (count("Allow?") > count("Denied")) {
      answer.write(new TextEncoder().encode("n\r")).catch(() => {});
    }
  }, 150);
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGTERM");
    setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    }, 2_000);
  }, 20_000);
  const decoder = new TextDecoder();
  try {
    for await (const chunk of child.stdout) {
      output += decoder.decode(chunk, { stream: true });
    }
    await child.status;
  } finally {
    clearInterval(answering);
    clearTimeout(killer);
    await answer.close().catch(() => {});
  }
  assert(!timedOut, `the child hung under the terminal:\n${output}`);
  const prompts = [...output.matchAll(/Deno requests ([^\r\n]*?)\.?\r?\n/g)]
    .map((m) => m[1]);
  const json = output.split(/\r?\n/).filter((l) => l.startsWith("{")).pop();
  return { prompts, outcome: json ? JSON.parse(json) : null, output };
}

interface Case {
  name: string;
  flags: (t: Tree) => string[];
  op: string;
  args: (t: Tree) => string[];
  /** The prompts Deno may show: those for the operation's own path. */
  prompts?: (t: Tree) => string[];
  expect: {
    kind: Outcome["kind"];
    /** The code of a failure (wErrorRet, or rename's answer). */
    code?: number;
    /** The text a READ handle reads. */
    text?: string;
    /** The string a path operation resolves to. */
    value?: (t: Tree) => string;
  };
  /** Checks on the tree afterwards. */
  after?: (t: Tree) => Promise<void>;
}

const fileKept = async (t: Tree): Promise<void> => {
  assertEquals(await Deno.readTextFile(t.file), FILE_TEXT);
};

const CASES: Case[] = [
  {
    name: "READ of a missing file under --allow-read=<that file>",
    flags: (t) => [`--allow-read=${t.dir}/missing.bin`],
    op: "read",
    args: (t) => [`${t.dir}/missing.bin`],
    expect: { kind: "null", code: MMIOERR_FILENOTFOUND },
  },
  {
    name: "WRITE of a missing file under --allow-write=<that file>",
    flags: (t) => [`--allow-write=${t.dir}/missing.bin`],
    op: "write",
    args: (t) => [`${t.dir}/missing.bin`],
    expect: { kind: "null", code: MMIOERR_FILENOTFOUND },
  },
  {
    name: "WRITE into a missing subdirectory under --allow-write=<dir>",
    flags: (t) => [`--allow-write=${t.dir}`],
    op: "write",
    args: (t) => [`${t.dir}/nodir/new.bin`],
    expect: { kind: "null", code: MMIOERR_FILENOTFOUND },
  },
  {
    name: "WRITE into a missing subdirectory with read granted: PATHNOTFOUND",
    flags: (t) => [`--allow-read=${t.dir}`, `--allow-write=${t.dir}`],
    op: "write",
    args: (t) => [`${t.dir}/nodir/new.bin`],
    expect: { kind: "null", code: MMIOERR_PATHNOTFOUND },
  },
  {
    name: "CREATE in a missing subdirectory: PATHNOTFOUND, no probe needed",
    flags: (t) => [`--allow-write=${t.dir}`],
    op: "create",
    args: (t) => [`${t.dir}/nodir/new.bin`],
    expect: { kind: "null", code: MMIOERR_PATHNOTFOUND },
  },
  {
    name: "EXIST of a missing file under --allow-read=<that file>",
    flags: (t) => [`--allow-read=${t.dir}/missing.bin`],
    op: "exist",
    args: (t) => [`${t.dir}/missing.bin`],
    expect: { kind: "null", code: MMIOERR_FILENOTFOUND },
  },
  {
    name: "DELETE of a missing file under --allow-write=<that file>",
    flags: (t) => [`--allow-write=${t.dir}/missing.bin`],
    op: "delete",
    args: (t) => [`${t.dir}/missing.bin`],
    expect: { kind: "null", code: MMIOERR_FILENOTFOUND },
  },
  {
    name: "GETTEMP into a missing directory under --allow-write=<dir>",
    flags: (t) => [`--allow-write=${t.dir}`],
    op: "gettemp",
    args: (t) => [`${t.dir}/nodir/pre`],
    expect: { kind: "null", code: MMIOERR_PATHNOTFOUND },
  },
  {
    name: "rename into a missing directory",
    flags: (t) => [`--allow-read=${t.file}`, `--allow-write=${t.dir}`],
    op: "rename",
    args: (t) => [t.file, `${t.dir}/nodir/moved.bin`],
    expect: { kind: "number", code: MMIOERR_PATHNOTFOUND },
    after: fileKept,
  },
  {
    name: "rename of a missing file",
    flags: (
      t,
    ) => [`--allow-read=${t.dir}/missing.bin`, `--allow-write=${t.dir}`],
    op: "rename",
    args: (t) => [`${t.dir}/missing.bin`, `${t.dir}/moved.bin`],
    expect: { kind: "number", code: MMIOERR_FILENOTFOUND },
  },
  {
    name: "READ through a symlinked directory under --allow-read=<link>",
    flags: (t) => [`--allow-read=${t.linkdir}`],
    op: "read",
    args: (t) => [`${t.linkdir}/f.bin`],
    expect: { kind: "handle", text: REAL_TEXT },
  },
  {
    name: "READ of an inherited Deno.FsFile through a symlinked directory",
    flags: (t) => [`--allow-read=${t.linkdir}`],
    op: "inherit",
    args: (t) => [`${t.linkdir}/f.bin`],
    expect: { kind: "handle", text: REAL_TEXT },
  },
  {
    name: "READWRITE through a symlink leading out of the granted directory " +
      "works as Deno.open does",
    flags: (t) => [`--allow-read=${t.dir}`, `--allow-write=${t.dir}`],
    op: "readwrite",
    args: (t) => [t.link],
    expect: { kind: "handle" },
    after: async (t) => {
      assertEquals(await Deno.readTextFile(t.outsideFile), MARK);
    },
  },
  {
    name: "no flags: PARSE of a relative name",
    flags: () => [],
    op: "parse",
    args: () => ["dir/../dir/file.bin"],
    expect: { kind: "string", value: (t) => t.file },
  },
  {
    name: "no flags: READ prompts only for the file's own path (Deno's own " +
      "prompt; refused, it is ACCESSDENIED)",
    flags: () => [],
    op: "read",
    args: (t) => [t.file],
    prompts: (t) => [`read access to "${t.file}"`],
    expect: { kind: "null", code: MMIOERR_ACCESSDENIED },
  },
];

for (const c of CASES) {
  Deno.test({
    name: `prompt: ${c.name}`,
    ignore: Deno.build.os !== "linux",
    fn: async () => {
      const t = await makeTree();
      try {
        const run = await runUnderTerminal(
          c.flags(t),
          [c.op, ...c.args(t)],
          t.base,
        );
        const msg = `flags ${c.flags(t).join(" ")}; output:\n${run.output}`;
        assertEquals(run.prompts, c.prompts?.(t) ?? [], `prompts: ${msg}`);
        const out = run.outcome;
        assertPresent(out, `no outcome: ${msg}`);
        assertEquals(out.kind, c.expect.kind, msg);
        if (c.expect.code !== undefined) {
          const code = c.op === "rename" ? out.value : out.wErrorRet;
          assertEquals(code, c.expect.code, msg);
          assertEquals(out.code, c.expect.code, msg);
        } else {
          assertEquals(out.wErrorRet, 0, msg);
          if (out.kind === "handle") assertEquals(out.closeRet, 0, msg);
        }
        if (c.expect.value !== undefined) {
          assertEquals(out.value, c.expect.value(t), msg);
        }
        if (c.expect.text !== undefined) {
          assertEquals(out.text, c.expect.text, msg);
        }
        if (c.expect.code === MMIOERR_ACCESSDENIED) {
          assertEquals(out.cause?.name, "NotCapable", msg);
          assertStringIncludes(out.cause?.message ?? "", t.file, msg);
        }
        // Answered at once: nothing waited on a terminal.
        if (run.prompts.length === 0) {
          assert((out.ms ?? Infinity) < PROMPT_MS, `took ${out.ms} ms: ${msg}`);
        }
        await c.after?.(t);
      } finally {
        await Deno.remove(t.base, { recursive: true });
      }
    },
  });
}
