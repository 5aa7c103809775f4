import type { RouteObject } from 'react-router';
import { CataloguePage } from './catalogue-page';
import { ComputedPage } from './computed-page';
import { DefinitionEditPage, DefinitionNewPage } from './definition-pages';
import { IndicatorWorkspacePage } from './indicator-workspace-page';
import { IndicatorsWorkspaceLayout } from './indicators-layout';
import { TargetsPage } from './targets-page';

/** The indicators' pages under /workspace/:slug/indicators, for the workspace's route table. */
export const indicatorsWorkspaceRoute: RouteObject = {
  path: 'indicators',
  element: <IndicatorsWorkspaceLayout />,
  children: [
    { index: true, element: <CataloguePage /> },
    { path: 'catalogue/new', element: <DefinitionNewPage /> },
    { path: 'targets', element: <TargetsPage /> },
    { path: 'computed', element: <ComputedPage /> },
    { path: ':code', element: <IndicatorWorkspacePage /> },
    { path: ':code/edit', element: <DefinitionEditPage /> },
  ],
};
