import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { HOUR, type Owner } from './model.js';
import { createCurrencyWorld, type CurrencyWorld } from './test-factories.js';
import type { TransferInput } from './ledger-model.js';

const system = systemActor('test');
const person = (id: string): Owner => ({ type: 'person', id });

describeEachDatabase('ledger holds that time out', (ctx) => {
  let app: App;
  let w: CurrencyWorld;
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  const seconds = (n: number) => n * 1000;

  beforeEach(async () => {
    now = Date.parse('2026-03-01T09:00:00.000Z');
    // The server's own expiry timer is off: each test calls the expiry itself, at the instant it chooses.
    app = await createApp(loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', holdExpirySeconds: 0 }), {
      database: ctx.handle,
      migrate: false,
      clock: () => new Date(now),
    });
    w = await createCurrencyWorld(app);
  });
  afterEach(async () => app.close());

  const grain = async (id: string) => (await app.services.currency.myAccounts(system, 'amiens', person(id))).find((a) => a.unit === 'GRAIN')!;

  /** Issues 100.00 to the citizen, then holds three amounts of it for the representative with different timeouts. */
  async function holds(): Promise<{ citizen: string; representative: string }> {
    await app.services.currency.issue(system, 'amiens', { key: 'issue-0001', to: person(w.citizen.id), amount: 100_00n });
    const citizen = (await grain(w.citizen.id)).id;
    await app.services.currency.pay(system, 'amiens', { key: 'open-0001', from: person(w.citizen.id), to: person(w.representative.id), amount: 1n });
    const representative = (await grain(w.representative.id)).id;
    const hold = (id: string, amount: bigint, timeoutSeconds: number): TransferInput => ({
      id, debitAccountId: citizen, creditAccountId: representative, amount, unit: 'GRAIN', kind: 'payment', phase: 'pending', timeoutSeconds,
    });
    const results = await app.services.currency.submitTransfers(system, 'amiens', [hold('hold-minute', 10_00n, 60), hold('hold-hour', 20_00n, 3600), hold('hold-forever', 30_00n, 0)]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    return { citizen, representative };
  }

  it('releases what a hold reserved once its timeout has passed, once, and leaves holds still running or without a timeout', async () => {
    const { citizen, representative } = await holds();
    expect(await grain(w.citizen.id)).toMatchObject({ balance: 99_99n, pendingDebits: 60_00n });

    now += seconds(60);
    expect(await app.services.currency.expireHolds(system)).toEqual([]);
    now += seconds(1);
    expect(await app.services.currency.expireHolds(system)).toEqual([{ territoryId: w.territoryId, expired: 1, refused: 0 }]);
    expect(await grain(w.citizen.id)).toMatchObject({ balance: 99_99n, pendingDebits: 50_00n });
    expect(await grain(w.representative.id)).toMatchObject({ balance: 1n, pendingCredits: 50_00n });
    // A second run, or a second server, finds nothing left to do.
    expect(await app.services.currency.expireHolds(system)).toEqual([]);

    // The expired hold can be neither posted nor voided again; the running one still posts.
    const post = (pendingId: string, amount: bigint): TransferInput => ({
      id: `${pendingId}/post`, debitAccountId: citizen, creditAccountId: representative, amount, unit: 'GRAIN', kind: 'payment', phase: 'post_pending', pendingId,
    });
    const results = await app.services.currency.submitTransfers(system, 'amiens', [post('hold-minute', 10_00n), post('hold-hour', 20_00n)]);
    expect(results).toEqual([{ status: 'error', code: 'pending_transfer_already_voided' }, { status: 'ok' }]);

    // Hours later, the hour's hold is posted and the one without a timeout still holds.
    now += seconds(7200);
    expect(await app.services.currency.expireHolds(system)).toEqual([]);
    expect(await grain(w.citizen.id)).toMatchObject({ balance: 79_99n, pendingDebits: 30_00n });
    // The money in the reserve and in circulation still agree.
    const proof = await app.services.currency.proofOfReserve('amiens');
    expect(proof.reserve).toBe(proof.circulation);
  });

  it('writes each expiry as a void of the hold, of its kind, in the audit trail, and is done by the system only', async () => {
    await holds();
    now += seconds(61);
    await expect(app.services.currency.expireHolds(personActor(w.operator.id))).rejects.toMatchObject({ status: 403 });
    expect(await grain(w.citizen.id)).toMatchObject({ pendingDebits: 60_00n });
    await app.services.currency.expireHolds(system);
    const statement = await app.services.currency.accountStatement(system, 'amiens', (await grain(w.citizen.id)).id, { limit: 10 });
    expect(statement.items[0]).toMatchObject({ id: 'hold-minute/expired', phase: 'void_pending', pendingId: 'hold-minute', kind: 'payment', amount: 10_00n, expired: true });
    // The other lines are not expiries, the holds themselves included.
    expect(statement.items.slice(1).every((line) => !line.expired)).toBe(true);
    const events = await ctx.handle.db.selectFrom('audit_events').select(['action', 'change']).where('territory_id', '=', w.territoryId).where('action', '=', 'ledger.holds_expired').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.change!)).toEqual({ count: 1, holds: ['hold-minute'] });
  });

  it('lets a time-bank proposal lapse through the ledger: the hours come back, and the exchange reads expired', async () => {
    await app.services.currency.updateSettings(system, 'amiens', { timeBankFloorMinutes: -120 });
    const exchange = await app.services.timeBank.proposeExchange(w.citizen.actor, 'amiens', {
      key: 'lapsing-0001', provider: person(w.citizen.id), receiver: person(w.representative.id), minutes: 60n,
    });
    const heldHours = async () => (await app.services.currency.myAccounts(system, 'amiens', person(w.representative.id))).find((a) => a.unit === HOUR)!.pendingDebits;
    expect(await heldHours()).toBe(60n);
    now += seconds(30 * 24 * 3600 + 1);
    expect(await app.services.currency.expireHolds(system)).toEqual([{ territoryId: w.territoryId, expired: 1, refused: 0 }]);
    expect(await heldHours()).toBe(0n);
    expect((await app.services.timeBank.exchange(w.citizen.actor, 'amiens', exchange.id)).status).toBe('expired');
    // Confirming it now says it lapsed, as it did before the ledger expired holds itself.
    await expect(app.services.timeBank.confirmExchange(w.representative.actor, 'amiens', exchange.id)).rejects.toMatchObject({ status: 409, code: 'exchange_expired' });
    await expect(app.services.timeBank.cancelExchange(w.citizen.actor, 'amiens', exchange.id)).rejects.toMatchObject({ status: 409, code: 'already_resolved' });
  });

});
