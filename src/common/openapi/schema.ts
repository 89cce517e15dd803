import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { TIME_ZONE_MAX_LENGTH, TIME_ZONE_PATTERN } from '../validation/time-zone';
import { TextKind, textPattern } from '../validation/storable-text';

/**
 * Schema facts shared by DTOs, so that every string of the document states its limit and form
 * (Spectral's OWASP rules, `npm run lint:openapi`) from one definition.
 */

/** Text the database stores as sent: anything but NUL (see `IsStorableText`). */
export const TEXT_PATTERN = textPattern('any');

/** Usernames: what registration accepts, and so every username the API returns. */
export const USERNAME_PATTERN = '^[A-Za-z0-9_.-]+$';
export const USERNAME_MAX_LENGTH = 30;

/** RFC 5321's limit on a forward path, which every stored email address satisfies. */
export const EMAIL_MAX_LENGTH = 254;

/** Longest token a request may carry; issued tokens are far shorter. */
export const TOKEN_MAX_LENGTH = 4096;

/** A JWT in compact serialisation: three base64url parts. */
export const JWT_PATTERN = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';

/** `YYYY-MM-DDTHH:mm:ss.fffffffff+hh:mm`, the longest timestamp input accepts. */
export const ZONED_TIMESTAMP_MAX_LENGTH = 35;

/** Every timestamp the API answers with: `YYYY-MM-DDTHH:mm:ss.sssZ`, UTC, milliseconds. */
export function ApiTimestamp(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    format: 'date-time',
    minLength: 24,
    maxLength: 24,
    example: '2026-11-23T10:00:00.000Z',
    ...options,
  });
}

/** A timestamp input: ISO 8601 with a zone (`Z` or `±hh:mm`). */
export function ApiZonedTimestamp(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    format: 'date-time',
    maxLength: ZONED_TIMESTAMP_MAX_LENGTH,
    ...options,
  });
}

/** A username as registration accepts it. */
export function ApiUsername(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    pattern: USERNAME_PATTERN,
    maxLength: USERNAME_MAX_LENGTH,
    example: 'foobar',
    ...options,
  });
}

/**
 * Free text: at most `maxLength` characters, no NUL; input of kind `line` or `lines` has no
 * control characters either (see `IsStorableText`). Answers keep `any`: text stored before that
 * rule is returned as it was saved.
 */
export function ApiText(
  maxLength: number,
  options: ApiPropertyOptions = {},
  kind: TextKind = 'any',
): PropertyDecorator {
  return ApiProperty({ pattern: textPattern(kind), maxLength, ...options });
}

/** An IANA time-zone name, case-insensitive on input, canonical on output. */
export function ApiTimeZone(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    pattern: TIME_ZONE_PATTERN,
    maxLength: TIME_ZONE_MAX_LENGTH,
    example: 'Europe/Berlin',
    description: 'IANA time-zone name the server knows (`Europe/Berlin`, `UTC`)',
    ...options,
  });
}
