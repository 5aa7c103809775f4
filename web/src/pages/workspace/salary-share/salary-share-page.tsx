import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { MySalaryShare, SalaryShareConsent } from '../../../api-contract';
import { basisPointsForInput, parsePercentToBasisPoints } from '../../../amounts';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';

const sharesKey = (slug: string) => ['salary-share', slug] as const;

interface ConsentFormProps {
  slug: string;
  employer: { id: string; name: string };
  consent: SalaryShareConsent | undefined;
  capBp: number;
}

function ConsentForm({ slug, employer, consent, capBp }: ConsentFormProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [localError, setLocalError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sharesKey(slug) });
  const save = useMutation({
    mutationFn: (shareBp: number) => api.consentToSalaryShare(slug, employer.id, shareBp),
    onSuccess: async (saved) => {
      setNotice(
        consent
          ? t('salaryShare.changed', { share: format.basisPoints(saved.shareBp), employer: employer.name })
          : t('salaryShare.optedIn', { share: format.basisPoints(saved.shareBp), employer: employer.name }),
      );
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: () => api.revokeSalaryShare(slug, employer.id),
    onSuccess: async () => {
      setNotice(t('salaryShare.revoked', { employer: employer.name }));
      await refresh();
    },
  });
  const problem = asProblem(save.error);
  const idPrefix = `consent-${employer.id}`;
  const serverErrors = fieldErrorsOf(t, problem);
  // The cap is this territory's, so the interface says it in the person's language rather than the server's.
  const shareError =
    localError ??
    (problem?.code === 'salary_share_above_cap' ? t('salaryShare.aboveCap', { cap: format.basisPoints(capBp) }) : serverErrors.shareBp);
  const label = t('salaryShare.share');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    revoke.reset();
    const shareBp = parsePercentToBasisPoints(String(new FormData(event.currentTarget).get('share') ?? ''));
    if (shareBp === null || shareBp < 1) {
      setLocalError(t('salaryShare.invalidShare'));
      return;
    }
    setLocalError(undefined);
    save.mutate(shareBp);
  }

  function confirmRevoke() {
    if (window.confirm(t('salaryShare.confirmRevoke', { employer: employer.name }))) {
      setNotice(null);
      save.reset();
      revoke.mutate();
    }
  }

  const headingId = `${idPrefix}-heading`;
  return (
    <section aria-labelledby={headingId} className="section card-section">
      <h2 id={headingId}>{employer.name}</h2>
      <p>
        {consent
          ? t('salaryShare.current', {
              share: format.basisPoints(consent.shareBp),
              date: format.date(consent.consentedAt),
            })
          : t('salaryShare.notOptedIn')}
      </p>
      {notice && (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      )}
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={{ shareBp: label }} focus />
      <ProblemAlert problem={asProblem(revoke.error)} focus />
      <form onSubmit={submit} noValidate className="form form--inline">
        <TextField
          id={`${idPrefix}-shareBp`}
          name="share"
          label={label}
          hint={t('salaryShare.shareHint', { cap: format.basisPoints(capBp) })}
          inputMode="decimal"
          autoComplete="off"
          required
          defaultValue={consent ? basisPointsForInput(consent.shareBp, i18n.language) : ''}
          key={consent?.consentedAt ?? 'none'}
          error={shareError}
        />
        <button type="submit" className="button" disabled={save.isPending}>
          {consent ? t('salaryShare.change') : t('salaryShare.optIn')}
          <span className="sr-only"> — {employer.name}</span>
        </button>
      </form>
      {consent && (
        <button type="button" className="button button--danger" onClick={confirmRevoke} disabled={revoke.isPending}>
          {t('salaryShare.revoke')}
          <span className="sr-only"> — {employer.name}</span>
        </button>
      )}
    </section>
  );
}

function ConsentsTable({ shares }: { shares: MySalaryShare }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap table-wrap--medium">
      <table>
        <caption>{t('salaryShare.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('salaryShare.employer')}</th>
            <th scope="col" className="numeric">
              {t('salaryShare.share')}
            </th>
            <th scope="col">{t('salaryShare.since')}</th>
          </tr>
        </thead>
        <tbody>
          {shares.employers.map((employer) => {
            const consent = shares.consents.find((c) => c.employerId === employer.id);
            return (
              <tr key={employer.id}>
                <th scope="row">{employer.name}</th>
                <td className="numeric">{consent ? format.basisPoints(consent.shareBp) : t('salaryShare.none')}</td>
                <td>{consent ? format.date(consent.consentedAt) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The employee's consents to receive part of their net salary in local currency, one per employer. */
export function SalarySharePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('salaryShare.title'), territory.name);
  const shares = useQuery({ queryKey: sharesKey(slug), queryFn: () => api.mySalaryShare(slug) });
  return (
    <>
      <h1>{t('salaryShare.title')}</h1>
      <QueryState query={shares}>
        {(data) => (
          <>
            <p className="lead">{t('salaryShare.intro', { cap: format.basisPoints(data.capBp) })}</p>
            <p>{t('salaryShare.law')}</p>
            {data.employers.length === 0 ? (
              <p>{t('salaryShare.noEmployer')}</p>
            ) : (
              <>
                <ConsentsTable shares={data} />
                {data.employers.map((employer) => (
                  <ConsentForm
                    key={employer.id}
                    slug={slug}
                    employer={employer}
                    consent={data.consents.find((c) => c.employerId === employer.id)}
                    capBp={data.capBp}
                  />
                ))}
              </>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
