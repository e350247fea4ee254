// The suite's one temporary-directory helper: every test that touches the
// file system works in a fresh directory that is removed afterwards, even
// when the test fails.

/**
 * Runs `fn` with a fresh temporary directory, removed afterwards with all it
 * holds. The directory is given by its real path, so that the paths the
 * engine resolves (MMIO_PARSE, MMIO_GETTEMP, permission messages) compare
 * equal to the ones a test builds from it.
 */
export async function withTempDir<T>(
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "mmio_test_" }),
  );
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `fn` with a file holding `bytes` in a fresh temporary directory. */
export async function withTempFile<T>(
  bytes: Uint8Array,
  fn: (path: string, dir: string) => Promise<T>,
): Promise<T> {
  return await withTempDir(async (dir) => {
    const path = `${dir}/data.bin`;
    await Deno.writeFile(path, bytes);
    return await fn(path, dir);
  });
}
