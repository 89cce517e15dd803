import { QueryRunner } from 'typeorm';

/**
 * What the migrations cannot say once for both databases (the schema-builder API covers the
 * rest). The one place, beside the adapters, that asks which database it is on.
 */
export function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'postgres';
}

/** Byte-order collation, so a sort key orders alike on both databases. */
export function byteOrderCollation(queryRunner: QueryRunner): string {
  return isPostgres(queryRunner) ? 'C' : 'BINARY';
}
