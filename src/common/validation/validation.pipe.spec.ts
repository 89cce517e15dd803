import { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { createValidationPipe, toFieldErrors } from './validation.pipe';

class AddressDto {
  @IsString()
  @MaxLength(10)
  city!: string;
}

class SampleDto {
  @IsString()
  @Length(3, 30)
  @Matches(/^[a-z]+$/, { message: 'name may contain only a-z' })
  name!: string;

  // The type check declared last still wins over the range check.
  @Min(1)
  @IsInt()
  count!: number;

  @IsOptional()
  @IsString()
  @MaxLength(5)
  note?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

const body: ArgumentMetadata = { type: 'body', metatype: SampleDto, data: undefined };

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  async function failure(value: unknown, metadata = body): Promise<DomainError> {
    try {
      await pipe.transform(value, metadata);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return error as DomainError;
    }
    throw new Error(`accepted ${JSON.stringify(value)}`);
  }

  it('returns an instance of the DTO for a valid body', async () => {
    const dto: unknown = await pipe.transform({ name: 'alice', count: 2 }, body);
    expect(dto).toBeInstanceOf(SampleDto);
    expect(dto).toEqual({ name: 'alice', count: 2 });
  });

  it('reports one message per field, the type error first whatever the decorator order', async () => {
    const error = await failure({ name: 5, count: 'many', note: 7 });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'count', message: 'count must be an integer number' },
      { field: 'note', message: 'note must be a string' },
    ]);
  });

  it('reports the top-most failing constraint when the type is right', async () => {
    const error = await failure({ name: 'A!', count: 0 });
    expect(error.errors).toEqual([
      { field: 'name', message: 'name must be longer than or equal to 3 characters' },
      { field: 'count', message: 'count must not be less than 1' },
    ]);
  });

  it('names a missing field by its type', async () => {
    const error = await failure({ count: 1 });
    expect(error.errors).toEqual([{ field: 'name', message: 'name must be a string' }]);
  });

  it('validates an absent body like an empty object', async () => {
    const error = await failure(undefined);
    expect(error.errors?.map((e) => e.field)).toEqual(['name', 'count']);
  });

  it('rejects unknown fields instead of stripping them', async () => {
    const error = await failure({ name: 'alice', count: 1, isAdmin: true, id: 3 });
    expect(error.errors).toEqual([
      { field: 'isAdmin', message: 'property isAdmin should not exist' },
      { field: 'id', message: 'property id should not exist' },
    ]);
  });

  it('converts nothing implicitly: "2" is not a number', async () => {
    const error = await failure({ name: 'alice', count: '2' });
    expect(error.errors).toEqual([{ field: 'count', message: 'count must be an integer number' }]);
  });

  it('names nested fields with a dotted path', async () => {
    const error = await failure({ name: 'alice', count: 1, address: { city: 'x'.repeat(11) } });
    expect(error.errors).toEqual([
      { field: 'address.city', message: 'city must be shorter than or equal to 10 characters' },
    ]);
  });

  it('accepts null for an optional field', async () => {
    await expect(pipe.transform({ name: 'alice', count: 1, note: null }, body)).resolves.toEqual({
      name: 'alice',
      count: 1,
      note: null,
    });
  });

  it.each([
    ['an array', []],
    ['an array of valid objects', [{ name: 'alice', count: 1 }]],
    ['a number', 42],
    ['a string', 'alice'],
    ['a boolean', true],
    ['null', null],
  ])('refuses %s as body with one clear detail', async (_label, value) => {
    const error = await failure(value);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('The request body must be a JSON object.');
    expect(error.errors).toBeUndefined();
  });

  it('leaves non-body and primitive parameters to the usual rules', async () => {
    await expect(
      pipe.transform('42', { type: 'param', metatype: String, data: 'id' }),
    ).resolves.toBe('42');
    await expect(
      pipe.transform('x', { type: 'body', metatype: String, data: 'token' }),
    ).resolves.toBe('x');
  });
});

describe('toFieldErrors', () => {
  const error = (
    property: string,
    constraints?: Record<string, string>,
    children: ValidationError[] = [],
  ): ValidationError => ({ property, constraints, children });

  it('keeps one message per field: a type check, else the last constraint class-validator ran', () => {
    expect(
      toFieldErrors([
        error('a', { maxLength: 'a too long', isString: 'a must be a string' }),
        error('b', { matches: 'b bad pattern', isLength: 'b bad length' }),
        error('c', { whitelistValidation: 'property c should not exist' }),
      ]),
    ).toEqual([
      { field: 'a', message: 'a must be a string' },
      { field: 'b', message: 'b bad length' },
      { field: 'c', message: 'property c should not exist' },
    ]);
  });

  it('flattens children into dotted fields and skips nodes without constraints', () => {
    const tree = [
      error('items', undefined, [error('0', undefined, [error('name', { isString: 'x' })])]),
    ];
    expect(toFieldErrors(tree)).toEqual([{ field: 'items.0.name', message: 'x' }]);
  });
});
