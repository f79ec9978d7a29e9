/** The error a promise rejects with, when it is of the expected class; fails the test otherwise. */
export async function failure<E extends Error>(p: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected the call to fail with ${type.name}`);
}
