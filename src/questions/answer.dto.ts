import { ApiProperty } from '@nestjs/swagger';
import { textPattern } from '../common/validation/storable-text';
import { MAX_QUESTIONS, MAX_TEXT_ANSWER, QUESTION_ID_PATTERN } from './questions';

/** One answer: a text, one of a choice's options, or a boolean, by the question's type. */
export class AnswerDto {
  @ApiProperty({ pattern: QUESTION_ID_PATTERN.source, maxLength: 12, example: 'q7Hc2xQ9a' })
  questionId!: string;
  @ApiProperty({
    oneOf: [
      { type: 'string', maxLength: MAX_TEXT_ANSWER, pattern: textPattern('lines') },
      { type: 'boolean' },
    ],
    example: 'M',
    description:
      '`text`: at most 1000 characters (trimmed; empty is no answer); `choice`: one of the ' +
      'options, exactly; `boolean`: true or false.',
  })
  value!: string | boolean;
}

/**
 * The optional body of registering and of joining the waiting list. Checked against the event's
 * questions: every required one answered, each value of its type, no unknown or repeated
 * `questionId` (400 on field `answers`, the message naming the question).
 */
export class RegistrationRequestDto {
  @ApiProperty({ type: [AnswerDto], required: false, maxItems: MAX_QUESTIONS })
  answers?: AnswerDto[];
}
