/**
 * An error as a user reads it: the hosts prefix a failed request's message with its name ("export:run failed: …"),
 * which is for logs; panels show only the message itself.
 */
export function userMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^[a-z]+:[a-z-]+ failed: /, '');
}
