/**
 * Polls `check` every 0.1 s until it returns something truthy, and returns that; throws once `ms`
 * have passed. For what happens in the background (a job sending mail, a webhook delivery), where
 * a test cannot drain the queue itself.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
