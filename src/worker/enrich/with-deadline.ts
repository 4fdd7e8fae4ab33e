/** A lookup with a deadline: the AbortSignal ends the request; the race covers work before it (auth plugins). */
export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

export async function withDeadline<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineExceeded(ms));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), expired]);
  } catch (err) {
    throw controller.signal.aborted ? new DeadlineExceeded(ms) : err;
  } finally {
    clearTimeout(timer);
  }
}
