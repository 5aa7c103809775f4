import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import { isValidYear } from './model.js';

function year(value: string): number {
  const n = Number(value);
  if (!/^\d{4}$/.test(value) || !isValidYear(n)) throw new InvalidArgumentError('a year reads YYYY, between 1990 and 2100');
  return n;
}

const tonnes = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export const registerMetabolismCommands: RegisterCommands = (program, withServices) => {
  const metabolism = program.command('metabolism').description("The territory's material flows (EW-MFA accounts, reconciliation).");

  metabolism
    .command('import <file>')
    .description(
      'Import the flows of a year from CSV, all rows or none. Header: from,to,waste_code,category,material,tonnes,uncertainty,method,source,confidential; ' +
        'with --declarations, GEREP-like waste declarations: siret,annee,code_dechet,libelle_dechet,quantite_t,incertitude_t,code_operation,destination_siret,destination_commune,destination_pays.',
    )
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--year <YYYY>', 'the year of the flows', year)
    .option('--declarations', 'the file holds waste-production declarations (GEREP / iREP shape)')
    .action(async (file: string, options: { territory: string; year: number; declarations?: boolean }) => {
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file at ${file}`);
      const csv = fs.readFileSync(file, 'utf8');
      const actor = systemActor('cli metabolism import');
      const report = await withServices((s) => (options.declarations ? s.metabolism.importDeclarations(actor, options.territory, options.year, csv) : s.metabolism.importFlows(actor, options.territory, options.year, csv)));
      console.log(`${report.created} flow(s) imported into ${options.territory} for ${options.year} (${tonnes.format(report.tonnes)} t), ${report.nodesCreated} new node(s).`);
    });

  metabolism
    .command('reconcile')
    .description('Reconcile a year by weighted least squares under the balances and print the χ² test; --apply writes the reconciled values.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--year <YYYY>', 'the year', year)
    .option('--apply', 'write the reconciled values into the flows (the entered values are kept)')
    .action(async (options: { territory: string; year: number; apply?: boolean }) => {
      const actor = systemActor('cli metabolism reconcile');
      const result = await withServices(async (s) => {
        const view = await s.metabolismAnalysis.reconciliation(actor, options.territory, options.year);
        const applied = options.apply ? await s.metabolismAnalysis.applyReconciliation(actor, options.territory, options.year) : undefined;
        return { view, applied };
      });
      const { view } = result;
      if (view.chiSquare === null) console.log(`${view.constraints} balance(s), no independent constraint left once unmeasured flows are eliminated: nothing to test.`);
      else {
        console.log(`χ² = ${view.chiSquare.toFixed(2)} with ${view.degreesOfFreedom} degree(s) of freedom; critical value at ${view.confidence * 100} %: ${view.criticalValue!.toFixed(2)} (p = ${view.pValue!.toFixed(4)}).`);
        console.log(view.consistent ? 'The data agree with the balances.' : 'The data disagree with the balances. Largest normalised residuals:');
        if (!view.consistent) {
          for (const f of [...view.flows].filter((x) => x.normalisedResidual !== null).sort((a, b) => Math.abs(b.normalisedResidual!) - Math.abs(a.normalisedResidual!)).slice(0, 5)) {
            console.log(`  ${f.normalisedResidual!.toFixed(2).padStart(7)}  ${f.fromName} → ${f.toName}: ${tonnes.format(f.value)} t measured, ${tonnes.format(f.adjusted!)} t reconciled`);
          }
        }
      }
      if (result.applied) console.log(`${result.applied.updated} flow(s) updated with their reconciled values.`);
    });

  const symbiosis = program.command('symbiosis').description('Industrial symbiosis matchmaking.');

  symbiosis
    .command('match')
    .description('Recompute every suggestion of the territory: the 5 best offers of each need and the 5 best needs of each offer.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .action(async (options: { territory: string }) => {
      const started = performance.now();
      const report = await withServices((s) => s.symbiosis.recomputeAll(systemActor('cli symbiosis match'), options.territory));
      console.log(`${report.suggestions} suggestion(s) for ${report.needs} open need(s) and ${report.offers} open offer(s) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    });
};
