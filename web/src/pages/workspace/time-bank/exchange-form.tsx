import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { ExchangeSide, Listing, Owner } from '../../../api-contract';
import { parseMinutes } from '../../../amounts';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useSubmissionKey } from '../../../components/submission-key';
import { useFormat } from '../../../format';
import { readRecipient, RecipientFields } from '../currency/recipient-fields';

const idPrefix = 'exchange';

interface ExchangeFormProps {
  slug: string;
  me: Owner;
  /** The listing the exchange answers, which fixes the other member and who gives the service. */
  listing: Listing | null;
}

/**
 * Proposes an exchange of hours: whoever gave the service receives the hours once the other side
 * confirms; until then the hours are held on the receiver's account.
 */
export function ExchangeForm({ slug, me, listing }: ExchangeFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const fixedSide: ExchangeSide | null = listing ? (listing.kind === 'offer' ? 'receiver' : 'provider') : null;
  const [mySide, setMySide] = useState<ExchangeSide>(fixedSide ?? 'provider');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const propose = useMutation({
    mutationFn: ({ proposal, key }: { proposal: Parameters<typeof api.proposeExchange>[1]; key: string; form: HTMLFormElement }) =>
      api.proposeExchange(slug, proposal, key),
    onSuccess: async (_exchange, { form }) => {
      submission.settle();
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['exchanges', slug] });
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
    },
  });
  const problem = asProblem(propose.error);
  const serverErrors = fieldErrorsOf(t, problem);
  const side = fixedSide ?? mySide;
  const otherField = side === 'provider' ? 'receiver' : 'provider';
  const errors: Record<string, string | undefined> = {
    ...serverErrors,
    [otherField]: serverErrors[otherField] ?? serverErrors[`${otherField}.id`] ?? (problem?.code === 'not_found' ? t('recipient.unknown') : undefined),
    ...localErrors,
  };
  const labels = { [otherField]: t('timeBank.otherMember'), minutes: t('timeBank.duration'), note: t('timeBank.note') };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const other: Owner | null = listing ? { type: listing.owner.type, id: listing.owner.id } : readRecipient(data);
    const minutes = parseMinutes(String(data.get('minutes') ?? ''));
    const invalid: Record<string, string> = {};
    if (!other) invalid[otherField] = t('fieldErrors.required');
    if (minutes === null || minutes <= 0) invalid.minutes = t('fieldErrors.not_a_duration');
    setLocalErrors(invalid);
    if (!other || minutes === null || minutes <= 0) return;
    const note = String(data.get('note') ?? '').trim();
    const proposal = {
      provider: side === 'provider' ? me : other,
      receiver: side === 'provider' ? other : me,
      minutes,
      ...(listing ? { listingId: listing.id } : {}),
      ...(note ? { note } : {}),
    };
    propose.mutate({ proposal, key: submission.keyFor(proposal), form });
  }

  return (
    <>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {Object.keys(localErrors).length > 0 && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
        </div>
      )}
      {propose.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('timeBank.proposed', {
            duration: format.duration(propose.data.minutes),
            other: propose.data.awaiting === 'provider' ? propose.data.provider.name : propose.data.receiver.name,
          })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        {listing ? (
          <p className="listing-recall">
            {listing.kind === 'offer'
              ? t('timeBank.answerOffer', { title: listing.title, owner: listing.owner.name })
              : t('timeBank.answerWant', { title: listing.title, owner: listing.owner.name })}
          </p>
        ) : (
          <>
            <fieldset className="fieldset">
              <legend>{t('timeBank.whoGave')}</legend>
              <div className="radio-row">
                {(['provider', 'receiver'] as const).map((value) => (
                  <div className="checkbox" key={value}>
                    <input
                      type="radio"
                      id={`${idPrefix}-side-${value}`}
                      name="side"
                      value={value}
                      checked={mySide === value}
                      onChange={() => setMySide(value)}
                    />
                    <label htmlFor={`${idPrefix}-side-${value}`}>{t(`timeBank.sides.${value}`)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <RecipientFields
              slug={slug}
              idPrefix={idPrefix}
              fieldName={otherField}
              legend={t('timeBank.otherMember')}
              error={errors[otherField]}
              exclude={me}
            />
          </>
        )}
        <TextField
          id={`${idPrefix}-minutes`}
          name="minutes"
          label={labels.minutes}
          hint={t('wallet.pay.durationHint')}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.minutes}
        />
        <TextField
          id={`${idPrefix}-note`}
          name="note"
          label={labels.note}
          hint={t('timeBank.noteHint')}
          maxLength={500}
          autoComplete="off"
          error={errors.note}
        />
        <button type="submit" className="button" disabled={propose.isPending}>
          {t('timeBank.propose')}
        </button>
      </form>
    </>
  );
}
