import { readProcessEnv } from '../config/env.schema';
import { createDataSource } from './data-source';

/** `npm run migration:run`: apply pending migrations as a separate deployment step. */
async function main(): Promise<void> {
  const dataSource = createDataSource(readProcessEnv());
  await dataSource.initialize(); // migrationsRun applies what is pending
  const pending = await dataSource.showMigrations();
  console.log(pending ? 'Migrations still pending' : 'Database schema is up to date');
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
