/**
 * With --json, stdout is one JSON document that `kvlab merge` and scripts read. What the user's
 * code prints there (console.log, process.stdout.write, in this thread or a worker's) goes to
 * stderr instead, where it is still seen: an implementation that logged made `kvlab test --json >
 * shard.json` a file no JSON reader took. Returns how kvlab writes its own document.
 */
export function stdoutForJson(): (text: string) => void {
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout);
  stdout.write = ((...args: Parameters<typeof stdout.write>) => (process.stderr.write as (...a: unknown[]) => boolean)(...args)) as typeof stdout.write;
  return (text) => void write(text);
}
