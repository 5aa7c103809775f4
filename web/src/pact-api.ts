import { request, territoryPath } from './api';
import type {
  Commitment,
  CommitmentDetail,
  CommitmentImportResult,
  CommitmentPatch,
  CommitmentUpdateInput,
  FollowState,
  FollowTargetType,
  Page,
  PactNotification,
  TaskForceMember,
  TaskForceRole,
} from './api-contract';

/** The Pact's calls added after its first pages (evidence files, follows, notifications, edits, import), kept apart so that modules do not edit the same lines. */
const collectionOf: Record<FollowTargetType, string> = { commitment: 'commitments', task_force: 'task-forces' };
const followPath = (slug: string, type: FollowTargetType, id: string) => `${territoryPath(slug)}/${collectionOf[type]}/${encodeURIComponent(id)}/follow`;
const memberPath = (slug: string, taskForceId: string, member: Pick<TaskForceMember, 'memberType' | 'memberId'>) =>
  `${territoryPath(slug)}/task-forces/${encodeURIComponent(taskForceId)}/members/${member.memberType}/${encodeURIComponent(member.memberId)}`;

/** The Pact's open data, at stable public addresses: plain links, which a spreadsheet or a script can fetch alike. */
export const pactOpenDataUrl = (slug: string, file: 'commitments.csv' | 'commitments.json' | 'task-forces.csv' | 'task-forces.json'): string =>
  `/api/v1${territoryPath(slug)}/open-data/${file}`;

export const pactApi = {
  /** Reports progress with an uploaded file: the form's fields first, then the file, as the server reads them in order. */
  postCommitmentEvidence: (slug: string, id: string, input: CommitmentUpdateInput, file: File) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(input)) if (value !== undefined && value !== null) form.append(name, String(value));
    form.append('file', file, file.name);
    return request<CommitmentDetail>('POST', `${territoryPath(slug)}/commitments/${encodeURIComponent(id)}/evidence`, { form });
  },
  editCommitment: (slug: string, id: string, patch: CommitmentPatch) =>
    request<Commitment>('PATCH', `${territoryPath(slug)}/commitments/${encodeURIComponent(id)}`, { json: patch }),
  /** All rows or none: a refusal names each row and column at fault. */
  importCommitments: (slug: string, csv: string) =>
    request<CommitmentImportResult>('POST', `${territoryPath(slug)}/commitments/import`, { text: csv, contentType: 'text/csv' }),

  changeTaskForceMemberRole: (slug: string, taskForceId: string, member: Pick<TaskForceMember, 'memberType' | 'memberId'>, role: TaskForceRole) =>
    request<TaskForceMember>('PATCH', memberPath(slug, taskForceId, member), { json: { role } }),
  removeTaskForceMember: (slug: string, taskForceId: string, member: Pick<TaskForceMember, 'memberType' | 'memberId'>) =>
    request<void>('DELETE', memberPath(slug, taskForceId, member)),

  followState: (slug: string, type: FollowTargetType, id: string) => request<FollowState>('GET', followPath(slug, type, id)),
  follow: (slug: string, type: FollowTargetType, id: string) => request<FollowState>('PUT', followPath(slug, type, id)),
  unfollow: (slug: string, type: FollowTargetType, id: string) => request<FollowState>('DELETE', followPath(slug, type, id)),

  notifications: (slug: string, params: { limit?: number; cursor?: string | null; unread?: boolean }) =>
    request<Page<PactNotification> & { unreadCount: number }>('GET', `${territoryPath(slug)}/notifications`, {
      query: { ...params, unread: params.unread ? 'true' : undefined },
    }),
  markNotificationRead: (slug: string, id: string) =>
    request<PactNotification>('POST', `${territoryPath(slug)}/notifications/${encodeURIComponent(id)}/read`),
  markAllNotificationsRead: (slug: string) => request<{ marked: number; unreadCount: number }>('POST', `${territoryPath(slug)}/notifications/read-all`),
};
