import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Owner } from '../../../api-contract';
import { useWorkspace } from '../workspace-layout';

export interface ActingOwner {
  owner: Owner;
  /** The person's display name or the organisation's name, for captions and messages. */
  name: string;
  /** How the choice reads in a list: "Me (name)" for myself. */
  label: string;
}

export const ownerParam = (owner: Owner) => `${owner.type}:${owner.id}`;

/**
 * Whom I act for in the time bank and in payment requests: myself, or an organisation I represent
 * (or, with `anyMembership`, any organisation I belong to: a cashier asks for payments as staff).
 * The choice is kept in the address (`?as=organisation:…`), so that it survives a reload.
 */
export function useActingOwner(anyMembership = false): { owners: ActingOwner[]; selected: ActingOwner; select: (value: string) => void } {
  const { t } = useTranslation();
  const { person, territory } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const owners: ActingOwner[] = [
    { owner: { type: 'person', id: person.id }, name: person.displayName, label: t('wallet.mine', { name: person.displayName }) },
    ...territory.organisations
      .filter((organisation) => anyMembership || organisation.role === 'representative')
      .map((organisation) => ({
        owner: { type: 'organisation' as const, id: organisation.id },
        name: organisation.name,
        label: organisation.name,
      })),
  ];
  const selected = owners.find((o) => ownerParam(o.owner) === params.get('as')) ?? owners[0]!;
  const select = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('as', value);
        return next;
      },
      { replace: true },
    );
  return { owners, selected, select };
}
