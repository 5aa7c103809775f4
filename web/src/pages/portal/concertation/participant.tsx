import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { MyTerritory } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { useMe, useSession } from '../../../session';

export interface Participant {
  /** Still asking whether someone is signed in. */
  pending: boolean;
  signedIn: boolean;
  /** The territory as the signed-in person belongs to it; undefined when they have not joined it. */
  territory: MyTerritory | undefined;
  /** Whom they may speak for besides themselves: the organisations they belong to. */
  organisations: { id: string; name: string }[];
}

export function useParticipant(slug: string): Participant {
  const session = useSession();
  const signedIn = Boolean(session.data?.person);
  const me = useMe(signedIn);
  const territory = me.data?.territories.find((candidate) => candidate.slug === slug);
  return { pending: session.isPending || (signedIn && me.isPending), signedIn, territory, organisations: territory?.organisations ?? [] };
}

/** Whom a registration, a support or an initiative speaks for: an organisation of the person's, or themselves as a citizen. */
export function OnBehalfOfField({ id, label, organisations, value, onChange, error }: { id: string; label: string; organisations: Participant['organisations']; value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <SelectField id={id} label={label} value={value} onChange={(event) => onChange(event.target.value)} error={error}>
      <option value="">{t('concertation.edition.asCitizen')}</option>
      {organisations.map((organisation) => (
        <option key={organisation.id} value={organisation.id}>
          {organisation.name}
        </option>
      ))}
    </SelectField>
  );
}

/** What someone who cannot act yet is told: sign in, or join the territory first. */
export function TakePartHint({ slug, participant, children }: { slug: string; participant: Participant; children?: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (participant.pending) return null;
  if (!participant.signedIn) {
    return (
      <p>
        <Link className="button button--secondary" to={`/sign-in?next=${encodeURIComponent(pathname)}`}>
          {t('concertation.edition.signInToTakePart')}
        </Link>
      </p>
    );
  }
  if (!participant.territory) {
    return (
      <p>
        {t('concertation.edition.joinFirst')} <Link to={`/t/${slug}`}>{t('concertation.edition.joinLink')}</Link>
      </p>
    );
  }
  return <>{children}</>;
}
