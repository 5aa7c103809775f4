import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { Commitment } from '../../../api-contract';
import { useFormat } from '../../../format';

/** A progress from 0 to 100: the value in words, and a bar that only repeats it. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = t('pact.progressValue', { percent: format.progress(value) });
  return (
    <span className="progress">
      <progress max={100} value={Math.round(value)} aria-label={`${label}${t('common.colon')}${text}`} />
      <span className="progress__text">{text}</span>
    </span>
  );
}

/** The status of a commitment in words, and "late" as a word too, never only as a colour. */
export function CommitmentStatusText({ commitment }: { commitment: Pick<Commitment, 'status' | 'late'> }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`pact.commitmentStatuses.${commitment.status}`)}
      {commitment.late && (
        <>
          {' '}
          <span className="badge badge--warning">{t('pact.late')}</span>
        </>
      )}
    </>
  );
}

/** The names of the territory's organisations by id: commitments and task forces only carry ids. */
export function useOrganisationNames(slug: string): Map<string, string> {
  const organisations = useQuery({
    queryKey: ['organisations', slug, 'all'],
    queryFn: () => api.allOrganisations(slug),
    staleTime: 5 * 60_000,
  });
  return new Map((organisations.data ?? []).map((organisation) => [organisation.id, organisation.name]));
}

/** A due date: the target's deadline, or else the milestone. */
export const dueDateOf = (commitment: Pick<Commitment, 'target' | 'milestoneDate'>): string | null =>
  commitment.target?.deadline ?? commitment.milestoneDate;

/** Evidence is a link the organisation gave: only web addresses are followed. */
export function safeEvidenceUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The web app's page for a chronicle entry's link, which the server gives relative to the territory. */
export function chronicleTarget(slug: string, linkPath: string): string | null {
  const base = `/t/${slug}`;
  if (linkPath.startsWith('/pact/vision')) return `${base}/pact/vision`;
  if (linkPath === '/pact' || /^\/(task-forces|commitments)\/[^/]+$/.test(linkPath)) return `${base}${linkPath}`;
  return null;
}
