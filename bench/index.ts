/**
 * `npm run bench`: runs every bench/*.bench.ts and prints its figures. Speed and memory goals live here,
 * never in timed tests. `npm run bench -- scan` runs only the benches whose file name contains "scan".
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

interface BenchModule {
  readonly title: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => !filter || file.includes(filter))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches "${filter ?? ''}"`);
  for (const file of files) {
    const bench = (await import(path.join(__dirname, file))) as BenchModule;
    console.log(`\n== ${bench.title} (${file})`);
    const started = Date.now();
    await bench.run();
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
