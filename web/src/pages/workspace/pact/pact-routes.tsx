import type { RouteObject } from 'react-router';
import { CommitmentImportPage } from './commitment-import-page';
import { CommitmentWorkspacePage } from './commitment-workspace-page';
import { CommitmentsWorkspacePage } from './commitments-workspace-page';
import { DecisionWorkspacePage } from './decision-workspace-page';
import { PactWorkspaceLayout } from './pact-layout';
import { NotificationsPage } from './notifications-page';
import { PactWorkspacePage } from './pact-workspace-page';
import { TaskForceWorkspacePage } from './task-force-workspace-page';
import { TaskForcesWorkspacePage } from './task-forces-workspace-page';
import { VisionEditorPage } from './vision-editor-page';

/** The Pact's pages under /workspace/:slug/pact, for the workspace's route table. */
export const pactWorkspaceRoute: RouteObject = {
  path: 'pact',
  element: <PactWorkspaceLayout />,
  children: [
    { index: true, element: <PactWorkspacePage /> },
    { path: 'vision', element: <VisionEditorPage /> },
    { path: 'task-forces', element: <TaskForcesWorkspacePage /> },
    { path: 'task-forces/:id', element: <TaskForceWorkspacePage /> },
    { path: 'task-forces/:id/decisions/:decisionId', element: <DecisionWorkspacePage /> },
    { path: 'commitments', element: <CommitmentsWorkspacePage /> },
    { path: 'commitments/import', element: <CommitmentImportPage /> },
    { path: 'commitments/:id', element: <CommitmentWorkspacePage /> },
    { path: 'notifications', element: <NotificationsPage /> },
  ],
};
