import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as mupdf from 'mupdf';
import { createServices } from '../../app.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import { runPacte21 } from '../../cli-test-runner.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const system = systemActor('test');
const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args);

describe('pacte21 evaluation', () => {
  let dir: string;
  let databaseUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-evaluation-cli-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    const database = connectDatabase(databaseUrl);
    try {
      await migrateToLatest(database.db);
      const services = createServices(database);
      await services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
      const business = await services.territories.createOrganisation(system, 'amiens', { name: 'Picardie Recyclage', kind: 'business', siret: '47942222209999' });
      await services.pact.createPact(system, 'amiens', { title: 'Pacte 21 de l’Amiénois', horizonStartYear: 2026 });
      await services.pact.publishVision(system, 'amiens', { statement: 'Boucler les flux', objectives: [{ title: 'Recycler davantage', indicatorCode: null, baseline: null, targetValue: null, unit: null, targetYear: null }] });
      const taskForce = await services.taskForces.create(system, 'amiens', { name: 'Écologie industrielle', mission: 'Boucler les flux' });
      const representative = await services.territories.addMember(system, 'amiens', business.id, { email: 'sophie@amiens.test', role: 'representative', displayName: 'Sophie' });
      await services.pact.sign(personActor(representative.personId), 'amiens', business.id);
      await services.commitments.make(system, 'amiens', { ownerOrganisationId: business.id, taskForceId: taskForce.id, statement: 'Recycler 500 t de plâtre', milestoneDate: '2027-12-31' });
    } finally {
      await database.close();
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('freezes a snapshot of a Pact and writes its report as a PDF', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const taken = await pacte21(databaseUrl, 'evaluation', 'snapshot', '--pact', 'amiens', '--date', today);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    const [, id] = /^Snapshot (\S+) of CA Amiens Métropole, situation on \d{4}-\d{2}-\d{2}$/m.exec(taken.stdout) ?? [];
    expect(id).toBeDefined();
    expect(taken.stdout).toMatch(/1 commitment\(s\), 1 task force\(s\), 0 indicator\(s\), 0 certificate\(s\) in force/);
    expect(taken.stdout).toMatch(/SHA-256 [0-9a-f]{64}/);

    const file = path.join(dir, 'out', 'evaluation.pdf');
    const written = await pacte21(databaseUrl, 'evaluation', 'report', '--snapshot', id!, '--pdf', file, '--lang', 'en');
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^wrote .*evaluation\.pdf \(\d+ bytes\)/);
    const document = mupdf.Document.openDocument(fs.readFileSync(file), 'application/pdf');
    const text = Array.from({ length: document.countPages() }, (_, i) => document.loadPage(i).toStructuredText('preserve-whitespace').asText()).join('\n');
    expect(text).toContain('Evaluation of the Pact 21 — CA Amiens Métropole');
    expect(text).toContain('Task Force: Écologie industrielle');
    expect(text).toContain('Recycler 500 t de plâtre');
  });

  it('refuses a bad date or an unknown snapshot in words, and writes nothing', async () => {
    const bad = await pacte21(databaseUrl, 'evaluation', 'snapshot', '--pact', 'amiens', '--date', '2026-02-30');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("option '-d, --date <YYYY-MM-DD>' argument '2026-02-30' is invalid. a date is written YYYY-MM-DD.");
    const future = await pacte21(databaseUrl, 'evaluation', 'snapshot', '--pact', 'amiens', '--date', '2999-01-01');
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/asOf: A snapshot freezes what is known: its date is today \(\d{4}-\d{2}-\d{2}\) or earlier\./);
    const file = path.join(dir, 'nothing.pdf');
    const unknown = await pacte21(databaseUrl, 'evaluation', 'report', '--snapshot', '0190d2a6-0000-7000-8000-000000000000', '--pdf', file);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Error (not_found): The evaluation snapshot 0190d2a6-0000-7000-8000-000000000000 was not found.');
    expect(fs.existsSync(file)).toBe(false);
  });
});
