// Waiting for a notice without being held by it (issue 12 and 15): a write
// that tells officers in Teams waits for the cards at most a few seconds; a
// slow Bot Connector never holds the answer longer, and what is still being
// sent then finishes on its own.

/** Waits for work that never throws, but no longer than waitMs; the work goes on if it takes longer. */
export async function atMost(work: Promise<void>, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
    timer.unref();
  });
  await Promise.race([work, waited]);
  clearTimeout(timer);
}
