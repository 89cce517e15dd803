import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Post, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ApiProblems } from '../src/common/openapi/api-problems.decorator';
import { createTestApp } from './app.factory';

// Booting apps and running Spectral takes seconds on a busy CI machine.
jest.setTimeout(120_000);

const ROOT = join(__dirname, '..');

/** A field with every schema fact but its length limit: what a DTO forgetting @MaxLength gives. */
class UnboundedNoteDto {
  @ApiProperty({ pattern: '^[a-z]*$' })
  @IsString()
  @Matches(/^[a-z]*$/)
  note!: string;
}

class BoundedNoteDto {
  @ApiProperty({ pattern: '^[a-z]*$', maxLength: 100 })
  @IsString()
  @Matches(/^[a-z]*$/)
  @MaxLength(100)
  note!: string;
}

/** A route documented as every route of the API is, around one of the DTOs above. */
function notesController(dto: Type): Type {
  @ApiTags('events')
  @Controller({ path: 'notes', version: '1' })
  class NotesController {
    @Post()
    @ApiBearerAuth()
    @ApiOperation({ summary: 'Take a note', description: 'A route of this test only.' })
    @ApiCreatedResponse({ type: dto, description: 'The note' })
    @ApiProblems('VALIDATION_FAILED', 'INTERNAL')
    take(@Body() body: object): object {
      return body;
    }
  }
  // The body's type is the DTO under test (a decorator cannot take a parameter's type from a variable).
  Reflect.defineMetadata('design:paramtypes', [dto], NotesController.prototype, 'take');
  return NotesController;
}

/** Lints the document the real app serves, with these extra routes, as `.ci/run` lints it. */
/** Spectral as a child process, awaited: several lints run at once instead of one after another. */
function spectral(file: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/lint-openapi.mjs', file], { cwd: ROOT });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

async function lintServedDocument(controllers: Type[] = []) {
  const t = await createTestApp({}, { controllers });
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-spec-'));
  try {
    const res = await t.http().get('/api/docs-json').expect(200);
    await t.close();
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(res.body));
    return await spectral(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('OpenAPI lint (Spectral: stock spectral:oas + OWASP, justified in the document)', () => {
  // The three documents are linted at once (Spectral's start-up is most of each run).
  let lints: Promise<{ status: number | null; output: string }[]>;
  beforeAll(() => {
    lints = Promise.all([
      lintServedDocument(),
      lintServedDocument([notesController(UnboundedNoteDto)]),
      lintServedDocument([notesController(BoundedNoteDto)]),
    ]);
  });

  it('passes the document the app serves: every finding is justified in it', async () => {
    const { status, output } = (await lints)[0]!;
    expect(output).toMatch(/(\d+) findings, \1 justified in the document; 0 problems \(0 errors/);
    expect(status).toBe(0);
  });

  it('fails on a DTO string field without a length limit, naming the field', async () => {
    const { status, output } = (await lints)[1]!;
    expect(output).toMatch(
      /error\s+owasp:api4:2023-string-limit\s+components\.schemas\.UnboundedNoteDto\.properties\.note/,
    );
    expect(output).toContain('1 problems (1 errors, 0 warnings, 0 infos, 0 hints)');
    expect(status).toBe(1);
  });

  it('passes the same field once it has its limit', async () => {
    const { status, output } = (await lints)[2]!;
    expect(output).toContain('0 problems');
    expect(status).toBe(0);
  });
});
