/** Validates a field only when sent: `null` then fails like any other wrong value. */
export const present = (_: object, value: unknown) => value !== undefined;
