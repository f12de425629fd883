/**
 * Work done between two pauses. Short enough that a hover on another document waits at most
 * about this long behind a validation of a large policy; long enough that the pauses (a
 * turn of the event loop each) cost little.
 */
const SLICE_MS = 30;

/**
 * Runs a stepwise computation (a generator that does a bounded piece of work per `next()`),
 * pausing after each SLICE_MS of work so that the connection can read and answer other
 * messages. After each pause `wanted()` is asked again: when the document changed, closed or
 * the request was cancelled meanwhile, the run stops and resolves to undefined.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, pause: () => Promise<void>, wanted: () => boolean): Promise<T | undefined> {
  let sliceStart = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() - sliceStart < SLICE_MS) continue;
    await pause();
    if (!wanted()) return undefined;
    sliceStart = Date.now();
  }
}
