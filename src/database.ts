import type { AuditTables } from './platform/audit/migrations.js';
import type { AuthTables } from './platform/auth/migrations.js';
import type { TerritoriesTables } from './modules/territories/migrations.js';
import type { CurrencyTables } from './modules/currency/migrations.js';
import type { PactTables } from './modules/pact/migrations.js';
import type { MetabolismTables } from './modules/metabolism/migrations.js';
import type { IndicatorsTables } from './modules/indicators/migrations.js';
import type { CertificatesTables } from './modules/certificates/migrations.js';
import type { FundingTables } from './modules/funding/migrations.js';
import type { ConcertationTables } from './modules/concertation/migrations.js';

/** The whole schema, composed from each module's own tables (declared beside their DDL). */
export interface Database extends AuditTables, AuthTables, TerritoriesTables, PactTables, CurrencyTables, MetabolismTables, IndicatorsTables, CertificatesTables, FundingTables, ConcertationTables {}
