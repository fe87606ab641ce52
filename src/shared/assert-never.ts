/** The default branch of a switch over a union: a compile error when a member is not handled, a throw at run time. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
