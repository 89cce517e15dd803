import { registerDecorator } from 'class-validator';
import { Transform } from 'class-transformer';

/** The longest IANA name is 32 characters (`America/Argentina/ComodRivadavia`); the column holds 64. */
export const TIME_ZONE_MAX_LENGTH = 64;

/** Letters, digits and `_ - + /`, starting with a letter: IANA's spelling, never a bare offset. */
export const TIME_ZONE_PATTERN = '^[A-Za-z][A-Za-z0-9_+\\-/]*$';
const TIME_ZONE_SHAPE = new RegExp(TIME_ZONE_PATTERN);

let canonicalNames: Map<string, string> | undefined;

/**
 * The runtime's canonical spelling of an IANA time-zone name, matched case-insensitively
 * (`europe/berlin` → `Europe/Berlin`), or undefined when the runtime does not know the zone.
 * Names the runtime lists are returned as it spells them; other names it accepts (links such as
 * `US/Eastern`, `Etc/UTC`) as its `Intl` resolves them.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length > TIME_ZONE_MAX_LENGTH || !TIME_ZONE_SHAPE.test(name)) return undefined;
  canonicalNames ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]),
  );
  const listed = canonicalNames.get(name.toLowerCase());
  if (listed) return listed;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** A known IANA time zone (400 on the field otherwise); pairs with `ToCanonicalTimeZone`. */
export function IsTimeZone(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an IANA time-zone name such as Europe/Berlin or UTC' },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && canonicalTimeZone(value) === value,
      },
    });
}

/** Respells a known zone canonically before validation; anything else passes through to fail. */
export const ToCanonicalTimeZone = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (canonicalTimeZone(value) ?? value) : value,
  );
