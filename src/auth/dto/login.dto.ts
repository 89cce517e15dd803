import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Only shape is checked here: a wrong-length password is a 401, never a hint via 400. */
export class LoginDto {
  /** Matched case-insensitively. @example "foobar" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  username!: string;

  /** @example "12345678!" */
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  password!: string;
}
