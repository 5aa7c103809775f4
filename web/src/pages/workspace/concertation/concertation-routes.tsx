import type { RouteObject } from 'react-router';
import { ConcertationWorkspaceLayout } from './concertation-layout';
import { EditionLayout } from './edition-layout';
import { EditionsPage } from './editions-page';
import { EvaluationPage } from './evaluation-page';
import { InitiativesTriagePage } from './initiatives-page';
import { MyParticipationsPage } from './my-participations-page';
import { PhasePage } from './phase-page';
import { BalanceSettingsPage } from './balance-settings-page';
import { SessionsPage } from './sessions-page';
import { VisionDraftPage } from './vision-draft-page';

/** The yearly concertation workshops under /workspace/:slug/concertation, for the workspace's route table. */
export const concertationWorkspaceRoute: RouteObject = {
  path: 'concertation',
  element: <ConcertationWorkspaceLayout />,
  children: [
    { index: true, element: <EditionsPage /> },
    { path: 'participations', element: <MyParticipationsPage /> },
    {
      path: ':year',
      element: <EditionLayout />,
      children: [
        { index: true, element: <PhasePage /> },
        { path: 'sessions', element: <SessionsPage /> },
        { path: 'initiatives', element: <InitiativesTriagePage /> },
        { path: 'evaluation', element: <EvaluationPage /> },
        { path: 'vision', element: <VisionDraftPage /> },
        { path: 'balance', element: <BalanceSettingsPage /> },
      ],
    },
  ],
};
