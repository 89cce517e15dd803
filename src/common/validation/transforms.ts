import { Transform } from 'class-transformer';

/** Trims strings; other types pass through untouched for the validators to reject. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Trims strings and stores an empty optional text as null. */
export const TrimToNull = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  });

/** Query strings: a decimal integer of at most `digits` digits becomes a number, nothing else. */
export const ToInteger = (digits = 9) =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && new RegExp(`^\\d{1,${digits}}$`).test(value)
      ? Number(value)
      : value,
  );

/** Query strings: exactly `true` or `false` become booleans, nothing else. */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
