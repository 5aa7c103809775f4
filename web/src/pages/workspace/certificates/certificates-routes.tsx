import type { RouteObject } from 'react-router';
import { AssessmentPage } from './assessment-page';
import { CertificateManagePage } from './certificate-manage-page';
import { CertificatesWorkspaceHomePage } from './certificates-home-page';
import { CertificatesWorkspaceLayout } from './certificates-layout';
import { ReferentialEditorPage } from './referential-editor-page';
import { CertificateSettingsPage } from './settings-page';

/** The certificates' pages under /workspace/:slug/certificates, for the workspace's route table. */
export const certificatesWorkspaceRoute: RouteObject = {
  path: 'certificates',
  element: <CertificatesWorkspaceLayout />,
  children: [
    { index: true, element: <CertificatesWorkspaceHomePage /> },
    { path: 'assessments/:id', element: <AssessmentPage /> },
    { path: 'issued/:id', element: <CertificateManagePage /> },
    { path: 'referential', element: <ReferentialEditorPage /> },
    { path: 'settings', element: <CertificateSettingsPage /> },
  ],
};
