import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ValidateNested,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ApiText } from '../common/openapi/schema';
import { IsStorableText, textPattern } from '../common/validation/storable-text';
import { Trim } from '../common/validation/transforms';
import {
  MAX_OPTIONS,
  MAX_QUESTIONS,
  QUESTION_ID_PATTERN,
  QUESTION_TYPES,
  QuestionType,
} from './questions';

/** Validates a field only when sent (see `present` of the event DTOs). */
const present = (_: object, value: unknown) => value !== undefined;

/** A question as the event resource shows it (the server assigned its `id`). */
export class QuestionDto {
  @ApiProperty({
    pattern: QUESTION_ID_PATTERN.source,
    maxLength: 12,
    example: 'q7Hc2xQ9a',
    description: 'Assigned by the server; stable for the life of the event.',
  })
  id!: string;
  /** @example "T-shirt size" */
  @ApiText(200, {}, 'line')
  label!: string;
  @ApiProperty({
    enum: QUESTION_TYPES,
    enumName: 'QuestionType',
    description:
      '`text` (an answer of at most 1000 characters), `choice` (one of `options`), `boolean`',
  })
  type!: QuestionType;
  /** Whether registering needs an answer. @example false */
  required!: boolean;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 100, pattern: textPattern('line') },
    nullable: true,
    minItems: 2,
    maxItems: MAX_OPTIONS,
    uniqueItems: true,
    example: ['S', 'M', 'L'],
    description:
      'The choices of a `choice` question (2–20 distinct texts of 1–100 characters); null otherwise.',
  })
  options!: string[] | null;
}

/**
 * A question as a create or PATCH sends it: with the `id` of a question the event has (kept), or
 * without (a new one, whose id the server assigns).
 */
export class QuestionInputDto {
  @ApiProperty({
    required: false,
    pattern: QUESTION_ID_PATTERN.source,
    maxLength: 12,
    description: 'The id of one of the event’s questions; absent for a new question.',
  })
  @ValidateIf(present)
  @IsString()
  @Matches(QUESTION_ID_PATTERN, { message: 'id must be the id of one of the event’s questions' })
  id?: string;

  /** Trimmed; 1–200 characters, one line. @example "T-shirt size" */
  @ApiText(200, {}, 'line')
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'label must not be blank' })
  @MaxLength(200)
  @IsStorableText(200, 'line')
  label!: string;

  @ApiProperty({ enum: QUESTION_TYPES, enumName: 'QuestionType' })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  /** Default false. */
  @ApiProperty({ required: false, default: false })
  @ValidateIf(present)
  @IsBoolean()
  required?: boolean;

  /** Required for `choice`: 2–20 distinct texts of 1–100 characters; null or absent otherwise. */
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 100, pattern: textPattern('line') },
    required: false,
    nullable: true,
    minItems: 2,
    maxItems: MAX_OPTIONS,
    uniqueItems: true,
  })
  @ValidateIf((question: QuestionInputDto) => question.type === 'choice')
  @IsArray({ message: 'options must be a list of 2–20 texts for a choice question' })
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_OPTIONS)
  @ArrayUnique({ message: 'options must be distinct' })
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'each option must be 1–100 characters' })
  @MaxLength(100, { each: true })
  @IsStorableText(100, 'line', { each: true })
  options?: string[] | null;
}

/** The `questions` field of create and PATCH: at most 20, each a {@link QuestionInputDto}. */
export const IsQuestionList = () =>
  applyDecorators(
    ApiProperty({ type: [QuestionInputDto], required: false, maxItems: MAX_QUESTIONS }),
    ValidateIf(present),
    IsArray(),
    ArrayMaxSize(MAX_QUESTIONS),
    ValidateNested({ each: true }),
    Type(() => QuestionInputDto),
  );
