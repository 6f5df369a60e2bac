/**
 * An error as the page says it: the message without the core's place suffix (`(field 'budget')`,
 * `(byte 0)`), which helps a script or a bug report but reads as noise to a person.
 */
export function plainMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/ \((?:field '[^']*'(?:, byte \d+)?|byte \d+)\)$/, '');
}
