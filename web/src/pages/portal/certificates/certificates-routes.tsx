import type { RouteObject } from 'react-router';
import { CertificatePage } from './certificate-page';
import { ReferentialPage } from './referential-page';
import { RegistryPage } from './registry-page';
import { TaxSimulatorPage } from './tax-simulator-page';
import { VerifierPage } from './verifier-page';

/**
 * The public pages of the certificates, for the portal's route table. `/verify/{territory}/{id}` is the
 * address the QR codes encode (docs/certificates.md), so it must not move.
 */
export const certificatesPortalRoutes: RouteObject[] = [
  { path: 't/:slug/certificates', element: <RegistryPage /> },
  { path: 't/:slug/certificates/referential', element: <ReferentialPage /> },
  { path: 't/:slug/certificates/tax-simulator', element: <TaxSimulatorPage /> },
  { path: 't/:slug/certificates/:id', element: <CertificatePage /> },
  { path: 'verify', element: <VerifierPage /> },
  { path: 'verify/:slug/:id', element: <VerifierPage /> },
];
