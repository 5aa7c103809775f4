import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import { ARCHIVE_FILE } from './portal.js';
import { openDataArchive } from './open-data.js';

export const registerIndicatorsCommands: RegisterCommands = (program: Command, withServices) => {
  const indicators = program.command('indicators').description('Indicators beyond GDP: import values, export the open data.');

  indicators
    .command('import <file>')
    .description('Import one indicator’s values from an Open SDG tidy CSV (Year, dimension columns…, Value; optional Units, Series, OBS_STATUS, COMMENT_OBS, SOURCE); all rows or none.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('-i, --indicator <code>', 'the indicator’s code in the territory’s catalogue, e.g. employment_rate')
    .option('--source <source>', 'the source written on rows without a SOURCE column')
    .action(async (file: string, options: { territory: string; indicator: string; source?: string }) => {
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file at ${file}`);
      const csv = fs.readFileSync(file, 'utf8');
      const report = await withServices((s) =>
        s.indicators.importObservations(systemActor('cli indicators import'), options.territory, options.indicator, csv, { source: options.source ?? path.basename(file) }),
      );
      console.log(`${options.indicator}: ${report.created} value(s) created, ${report.revised} revised, ${report.unchanged} unchanged.`);
    });

  indicators
    .command('export')
    .description('Write the open data of a territory’s indicators into a folder: datapackage.json, catalogue.csv, observations.csv, and each indicator’s CSV, JSON and metadata, plus the zip of them all.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('-o, --out <dir>', 'the folder to write into (created if needed)')
    .action(async (options: { territory: string; out: string }) => {
      const files = await withServices((s) => s.indicatorsPortal.exportFiles(options.territory));
      fs.mkdirSync(options.out, { recursive: true });
      for (const [name, text] of files) fs.writeFileSync(path.join(options.out, name), text);
      fs.writeFileSync(path.join(options.out, ARCHIVE_FILE), openDataArchive(files));
      console.log(`${files.size + 1} file(s) written to ${options.out} (datapackage.json describes them).`);
    });
};
