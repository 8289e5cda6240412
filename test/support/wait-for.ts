/**
 * Reads until `done` holds: effects that cross subgraphs arrive through the event log, a few
 * polls later, so tests wait for them instead of sleeping a guessed time.
 *
 * Once `done` holds it reads once more and returns that reading (if `done` still holds): one
 * GraphQL request runs its fields as separate statements, so the reading in which a change first
 * shows may have taken one field before the change committed and the next after it.
 */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) {
      const settled = await read();
      if (done(settled)) return settled;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}
